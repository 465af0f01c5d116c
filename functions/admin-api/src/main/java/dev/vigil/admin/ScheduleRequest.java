package dev.vigil.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.Application;
import dev.vigil.domain.BeatRules;
import dev.vigil.domain.CronExpression;
import dev.vigil.domain.Ids;
import dev.vigil.domain.InvalidInput;
import dev.vigil.domain.MaintenanceWindow;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The schedule and state fields of an application's create or update body, validated: {@code cron}
 * (a 5-field expression, or {@code null} to go back to the fixed interval) with {@code timezone} (IANA,
 * default UTC), {@code failureThreshold} and {@code recoveryThreshold} (1 to {@value #MAX_THRESHOLD}),
 * {@code manualResume}, {@code parentId} (an application id, or {@code null} for none) and
 * {@code maintenance} (a list of windows, {@code null} or {@code []} for none). Absent fields leave
 * the stored ones as they are.
 */
record ScheduleRequest(
        Optional<Optional<CronExpression>> cron,
        Optional<ZoneId> timezone,
        Optional<Integer> failureThreshold,
        Optional<Integer> recoveryThreshold,
        Optional<Boolean> manualResume,
        Optional<Optional<String>> parentId,
        Optional<List<MaintenanceWindow>> maintenance) {

    static final int MAX_THRESHOLD = 100;
    static final Set<String> FIELDS = Set.of("cron", "timezone", "failureThreshold", "recoveryThreshold", "manualResume",
            "parentId", "maintenance");
    /** Fields the API returns about schedules and states, accepted back in an update body and ignored. */
    static final Set<String> READ_ONLY = Set.of("state", "started", "suppressed");
    static final ScheduleRequest NONE = new ScheduleRequest(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    /** Whether the body asks for a cron schedule (so no interval is needed). */
    boolean setsCron() {
        return cron.flatMap(c -> c).isPresent();
    }

    static ScheduleRequest parse(JsonNode body, List<String> problems) {
        Optional<Optional<CronExpression>> cron = cron(body, problems);
        Optional<ZoneId> timezone = timezone(body, "timezone", problems);
        if (timezone.isPresent() && cron.isPresent() && cron.get().isEmpty()) {
            problems.add("timezone applies to a cron schedule only; drop it when cron is null");
        }
        return new ScheduleRequest(cron, timezone, threshold(body, "failureThreshold", problems),
                threshold(body, "recoveryThreshold", problems), Input.flag(body, "manualResume", problems),
                parentId(body, problems), maintenance(body, problems));
    }

    /** The rules {@code before} becomes with this request applied. */
    BeatRules applyTo(BeatRules before) {
        Optional<BeatRules.CronSchedule> schedule = before.cron();
        if (cron.isPresent()) {
            schedule = cron.get().map(expression -> new BeatRules.CronSchedule(expression,
                    timezone.or(() -> before.cron().map(BeatRules.CronSchedule::zone)).orElse(ZoneId.of("UTC"))));
        } else if (timezone.isPresent()) {
            schedule = schedule.map(c -> new BeatRules.CronSchedule(c.expression(), timezone.get()));
        }
        return before.withCron(schedule)
                .withThresholds(failureThreshold.orElse(before.failureThreshold()),
                        recoveryThreshold.orElse(before.recoveryThreshold()))
                .withManualResume(manualResume.orElse(before.manualResume()))
                .withParent(parentId.orElse(before.parentId()))
                .withMaintenance(maintenance.orElse(before.maintenance()));
    }

    /**
     * Refuses a result that has no schedule (an interval application needs an interval) and a time zone
     * for an application left on a fixed interval.
     */
    void check(Application after) {
        if (after.rules().cron().isEmpty() && after.intervalSeconds() < ApplicationRequest.MIN_INTERVAL_SECONDS) {
            throw new InvalidInput("intervalSeconds is required for an interval schedule (or give a cron schedule)");
        }
        if (after.rules().cron().isEmpty() && timezone.isPresent()) {
            throw new InvalidInput("timezone applies to a cron schedule only; give cron with it");
        }
    }

    private static Optional<Optional<CronExpression>> cron(JsonNode body, List<String> problems) {
        if (!body.has("cron")) {
            return Optional.empty();
        }
        JsonNode node = body.get("cron");
        if (node.isNull()) {
            return Optional.of(Optional.empty());
        }
        if (!node.isTextual()) {
            problems.add("cron must be a string such as \"30 2 * * *\"");
            return Optional.empty();
        }
        try {
            return Optional.of(Optional.of(CronExpression.parse(node.textValue())));
        } catch (IllegalArgumentException e) {
            problems.add("cron is not valid: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<ZoneId> timezone(JsonNode node, String field, List<String> problems) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual() || !isZone(value.textValue())) {
            problems.add(field + " must be an IANA time zone such as Europe/Paris or UTC");
            return Optional.empty();
        }
        return Optional.of(ZoneId.of(value.textValue()));
    }

    private static boolean isZone(String text) {
        if (!"UTC".equals(text) && !ZoneId.getAvailableZoneIds().contains(text)) {
            return false;
        }
        try {
            ZoneId.of(text);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static Optional<Integer> threshold(JsonNode body, String field, List<String> problems) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1 || node.intValue() > MAX_THRESHOLD) {
            problems.add(field + " must be a whole number between 1 and " + MAX_THRESHOLD);
            return Optional.empty();
        }
        return Optional.of(node.intValue());
    }

    private static Optional<Optional<String>> parentId(JsonNode body, List<String> problems) {
        if (!body.has("parentId")) {
            return Optional.empty();
        }
        JsonNode node = body.get("parentId");
        if (node.isNull()) {
            return Optional.of(Optional.empty());
        }
        if (!node.isTextual() || !Ids.APPLICATION.matches(node.textValue())) {
            problems.add("parentId must be an application id such as app_k3v9x2m7q4pa, or null");
            return Optional.empty();
        }
        return Optional.of(Optional.of(node.textValue()));
    }

    private static Optional<List<MaintenanceWindow>> maintenance(JsonNode body, List<String> problems) {
        if (!body.has("maintenance")) {
            return Optional.empty();
        }
        JsonNode node = body.get("maintenance");
        if (node.isNull()) {
            return Optional.of(List.of());
        }
        if (!node.isArray() || node.size() > MaintenanceWindow.MAX_WINDOWS) {
            problems.add("maintenance must be an array of at most " + MaintenanceWindow.MAX_WINDOWS + " windows");
            return Optional.empty();
        }
        List<MaintenanceWindow> windows = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            int before = problems.size();
            Optional<MaintenanceWindow> window = window(node.get(i), "maintenance[" + i + "]", problems);
            if (window.isEmpty() && problems.size() == before) {
                problems.add("maintenance[" + i + "] is not valid");
            }
            window.ifPresent(windows::add);
        }
        return windows.size() == node.size() ? Optional.of(windows) : Optional.empty();
    }

    private static final Set<String> ONE_OFF = Set.of("start", "end");
    private static final Set<String> RECURRING = Set.of("cron", "timezone", "durationMinutes");

    /** {@code {"start","end"}} (ISO instants) or {@code {"cron","timezone"?,"durationMinutes"}}. */
    private static Optional<MaintenanceWindow> window(JsonNode node, String at, List<String> problems) {
        if (node == null || !node.isObject()) {
            problems.add(at + " must be an object: {\"start\",\"end\"} or {\"cron\",\"timezone\",\"durationMinutes\"}");
            return Optional.empty();
        }
        boolean recurring = node.has("cron");
        Set<String> allowed = recurring ? RECURRING : ONE_OFF;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            String field = it.next().getKey();
            if (!allowed.contains(field)) {
                problems.add(at + " has unknown field '" + field + "'");
                return Optional.empty();
            }
        }
        try {
            if (recurring) {
                JsonNode cron = node.get("cron");
                JsonNode minutes = node.get("durationMinutes");
                if (cron == null || !cron.isTextual()) {
                    problems.add(at + ".cron must be a string");
                    return Optional.empty();
                }
                if (minutes == null || !minutes.isIntegralNumber() || !minutes.canConvertToLong()) {
                    problems.add(at + ".durationMinutes is required: a whole number of minutes");
                    return Optional.empty();
                }
                CronExpression expression;
                try {
                    expression = CronExpression.parse(cron.textValue());
                } catch (IllegalArgumentException e) {
                    problems.add(at + ".cron is not valid: " + e.getMessage());
                    return Optional.empty();
                }
                int before = problems.size();
                Optional<ZoneId> zone = timezone(node, "timezone", problems);
                if (problems.size() > before) {
                    problems.set(problems.size() - 1, at + "." + problems.get(problems.size() - 1));
                    return Optional.empty();
                }
                return Optional.of(new MaintenanceWindow.Recurring(expression, zone.orElse(ZoneId.of("UTC")),
                        Duration.ofMinutes(minutes.longValue())));
            }
            JsonNode start = node.get("start");
            JsonNode end = node.get("end");
            if (start == null || !start.isTextual() || end == null || !end.isTextual()) {
                problems.add(at + " needs start and end, ISO instants such as 2026-12-24T18:00:00Z");
                return Optional.empty();
            }
            return Optional.of(new MaintenanceWindow.OneOff(Instant.parse(start.textValue()), Instant.parse(end.textValue())));
        } catch (DateTimeParseException e) {
            problems.add(at + " start and end must be ISO instants such as 2026-12-24T18:00:00Z");
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            problems.add(at + ": " + e.getMessage());
            return Optional.empty();
        }
    }
}
