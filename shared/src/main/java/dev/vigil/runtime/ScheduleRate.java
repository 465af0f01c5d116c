package dev.vigil.runtime;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an EventBridge schedule expression as a period: {@code rate(N unit)} exactly; a {@code cron(...)}
 * schedule counts as one minute, the finest period EventBridge schedules run at.
 */
public final class ScheduleRate {
    private static final Pattern RATE = Pattern.compile("rate\\((\\d+)\\s+(second|minute|hour|day)s?\\)");

    private ScheduleRate() {
    }

    public static Duration parse(String expression) {
        String text = expression.trim().toLowerCase(Locale.ROOT);
        Matcher m = RATE.matcher(text);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "second" -> Duration.ofSeconds(amount);
                case "minute" -> Duration.ofMinutes(amount);
                case "hour" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        if (text.startsWith("cron(")) {
            return Duration.ofMinutes(1);
        }
        throw new IllegalStateException("SCHEDULE_EXPRESSION must be rate(...) or cron(...), was '" + expression + "'");
    }
}
