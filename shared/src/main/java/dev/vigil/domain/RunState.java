package dev.vigil.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the beats themselves say about an application's runs, written by the beats and the detector
 * (never by an admin, so not versioned): the start of the run in progress that was started without a
 * run id ({@code startedAt}; {@code startedRid} names its run id when one was recorded there), the
 * streaks the thresholds count: {@code failStreak} failures or misses in a row, {@code successStreak}
 * successes in a row, the runs in progress that were started with a run id ({@code runs}: run id to
 * start, at most {@link Runs#MAX_OPEN_RUNS}); {@code suppressed} says why the alerts of the current
 * outage are not sent (its parent was down when it went down), empty when they are.
 */
public record RunState(Optional<Instant> startedAt, Optional<String> startedRid, long failStreak, long successStreak,
                       Map<String, Instant> runs, Optional<String> suppressed) {

    /** No run in progress, no streak. */
    public static final RunState NONE = new RunState(Optional.empty(), Optional.empty(), 0, 0);

    public RunState {
        runs = Collections.unmodifiableMap(new TreeMap<>(runs));
    }

    /** No run in progress with a run id, and an outage, if any, that is alerted. */
    public RunState(Optional<Instant> startedAt, Optional<String> startedRid, long failStreak, long successStreak) {
        this(startedAt, startedRid, failStreak, successStreak, Map.of(), Optional.empty());
    }

    /** The same state whose outage, if any, is alerted ({@code suppressed} empty) or not. */
    public RunState withSuppressed(Optional<String> reason) {
        return new RunState(startedAt, startedRid, failStreak, successStreak, runs, reason);
    }

    /** True while a run has started and not ended (with or without a run id). */
    public boolean started() {
        return startedAt.isPresent() || !runs.isEmpty();
    }

    /** The most recent start of a run in progress, with or without a run id. */
    public Optional<Instant> lastStart() {
        Optional<Instant> latest = startedAt;
        for (Instant start : runs.values()) {
            if (latest.isEmpty() || start.isAfter(latest.get())) {
                latest = Optional.of(start);
            }
        }
        return latest;
    }

    /** The earliest start of a run in progress: the one that times out first. */
    public Optional<Instant> firstStart() {
        Optional<Instant> earliest = startedAt;
        for (Instant start : runs.values()) {
            if (earliest.isEmpty() || start.isBefore(earliest.get())) {
                earliest = Optional.of(start);
            }
        }
        return earliest;
    }
}
