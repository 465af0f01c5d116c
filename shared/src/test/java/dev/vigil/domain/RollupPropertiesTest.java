package dev.vigil.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Over a generated month of flips, the uptime summed from the rollup increments through the read tiling
 * equals, to the millisecond, the time spent in each state computed straight from the flips, for random
 * windows read at random moments up to 45 days after the month (so minutes and hours have expired).
 */
class RollupPropertiesTest {
    private static final long DAY = 86_400_000L;
    /** Months start between 2024-01-01 (a leap year) and 2026-10-01. */
    private static final long FIRST_DAY = 19_723;
    private static final long LAST_DAY = 20_362;
    private static final long MONTH = 31 * DAY;

    record Flip(long offsetMillis, UptimeState to) {
    }

    record Span(Instant from, Instant to, UptimeState state) {
    }

    /** A subject's month: what was written to its buckets and what really happened. */
    record History(Instant end, List<UptimeIncrement> written, List<Span> truth) {
    }

    @Provide
    Arbitrary<List<Flip>> flips() {
        Arbitrary<Flip> flip = Combinators.combine(Arbitraries.longs().between(0, MONTH - 1),
                Arbitraries.of(UptimeState.class)).as(Flip::new);
        return flip.list().ofMaxSize(80)
                .map(list -> list.stream().sorted(Comparator.comparingLong(Flip::offsetMillis)).toList());
    }

    @Provide
    Arbitrary<List<long[]>> oneOffs() {
        return Combinators.combine(Arbitraries.longs().between(-2 * DAY, MONTH + DAY),
                Arbitraries.longs().between(1, 3 * DAY)).as((offset, length) -> new long[] {offset, length})
                .list().ofMaxSize(3);
    }

    private static History replay(Instant start, UptimeState initial, List<Flip> flips) {
        return replay(start, initial, flips, List.of());
    }

    private static History replay(Instant start, UptimeState initial, List<Flip> flips, List<MaintenanceWindow> windows) {
        List<UptimeIncrement> written = new ArrayList<>();
        List<Span> truth = new ArrayList<>();
        UptimeState state = initial;
        Instant watermark = start;
        for (Flip flip : flips) {
            Instant at = start.plusMillis(flip.offsetMillis());
            truth.add(new Span(watermark, at, state));
            Rollups.Step step = Rollups.observe(state, watermark, at, windows);
            written.addAll(step.increments());
            watermark = step.rolledUpTo();
            state = flip.to();
        }
        Instant end = start.plusMillis(MONTH);
        truth.add(new Span(watermark, end, state));
        written.addAll(Rollups.observe(state, watermark, end, windows).increments());
        return new History(end, written, truth);
    }

    private static Map<UptimeState, Long> bruteForce(List<Span> truth, Instant from, Instant to) {
        Map<UptimeState, Long> millis = new EnumMap<>(UptimeState.class);
        for (UptimeState state : UptimeState.values()) {
            millis.put(state, 0L);
        }
        for (Span span : truth) {
            long start = Math.max(span.from().toEpochMilli(), from.toEpochMilli());
            long end = Math.min(span.to().toEpochMilli(), to.toEpochMilli());
            if (end > start) {
                millis.merge(span.state(), end - start, Long::sum);
            }
        }
        return millis;
    }

    private static void assertAgrees(Map<UptimeState, Long> expected, Uptime uptime) {
        assertEquals(expected.get(UptimeState.UP), uptime.upMillis(), "up");
        assertEquals(expected.get(UptimeState.DOWN), uptime.downMillis(), "down");
        assertEquals(expected.get(UptimeState.PAUSED), uptime.pausedMillis(), "paused");
        assertEquals(expected.get(UptimeState.MAINTENANCE), uptime.maintenanceMillis(), "maintenance");
        long monitored = expected.get(UptimeState.UP) + expected.get(UptimeState.DOWN);
        assertEquals(monitored == 0 ? Optional.empty()
                : Optional.of((double) expected.get(UptimeState.UP) / monitored), uptime.ratio());
    }

    /**
     * With maintenance windows (up to three one-off ones, overlapping or not, and often a daily one), up
     * and down time inside any window is maintenance time, to the millisecond, as computed piece by piece.
     */
    @Property(tries = 300)
    void uptimeFromRollupsEqualsTheFlipsToTheMillisecond(
            @ForAll @LongRange(min = FIRST_DAY, max = LAST_DAY) long day,
            @ForAll @LongRange(min = 0, max = DAY - 1) long startOfDay,
            @ForAll UptimeState initial,
            @ForAll("flips") List<Flip> flips,
            @ForAll("oneOffs") List<long[]> oneOffs,
            @ForAll @IntRange(min = -12, max = 23) int dailyHour,
            @ForAll @IntRange(min = 1, max = 240) int dailyMinutes,
            @ForAll @LongRange(min = 0, max = 45 * DAY) long readAfter,
            @ForAll @LongRange(min = -2 * DAY, max = MONTH + 47 * DAY) long fromOffset,
            @ForAll @LongRange(min = 1, max = MONTH + 2 * DAY) long length) {
        Instant start = Instant.ofEpochMilli(day * DAY + startOfDay);
        MaintenanceTruth.Windows windows = MaintenanceTruth.of(start, start.plusMillis(MONTH), oneOffs, dailyHour,
                dailyMinutes);
        History history = replay(start, initial, flips, windows.windows());
        Instant now = history.end().plusMillis(readAfter);
        Instant from = start.plusMillis(fromOffset);
        UptimePlan plan = UptimePlan.of(from, from.plusMillis(length), now);

        Uptime uptime = Uptime.of(plan, BucketCounts.of(history.written()));

        List<MaintenanceTruth.Span> truth = history.truth().stream()
                .map(span -> new MaintenanceTruth.Span(span.from(), span.to(), span.state())).toList();
        assertAgrees(MaintenanceTruth.bruteForce(truth, windows.intervals(), plan.from(), plan.to()), uptime);
    }

    @Property(tries = 100)
    void everySeriesPointEqualsTheFlipsInItsStep(
            @ForAll @LongRange(min = FIRST_DAY, max = LAST_DAY) long day,
            @ForAll UptimeState initial,
            @ForAll("flips") List<Flip> flips,
            @ForAll @LongRange(min = 0, max = 45 * DAY) long readAfter,
            @ForAll @LongRange(min = 0, max = MONTH - 1) long fromOffset,
            @ForAll @IntRange(min = 1, max = 3) int stepUnits,
            @ForAll Resolution stepResolution) {
        Instant start = Instant.ofEpochMilli(day * DAY);
        History history = replay(start, initial, flips);
        Instant now = history.end().plusMillis(readAfter);
        Instant from = start.plusMillis(fromOffset);
        Duration step = stepResolution.length().multipliedBy(stepUnits);
        UptimeSeries series = UptimeSeries.of(from, history.end(), step, now);
        Assume.that(!series.pointStarts().isEmpty());

        List<Uptime> points = series.points(BucketCounts.of(history.written()));

        for (Uptime point : points) {
            assertAgrees(bruteForce(history.truth(), point.from(), point.to()), point);
        }
    }
}
