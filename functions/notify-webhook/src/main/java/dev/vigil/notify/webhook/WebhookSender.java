package dev.vigil.notify.webhook;

import dev.vigil.config.Env;
import dev.vigil.events.AlertEvent;
import dev.vigil.json.Json;
import dev.vigil.notify.ChannelSender;
import dev.vigil.notify.ChannelTarget;
import dev.vigil.notify.DeliveryException;
import dev.vigil.notify.HttpDelivery;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * POSTs an alert to a user's URL as JSON: the body is the alert event's detail exactly as it is
 * published on the event bus ({@link AlertEvent#toDetail()}: {@code eventId}, {@code type},
 * {@code applicationId}, {@code name}, {@code status}, ...), signed with the channel's signing secret
 * (see {@link WebhookSignature}) over the very string that is sent. Headers:
 * <ul>
 *   <li>{@code X-Vigil-Event-Id}: the event id, stable across retries, for the receiver to deduplicate;</li>
 *   <li>{@code X-Vigil-Timestamp}: Unix seconds when this attempt was signed (the wall clock, which the
 *       receiver's replay check compares with its own);</li>
 *   <li>{@code X-Vigil-Signature}: {@code v1=<hex HMAC-SHA256>}.</li>
 * </ul>
 * Redirects are not followed; 429, 5xx and timeouts are retried. Neither the URL (only its host) nor
 * the signing secret ever appears in an error, even if the receiver echoes them.
 */
public final class WebhookSender implements ChannelSender {
    public static final String EVENT_ID_HEADER = "X-Vigil-Event-Id";
    public static final String TIMESTAMP_HEADER = "X-Vigil-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Vigil-Signature";
    /** Echoed fragments of a secret shorter than this are not redacted (e.g. the path "/"). */
    private static final int MIN_REDACTED = 4;

    private final HttpDelivery http;
    private final Clock clock;

    /** {@code env} is not read: a webhook channel carries all it needs. */
    public WebhookSender(HttpDelivery http, Env env) {
        this.http = http;
        // The wall clock, not an injected one: the receiver compares the timestamp with its own clock.
        this.clock = Clock.systemUTC();
    }

    @Override
    public Optional<Integer> send(ChannelTarget target, AlertEvent event) {
        String rawUrl = target.require("url");
        String signingSecret = target.require("signingSecret");
        URI url;
        try {
            url = URI.create(rawUrl);
        } catch (IllegalArgumentException e) {
            throw new DeliveryException(false, Optional.empty(), "channel " + target.channel().id() + " has an invalid url");
        }
        String body = Json.write(event.toDetail());
        long timestamp = clock.instant().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(EVENT_ID_HEADER, event.eventId());
        headers.put(TIMESTAMP_HEADER, Long.toString(timestamp));
        headers.put(SIGNATURE_HEADER, WebhookSignature.sign(signingSecret, timestamp, body));
        try {
            // HttpDelivery sends the string as UTF-8, the encoding the signature was computed over.
            return Optional.of(http.postJson(url, headers, body));
        } catch (DeliveryException e) {
            throw redact(e, secretFragments(rawUrl, url, signingSecret));
        } catch (IllegalArgumentException e) {
            // HttpDelivery already turns these into a host-only DeliveryException; kept so no JDK message,
            // which would quote the URL, can ever reach the record.
            throw new DeliveryException(false, Optional.empty(), "channel " + target.channel().id() + " has an unusable url");
        }
    }

    /** The secret URL and the parts of it a receiver might echo in an error page, plus the signing secret. */
    static List<String> secretFragments(String rawUrl, URI url, String signingSecret) {
        List<String> fragments = new ArrayList<>();
        fragments.add(rawUrl);
        fragments.add(signingSecret);
        String path = url.getRawPath();
        String query = url.getRawQuery();
        if (path != null && query != null) {
            fragments.add(path + "?" + query);
        }
        fragments.add(path);
        fragments.add(url.getPath());
        fragments.add(query);
        fragments.add(url.getQuery());
        fragments.add(url.getRawUserInfo());
        return fragments.stream().filter(f -> f != null && f.length() >= MIN_REDACTED).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    static DeliveryException redact(DeliveryException e, List<String> secrets) {
        String message = e.getMessage();
        if (message == null) {
            return e;
        }
        String redacted = message;
        for (String secret : secrets) {
            redacted = redacted.replace(secret, "[redacted]");
            // HttpDelivery cuts long answers, so a secret echoed near the cut would still show its beginning.
            for (int n = secret.length() - 1; n >= MIN_REDACTED; n--) {
                if (redacted.endsWith(secret.substring(0, n))) {
                    redacted = redacted.substring(0, redacted.length() - n) + "[redacted]";
                    break;
                }
            }
        }
        return redacted.equals(message) ? e : new DeliveryException(e.retryable(), e.httpStatus(), redacted);
    }
}
