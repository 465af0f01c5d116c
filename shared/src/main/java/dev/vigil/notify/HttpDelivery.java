package dev.vigil.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Outbound HTTP for the notifiers: the JDK client (no extra dependency), built once, with short
 * timeouts and no redirects followed, so a webhook cannot bounce an alert (and its headers) to another
 * host. 2xx is success; 429 and 5xx are retryable; any other status is a permanent failure. Error
 * messages name the host only, never the full URL, which may itself be a secret.
 */
public final class HttpDelivery {
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_ERROR_BODY = 300;

    private final HttpClient client;

    public HttpDelivery() {
        this.client = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** POSTs a JSON body; returns the status of a 2xx answer, throws {@link DeliveryException} otherwise. */
    public int postJson(URI url, Map<String, String> headers, String body) {
        if (url.getHost() == null || !("https".equals(url.getScheme()) || "http".equals(url.getScheme()))) {
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
        headers.forEach(request::header);
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
}
