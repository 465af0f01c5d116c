package dev.vigil.detector;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Pure rules of an ingest episode (a period in which Vigil's ingest is unhealthy and misses are
 * {@code unknown}): whether recorded errors may explain a miss, and how a pass moves the episode on.
 */
public final class IngestEpisode {
    private IngestEpisode() {
    }

    /**
     * Whether a bucket of recorded ingest errors (each {@code bucket} long, starting at one of
     * {@code bucketStarts}) overlaps a miss's window, from {@code windowStart} (its last beat, or the start
     * of its watch) to {@code deadline}, both included: a beat lost then may be the one that did not arrive.
     */
    public static boolean errorsOverlap(List<Instant> bucketStarts, Duration bucket, Instant windowStart, Instant deadline) {
        for (Instant start : bucketStarts) {
            if (!start.isAfter(deadline) && start.plus(bucket).isAfter(windowStart)) {
                return true;
            }
        }
        return false;
    }

    /** What a pass does to the episode. */
    public enum Transition {
        /** Ingest is healthy and no episode is open. */
        NONE,
        /** Ingest just became unhealthy: the episode opens and raises its one system alert. */
        OPEN,
        /** The episode goes on: trouble this pass, or not yet enough clean passes in a row. */
        CONTINUE,
        /** Enough clean passes in a row: the episode ends and its system alert is resolved. */
        CLOSE
    }

    /** A pass's outcome: the transition and the clean passes in a row counted after it. */
    public record Step(Transition transition, int cleanPasses) {
    }

    /**
     * The step of a pass that saw trouble ({@code troubled}: a suspected fleet drop, or errors recorded
     * since the last pass) or not, with an episode {@code open} or not, {@code cleanPasses} clean passes in
     * a row before it, and {@code needed} clean passes in a row to end an episode.
     */
    public static Step step(boolean troubled, boolean open, int cleanPasses, int needed) {
        if (troubled) {
            return new Step(open ? Transition.CONTINUE : Transition.OPEN, 0);
        }
        if (!open) {
            return new Step(Transition.NONE, 0);
        }
        int clean = cleanPasses + 1;
        return clean >= needed ? new Step(Transition.CLOSE, 0) : new Step(Transition.CONTINUE, clean);
    }
}
