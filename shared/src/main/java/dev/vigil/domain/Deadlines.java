package dev.vigil.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * Pure rules for when an application is overdue. The watch runs from the later of the last beat and
 * the start of the watch ({@code watchedSince}: creation, a resume, the end of a maintenance window, or
 * the expected time of the last miss that did not reach the failure threshold). The next expected time
 * is one interval after it on a fixed interval, or the cron schedule's next firing strictly after it
 * (in the schedule's time zone, so across daylight-saving changes); the deadline is that plus the grace
 * period. Paused and down applications have no deadline: the first waits for its resume, the second
 * for its next beat.
 */
public final class Deadlines {
    private Deadlines() {
    }

    public static Optional<Instant> deadline(Application app) {
        if (!app.active() || app.status() == Status.DOWN) {
            return Optional.empty();
        }
        return expectedAfter(app, watchStart(app)).map(expected -> expected.plus(app.grace()));
    }

    /** Where the watch counts from: the later of the last beat and {@code watchedSince}. */
    public static Instant watchStart(Application app) {
        return app.lastHeartbeat()
                .filter(beat -> beat.isAfter(app.watchedSince()))
                .orElse(app.watchedSince());
    }

    /**
     * The next time a beat is expected after {@code after}: one interval later, or the next cron firing
     * strictly after it (empty for a cron schedule that never fires again).
     */
    public static Optional<Instant> expectedAfter(Application app, Instant after) {
        return app.rules().cron()
                .map(cron -> cron.expression().next(after, cron.zone()))
                .orElseGet(() -> Optional.of(after.plus(app.interval())));
    }

    /**
     * The deadline of a watch that starts at {@code start} (the end of a maintenance window, say): the
     * next expected time after it plus grace, whatever the stored facts.
     */
    public static Optional<Instant> deadlineFrom(Application app, Instant start) {
        return expectedAfter(app, start).map(expected -> expected.plus(app.grace()));
    }

    /**
     * A lower bound of the deadline a beat at time t sets, as a duration after t: the stored
     * {@code windowMillis} that the beat's one write adds to its receipt time without reading the item.
     * On a fixed interval it is exact (interval + grace); on a cron schedule the next firing may come any
     * moment after the beat, so it is the grace alone, and the detector moves the deadline it finds too
     * early to the real one.
     */
    public static long windowMillis(Application app) {
        long grace = app.graceSeconds() * 1000L;
        return app.rules().cron().isPresent() ? grace : app.intervalSeconds() * 1000L + grace;
    }

    /** Overdue means the deadline has been reached; the grace period is already inside it. */
    public static boolean isOverdue(Application app, Instant now) {
        return deadline(app).map(deadline -> !now.isBefore(deadline)).orElse(false);
    }
}
