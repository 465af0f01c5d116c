package dev.vigil.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a subject's rollup items gain when time passes or a result arrives: pure functions from stored
 * facts to a list of {@link UptimeIncrement}s, which a store applies with atomic {@code ADD}s.
 *
 * <p>Time: a subject's item keeps the state it is in and {@code rolledUpTo}, the watermark up to which its
 * time is already in the buckets. On a flip at {@code t} from S1 to S2, or on a beat or result that finds
 * it still in S1 at {@code t}, {@link #observe} splits {@code [rolledUpTo, t)} across the minute, hour and
 * day buckets it touches (each resolution gets the whole span, so each resolution alone adds up to the
 * subject's whole history) and returns {@code t} as the new watermark. It only ever covers
 * {@code [rolledUpTo, t)}: an observation at or before the watermark (a replay, a late or out-of-order
 * event) adds nothing and keeps the watermark. The store writes the increments only when its conditional
 * update moving the watermark from the old value to the new one wins, so a span is never counted twice.
 *
 * <p>Buckets whose TTL has already passed at {@code t} get nothing (they would be deleted unread), so one
 * observation writes at most 1 441 minute, 721 hour and 401 day increments however long the span; a writer
 * that observes on every beat, result and sweep keeps spans short, and most observations write one
 * increment per resolution (two at an edge).
 */
public final class Rollups {
    private Rollups() {
    }

    /** The increments of one observation and the watermark after it. */
    public record Step(List<UptimeIncrement> increments, Instant rolledUpTo) {
        public Step {
            increments = List.copyOf(increments);
            Objects.requireNonNull(rolledUpTo, "rolledUpTo");
        }
    }

    /**
     * The subject was in {@code state} from {@code rolledUpTo} (or earlier) until {@code at}: its
     * milliseconds of {@code [rolledUpTo, at)} for every minute, hour and day bucket the span touches that
     * is still kept at {@code at}, and the new watermark {@code at}.
     */
    public static Step observe(UptimeState state, Instant rolledUpTo, Instant at) {
        return observe(state, rolledUpTo, at, List.of());
    }

    /**
     * As {@link #observe(UptimeState, Instant, Instant)}, the parts of the span inside {@code windows}
     * counted as maintenance ({@link MaintenanceTime#split}). The span is first clipped to what is still
     * kept at {@code at}, so the windows are only walked over at most 401 days.
     */
    public static Step observe(UptimeState state, Instant rolledUpTo, Instant at, List<MaintenanceWindow> windows) {
        Objects.requireNonNull(state, "state");
        if (!at.isAfter(rolledUpTo)) {
            return new Step(List.of(), rolledUpTo);
        }
        Instant oldestKept = Resolution.DAY.oldestKeptAt(at);
        Instant from = rolledUpTo.isBefore(oldestKept) ? oldestKept : rolledUpTo;
        List<UptimeIncrement> increments = new ArrayList<>();
        for (MaintenanceTime.Span span : MaintenanceTime.split(windows, state, from, at)) {
            for (Resolution resolution : Resolution.values()) {
                split(resolution, span.state().counter(), span.from(), span.to(), at, increments);
            }
        }
        return new Step(increments, at);
    }

    /**
     * A transition into down at {@code at}: one outage in its minute, hour and day buckets. The store
     * writes it with the flip's watermark move, so a replayed flip counts it once.
     */
    public static List<UptimeIncrement> outage(Instant at) {
        List<UptimeIncrement> increments = new ArrayList<>();
        for (Resolution resolution : Resolution.values()) {
            increments.add(new UptimeIncrement(UptimeBucket.holding(resolution, at), UptimeCounter.OUTAGES, 1));
        }
        return List.copyOf(increments);
    }

    /** Whether moving from {@code was} to {@code next} starts an outage: into down from anything else. */
    public static boolean startsOutage(Optional<UptimeState> was, Optional<UptimeState> next) {
        return next.equals(Optional.of(UptimeState.DOWN)) && !was.equals(next);
    }

    /**
     * A check result at {@code at}: one more result in its minute, hour and day buckets, and its latency
     * (when it has one: a run that timed out or never connected has none) added to the latency sum and
     * count. Results are points, not spans: the store writes them once per result, not under the watermark.
     */
    public static List<UptimeIncrement> result(Instant at, OptionalLong latencyMs) {
        if (latencyMs.isPresent() && latencyMs.getAsLong() < 0) {
            throw new IllegalArgumentException("a latency is not negative: " + latencyMs.getAsLong());
        }
        List<UptimeIncrement> increments = new ArrayList<>();
        for (Resolution resolution : Resolution.values()) {
            UptimeBucket bucket = UptimeBucket.holding(resolution, at);
            increments.add(new UptimeIncrement(bucket, UptimeCounter.RESULTS, 1));
            if (latencyMs.isPresent()) {
                if (latencyMs.getAsLong() > 0) {
                    increments.add(new UptimeIncrement(bucket, UptimeCounter.LATENCY_SUM_MS, latencyMs.getAsLong()));
                }
                increments.add(new UptimeIncrement(bucket, UptimeCounter.LATENCY_COUNT, 1));
            }
        }
        return List.copyOf(increments);
    }

    private static void split(Resolution resolution, UptimeCounter counter, Instant from, Instant to, Instant at,
                              List<UptimeIncrement> into) {
        Instant oldestKept = resolution.oldestKeptAt(at);
        Instant cursor = from.isBefore(oldestKept) ? oldestKept : from;
        while (cursor.isBefore(to)) {
            UptimeBucket bucket = UptimeBucket.holding(resolution, cursor);
            Instant pieceEnd = bucket.end().isBefore(to) ? bucket.end() : to;
            long millis = pieceEnd.toEpochMilli() - cursor.toEpochMilli();
            if (millis > 0) {
                into.add(new UptimeIncrement(bucket, counter, millis));
            }
            cursor = pieceEnd;
        }
    }
}
