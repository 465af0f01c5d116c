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
 * outage are not sent (its parent was down when it went down), empty when they are; and
 * {@code unknown}, the miss the detector could not judge because Vigil's own ingest was unhealthy
 * ({@link UnknownMiss}), which stands until the next beat.
 */
public record RunState(Optional<Instant> startedAt, Optional<String> startedRid, long failStreak, long successStreak,
                       Map<String, Instant> runs, Optional<String> suppressed, Optional<UnknownMiss> unknown) {

    /** No run in progress, no streak. */
    public static final RunState NONE = new RunState(Optional.empty(), Optional.empty(), 0, 0);

    public RunState {
        runs = Collections.unmodifiableMap(new TreeMap<>(runs));
    }

    /** No run in progress with a run id, an outage, if any, that is alerted, and no unknown miss. */
    public RunState(Optional<Instant> startedAt, Optional<String> startedRid, long failStreak, long successStreak) {
        this(startedAt, startedRid, failStreak, successStreak, Map.of(), Optional.empty(), Optional.empty());
    }

    /** Runs in progress and a suppression, no unknown miss. */
    public RunState(Optional<Instant> startedAt, Optional<String> startedRid, long failStreak, long successStreak,
                    Map<String, Instant> runs, Optional<String> suppressed) {
        this(startedAt, startedRid, failStreak, successStreak, runs, suppressed, Optional.empty());
    }

    /** The same state whose outage, if any, is alerted ({@code suppressed} empty) or not. */
    public RunState withSuppressed(Optional<String> reason) {
        return new RunState(startedAt, startedRid, failStreak, successStreak, runs, reason, unknown);
    }

    /**
     * A miss marked {@code unknown} at {@code since}: ingest was unhealthy ({@code reason}) while the beat
     * was due, so the detector neither flipped the application down nor paged; it restarted the watch.
     */
    public record UnknownMiss(Instant since, UnknownReason reason) {
    }

    /**
     * The unknown miss that still stands for an application whose last beat is {@code lastBeat} and whose
     * watch began at {@code watchedSince}: one marked after that beat (a beat since ends it, as a beat ends
     * any miss) and no later than the watch began (a resume since starts a new watch).
     */
    public Optional<UnknownMiss> standingUnknown(Optional<Instant> lastBeat, Instant watchedSince) {
        return unknown.filter(miss -> lastBeat.map(beat -> !beat.isAfter(miss.since())).orElse(true))
                .filter(miss -> !watchedSince.isAfter(miss.since()));
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
