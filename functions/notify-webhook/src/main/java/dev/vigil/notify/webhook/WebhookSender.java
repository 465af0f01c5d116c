package dev.vigil.notify.webhook;

import dev.vigil.bus.AlertEventCodec;
import dev.vigil.domain.AlertEvent;
import dev.vigil.notify.ChannelSender;
import dev.vigil.notify.ChannelTarget;
import dev.vigil.notify.HttpDelivery;
import dev.vigil.notify.WebhookSignature;
import dev.vigil.runtime.Json;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * POSTs an alert to a user's URL as JSON: the body is the alert event's detail exactly as it is
 * published on the event bus ({@link AlertEventCodec#toDetail}: {@code eventId}, {@code type},
 * {@code applicationId}, {@code name}, {@code status}, ...), signed with the channel's signing secret
 * (see {@link WebhookSignature}) over the very string that is sent. Headers:
 * <ul>
 *   <li>{@code X-Vigil-Event-Id}: the event id, stable across retries, for the receiver to deduplicate;</li>
 *   <li>{@code X-Vigil-Event-Type}: {@code test} for a channel's test alert (whose body's {@code type} is
 *       {@code ChannelTest} and whose {@code note} reads "Test alert from Vigil: channel &lt;name&gt; works"),
 *       {@code alert} for every other;</li>
 *   <li>{@code X-Vigil-Timestamp}: Unix seconds when this attempt was signed (the wall clock, which the
 *       receiver's replay check compares with its own);</li>
 *   <li>{@code X-Vigil-Signature}: {@code v1=<hex HMAC-SHA256>}.</li>
 * </ul>
 * Redirects are not followed; 429, 5xx and timeouts are retried. Neither the URL (only its host) nor
 * the signing secret ever appears in an error, even if the receiver echoes them ({@link HttpDelivery}
 * redacts both, and the URL's path, query and user info).
 */
public final class WebhookSender implements ChannelSender {
    public static final String EVENT_ID_HEADER = "X-Vigil-Event-Id";
    public static final String TIMESTAMP_HEADER = "X-Vigil-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Vigil-Signature";
    public static final String EVENT_TYPE_HEADER = "X-Vigil-Event-Type";

    private final HttpDelivery http;
    private final Clock clock;

    public WebhookSender(HttpDelivery http) {
        this.http = http;
        // The wall clock, not an injected one: the receiver compares the timestamp with its own clock.
        this.clock = Clock.systemUTC();
    }

    @Override
    public Optional<Integer> send(ChannelTarget target, AlertEvent event) {
        URI url = target.url("url");
        String signingSecret = target.require("signingSecret");
        String body = Json.write(AlertEventCodec.toDetail(event));
        long timestamp = clock.instant().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(EVENT_ID_HEADER, event.eventId());
        headers.put(EVENT_TYPE_HEADER, event.isTest() ? "test" : "alert");
        headers.put(TIMESTAMP_HEADER, Long.toString(timestamp));
        headers.put(SIGNATURE_HEADER, WebhookSignature.sign(signingSecret, timestamp, body));
        // HttpDelivery sends the string as UTF-8, the encoding the signature was computed over.
        return Optional.of(http.postJson(target, url, headers, body));
    }
}
