package dev.vigil.bus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.AlertType;
import dev.vigil.domain.CheckFacts;
import dev.vigil.domain.QuietHours;
import dev.vigil.domain.Severity;
import dev.vigil.domain.Status;
import dev.vigil.domain.Tenant;
import dev.vigil.runtime.Json;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one JSON form of an alert event: the {@code detail} of a bus event with source {@value #SOURCE}
 * and {@code detail-type} its type, the body of a signed webhook, and what the ledger stores. Reading
 * throws {@link IllegalArgumentException} naming what is wrong. A detail without {@code tenantId}
 * (written before tenants existed) belongs to the default tenant.
 */
public final class AlertEventCodec {
    public static final String SOURCE = "vigil";

    private AlertEventCodec() {
    }

    /**
     * The bus event's resource: {@code vigil:check/<checkId>} for a check alert, {@code vigil:tenant/<tenantId>}
     * for an escalated recovery, {@code vigil:channel/<channelId>} for a channel's test alert, else
     * {@code vigil:application/<applicationId>}.
     */
    public static String resource(AlertEvent event) {
        String kind = event.aboutCheck() ? "vigil:check/" : event.aboutTenant() ? "vigil:tenant/"
                : event.isTest() ? "vigil:channel/" : event.aboutSystem() ? "vigil:" : "vigil:application/";
        return kind + event.applicationId();
    }

    public static ObjectNode toDetail(AlertEvent event) {
        ObjectNode detail = Json.object();
        detail.put("eventId", event.eventId());
        detail.put("type", event.type().wire());
        detail.put("applicationId", event.applicationId());
        detail.put("name", event.name());
        detail.put("status", event.status().wire());
        detail.put("previousStatus", event.previousStatus().wire());
        detail.put("lastHeartbeat", event.lastHeartbeat().map(Instant::toString).orElse(null));
        detail.put("deadline", event.deadline().map(Instant::toString).orElse(null));
        detail.put("intervalSeconds", event.intervalSeconds());
        detail.put("graceSeconds", event.graceSeconds());
        detail.put("time", event.time().toString());
        event.channels().forEach(detail.putArray("channels")::add);
        detail.put("severity", event.severity().wire());
        event.quietHours().ifPresent(q -> detail.set("quietHours", writeQuietHours(q)));
        event.note().ifPresent(text -> detail.put("note", text));
        detail.put("flip", event.flip());
        if (event.reminder() > 0) {
            detail.put("reminder", event.reminder());
        }
        detail.put("tenantId", event.tenantId());
        event.check().ifPresent(facts -> detail.set("check", writeCheck(facts)));
        event.diagnosis().ifPresent(text -> detail.set("diagnosis", parsedObject(text)));
        event.suppressed().ifPresent(reason -> detail.put("suppressed", reason));
        return detail;
    }

    /** Reads an EventBridge event envelope ({@code {"source": "vigil", "detail-type": ..., "detail": {...}}}). */
    public static AlertEvent fromBusEvent(JsonNode envelope) {
        if (envelope == null || !SOURCE.equals(envelope.path("source").asText())) {
            throw new IllegalArgumentException("not a Vigil event: source must be '" + SOURCE + "'");
        }
        return fromDetail(envelope.get("detail"));
    }

    public static AlertEvent fromDetail(JsonNode detail) {
        if (detail == null || !detail.isObject()) {
            throw new IllegalArgumentException("event detail must be an object");
        }
        String type = required(detail, "type");
        return new AlertEvent(
                required(detail, "eventId"),
                AlertType.fromWire(type).orElseThrow(() -> new IllegalArgumentException("unknown type " + type)),
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
                Optional.ofNullable(detail.get("quietHours")).filter(q -> !q.isNull()).map(AlertEventCodec::readQuietHours),
                Optional.ofNullable(detail.path("note").textValue()),
                detail.path("flip").asLong(0),
                detail.path("reminder").asInt(0),
                tenant(detail),
                Optional.ofNullable(detail.get("check")).filter(c -> !c.isNull()).map(AlertEventCodec::readCheck),
                Optional.ofNullable(detail.get("diagnosis")).filter(d -> !d.isNull()).map(AlertEventCodec::readDiagnosis),
                Optional.ofNullable(detail.path("suppressed").textValue()));
    }

    /** A diagnosis is an object, kept as its JSON text. */
    private static String readDiagnosis(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("diagnosis must be an object");
        }
        return Json.write(node);
    }

    private static JsonNode parsedObject(String text) {
        try {
            JsonNode node = Json.parse(text);
            return node.isObject() ? node : Json.object();
        } catch (java.io.IOException | RuntimeException e) {
            return Json.object();
        }
    }

    /**
     * {@code {"type": "http", "status": "unhealthy", "previousStatus": "healthy", "latencyMs": 812,
     * "threshold": "latencyMs < 500", "reason": "...", "details": {...}, "tier": "critical"}}.
     */
    public static ObjectNode writeCheck(CheckFacts facts) {
        ObjectNode node = Json.object().put("type", facts.checkType()).put("status", facts.checkStatus())
                .put("previousStatus", facts.previousCheckStatus()).put("latencyMs", facts.latencyMs());
        node.put("threshold", facts.threshold().orElse(null));
        node.put("reason", facts.reason());
        facts.tier().ifPresent(tier -> node.put("tier", tier));
        try {
            node.set("details", Json.parse(facts.detailsJson()));
        } catch (java.io.IOException | RuntimeException e) {
            node.putObject("details");
        }
        return node;
    }

    static CheckFacts readCheck(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("check must be an object");
        }
        JsonNode details = node.path("details");
        return new CheckFacts(required(node, "type"), required(node, "status"), required(node, "previousStatus"),
                node.path("latencyMs").asLong(), Optional.ofNullable(node.path("threshold").textValue()),
                node.path("reason").asText(""), details.isObject() ? Json.write(details) : "{}",
                Optional.ofNullable(node.path("tier").textValue()));
    }

    /** The event's tenant: {@link Tenant#DEFAULT_ID} for an event written before tenants existed. */
    private static String tenant(JsonNode detail) {
        JsonNode node = detail.get("tenantId");
        if (node == null || node.isNull()) {
            return Tenant.DEFAULT_ID;
        }
        if (!node.isTextual() || !Tenant.isWellFormedId(node.textValue())) {
            throw new IllegalArgumentException("tenantId must be a tenant id such as tn_k3v9x2m7q4pa or default");
        }
        return node.textValue();
    }

    /** {@code {"start": "22:00", "end": "07:00", "timezone": "Europe/Paris"}}. */
    public static ObjectNode writeQuietHours(QuietHours quiet) {
        return Json.object().put("start", quiet.start().toString()).put("end", quiet.end().toString())
                .put("timezone", quiet.zone().getId());
    }

    /** Reads what {@link #writeQuietHours} writes; throws {@link IllegalArgumentException} saying what is expected. */
    public static QuietHours readQuietHours(JsonNode node) {
        if (!node.isObject() || !node.path("start").isTextual() || !node.path("end").isTextual()
                || !node.path("timezone").isTextual() || node.size() != 3) {
            throw new IllegalArgumentException(
                    "quietHours must be {\"start\": \"22:00\", \"end\": \"07:00\", \"timezone\": \"Europe/Paris\"} or null");
        }
        return QuietHours.parse(node.get("start").textValue(), node.get("end").textValue(), node.get("timezone").textValue());
    }

    private static List<String> channels(JsonNode detail) {
        JsonNode node = detail.get("channels");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("channels must be an array of channel ids");
        }
        List<String> ids = new ArrayList<>();
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
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(field + " is not an ISO-8601 instant");
        }
    }
}
