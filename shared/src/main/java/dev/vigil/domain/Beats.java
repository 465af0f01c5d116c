package dev.vigil.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What a success beat does to an application, as a pure function: the store's one conditional write
 * (and its fallback for a paused application) does the same to the item. An active application is up,
 * its watch going on from the beat (a down one only once {@code recoveryThreshold} successes came in a
 * row), its failure streak ended; a paused one resumes (active again, a fresh watch from the beat,
 * up, the runs begun before the pause forgotten) unless it has {@code manualResume}, in which case the beat is only recorded.
 */
public final class Beats {
    private Beats() {
    }

    public static Application afterBeat(Application app, Instant at) {
        if (!app.active() && app.rules().manualResume()) {
            return copy(app, app.status(), false, at, app.watchedSince());
        }
        if (!app.active()) {
            // A resume starts afresh: the misses before the pause no longer count, nor do the runs begun before it.
            RunState run = app.run();
            Application resumed = copy(app, Status.UP, true, at, at).withRun(new RunState(Optional.empty(), Optional.empty(), 0,
                    run.successStreak(), Map.of(), run.suppressed()));
            return resumed.withDueAt(Deadlines.deadline(resumed));
        }
        // A success ends a streak of failures and misses, and counts towards the recovery threshold.
        RunState run = app.run();
        long successes = run.successStreak() + 1;
        RunState counted = new RunState(run.startedAt(), run.startedRid(), 0, successes, run.runs(), run.suppressed());
        if (app.status() == Status.DOWN && successes < app.rules().recoveryThreshold()) {
            return copy(app, Status.DOWN, true, at, app.watchedSince()).withRun(counted);
        }
        Application after = copy(app, Status.UP, true, at, app.watchedSince()).withRun(counted);
        return after.withDueAt(Deadlines.deadline(after));
    }

    private static Application copy(Application app, Status status, boolean active, Instant beat, Instant since) {
        return new Application(app.id(), app.uuid(), app.name(), app.intervalSeconds(), app.graceSeconds(), status,
                app.announced(), active, Optional.of(beat), since, app.dueAt(), app.flips(), app.createdAt(),
                app.updatedAt(), app.channels(), app.severity(), app.quietHours(), app.acknowledgedFlip(), app.version(),
                app.tenantId(), app.rules(), app.run());
    }
}
