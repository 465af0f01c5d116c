package dev.vigil.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * The state the API reports for an application at a moment: {@code new} (never beaten), {@code up},
 * {@code late} (its expected time has passed and it is within its grace period), {@code down} and
 * {@code paused}, and {@code unknown}: a miss fell while Vigil's own ingest was unhealthy, so it was not
 * judged (the watch restarted; the next beat, or the next miss once ingest is healthy, decides). Derived
 * from the stored facts and the time, never stored. An application past its deadline that the detector
 * will not flip (inside a maintenance window, or with fewer misses in a row than its failure threshold)
 * is {@code late}, not down.
 */
public enum BeatState implements WireName {
    NEW, UP, LATE, DOWN, PAUSED, UNKNOWN;

    public static Optional<BeatState> fromWire(String value) {
        return WireName.parse(BeatState.class, value);
    }

    public static BeatState of(Application app, Instant now) {
        if (!app.active()) {
            return PAUSED;
        }
        if (app.status() == Status.DOWN) {
            return DOWN;
        }
        Optional<Instant> deadline = Deadlines.deadline(app);
        if (deadline.isPresent() && !now.isBefore(deadline.get())) {
            // A miss that will not flip it yet: inside a maintenance window, or below the failure threshold.
            boolean excused = MaintenanceWindow.endOfMaintenanceAt(app.rules().maintenance(), now).isPresent()
                    || app.run().failStreak() + 1 < app.rules().failureThreshold();
            return excused ? LATE : DOWN;
        }
        if (app.unknownMiss().isPresent()) {
            return UNKNOWN;
        }
        if (deadline.isPresent() && !now.isBefore(deadline.get().minus(app.grace()))) {
            return LATE;
        }
        return app.status() == Status.NEW ? NEW : UP;
    }
}
