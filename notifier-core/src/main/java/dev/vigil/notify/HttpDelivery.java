package dev.vigil.notify;

import dev.vigil.domain.WebAddress;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Outbound HTTP for the notifiers: the JDK client (no extra dependency), built once, with short
 * timeouts and no redirects followed, so a webhook cannot bounce an alert (and its headers) to another
 * host. 2xx is success; 429 and 5xx are retryable; any other status is a permanent failure. Error
 * messages name the host only, never the full URL, which may itself be a secret; posting for a
 * {@link ChannelTarget} also strips every secret of the channel from them, even where the answer
 * quotes one back.
 */
public final class HttpDelivery {
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_ERROR_BODY = 300;
    /** Fragments of a secret URL shorter than this (the path "/", say) are not redacted on their own. */
    static final int MIN_REDACTED = 4;
    static final String REDACTED = "[redacted]";

    private final HttpClient client;

    public HttpDelivery() {
        this.client = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * {@link #postJson(URI, Map, String)} for a channel: a {@link DeliveryException} it throws has every
     * secret of {@code target} replaced with {@value #REDACTED}, including the parts of a secret URL that
     * a receiver might echo (path, query, user info) and a secret cut off where a long answer is cut.
     */
    public int postJson(ChannelTarget target, URI url, Map<String, String> headers, String body) {
        try {
            return postJson(url, headers, body);
        } catch (DeliveryException e) {
            throw redact(e, target.secrets().values());
        }
    }

    /** POSTs a JSON body; returns the status of a 2xx answer, throws {@link DeliveryException} otherwise. */
    public int postJson(URI url, Map<String, String> headers, String body) {
        if (!WebAddress.isHttpUrl(url)) {
            throw new DeliveryException(false, Optional.empty(), "the channel's URL is not an absolute http(s) URL");
        }
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(url);
        } catch (IllegalArgumentException e) {
            // The JDK's message quotes the whole URL, which may be a secret: name the host only.
            throw new DeliveryException(false, Optional.empty(), "the URL for " + url.getHost() + " is not usable");
        }
        request
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Vigil/1.0")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        try {
            headers.forEach(request::header);
        } catch (IllegalArgumentException e) {
            // The JDK's message quotes the header, which may carry a token: say only that it is unusable.
            throw new DeliveryException(false, Optional.empty(), "a header for " + url.getHost() + " is not usable");
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new DeliveryException(true, Optional.empty(), "timed out after " + REQUEST_TIMEOUT.toSeconds() + " s calling " + url.getHost());
        } catch (IOException e) {
            throw new DeliveryException(true, Optional.empty(), "could not reach " + url.getHost() + ": " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException(true, Optional.empty(), "interrupted calling " + url.getHost());
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return status;
        }
        boolean retryable = status == 429 || status >= 500;
        String detail = response.body() == null ? "" : response.body().strip();
        if (detail.length() > MAX_ERROR_BODY) {
            detail = detail.substring(0, MAX_ERROR_BODY);
        }
        String reason = status >= 300 && status < 400 ? "redirect not followed" : detail;
        throw new DeliveryException(retryable, Optional.of(status), url.getHost() + " answered " + status
                + (reason.isEmpty() ? "" : ": " + reason));
    }

    /** {@code e} with every secret, and every secret URL's echoable parts, replaced with {@value #REDACTED}. */
    static DeliveryException redact(DeliveryException e, Collection<String> secrets) {
        String message = e.getMessage();
        if (message == null) {
            return e;
        }
        String redacted = message;
        for (String secret : secretFragments(secrets)) {
            redacted = redacted.replace(secret, REDACTED);
            // Long answers are cut, so a secret echoed near the cut would still show its beginning.
            for (int n = secret.length() - 1; n >= MIN_REDACTED; n--) {
                if (redacted.endsWith(secret.substring(0, n))) {
                    redacted = redacted.substring(0, redacted.length() - n) + REDACTED;
                    break;
                }
            }
        }
        return redacted.equals(message) ? e : new DeliveryException(e.retryable(), e.httpStatus(), redacted);
    }

    /**
     * What to redact, longest first: every secret whole, and for a secret that is a URL also the parts a
     * receiver might echo in an error page (raw and decoded path and query, user info) of at least
     * {@value #MIN_REDACTED} characters.
     */
    static List<String> secretFragments(Collection<String> secrets) {
        List<String> fragments = new ArrayList<>();
        for (String secret : secrets) {
            if (secret == null || secret.isEmpty()) {
                continue;
            }
            fragments.add(secret);
            URI url;
            try {
                url = URI.create(secret);
            } catch (IllegalArgumentException notAUrl) {
                continue;
            }
            if (url.getHost() == null) {
                continue;
            }
            List<String> parts = new ArrayList<>();
            String path = url.getRawPath();
            String query = url.getRawQuery();
            if (path != null && query != null) {
                parts.add(path + "?" + query);
            }
            parts.add(path);
            parts.add(url.getPath());
            parts.add(query);
            parts.add(url.getQuery());
            parts.add(url.getRawUserInfo());
            parts.stream().filter(p -> p != null && p.length() >= MIN_REDACTED).forEach(fragments::add);
        }
        return fragments.stream().distinct().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }
}
