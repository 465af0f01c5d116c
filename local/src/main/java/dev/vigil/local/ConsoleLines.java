package dev.vigil.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.Application;
import dev.vigil.domain.Status;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.Log;
import dev.vigil.store.ApplicationStore;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The console for a person: turns the functions' JSON log lines and the applications' changes into
 * one short line per event: a beat, a flip, an alert delivered or failed, a tenant swept, a recovery
 * attempt, a scheduled task run. Warnings and errors stay, condensed to one line; the admin API's
 * changes are kept as one line each; metric lines and routine summaries are left out. It remembers
 * application names and alert types it has seen, so later lines can name them.
 */
final class ConsoleLines {
    /** Fields every log line has, shown in a line's frame rather than as details. */
    private static final Set<String> FRAME = Set.of("timestamp", "level", "function", "requestId", "logger", "message",
            "stackTrace", "causes");
    private static final int REMEMBERED = 10_000;

    private final DateTimeFormatter time;
    private final Map<String, String> names = remembering();
    private final Map<String, String> alertTypes = remembering();

    ConsoleLines(ZoneId zone) {
        this.time = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(zone);
    }

    /** What to print for one line of log output, if anything. */
    Optional<String> logLine(String line) {
        JsonNode log;
        try {
            log = Json.parse(line);
        } catch (Exception notJson) {
            return Optional.of(line);
        }
        if (!log.isObject() || log.has("_aws")) {
            return Optional.empty();
        }
        String message = log.path("message").asText();
        String level = log.path("level").asText();
        String at = at(log.path("timestamp").asText());
        remember(log);
        return switch (message) {
            case "Alert sent" -> Optional.of(row(at, "alert", alert(log) + " delivered via " + channel(log)
                    + " (" + log.path("latencyMs").asLong() + " ms)"));
            case "Alert delivery failed" -> Optional.of(row(at, "alert", alert(log) + " FAILED via " + channel(log)
                    + " (attempt " + log.path("attempt").asText() + (log.path("retryable").asBoolean() ? ", retried later" : ", given up")
                    + "): " + log.path("error").asText()));
            case "Alert not sent" -> Optional.of(row(at, "alert", alert(log) + " not sent via " + log.path("channel").asText()
                    + ": " + log.path("reason").asText()));
            case "Tenant swept" -> Optional.of(row(at, "sweep", "tenant " + log.path("tenantId").asText() + " "
                    + log.path("status").asText() + ": " + log.path("ran").asLong() + " checks ran ("
                    + log.path("healthy").asLong() + " healthy, " + log.path("degraded").asLong() + " degraded, "
                    + log.path("unhealthy").asLong() + " unhealthy), " + log.path("notDue").asLong() + " not due, "
                    + plural(log.path("alerts").asLong(), "alert") + ", " + log.path("durationMs").asLong() + " ms"
                    + (log.path("trigger").asText().equals("schedule") ? "" : " [" + log.path("trigger").asText() + "]")));
            case "Recovery run" -> log.path("attempted").asLong() == 0 && log.path("unhealthy").asLong() == 0 ? Optional.empty()
                    : Optional.of(row(at, "recovery", log.path("trigger").asText() + " run: " + plural(log.path("tenants").asLong(), "tenant")
                    + ", " + log.path("unhealthy").asLong() + " unhealthy, " + log.path("attempted").asLong() + " attempted, "
                    + log.path("recovered").asLong() + " recovered, " + log.path("failed").asLong() + " failed, "
                    + log.path("deferred").asLong() + " deferred"));
            case "Recovery attempt" -> Optional.of(row(at, "recovery", "tenant " + log.path("tenantId").asText() + " attempt "
                    + log.path("attempt").asText() + ": " + log.path("outcome").asText()));
            case "Task ran" -> Optional.of(row(at, "task", log.path("taskId").asText() + " (tenant " + log.path("tenantId").asText()
                    + "): " + log.path("outcome").asText() + (log.path("missed").asLong() > 0
                    ? ", " + log.path("missed").asLong() + " missed runs skipped" : "")));
            // Said by the applications' changes, with the application's name: see changed().
            case "Application is down", "Application is up again", "Application registered" -> Optional.empty();
            // Routine summaries of every pass: the events they count have their own lines.
            case "Missed-beat pass", "Beat history written", "Scheduled sweep", "Sweep run on request", "Alert recorded",
                 "Alert event published" -> level.equals("INFO") ? Optional.empty() : Optional.of(generic(at, log));
            // Warnings and errors always; of the rest, what the admin API changed, as a person asked for it.
            default -> level.equals("WARN") || level.equals("ERROR") || log.path("function").asText().equals("AdminApiFunction")
                    ? Optional.of(generic(at, log)) : Optional.empty();
        };
    }

    /**
     * What to print for one change of an application item, from the applications table's stream: a
     * beat, a change of status, a registration. {@code before} is empty for a new item, {@code after}
     * for a deleted one.
     */
    List<String> changed(Map<String, AttributeValue> before, Map<String, AttributeValue> after, Instant when) {
        List<String> lines = new ArrayList<>();
        if (after.isEmpty()) {
            return lines;
        }
        Application now = ApplicationStore.fromItem(after);
        names.put(now.id(), now.name());
        String at = time.format(when);
        if (before.isEmpty()) {
            lines.add(row(at, "new", now.name() + " registered (" + now.id() + ", every " + now.intervalSeconds() + " s, grace "
                    + now.graceSeconds() + " s)"));
            return lines;
        }
        if (ApplicationStore.beatBetween(before, after).isPresent()) {
            lines.add(row(at, "beat", now.name() + " (" + Log.mask(now.uuid()) + ")"));
        }
        Status was = ApplicationStore.fromItem(before).status();
        if (was != now.status()) {
            String said = switch (now.status()) {
                case UP -> was == Status.NEW ? now.name() + " is up (first beat)" : now.name() + " is up again (was " + was.wire() + ")";
                case DOWN -> now.name() + " is DOWN (was " + was.wire() + ")";
                case NEW -> now.name() + " is new again (was " + was.wire() + ")";
            };
            lines.add(row(at, now.status().wire(), said));
        }
        return lines;
    }

    /** Keeps what later lines need: the type of each alert event recorded or published. */
    private void remember(JsonNode log) {
        if (log.hasNonNull("eventId") && log.hasNonNull("type")) {
            alertTypes.put(log.path("eventId").asText(), log.path("type").asText());
        }
    }

    /** "down alert for nightly-backup", from an alert line's event id and application id. */
    private String alert(JsonNode log) {
        String type = Optional.ofNullable(alertTypes.get(log.path("eventId").asText())).map(ConsoleLines::words).orElse("");
        String subject = log.path("applicationId").asText();
        return (type.isEmpty() ? "alert" : type + " alert") + " for " + Optional.ofNullable(names.get(subject)).orElse(subject);
    }

    private static String channel(JsonNode log) {
        String type = log.path("channelType").asText();
        String id = log.path("channel").asText();
        return type.isEmpty() || type.equals(id) ? id : type + " " + id;
    }

    /** "ApplicationStillDown" as "still down", "CheckStatusChanged" as "check status changed". */
    static String words(String type) {
        String rest = type.startsWith("Application") && type.length() > "Application".length() ? type.substring("Application".length()) : type;
        return rest.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }

    /** Any other line: its level, function and message, and its own fields as key=value. */
    private String generic(String at, JsonNode log) {
        StringBuilder text = new StringBuilder();
        text.append(log.path("function").asText()).append(": ").append(log.path("message").asText());
        List<String> details = new ArrayList<>();
        log.fields().forEachRemaining(e -> {
            if (!FRAME.contains(e.getKey()) && !e.getKey().equals("errorType") && !e.getKey().equals("errorMessage")) {
                details.add(e.getKey() + "=" + (e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
            }
        });
        if (!details.isEmpty()) {
            text.append(" (").append(String.join(", ", details)).append(')');
        }
        if (log.hasNonNull("errorType")) {
            text.append(": ").append(log.path("errorType").asText());
            if (log.hasNonNull("errorMessage")) {
                text.append(": ").append(log.path("errorMessage").asText());
            }
        }
        String level = log.path("level").asText();
        return row(at, level.equals("INFO") ? "info" : level, text.toString());
    }

    private String at(String timestamp) {
        try {
            return time.format(Instant.parse(timestamp));
        } catch (RuntimeException e) {
            return "--:--:--";
        }
    }

    private static String row(String at, String kind, String text) {
        return String.format("%s  %-8s %s", at, kind, text);
    }

    private static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static <K, V> Map<K, V> remembering() {
        return Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > REMEMBERED;
            }
        });
    }
}
