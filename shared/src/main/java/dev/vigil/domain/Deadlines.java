package dev.vigil.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * Pure rules for when an application is overdue. The deadline is the later of the last beat and the
 * start of the watch, plus the interval, plus the grace period. Paused and down applications have no
 * deadline: the first waits for its resume, the second for its next beat.
 */
public final class Deadlines {
    private Deadlines() {
    }

    public static Optional<Instant> deadline(Application app) {
        if (!app.active() || app.status() == Status.DOWN) {
            return Optional.empty();
        }
        Instant base = app.lastHeartbeat()
                .filter(beat -> beat.isAfter(app.watchedSince()))
                .orElse(app.watchedSince());
        return Optional.of(base.plus(app.interval()).plus(app.grace()));
    }

    /** Overdue means the deadline has been reached; the grace period is already inside it. */
    public static boolean isOverdue(Application app, Instant now) {
        return deadline(app).map(deadline -> !now.isBefore(deadline)).orElse(false);
    }
}
