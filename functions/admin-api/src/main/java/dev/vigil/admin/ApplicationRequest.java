package dev.vigil.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.bus.AlertEventCodec;
import dev.vigil.domain.Ids;
import dev.vigil.domain.InvalidInput;
import dev.vigil.domain.QuietHours;
import dev.vigil.domain.Severity;
import dev.vigil.domain.Slugs;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A validated create or update body for {@code /api/applications}. Every problem is reported, with the
 * field it concerns, so that a client can fix its request in one go.
 */
public record ApplicationRequest(
        Optional<String> name,
        Optional<Long> intervalSeconds,
        Optional<Long> graceSeconds,
        Optional<Boolean> active,
        Optional<List<String>> channels,
        Optional<Severity> severity,
        Optional<Optional<QuietHours>> quietHours,
        RuntimeLimits runtime,
        Optional<List<String>> tags,
        ScheduleRequest schedule,
        Optional<String> slug) {

    /**
     * A request that leaves the runtime limits, the tags, the schedule, thresholds, pause rule, parent,
     * maintenance and the slug as they are (a new application's slug is derived from its name).
     */
    public ApplicationRequest(Optional<String> name, Optional<Long> intervalSeconds, Optional<Long> graceSeconds,
                              Optional<Boolean> active, Optional<List<String>> channels, Optional<Severity> severity,
                              Optional<Optional<QuietHours>> quietHours) {
        this(name, intervalSeconds, graceSeconds, active, channels, severity, quietHours, RuntimeLimits.UNCHANGED,
                Optional.empty(), ScheduleRequest.NONE, Optional.empty());
    }

    /** A request that leaves severity and quiet hours as they are. */
    public ApplicationRequest(Optional<String> name, Optional<Long> intervalSeconds, Optional<Long> graceSeconds,
                              Optional<Boolean> active, Optional<List<String>> channels) {
        this(name, intervalSeconds, graceSeconds, active, channels, Optional.empty(), Optional.empty());
    }

    /** A request that leaves the channel routing as it is (default channels for a new application). */
    public ApplicationRequest(Optional<String> name, Optional<Long> intervalSeconds, Optional<Long> graceSeconds,
                              Optional<Boolean> active) {
        this(name, intervalSeconds, graceSeconds, active, Optional.empty());
    }

    public static final long MIN_INTERVAL_SECONDS = 1;
    public static final long MAX_SECONDS = 366L * 24 * 3600;
    public static final int MAX_CHANNELS = 20;
    private static final Set<String> FIELDS = Set.of("name", "intervalSeconds", "graceSeconds", "active", "channels",
            "severity", "quietHours", RuntimeLimits.MIN, RuntimeLimits.MAX,
            "tags", "slug");
    /** Fields the API returns, accepted in an update body so a client can send back what it read. */
    private static final Set<String> READ_ONLY = Set.of("id", "uuid", "status", "lastHeartbeat", "pingUrl",
            "createdAt", "updatedAt", "deadline", "acknowledged", "version", "unknown");

    /** Parses a create body: name and intervalSeconds are required. */
    public static ApplicationRequest forCreate(JsonNode body) {
        ApplicationRequest request = parse(body, false);
        List<String> missing = new ArrayList<>();
        if (request.name.isEmpty()) {
            missing.add("name is required");
        }
        if (request.intervalSeconds.isEmpty() && !request.schedule.setsCron()) {
            missing.add("intervalSeconds is required (or a cron schedule)");
        }
        if (!missing.isEmpty()) {
            throw new InvalidInput(String.join("; ", missing));
        }
        return request;
    }

    /** Parses an update body: every field is optional; read-only fields are ignored. */
    public static ApplicationRequest forUpdate(JsonNode body) {
        return parse(body, true);
    }

    private static ApplicationRequest parse(JsonNode body, boolean update) {
        if (body == null || !body.isObject()) {
            throw new InvalidInput("body must be a JSON object");
        }
        List<String> problems = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            String field = it.next().getKey();
            if (!FIELDS.contains(field) && !ScheduleRequest.FIELDS.contains(field)
                    && !(update && (READ_ONLY.contains(field) || ScheduleRequest.READ_ONLY.contains(field)))) {
                problems.add("unknown field '" + field + "'");
            }
        }
        Optional<String> name = text(body, "name", problems);
        name.flatMap(n -> Names.problem("name", n)).ifPresent(problems::add);
        Optional<Long> interval = seconds(body, "intervalSeconds", MIN_INTERVAL_SECONDS, problems);
        Optional<Long> grace = seconds(body, "graceSeconds", 0, problems);
        Optional<Boolean> active = Input.flag(body, "active", problems);
        Optional<List<String>> channels = channels(body, problems);
        Optional<Severity> severity = Optional.empty();
        JsonNode severityNode = body.get("severity");
        if (severityNode != null && !severityNode.isNull()) {
            severity = severityNode.isTextual() ? Severity.fromWire(severityNode.textValue()) : Optional.empty();
            if (severity.isEmpty()) {
                problems.add("severity must be one of critical, warning, info");
            }
        }
        Optional<Optional<QuietHours>> quietHours = quietHours(body, problems);
        RuntimeLimits runtime = RuntimeLimits.parse(body, problems);
        Optional<List<String>> tags = Input.tags(body, problems);
        ScheduleRequest schedule = ScheduleRequest.parse(body, problems);
        Optional<String> slug = text(body, "slug", problems);
        if (slug.isPresent() && !Slugs.isValid(slug.get())) {
            problems.add("slug must be 1 to " + Slugs.MAX_LENGTH + " lower-case letters, digits, '-' or '_'");
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(String.join("; ", problems));
        }
        return new ApplicationRequest(name.map(String::strip), interval, grace, active, channels, severity, quietHours,
                runtime, tags, schedule, slug);
    }

    /** Absent: unchanged; {@code null}: no quiet hours; an object: {@code {"start","end","timezone"}}. */
    private static Optional<Optional<QuietHours>> quietHours(JsonNode body, List<String> problems) {
        if (!body.has("quietHours")) {
            return Optional.empty();
        }
        JsonNode node = body.get("quietHours");
        if (node.isNull()) {
            return Optional.of(Optional.empty());
        }
        try {
            return Optional.of(Optional.of(AlertEventCodec.readQuietHours(node)));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return Optional.empty();
        }
    }

    /** Channel ids, each well-formed and listed once; an empty list routes to the default channels. */
    private static Optional<List<String>> channels(JsonNode body, List<String> problems) {
        JsonNode node = body.get("channels");
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isArray() || node.size() > MAX_CHANNELS) {
            problems.add("channels must be an array of at most " + MAX_CHANNELS + " channel ids");
            return Optional.empty();
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode id : node) {
            if (!id.isTextual() || !Ids.CHANNEL.matches(id.textValue())) {
                problems.add("channels must hold channel ids such as ch_k3v9x2m7q4pa");
                return Optional.empty();
            }
            if (!ids.contains(id.textValue())) {
                ids.add(id.textValue());
            }
        }
        return Optional.of(ids);
    }

    private static Optional<String> text(JsonNode body, String field, List<String> problems) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            problems.add(field + " must be a string");
            return Optional.empty();
        }
        return Optional.of(node.textValue());
    }

    private static Optional<Long> seconds(JsonNode body, String field, long min, List<String> problems) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            problems.add(field + " must be a whole number of seconds");
            return Optional.empty();
        }
        long value = node.longValue();
        if (value < min || value > MAX_SECONDS) {
            problems.add(field + " must be between " + min + " and " + MAX_SECONDS);
            return Optional.empty();
        }
        return Optional.of(value);
    }

}
