package dev.vigil.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What a span of time and a check result add to the minute, hour and day buckets. */
class RollupsTest {
    private static Instant at(String text) {
        return Instant.parse(text);
    }

    private static UptimeBucket bucket(Resolution resolution, String start) {
        return new UptimeBucket(resolution, at(start));
    }

    private static List<UptimeIncrement> of(List<UptimeIncrement> increments, Resolution resolution) {
        return increments.stream().filter(i -> i.bucket().resolution() == resolution).toList();
    }

    private static long total(List<UptimeIncrement> increments) {
        return increments.stream().mapToLong(UptimeIncrement::amount).sum();
    }

    @Test
    void spanInsideOneMinuteAddsItsMillisecondsOnceToEachResolution() {
        Rollups.Step step = Rollups.observe(UptimeState.UP, at("2026-11-30T10:15:05Z"), at("2026-11-30T10:15:50.250Z"));
        assertEquals(List.of(
                new UptimeIncrement(bucket(Resolution.MINUTE, "2026-11-30T10:15:00Z"), UptimeCounter.UP, 45_250),
                new UptimeIncrement(bucket(Resolution.HOUR, "2026-11-30T10:00:00Z"), UptimeCounter.UP, 45_250),
                new UptimeIncrement(bucket(Resolution.DAY, "2026-11-30T00:00:00Z"), UptimeCounter.UP, 45_250)),
                step.increments());
    }

    @Test
    void observationMovesTheWatermarkToItsTime() {
        Rollups.Step step = Rollups.observe(UptimeState.UP, at("2026-11-30T10:15:05Z"), at("2026-11-30T10:17:00Z"));
        assertEquals(at("2026-11-30T10:17:00Z"), step.rolledUpTo());
    }

    @Test
    void zeroLengthSpanAddsNothingAndKeepsTheWatermark() {
        Instant t = at("2026-11-30T10:15:05Z");
        Rollups.Step step = Rollups.observe(UptimeState.DOWN, t, t);
        assertEquals(List.of(), step.increments());
        assertEquals(t, step.rolledUpTo());
    }

    @Test
    void observationBeforeTheWatermarkIsAReplayThatAddsNothing() {
        Instant watermark = at("2026-11-30T10:15:05Z");
        Rollups.Step step = Rollups.observe(UptimeState.UP, watermark, watermark.minusSeconds(30));
        assertEquals(List.of(), step.increments());
        assertEquals(watermark, step.rolledUpTo());
    }

    @Test
    void spanAcrossAMinuteEdgeSplitsAtTheEdge() {
        Rollups.Step step = Rollups.observe(UptimeState.UP, at("2026-11-30T10:15:40Z"), at("2026-11-30T10:16:10Z"));
        assertEquals(List.of(
                new UptimeIncrement(bucket(Resolution.MINUTE, "2026-11-30T10:15:00Z"), UptimeCounter.UP, 20_000),
                new UptimeIncrement(bucket(Resolution.MINUTE, "2026-11-30T10:16:00Z"), UptimeCounter.UP, 10_000)),
                of(step.increments(), Resolution.MINUTE));
        assertEquals(List.of(new UptimeIncrement(bucket(Resolution.HOUR, "2026-11-30T10:00:00Z"), UptimeCounter.UP, 30_000)),
                of(step.increments(), Resolution.HOUR));
    }

    @Test
    void spanAcrossAnHourEdgeSplitsTheHours() {
        Rollups.Step step = Rollups.observe(UptimeState.DOWN, at("2026-11-30T10:59:00Z"), at("2026-11-30T11:02:00Z"));
        assertEquals(List.of(
                new UptimeIncrement(bucket(Resolution.HOUR, "2026-11-30T10:00:00Z"), UptimeCounter.DOWN, 60_000),
                new UptimeIncrement(bucket(Resolution.HOUR, "2026-11-30T11:00:00Z"), UptimeCounter.DOWN, 120_000)),
                of(step.increments(), Resolution.HOUR));
        assertEquals(3, of(step.increments(), Resolution.MINUTE).size());
    }

    @Test
    void spanAcrossMidnightUtcSplitsTheDays() {
        Rollups.Step step = Rollups.observe(UptimeState.UP, at("2026-11-30T23:50:00Z"), at("2026-12-01T00:20:00Z"));
        assertEquals(List.of(
                new UptimeIncrement(bucket(Resolution.DAY, "2026-11-30T00:00:00Z"), UptimeCounter.UP, 600_000),
                new UptimeIncrement(bucket(Resolution.DAY, "2026-12-01T00:00:00Z"), UptimeCounter.UP, 1_200_000)),
                of(step.increments(), Resolution.DAY));
    }

    @Test
    void threeDayOutageFillsEachDayAndHour() {
        Rollups.Step step = Rollups.observe(UptimeState.DOWN, at("2026-11-23T10:00:00Z"), at("2026-11-26T10:00:00Z"));
        List<UptimeIncrement> days = of(step.increments(), Resolution.DAY);
        assertEquals(List.of(14L, 24L, 24L, 10L),
                days.stream().map(i -> Duration.ofMillis(i.amount()).toHours()).toList());
        assertEquals(72, of(step.increments(), Resolution.HOUR).size());
        assertEquals(Duration.ofDays(3).toMillis(), total(of(step.increments(), Resolution.HOUR)));
    }

    @Test
    void longOutageWritesOnlyTheMinutesStillKept() {
        Instant end = at("2026-11-26T10:00:00Z");
        Rollups.Step step = Rollups.observe(UptimeState.DOWN, at("2026-11-23T10:00:00Z"), end);
        List<UptimeIncrement> minutes = of(step.increments(), Resolution.MINUTE);
        assertEquals(1440, minutes.size());
        assertEquals(end.minus(Duration.ofHours(24)), minutes.get(0).bucket().start());
        assertTrue(minutes.stream().allMatch(i -> i.bucket().keptAt(end)));
    }

    @Test
    void spanOverALeapDayGivesTheLeapDayItsOwnFullBucket() {
        Rollups.Step step = Rollups.observe(UptimeState.UP, at("2028-02-28T23:00:00Z"), at("2028-03-01T01:00:00Z"));
        Map<Instant, Long> days = of(step.increments(), Resolution.DAY).stream()
                .collect(Collectors.toMap(i -> i.bucket().start(), UptimeIncrement::amount));
        assertEquals(Map.of(at("2028-02-28T00:00:00Z"), 3_600_000L, at("2028-02-29T00:00:00Z"), 86_400_000L,
                at("2028-03-01T00:00:00Z"), 3_600_000L), days);
    }

    @Test
    void pausedTimeGoesToThePausedCounter() {
        Rollups.Step step = Rollups.observe(UptimeState.PAUSED, at("2026-11-30T10:00:00Z"), at("2026-11-30T10:00:30Z"));
        assertTrue(step.increments().stream().allMatch(i -> i.counter() == UptimeCounter.PAUSED));
    }

    @Test
    void maintenanceTimeGoesToTheMaintenanceCounter() {
        Rollups.Step step = Rollups.observe(UptimeState.MAINTENANCE, at("2026-11-30T10:00:00Z"), at("2026-11-30T10:00:30Z"));
        assertTrue(step.increments().stream().allMatch(i -> i.counter() == UptimeCounter.MAINTENANCE));
    }

    @Test
    void resultCountsOnceAndAddsItsLatencyInEachResolution() {
        List<UptimeIncrement> increments = Rollups.result(at("2026-11-30T10:15:05Z"), OptionalLong.of(120));
        UptimeBucket minute = bucket(Resolution.MINUTE, "2026-11-30T10:15:00Z");
        assertEquals(List.of(new UptimeIncrement(minute, UptimeCounter.RESULTS, 1),
                new UptimeIncrement(minute, UptimeCounter.LATENCY_SUM_MS, 120),
                new UptimeIncrement(minute, UptimeCounter.LATENCY_COUNT, 1)), of(increments, Resolution.MINUTE));
        assertEquals(9, increments.size());
    }

    @Test
    void resultWithoutLatencyCountsOnlyTheResult() {
        List<UptimeIncrement> increments = Rollups.result(at("2026-11-30T10:15:05Z"), OptionalLong.empty());
        assertTrue(increments.stream().allMatch(i -> i.counter() == UptimeCounter.RESULTS));
        assertEquals(3, increments.size());
    }

    @Test
    void negativeLatencyIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> Rollups.result(at("2026-11-30T10:15:05Z"), OptionalLong.of(-1)));
    }

    @Test
    void anOutageCountsOnceInTheMinuteHourAndDayItStartsIn() {
        List<UptimeIncrement> outage = Rollups.outage(at("2026-11-30T10:15:05Z"));

        assertEquals(List.of(
                new UptimeIncrement(new UptimeBucket(Resolution.MINUTE, at("2026-11-30T10:15:00Z")), UptimeCounter.OUTAGES, 1),
                new UptimeIncrement(new UptimeBucket(Resolution.HOUR, at("2026-11-30T10:00:00Z")), UptimeCounter.OUTAGES, 1),
                new UptimeIncrement(new UptimeBucket(Resolution.DAY, at("2026-11-30T00:00:00Z")), UptimeCounter.OUTAGES, 1)),
                outage);
    }

    @Test
    void onlyAMoveIntoDownStartsAnOutage() {
        Optional<UptimeState> down = Optional.of(UptimeState.DOWN);
        assertTrue(Rollups.startsOutage(Optional.of(UptimeState.UP), down));
        assertTrue(Rollups.startsOutage(Optional.of(UptimeState.MAINTENANCE), down));
        assertTrue(Rollups.startsOutage(Optional.empty(), down), "first seen down");
        assertFalse(Rollups.startsOutage(down, down), "still down");
        assertFalse(Rollups.startsOutage(down, Optional.of(UptimeState.UP)));
        assertFalse(Rollups.startsOutage(Optional.of(UptimeState.UP), Optional.of(UptimeState.PAUSED)));
    }
}
