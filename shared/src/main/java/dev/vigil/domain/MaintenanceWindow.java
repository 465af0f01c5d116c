package dev.vigil.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * A period in which an application's misses are not alerted: a one-off window ({@link OneOff}, from
 * {@code start} to {@code end}) or a recurring one ({@link Recurring}, opening at each firing of a cron
 * expression read in a time zone and lasting {@code duration}). Beats during a window are recorded as
 * usual; a miss during one is not a flip, and the deadline restarts when the window ends.
 */
public sealed interface MaintenanceWindow {
    /** The most windows one application may have. */
    int MAX_WINDOWS = 20;
    /** The longest a recurring window may last. */
    Duration MAX_RECURRING = Duration.ofDays(7);

    /** When the window that contains {@code now} ends; empty when {@code now} is outside the window. */
    Optional<Instant> endIfActiveAt(Instant now);

    /** A window from {@code start} (inclusive) to {@code end} (exclusive). */
    record OneOff(Instant start, Instant end) implements MaintenanceWindow {
        public OneOff {
            if (!end.isAfter(start)) {
                throw new IllegalArgumentException("maintenance window end must be after its start");
            }
        }

        @Override
        public Optional<Instant> endIfActiveAt(Instant now) {
            return !now.isBefore(start) && now.isBefore(end) ? Optional.of(end) : Optional.empty();
        }
    }

    /**
     * A window opening at each firing of {@code cron} (read in {@code zone}) and lasting {@code duration};
     * when one opens before the previous one has closed, they make one window ending with the later.
     */
    record Recurring(CronExpression cron, ZoneId zone, Duration duration) implements MaintenanceWindow {
        public Recurring {
            if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_RECURRING) > 0) {
                throw new IllegalArgumentException("maintenance window durationMinutes must be between 1 and "
                        + MAX_RECURRING.toMinutes());
            }
        }

        @Override
        public Optional<Instant> endIfActiveAt(Instant now) {
            // The firings in (now - duration, now] each open a window that holds now.
            Optional<Instant> end = Optional.empty();
            Optional<Instant> firing = cron.next(now.minus(duration), zone);
            while (firing.isPresent() && !firing.get().isAfter(now)) {
                end = Optional.of(firing.get().plus(duration));
                firing = cron.next(firing.get(), zone);
            }
            // Windows that open before this one closes extend it.
            while (end.isPresent() && firing.isPresent() && firing.get().isBefore(end.get())) {
                Instant longer = firing.get().plus(duration);
                end = Optional.of(longer.isAfter(end.get()) ? longer : end.get());
                firing = cron.next(firing.get(), zone);
            }
            return end;
        }
    }

    /**
     * When the maintenance of {@code windows} that holds {@code now} ends: the latest end of the windows
     * active at {@code now}, extended through windows that are active when it comes; empty when none is.
     */
    static Optional<Instant> endOfMaintenanceAt(List<MaintenanceWindow> windows, Instant now) {
        Optional<Instant> end = latestEnd(windows, now);
        for (int hops = 0; end.isPresent() && hops < MAX_WINDOWS * 2; hops++) {
            Optional<Instant> further = latestEnd(windows, end.get());
            if (further.isEmpty() || !further.get().isAfter(end.get())) {
                break;
            }
            end = further;
        }
        return end;
    }

    private static Optional<Instant> latestEnd(List<MaintenanceWindow> windows, Instant at) {
        return windows.stream().map(w -> w.endIfActiveAt(at)).flatMap(Optional::stream).max(Instant::compareTo);
    }
}
