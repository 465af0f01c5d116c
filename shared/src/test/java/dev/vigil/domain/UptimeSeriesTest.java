package dev.vigil.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Uptime series for charts: one point per step, each summed from buckets of one resolution. */
class UptimeSeriesTest {
    private static final Instant NOW = Instant.parse("2026-11-30T16:23:41Z");

    @Test
    void hourStepsOverADayGiveOnePointPerHourReadFromHours() {
        UptimeSeries series = UptimeSeries.of(Instant.parse("2026-11-29T00:00:00Z"), Instant.parse("2026-11-30T00:00:00Z"),
                Duration.ofHours(1), NOW);
        assertEquals(Resolution.HOUR, series.resolution());
        assertEquals(24, series.pointStarts().size());
        assertEquals(24, series.buckets().size());
    }

    @Test
    void dayStepsReadDays() {
        UptimeSeries series = UptimeSeries.of(NOW.minus(Duration.ofDays(30)), NOW, Duration.ofDays(1), NOW);
        assertEquals(Resolution.DAY, series.resolution());
        assertEquals(31, series.pointStarts().size());
        assertEquals(Instant.parse("2026-10-31T00:00:00Z"), series.pointStarts().get(0));
    }

    @Test
    void stepOfNinetyMinutesReadsMinutes() {
        UptimeSeries series = UptimeSeries.of(NOW.minus(Duration.ofHours(3)), NOW, Duration.ofMinutes(90), NOW);
        assertEquals(Resolution.MINUTE, series.resolution());
        assertEquals(series.pointStarts().size() * 90, series.buckets().size());
    }

    @Test
    void pointsNoLongerKeptAreLeftOut() {
        UptimeSeries series = UptimeSeries.of(NOW.minus(Duration.ofDays(3)), NOW, Duration.ofMinutes(1), NOW);
        assertTrue(series.buckets().stream().allMatch(b -> b.keptAt(NOW)));
        assertEquals(Instant.parse("2026-11-29T16:23:00Z"), series.pointStarts().get(0));
        assertTrue(series.buckets().size() <= 1441);
    }

    @Test
    void eachPointSumsItsOwnBuckets() {
        Instant from = Instant.parse("2026-11-30T10:00:00Z");
        Rollups.Step up = Rollups.observe(UptimeState.UP, from, from.plus(Duration.ofMinutes(30)));
        Rollups.Step down = Rollups.observe(UptimeState.DOWN, up.rolledUpTo(), from.plus(Duration.ofMinutes(90)));
        UptimeSeries series = UptimeSeries.of(from, from.plus(Duration.ofHours(2)), Duration.ofHours(1), NOW);
        List<BucketCounts> read = BucketCounts.of(
                Stream.concat(up.increments().stream(), down.increments().stream()).toList());
        List<Uptime> points = series.points(read);
        assertEquals(Optional.of(0.5), points.get(0).ratio());
        assertEquals(Optional.of(0.0), points.get(1).ratio());
        assertEquals(from.plus(Duration.ofHours(1)), points.get(1).from());
    }

    @Test
    void pointWithoutDataHasNoFigure() {
        UptimeSeries series = UptimeSeries.of(NOW.minus(Duration.ofHours(2)), NOW, Duration.ofHours(1), NOW);
        assertTrue(series.points(List.of()).stream().allMatch(point -> point.ratio().isEmpty()));
    }

    @Test
    void stepThatIsNotWholeMinutesIsInvalidInput() {
        InvalidInput error = assertThrows(InvalidInput.class,
                () -> UptimeSeries.of(NOW.minus(Duration.ofHours(1)), NOW, Duration.ofSeconds(90), NOW));
        assertEquals("an uptime series step is a positive whole number of minutes", error.getMessage());
    }

    @Test
    void stepLongerThanTheDayRetentionIsInvalidInput() {
        assertThrows(InvalidInput.class,
                () -> UptimeSeries.of(NOW.minus(Duration.ofDays(10)), NOW, Duration.ofDays(401), NOW));
    }

    @Test
    void absurdlyLongStepIsInvalidInputNotAnOverflow() {
        assertThrows(InvalidInput.class,
                () -> UptimeSeries.of(NOW.minus(Duration.ofDays(10)), NOW, Duration.ofSeconds(Long.MAX_VALUE), NOW));
    }

    @Test
    void minuteStepsFromLongAgoDoNotWalkThePast() {
        UptimeSeries series = UptimeSeries.of(Instant.parse("1970-01-01T00:00:00Z"), NOW, Duration.ofMinutes(1), NOW);
        assertTrue(series.buckets().size() <= 1441);
    }
}
