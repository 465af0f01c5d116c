package dev.vigil.notify.pagerduty;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.config.Env;
import dev.vigil.events.AlertEvent;
import dev.vigil.json.Json;
import dev.vigil.notify.ChannelSender;
import dev.vigil.notify.ChannelTarget;
import dev.vigil.notify.DeliveryException;
import dev.vigil.notify.HttpDelivery;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

/**
 * Sends an alert to PagerDuty's Events API v2: {@code ApplicationDown} triggers an incident,
 * {@code ApplicationUp} resolves it. Both use the dedup key {@code vigil-<applicationId>}, so PagerDuty
 * folds repeated triggers for one application into one open incident and the next UP closes it.
 * PagerDuty answers {@code 202 Accepted}; 429 and 5xx are retried, any other answer (400 for a wrong
 * routing key) is recorded as a permanent failure. The routing key never appears in an error.
 */
public final class PagerDutySender implements ChannelSender {
    public static final URI DEFAULT_EVENTS_URL = URI.create("https://events.pagerduty.com/v2/enqueue");
    static final String SOURCE = "vigil";
    static final String CLIENT = "Vigil";
    static final String CLASS = "missed-heartbeat";
    static final String SEVERITY = "critical";
    static final int MAX_SUMMARY = 1024;
    static final int MAX_DEDUP_KEY = 255;
    /** The shortest cut-off beginning of a secret that is still redacted at the end of an error. */
    private static final int MIN_CUT_SECRET = 4;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final HttpDelivery http;
    private final Optional<String> dashboardUrl;

    public PagerDutySender(HttpDelivery http, Env env) {
        this.http = http;
        this.dashboardUrl = env.get("DASHBOARD_URL");
    }

    @Override
    public Optional<Integer> send(ChannelTarget target, AlertEvent event) {
        String routingKey = target.require("routingKey");
        URI url;
        try {
            url = target.optional("eventsUrl").map(URI::create).orElse(DEFAULT_EVENTS_URL);
        } catch (IllegalArgumentException e) {
            throw new DeliveryException(false, Optional.empty(),
                    "channel " + target.channel().id() + " has an invalid eventsUrl setting");
        }
        String body = Json.write(body(event, routingKey, dashboardUrl));
        try {
            return Optional.of(http.postJson(url, Map.of(), body));
        } catch (DeliveryException e) {
            throw redact(e, routingKey);
        }
    }

    /** The Events API v2 body: a trigger with its payload for DOWN, a bare resolve for UP. */
    static ObjectNode body(AlertEvent event, String routingKey, Optional<String> dashboardUrl) {
        ObjectNode body = Json.object();
        body.put("routing_key", routingKey);
        body.put("event_action", event.isDown() ? "trigger" : "resolve");
        body.put("dedup_key", dedupKey(event.applicationId()));
        if (!event.isDown()) {
            // PagerDuty needs only the routing key and the dedup key to resolve; a payload would be ignored.
            return body;
        }
        ObjectNode payload = body.putObject("payload");
        payload.put("summary", summary(event));
        payload.put("source", SOURCE);
        payload.put("severity", SEVERITY);
        payload.put("timestamp", event.time().toString());
        payload.put("component", oneLine(event.name()));
        payload.put("class", CLASS);
        ObjectNode details = payload.putObject("custom_details");
        details.put("applicationId", event.applicationId());
        details.put("lastHeartbeat", event.lastHeartbeat().map(Instant::toString).orElse(null));
        details.put("deadline", event.deadline().map(Instant::toString).orElse(null));
        details.put("intervalSeconds", event.intervalSeconds());
        details.put("graceSeconds", event.graceSeconds());
        details.put("eventId", event.eventId());
        body.put("client", CLIENT);
        dashboardUrl.ifPresent(link -> body.put("client_url", link));
        return body;
    }

    /** One key per application, so an application has at most one open Vigil incident. */
    static String dedupKey(String applicationId) {
        String key = "vigil-" + applicationId;
        return key.length() <= MAX_DEDUP_KEY ? key : key.substring(0, MAX_DEDUP_KEY);
    }

    /** For example {@code nightly-backup is DOWN: no heartbeat since 2026-11-24 11:52:00 UTC (...)}. */
    static String summary(AlertEvent event) {
        StringBuilder text = new StringBuilder(oneLine(event.name())).append(" is DOWN: ");
        text.append(event.lastHeartbeat().map(t -> "no heartbeat since " + TIME.format(t))
                .orElse("no heartbeat has arrived yet"));
        text.append(" (");
        event.deadline().ifPresent(d -> text.append("deadline ").append(TIME.format(d)).append(", "));
        text.append("expected every ").append(human(event.intervalSeconds()))
                .append(", grace ").append(human(event.graceSeconds())).append(')');
        return limit(text.toString(), MAX_SUMMARY);
    }

    /** The error without the routing key, whatever the answer echoed. */
    static DeliveryException redact(DeliveryException e, String routingKey) {
        String message = e.getMessage();
        if (message == null || routingKey.isEmpty()) {
            return e;
        }
        String redacted = message.replace(routingKey, "[routing key]");
        // HttpDelivery cuts long answers, so a key echoed near the cut would still show its beginning.
        for (int n = routingKey.length() - 1; n >= MIN_CUT_SECRET; n--) {
            if (redacted.endsWith(routingKey.substring(0, n))) {
                redacted = redacted.substring(0, redacted.length() - n) + "[routing key]";
                break;
            }
        }
        return redacted.equals(message) ? e : new DeliveryException(e.retryable(), e.httpStatus(), redacted);
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n\\t]+", " ").strip();
    }

    private static String limit(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    static String human(long s) {
        if (s % 86400 == 0 && s > 0) {
            return s / 86400 + " d";
        }
        if (s % 3600 == 0 && s > 0) {
            return s / 3600 + " h";
        }
        if (s % 60 == 0 && s > 0) {
            return s / 60 + " min";
        }
        return s + " s";
    }
}
