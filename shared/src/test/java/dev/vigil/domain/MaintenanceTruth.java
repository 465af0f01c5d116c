package dev.vigil.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * For the property tests: generated maintenance windows with the intervals they cover listed one by one
 * (overlaps kept), and the brute-force time per state of a history under them, computed piece by piece
 * between every edge, asking each piece which span and which windows hold it (nothing merged, nothing
 * shared with {@link MaintenanceTime}).
 */
public final class MaintenanceTruth {
    private MaintenanceTruth() {
    }

    /** A span of a subject's history: {@code [from, to)} in {@code state}. */
    public record Span(Instant from, Instant to, UptimeState state) {
    }

    /** Windows and, listed one by one, the intervals they cover within a range. */
    public record Windows(List<MaintenanceWindow> windows, List<Instant[]> intervals) {
    }

    /**
     * One-off windows at {@code offsets} (millis from {@code start}) lasting {@code lengths}, and when
     * {@code dailyHour} is 0 to 23, a recurring window every day at that UTC hour lasting
     * {@code dailyMinutes}; intervals listed from {@code start} minus two days to {@code until} plus two.
     */
    public static Windows of(Instant start, Instant until, List<long[]> oneOffs, int dailyHour, int dailyMinutes) {
        List<MaintenanceWindow> windows = new ArrayList<>();
        List<Instant[]> intervals = new ArrayList<>();
        for (long[] once : oneOffs) {
            Instant from = start.plusMillis(once[0]);
            Instant to = from.plusMillis(once[1]);
            windows.add(new MaintenanceWindow.OneOff(from, to));
            intervals.add(new Instant[] {from, to});
        }
        if (dailyHour >= 0 && dailyHour < 24) {
            Duration length = Duration.ofMinutes(dailyMinutes);
            windows.add(new MaintenanceWindow.Recurring(CronExpression.parse("0 " + dailyHour + " * * *"), ZoneOffset.UTC,
                    length));
            Instant day = start.minus(Duration.ofDays(2)).atZone(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC)
                    .toInstant();
            for (; day.isBefore(until.plus(Duration.ofDays(2))); day = day.plus(Duration.ofDays(1))) {
                Instant opens = day.plus(Duration.ofHours(dailyHour));
                intervals.add(new Instant[] {opens, opens.plus(length)});
            }
        }
        return new Windows(windows, intervals);
    }

    /** The millis per state of {@code truth} within {@code [from, to)}, up and down inside a window counted as maintenance. */
    public static Map<UptimeState, Long> bruteForce(List<Span> truth, List<Instant[]> windows, Instant from, Instant to) {
        Map<UptimeState, Long> millis = new EnumMap<>(UptimeState.class);
        for (UptimeState state : UptimeState.values()) {
            millis.put(state, 0L);
        }
        TreeSet<Instant> edges = new TreeSet<>(List.of(from, to));
        for (Span span : truth) {
            edges.add(span.from());
            edges.add(span.to());
        }
        for (Instant[] window : windows) {
            edges.add(window[0]);
            edges.add(window[1]);
        }
        Instant previous = null;
        for (Instant edge : edges.subSet(from, true, to, true)) {
            if (previous != null && edge.isAfter(previous)) {
                Instant at = previous;
                UptimeState state = null;
                for (Span span : truth) {
                    if (!at.isBefore(span.from()) && at.isBefore(span.to())) {
                        state = span.state();
                    }
                }
                if (state != null) {
                    boolean inWindow = windows.stream().anyMatch(w -> !at.isBefore(w[0]) && at.isBefore(w[1]));
                    if (inWindow && (state == UptimeState.UP || state == UptimeState.DOWN)) {
                        state = UptimeState.MAINTENANCE;
                    }
                    millis.merge(state, edge.toEpochMilli() - at.toEpochMilli(), Long::sum);
                }
            }
            previous = edge;
        }
        return millis;
    }
}
