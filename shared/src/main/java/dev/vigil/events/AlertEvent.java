package dev.vigil.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.app.Application;
import dev.vigil.app.QuietHours;
import dev.vigil.app.Severity;
import dev.vigil.app.Status;
import dev.vigil.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A state change of an application, as published on the event bus with source {@value #SOURCE}.
 * {@code eventId} is stable ({@code <applicationId>-<flip number>}), so every consumer can deduplicate.
 * {@code channels} is the application's routing when the flip happened (empty: the default channels).
 */
public record AlertEvent(
        String eventId,
        String type,
        String applicationId,
        String name,
        Status status,
        Status previousStatus,
        Optional<Instant> lastHeartbeat,
        Optional<Instant> deadline,
        long intervalSeconds,
        long graceSeconds,
        Instant time,
        List<String> channels,
        Severity severity,
        Optional<QuietHours> quietHours,
        Optional<String> note) {

    public AlertEvent {
        channels = List.copyOf(channels);
    }

    /** An event with the default alert policy (critical, no quiet hours) and no note. */
    public AlertEvent(String eventId, String type, String applicationId, String name, Status status,
                      Status previousStatus, Optional<Instant> lastHeartbeat, Optional<Instant> deadline,
                      long intervalSeconds, long graceSeconds, Instant time, List<String> channels) {
        this(eventId, type, applicationId, name, status, previousStatus, lastHeartbeat, deadline, intervalSeconds,
                graceSeconds, time, channels, Severity.CRITICAL, Optional.empty(), Optional.empty());
    }

    /** An event routed to the default channels. */
    public AlertEvent(String eventId, String type, String applicationId, String name, Status status,
                      Status previousStatus, Optional<Instant> lastHeartbeat, Optional<Instant> deadline,
                      long intervalSeconds, long graceSeconds, Instant time) {
        this(eventId, type, applicationId, name, status, previousStatus, lastHeartbeat, deadline, intervalSeconds,
                graceSeconds, time, List.of());
    }

    public static final String SOURCE = "vigil";
    public static final String APPLICATION_DOWN = "ApplicationDown";
    public static final String APPLICATION_UP = "ApplicationUp";
    /** A repeated down alert, sent on one channel while the outage lasts and is not acknowledged. */
    public static final String APPLICATION_STILL_DOWN = "ApplicationStillDown";
    /** Sent in place of a flip when the application changes state too often to alert on each change. */
    public static final String APPLICATION_FLAPPING = "ApplicationFlapping";
    /** The alerts held during quiet hours, sent on one channel when they end. */
    public static final String ALERT_DIGEST = "AlertDigest";
    public static final java.util.List<String> BUS_TYPES = java.util.List.of(APPLICATION_DOWN, APPLICATION_UP,
            APPLICATION_STILL_DOWN, ALERT_DIGEST);

    public static AlertEvent down(Application app, long flipNumber, Instant deadline, Instant now) {
        return new AlertEvent(app.id() + "-" + flipNumber, APPLICATION_DOWN, app.id(), app.name(), Status.DOWN,
                app.status(), app.lastHeartbeat(), Optional.of(deadline), app.intervalSeconds(), app.graceSeconds(), now,
                app.channels(), app.severity(), app.quietHours(), Optional.empty());
    }

    public static AlertEvent up(Application app, long flipNumber, Instant beatAt, Instant now) {
        return new AlertEvent(app.id() + "-" + flipNumber, APPLICATION_UP, app.id(), app.name(), Status.UP,
                Status.DOWN, Optional.of(beatAt), Optional.empty(), app.intervalSeconds(), app.graceSeconds(), now,
                app.channels(), app.severity(), app.quietHours(), Optional.empty());
    }

    public boolean isDown() {
        return status == Status.DOWN;
    }

    /** Whether this is a state change (down or up), as opposed to a reminder, notice or digest. */
    public boolean isFlip() {
        return APPLICATION_DOWN.equals(type) || APPLICATION_UP.equals(type);
    }

    private AlertEvent as(String newId, String newType, Status newStatus, List<String> routed, Optional<String> text, Instant at) {
        return new AlertEvent(newId, newType, applicationId, name, newStatus, previousStatus, lastHeartbeat, deadline,
                intervalSeconds, graceSeconds, at, routed, severity, quietHours, text);
    }

    /** Reminder {@code number} of this down alert, for one channel. */
    public AlertEvent reminder(int number, String channelId, Instant now) {
        String base = eventId.contains("-r") ? eventId.substring(0, eventId.lastIndexOf("-r")) : eventId;
        return as(base + "-r" + number, APPLICATION_STILL_DOWN, Status.DOWN, List.of(channelId),
                Optional.of("Still down (reminder " + number + "): acknowledge it to stop the reminders."), now);
    }

    /** This flip reported as flapping: {@code flips} state changes within {@code window}. */
    public AlertEvent asFlapping(int flips, java.time.Duration window) {
        return as(eventId, APPLICATION_FLAPPING, status, channels, Optional.of("Flapping: " + flips
                + " state changes in " + window.toMinutes() + " min. Further changes are not alerted until it settles;"
                + " it is " + status.wire() + " now."), time);
    }

    /** One digest of the alerts held for a channel during quiet hours. */
    public static AlertEvent digest(String channelId, java.util.List<AlertEvent> held, Instant quietEnd, Instant now) {
        java.time.format.DateTimeFormatter minute = java.time.format.DateTimeFormatter
                .ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC);
        StringBuilder text = new StringBuilder();
        for (AlertEvent e : held) {
            text.append("- ").append(minute.format(e.time())).append(": ").append(e.name())
                    .append(e.isDown() ? " went DOWN" : " is UP again").append('\n');
        }
        AlertEvent last = held.get(held.size() - 1);
        String name = held.size() + (held.size() == 1 ? " alert" : " alerts") + " held during quiet hours";
        return new AlertEvent("digest-" + channelId + "-" + quietEnd.toEpochMilli(), ALERT_DIGEST, "digest", name,
                last.status(), last.previousStatus(), Optional.empty(), Optional.empty(), 0, 0, now, List.of(channelId),
                Severity.INFO, Optional.empty(), Optional.of(text.toString().strip()));
    }

    public ObjectNode toDetail() {
        ObjectNode detail = Json.object();
        detail.put("eventId", eventId);
        detail.put("type", type);
        detail.put("applicationId", applicationId);
        detail.put("name", name);
        detail.put("status", status.wire());
        detail.put("previousStatus", previousStatus.wire());
        detail.put("lastHeartbeat", lastHeartbeat.map(Instant::toString).orElse(null));
        detail.put("deadline", deadline.map(Instant::toString).orElse(null));
        detail.put("intervalSeconds", intervalSeconds);
        detail.put("graceSeconds", graceSeconds);
        detail.put("time", time.toString());
        channels.forEach(detail.putArray("channels")::add);
        detail.put("severity", severity.wire());
        quietHours.ifPresent(q -> detail.putObject("quietHours").put("start", q.start().toString())
                .put("end", q.end().toString()).put("timezone", q.zone().getId()));
        note.ifPresent(text -> detail.put("note", text));
        return detail;
    }

    /** Reads an EventBridge event envelope ({@code {"detail-type": ..., "detail": {...}}}). */
    public static AlertEvent fromBusEvent(JsonNode envelope) {
        if (envelope == null || !AlertEvent.SOURCE.equals(envelope.path("source").asText())) {
            throw new IllegalArgumentException("not a Vigil event: source must be '" + SOURCE + "'");
        }
        return fromDetail(envelope.get("detail"));
    }

    /** Reads the detail of a bus event; throws {@link IllegalArgumentException} naming what is wrong. */
    public static AlertEvent fromDetail(JsonNode detail) {
        if (detail == null || !detail.isObject()) {
            throw new IllegalArgumentException("event detail must be an object");
        }
        return new AlertEvent(
                required(detail, "eventId"),
                required(detail, "type"),
                required(detail, "applicationId"),
                required(detail, "name"),
                status(detail, "status"),
                status(detail, "previousStatus"),
                instant(detail, "lastHeartbeat"),
                instant(detail, "deadline"),
                detail.path("intervalSeconds").asLong(),
                detail.path("graceSeconds").asLong(),
                instant(detail, "time").orElseThrow(() -> new IllegalArgumentException("event detail lacks time")),
                channels(detail),
                Severity.fromWire(detail.path("severity").asText("critical"))
                        .orElseThrow(() -> new IllegalArgumentException("unknown severity")),
                quietHours(detail),
                Optional.ofNullable(detail.path("note").textValue()));
    }

    private static Optional<QuietHours> quietHours(JsonNode detail) {
        JsonNode q = detail.get("quietHours");
        if (q == null || q.isNull()) {
            return Optional.empty();
        }
        return Optional.of(QuietHours.parse(q.path("start").asText(), q.path("end").asText(), q.path("timezone").asText()));
    }

    private static List<String> channels(JsonNode detail) {
        JsonNode node = detail.get("channels");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("channels must be an array of channel ids");
        }
        List<String> ids = new java.util.ArrayList<>();
        node.forEach(id -> ids.add(id.asText()));
        return ids;
    }

    private static String required(JsonNode detail, String field) {
        JsonNode node = detail.get(field);
        if (node == null || !node.isTextual() || node.textValue().isBlank()) {
            throw new IllegalArgumentException("event detail lacks " + field);
        }
        return node.textValue();
    }

    private static Status status(JsonNode detail, String field) {
        String value = required(detail, field);
        return Status.fromWire(value).orElseThrow(() -> new IllegalArgumentException("unknown " + field + " " + value));
    }

    private static Optional<Instant> instant(JsonNode detail, String field) {
        JsonNode node = detail.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(node.asText()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(field + " is not an ISO-8601 instant");
        }
    }
}
