package dev.vigil.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.ActiveHours;
import dev.vigil.domain.InvalidInput;
import dev.vigil.domain.Tenant;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A validated create or update body for {@code /api/tenants}. Every problem is reported at once, with
 * the field it concerns. Quiet hours are a start and an end in the tenant's time zone.
 * {@code privateTargets} lets the tenant's checks reach private, loopback and link-local addresses; only
 * the operator can set it, since only the operator reaches these routes.
 */
record TenantRequest(
        Optional<String> name,
        Optional<ZoneId> timezone,
        Optional<Integer> sweepIntervalMinutes,
        Optional<ActiveHours> activeHours,
        Optional<Optional<Period>> quietHours,
        Optional<Boolean> paused,
        Optional<Boolean> privateTargets) {

    /** A daily period: a start and an end. */
    record Period(LocalTime start, LocalTime end) {
    }

    private static final Set<String> FIELDS = Set.of("name", "timezone", "sweepIntervalMinutes", "activeHours", "quietHours",
            "paused", "privateTargets");
    /** Fields the API returns, accepted in an update body so a client can send back what it read. */
    private static final Set<String> READ_ONLY = Set.of("id", "createdAt", "updatedAt", "version", "lastSweepAt", "nextSweepAt",
            "pingKey");

    /** Parses a create body: only the name is required. */
    static TenantRequest forCreate(JsonNode body) {
        TenantRequest request = parse(body, false);
        if (request.name.isEmpty()) {
            throw new InvalidInput("name is required");
        }
        return request;
    }

    /** Parses an update body: every field is optional; read-only fields are ignored. */
    static TenantRequest forUpdate(JsonNode body) {
        return parse(body, true);
    }

    private static TenantRequest parse(JsonNode body, boolean update) {
        if (body == null || !body.isObject()) {
            throw new InvalidInput("body must be a JSON object");
        }
        List<String> problems = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            String field = it.next().getKey();
            if (!FIELDS.contains(field) && !(update && READ_ONLY.contains(field))) {
                problems.add("unknown field '" + field + "'");
            }
        }
        Optional<String> name = Names.read(body, problems);
        Optional<ZoneId> timezone = timezone(body.get("timezone"), problems);
        Optional<Integer> interval = Optional.empty();
        JsonNode intervalNode = body.get("sweepIntervalMinutes");
        if (intervalNode != null && !intervalNode.isNull()) {
            if (intervalNode.isIntegralNumber() && intervalNode.canConvertToInt()
                    && intervalNode.intValue() >= Tenant.MIN_SWEEP_MINUTES && intervalNode.intValue() <= Tenant.MAX_SWEEP_MINUTES) {
                interval = Optional.of(intervalNode.intValue());
            } else {
                problems.add("sweepIntervalMinutes must be a whole number from " + Tenant.MIN_SWEEP_MINUTES + " to "
                        + Tenant.MAX_SWEEP_MINUTES);
            }
        }
        Optional<ActiveHours> active = Optional.empty();
        JsonNode activeNode = body.get("activeHours");
        if (activeNode != null && !activeNode.isNull()) {
            active = period(activeNode, "activeHours", problems).map(p -> new ActiveHours(p.start(), p.end()));
        }
        Optional<Optional<Period>> quiet = Optional.empty();
        if (body.has("quietHours")) {
            JsonNode quietNode = body.get("quietHours");
            if (quietNode.isNull()) {
                quiet = Optional.of(Optional.empty());
            } else {
                Optional<Period> times = period(quietNode, "quietHours", problems);
                if (times.isPresent() && times.get().start().equals(times.get().end())) {
                    problems.add("quietHours must not start and end at the same time");
                } else if (times.isPresent()) {
                    quiet = Optional.of(times);
                }
            }
        }
        Optional<Boolean> paused = Input.flag(body, "paused", problems);
        Optional<Boolean> privateTargets = Input.flag(body, "privateTargets", problems);
        if (!problems.isEmpty()) {
            throw new InvalidInput(String.join("; ", problems));
        }
        return new TenantRequest(name, timezone, interval, active, quiet, paused, privateTargets);
    }

    /** An IANA time zone such as {@code Europe/Paris}; offsets such as {@code +02:00} are not time zones. */
    private static Optional<ZoneId> timezone(JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isTextual() && ZoneId.getAvailableZoneIds().contains(node.textValue())) {
            try {
                return Optional.of(ZoneId.of(node.textValue()));
            } catch (DateTimeException ignored) {
                // reported below
            }
        }
        problems.add("timezone must be an IANA time zone such as Europe/Paris or America/New_York");
        return Optional.empty();
    }

    /** {@code {"start": "HH:MM", "end": "HH:MM"}}. */
    private static Optional<Period> period(JsonNode node, String field, List<String> problems) {
        if (node.isObject() && node.size() == 2 && node.path("start").isTextual() && node.path("end").isTextual()) {
            try {
                ActiveHours parsed = ActiveHours.parse(node.get("start").textValue(), node.get("end").textValue());
                return Optional.of(new Period(parsed.start(), parsed.end()));
            } catch (IllegalArgumentException ignored) {
                // reported below
            }
        }
        problems.add(field + " must be {\"start\": \"HH:MM\", \"end\": \"HH:MM\"} in the tenant's time zone");
        return Optional.empty();
    }
}
