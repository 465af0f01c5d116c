package dev.vigil.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * The one place the two kinds of deadline are combined: what the deadline index holds for an
 * application is the earlier of its schedule's deadline ({@link Deadlines#deadline}) and the timeout of
 * the run in progress ({@link Runs#timeout}), whichever it reaches first.
 */
public final class Due {
    private Due() {
    }

    public static Optional<Instant> of(Application app) {
        Optional<Instant> schedule = Deadlines.deadline(app);
        Optional<Instant> timeout = Runs.timeout(app);
        if (schedule.isEmpty()) {
            return timeout;
        }
        if (timeout.isEmpty()) {
            return schedule;
        }
        return Optional.of(timeout.get().isBefore(schedule.get()) ? timeout.get() : schedule.get());
    }

    /** Whether the deadline {@code app} reached at {@code due} is its run's timeout rather than its schedule's. */
    public static boolean isTimeout(Application app, Instant due) {
        return Runs.timeout(app).filter(due::equals).isPresent()
                && Deadlines.deadline(app).filter(due::equals).isEmpty();
    }
}
