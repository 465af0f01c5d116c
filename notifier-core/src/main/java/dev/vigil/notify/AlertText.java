package dev.vigil.notify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.AlertType;
import dev.vigil.domain.CheckFacts;
import dev.vigil.runtime.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The wording every notifier shares: times in UTC ({@code 2026-11-24 11:52:00 UTC}), durations in
 * their largest whole unit ({@code 5 min}), the expected schedule ({@code 5 min (grace 1 min)}), names
 * kept to one line and cut to a channel's limit, and the facts of a check alert (its status change,
 * what it found, its key measured values).
 */
public final class AlertText {
    /** How many of a check's measured values an alert shows. */
    public static final int MAX_MEASURED = 6;
    /** The longest measured value a check alert shows; longer ones are cut. */
    static final int MAX_MEASURED_VALUE = 100;
    /** {@code yyyy-MM-dd HH:mm:ss 'UTC'}: unambiguous wherever the reader is. */
    public static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private AlertText() {
    }

    /** For example {@code 2026-11-24 11:52:00 UTC}. */
    public static String utc(Instant instant) {
        return UTC_TIME.format(instant);
    }

    /** A duration in its largest whole unit: {@code 45 s}, {@code 5 min}, {@code 2 h}, {@code 1 d}; else seconds. */
    public static String human(Duration duration) {
        return human(duration.getSeconds());
    }

    /** {@link #human(Duration)} for a number of seconds. */
    public static String human(long seconds) {
        long s = seconds;
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

    /** How often the application should beat, for example {@code 5 min (grace 1 min)}. */
    public static String schedule(AlertEvent event) {
        return human(event.intervalSeconds()) + " (grace " + human(event.graceSeconds()) + ")";
    }

    /** The text on one line: runs of line breaks and tabs become one space, and the ends are stripped. */
    public static String oneLine(String text) {
        return text.replaceAll("[\\r\\n\\t]+", " ").strip();
    }

    /**
     * At most {@code max} characters, a cut text ending in three ASCII dots. Plain ASCII on purpose: the
     * ellipsis character is outside the GSM-7 alphabet and would turn an SMS into UCS-2 (70 characters
     * per segment instead of 160). Cuts at exactly {@code max - 3} characters.
     */
    public static String limit(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    /**
     * At most {@code max} characters, a cut text ending in {@code ellipsis}; never splits a character
     * that takes two UTF-16 units (an emoji, say), so the cut text may be one shorter.
     */
    public static String limit(String text, int max, String ellipsis) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - ellipsis.length();
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + ellipsis;
    }

    /** What a channel's test alert says under its headline. */
    public static final String TEST_EXPLANATION = "This is a test, sent on request to check that alerts reach this channel. "
            + "Nothing is down and nothing needs doing.";

    /**
     * The headline of a channel's test alert, {@code Test alert from Vigil: channel <name> works}, the
     * name on one line and cut to {@code maxName} characters.
     */
    public static String testHeadline(AlertEvent event, int maxName) {
        return dev.vigil.domain.Alerts.testMessage(limit(oneLine(event.name()), maxName, "..."));
    }

    /** The tone of an alert, for the colour or emoji a channel shows. */
    public enum Tone { ALARM, RECOVERY, INFO }

    public static Tone tone(AlertEvent event) {
        if (event.type() == AlertType.ALERT_DIGEST || event.isTest()) {
            return Tone.INFO;
        }
        return event.isDown() ? Tone.ALARM : Tone.RECOVERY;
    }

    /** A check's confirmed status as a state word: HEALTHY, DEGRADED or UNHEALTHY. */
    private static String checkStatus(AlertEvent event) {
        return event.check().map(c -> c.checkStatus().toUpperCase(Locale.ROOT)).orElse(event.isDown() ? "UNHEALTHY" : "HEALTHY");
    }

    /** A check's status change: {@code UNHEALTHY (was HEALTHY)}. */
    public static String checkChange(CheckFacts facts) {
        return facts.checkStatus().toUpperCase(Locale.ROOT) + " (was " + facts.previousCheckStatus().toUpperCase(Locale.ROOT) + ")";
    }

    /**
     * What the run that confirmed a check's status found, on one line: its reason (or else the condition
     * that fired) and its latency, {@code latencyMs < 500 failed: was 812; latency 812 ms}.
     */
    public static String checkFinding(CheckFacts facts) {
        String reason = oneLine(facts.reason());
        String cause = reason.isEmpty() ? facts.threshold().map(t -> oneLine(t) + " failed").orElse("") : reason;
        return (cause.isEmpty() ? "" : cause + "; ") + "latency " + facts.latencyMs() + " ms";
    }

    /**
     * A check's key measured values, at most {@value #MAX_MEASURED} of them in the order measured: each
     * value that is a number, text, true/false or a list of those, on one line and cut to
     * {@value #MAX_MEASURED_VALUE} characters. The latency is left out (every check alert shows it on its own).
     */
    public static List<Map.Entry<String, String>> checkMeasured(CheckFacts facts) {
        JsonNode details;
        try {
            details = Json.parse(facts.detailsJson());
        } catch (java.io.IOException e) {
            return List.of();
        }
        List<Map.Entry<String, String>> measured = new ArrayList<>();
        for (var it = details.fields(); it.hasNext() && measured.size() < MAX_MEASURED; ) {
            Map.Entry<String, JsonNode> field = it.next();
            String value = measuredValue(field.getValue());
            if (!field.getKey().equals("latencyMs") && !value.isEmpty()) {
                measured.add(Map.entry(limit(oneLine(field.getKey()), MAX_MEASURED_VALUE),
                        limit(oneLine(value), MAX_MEASURED_VALUE)));
            }
        }
        return measured;
    }

    /** {@link #checkMeasured} as one line: {@code connected: true, status: 200}. */
    public static String checkMeasuredLine(CheckFacts facts) {
        return String.join(", ", checkMeasured(facts).stream().map(e -> e.getKey() + ": " + e.getValue()).toList());
    }

    private static String measuredValue(JsonNode value) {
        if (value.isValueNode() && !value.isNull()) {
            return value.asText();
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : value) {
                if (!item.isValueNode() || item.isNull()) {
                    return "";
                }
                items.add(item.asText());
            }
            return String.join(", ", items);
        }
        return "";
    }

    /**
     * The state word for subjects and SMS: DOWN, UP, STILL DOWN, FLAPPING, SETTLED DOWN/UP or DIGEST;
     * for a check, its status (HEALTHY, DEGRADED, UNHEALTHY); for a scheduled task, FAILING or OK; TEST for a
     * channel's test alert.
     */
    public static String state(AlertEvent event) {
        return switch (event.type()) {
            case APPLICATION_STILL_DOWN -> "STILL DOWN";
            case APPLICATION_FLAPPING -> "FLAPPING";
            case APPLICATION_SETTLED -> event.isDown() ? "SETTLED DOWN" : "SETTLED UP";
            case ALERT_DIGEST -> "DIGEST";
            case CHECK_STATUS_CHANGED -> checkStatus(event);
            case RECOVERY_ESCALATED -> "RECOVERY ESCALATED";
            case TASK_STATUS_CHANGED -> event.isDown() ? "FAILING" : "OK";
            case CHANNEL_TEST -> "TEST";
            case INGEST_HEALTH_CHANGED -> event.isDown() ? "DEGRADED" : "HEALTHY";
            default -> event.isDown() ? "DOWN" : "UP";
        };
    }

    /** What follows the application's name in a headline; a digest's name is its whole headline. */
    public static String stateSuffix(AlertEvent event) {
        return switch (event.type()) {
            case APPLICATION_STILL_DOWN -> " is still DOWN";
            case APPLICATION_FLAPPING -> " is flapping";
            case APPLICATION_SETTLED -> event.isDown() ? " settled: now DOWN" : " settled: now UP";
            case ALERT_DIGEST -> "";
            case CHECK_STATUS_CHANGED -> event.isDown() ? " is " + checkStatus(event) : " is HEALTHY again";
            case RECOVERY_ESCALATED -> ": recovery escalated";
            case TASK_STATUS_CHANGED -> event.isDown() ? " (scheduled task) is FAILING" : " (scheduled task) runs OK again";
            case CHANNEL_TEST -> ": test alert";
            case INGEST_HEALTH_CHANGED -> event.isDown() ? " is DEGRADED: misses are unknown, not down" : " is HEALTHY again";
            default -> event.isDown() ? " is DOWN" : " is UP again";
        };
    }

    /**
     * The sentence under the headline: why this alert was sent; for a check, what its run found
     * ({@link #checkFinding}), its status change being in the headline.
     */
    public static String explanation(AlertEvent event) {
        if (event.isTest()) {
            return TEST_EXPLANATION;
        }
        if (event.isFlip()) {
            // A down flip that a run caused (a failure, a timeout, a run too fast) says which in its note.
            return event.isDown() ? event.note().orElse("No heartbeat arrived before its deadline.")
                    : "A heartbeat arrived; it is beating again.";
        }
        return event.check().map(AlertText::checkFinding).orElse(event.note().orElse(""));
    }

}
