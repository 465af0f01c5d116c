package dev.vigil.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * What the beats themselves say about an application's runs, written by the beats and the detector
 * (never by an admin, so not versioned): the start of the run in progress ({@code startedAt}, with its
 * run id {@code startedRid} when the client sent one), and the streaks the thresholds count:
 * {@code failStreak} failures or misses in a row, {@code successStreak} successes in a row;
 * {@code suppressed} says why the alerts of the current outage are not sent (its parent was down when it
 * went down), empty when they are.
 */
public record RunState(Optional<Instant> startedAt, Optional<String> startedRid, long failStreak, long successStreak,
                       Optional<String> suppressed) {

    /** No run in progress, no streak. */
    public static final RunState NONE = new RunState(Optional.empty(), Optional.empty(), 0, 0);

    /** A run state whose outage, if any, is alerted. */
    public RunState(Optional<Instant> startedAt, Optional<String> startedRid, long failStreak, long successStreak) {
        this(startedAt, startedRid, failStreak, successStreak, Optional.empty());
    }

    /** True while a run has started and not ended. */
    public boolean started() {
        return startedAt.isPresent();
    }
}
