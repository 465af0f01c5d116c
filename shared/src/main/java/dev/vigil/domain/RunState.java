package dev.vigil.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * What the beats themselves say about an application's runs, written by the beats and the detector
 * (never by an admin, so not versioned): the start of the run in progress ({@code startedAt}, with its
 * run id {@code startedRid} when the client sent one), and the streaks the thresholds count:
 * {@code failStreak} failures or misses in a row, {@code successStreak} successes in a row; and
 * {@code unknown}, the miss the detector could not judge because Vigil's own ingest was unhealthy
 * ({@link UnknownMiss}), which stands until the next beat.
 */
public record RunState(Optional<Instant> startedAt, Optional<String> startedRid, long failStreak, long successStreak,
                       Optional<UnknownMiss> unknown) {

    /** No run in progress, no streak. */
    public static final RunState NONE = new RunState(Optional.empty(), Optional.empty(), 0, 0);

    /** A run state without an unknown miss. */
    public RunState(Optional<Instant> startedAt, Optional<String> startedRid, long failStreak, long successStreak) {
        this(startedAt, startedRid, failStreak, successStreak, Optional.empty());
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

    /** True while a run has started and not ended. */
    public boolean started() {
        return startedAt.isPresent();
    }
}
