package dev.vigil.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which parts of a span of uptime time fall inside an application's maintenance windows: pure functions
 * from the windows and a span {@code [from, to)} in one state to the sub-spans it is made of, where the
 * parts inside a window count as {@link UptimeState#MAINTENANCE} (up or down time during announced
 * maintenance is neither: the detector flips nothing then). Paused time stays paused (a paused
 * application is not watched, window or not); both are excluded from the figure anyway.
 *
 * <p>One-off windows are {@code [start, end)}; a recurring window opens at each firing of its cron
 * expression in its time zone (so across a DST change it opens at the same wall-clock time, and its
 * instant moves) and lasts its duration. Overlapping and touching windows, of one kind or both, merge.
 */
public final class MaintenanceTime {
    private MaintenanceTime() {
    }

    /** A part of a span: {@code [from, to)} counted as {@code state}. */
    public record Span(UptimeState state, Instant from, Instant to) {
        public Span {
            Objects.requireNonNull(state, "state");
            if (!to.isAfter(from)) {
                throw new IllegalArgumentException("a span ends after it starts: " + from + " to " + to);
            }
        }

        public long millis() {
            return to.toEpochMilli() - from.toEpochMilli();
        }
    }

    /** A period of maintenance, {@code [from, to)}. */
    public record Interval(Instant from, Instant to) {
    }

    /**
     * The span {@code [from, to)} spent in {@code state}, cut where maintenance windows open and close:
     * in time order, touching, covering exactly the span; the parts inside a window are
     * {@link UptimeState#MAINTENANCE} unless {@code state} is {@link UptimeState#PAUSED}. Empty when the
     * span is.
     */
    public static List<Span> split(List<MaintenanceWindow> windows, UptimeState state, Instant from, Instant to) {
        Objects.requireNonNull(state, "state");
        if (!to.isAfter(from)) {
            return List.of();
        }
        if (windows.isEmpty() || state == UptimeState.PAUSED || state == UptimeState.MAINTENANCE) {
            return List.of(new Span(state, from, to));
        }
        List<Span> spans = new ArrayList<>();
        Instant cursor = from;
        for (Interval window : within(windows, from, to)) {
            if (window.from().isAfter(cursor)) {
                spans.add(new Span(state, cursor, window.from()));
            }
            spans.add(new Span(UptimeState.MAINTENANCE, window.from(), window.to()));
            cursor = window.to();
        }
        if (to.isAfter(cursor)) {
            spans.add(new Span(state, cursor, to));
        }
        return List.copyOf(spans);
    }

    /**
     * The maintenance of {@code windows} within {@code [from, to)}: each window clipped to the span,
     * overlapping or touching ones merged, in time order.
     */
    public static List<Interval> within(List<MaintenanceWindow> windows, Instant from, Instant to) {
        List<Interval> all = new ArrayList<>();
        for (MaintenanceWindow window : windows) {
            switch (window) {
                case MaintenanceWindow.OneOff once -> clip(once.start(), once.end(), from, to).ifPresent(all::add);
                case MaintenanceWindow.Recurring every -> openings(every, from, to, all);
            }
        }
        all.sort(Comparator.comparing(Interval::from));
        List<Interval> merged = new ArrayList<>();
        for (Interval next : all) {
            Interval last = merged.isEmpty() ? null : merged.getLast();
            if (last != null && !next.from().isAfter(last.to())) {
                merged.set(merged.size() - 1, new Interval(last.from(), later(last.to(), next.to())));
            } else {
                merged.add(next);
            }
        }
        return List.copyOf(merged);
    }

    /**
     * The openings of a recurring window that overlap {@code [from, to)}, clipped to it: the firings in
     * {@code (from - duration, to)}, a chain of overlapping ones added as one interval.
     */
    private static void openings(MaintenanceWindow.Recurring every, Instant from, Instant to, List<Interval> into) {
        Optional<Instant> firing = every.cron().next(from.minus(every.duration()), every.zone());
        Instant start = null;
        Instant end = null;
        while (firing.isPresent() && firing.get().isBefore(to)) {
            Instant opens = firing.get();
            Instant closes = opens.plus(every.duration());
            if (end != null && !opens.isAfter(end)) {
                end = later(end, closes);
            } else {
                if (end != null) {
                    clip(start, end, from, to).ifPresent(into::add);
                }
                start = opens;
                end = closes;
            }
            firing = every.cron().next(opens, every.zone());
        }
        if (end != null) {
            clip(start, end, from, to).ifPresent(into::add);
        }
    }

    private static Optional<Interval> clip(Instant start, Instant end, Instant from, Instant to) {
        Instant a = start.isAfter(from) ? start : from;
        Instant b = end.isBefore(to) ? end : to;
        return b.isAfter(a) ? Optional.of(new Interval(a, b)) : Optional.empty();
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
