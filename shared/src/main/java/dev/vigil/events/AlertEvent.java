package dev.vigil.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.app.Application;
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
        List<String> channels) {

    public AlertEvent {
        channels = List.copyOf(channels);
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

    public static AlertEvent down(Application app, long flipNumber, Instant deadline, Instant now) {
        return new AlertEvent(app.id() + "-" + flipNumber, APPLICATION_DOWN, app.id(), app.name(), Status.DOWN,
                app.status(), app.lastHeartbeat(), Optional.of(deadline), app.intervalSeconds(), app.graceSeconds(), now,
                app.channels());
    }

    public static AlertEvent up(Application app, long flipNumber, Instant beatAt, Instant now) {
        return new AlertEvent(app.id() + "-" + flipNumber, APPLICATION_UP, app.id(), app.name(), Status.UP,
                Status.DOWN, Optional.of(beatAt), Optional.empty(), app.intervalSeconds(), app.graceSeconds(), now,
                app.channels());
    }

    public boolean isDown() {
        return status == Status.DOWN;
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
                channels(detail));
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
