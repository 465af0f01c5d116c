package dev.vigil.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * What the beats themselves say about an application's runs, written by the beats and the detector
 * (never by an admin, so not versioned): the start of the run in progress ({@code startedAt}, with its
 * run id {@code startedRid} when the client sent one), and the streaks the thresholds count:
 * {@code failStreak} failures or misses in a row, {@code successStreak} successes in a row.
 */
public record RunState(Optional<Instant> startedAt, Optional<String> startedRid, long failStreak, long successStreak) {

    /** No run in progress, no streak. */
    public static final RunState NONE = new RunState(Optional.empty(), Optional.empty(), 0, 0);

    /** True while a run has started and not ended. */
    public boolean started() {
        return startedAt.isPresent();
    }
}
