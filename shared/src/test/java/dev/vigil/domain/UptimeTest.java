package dev.vigil.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The uptime figure summed from the buckets a plan reads. */
class UptimeTest {
    private static final Instant NOW = Instant.parse("2026-11-30T16:00:00Z");
    private static final Instant DAY_START = Instant.parse("2026-11-29T00:00:00Z");
    private static final UptimePlan YESTERDAY = UptimePlan.of(DAY_START, DAY_START.plus(Duration.ofDays(1)), NOW);
    private static final UptimeBucket YESTERDAY_BUCKET = new UptimeBucket(Resolution.DAY, DAY_START);

    private static BucketCounts counts(UptimeBucket bucket, Map<UptimeCounter, Long> counters) {
        return new BucketCounts(bucket, counters);
    }

    @Test
    void uptimeIsUpOverUpPlusDown() {
        Uptime uptime = Uptime.of(YESTERDAY, List.of(counts(YESTERDAY_BUCKET,
                Map.of(UptimeCounter.UP, 75_000L, UptimeCounter.DOWN, 25_000L))));
        assertEquals(Optional.of(0.75), uptime.ratio());
    }

    @Test
    void pausedAndMaintenanceTimeAreLeftOutOfTheFigure() {
        Uptime uptime = Uptime.of(YESTERDAY, List.of(counts(YESTERDAY_BUCKET, Map.of(UptimeCounter.UP, 75_000L,
                UptimeCounter.DOWN, 25_000L, UptimeCounter.PAUSED, 500_000L, UptimeCounter.MAINTENANCE, 900_000L))));
        assertEquals(Optional.of(0.75), uptime.ratio());
        assertEquals(100_000L, uptime.monitoredMillis());
        assertEquals(900_000L, uptime.maintenanceMillis());
    }

    @Test
    void noDataGivesNoUptimeFigureRatherThanFullUptime() {
        Uptime uptime = Uptime.of(YESTERDAY, List.of());
        assertEquals(Optional.empty(), uptime.ratio());
        assertEquals(0, uptime.monitoredMillis());
    }

    @Test
    void windowPausedThroughoutGivesNoUptimeFigure() {
        Uptime uptime = Uptime.of(YESTERDAY, List.of(counts(YESTERDAY_BUCKET, Map.of(UptimeCounter.PAUSED, 86_400_000L))));
        assertEquals(Optional.empty(), uptime.ratio());
    }

    @Test
    void bucketsThePlanDoesNotNameAreNotCounted() {
        UptimeBucket hourOfYesterday = new UptimeBucket(Resolution.HOUR, DAY_START.plus(Duration.ofHours(3)));
        Uptime uptime = Uptime.of(YESTERDAY, List.of(
                counts(YESTERDAY_BUCKET, Map.of(UptimeCounter.UP, 1_000L)),
                counts(hourOfYesterday, Map.of(UptimeCounter.DOWN, 1_000L))));
        assertEquals(Optional.of(1.0), uptime.ratio());
    }

    @Test
    void liveIncrementsAddToTheItemsRead() {
        UptimePlan today = UptimePlan.of(Instant.parse("2026-11-30T15:00:00Z"), NOW, NOW);
        UptimeBucket hour = new UptimeBucket(Resolution.HOUR, Instant.parse("2026-11-30T15:00:00Z"));
        List<BucketCounts> read = new ArrayList<>(List.of(counts(hour, Map.of(UptimeCounter.UP, 1_800_000L))));
        read.addAll(BucketCounts.of(Rollups.observe(UptimeState.DOWN, Instant.parse("2026-11-30T15:30:00Z"), NOW).increments()));
        Uptime uptime = Uptime.of(today, read);
        assertEquals(1_800_000L, uptime.upMillis());
        assertEquals(1_800_000L, uptime.downMillis());
    }

    @Test
    void downtimeMinutesCountAnyPartOfAMinute() {
        Uptime uptime = Uptime.of(YESTERDAY, List.of(counts(YESTERDAY_BUCKET, Map.of(UptimeCounter.DOWN, 120_001L))));
        assertEquals(3, uptime.downtimeMinutes());
    }

    @Test
    void averageLatencyIsOverTheResultsThatHadOne() {
        List<UptimeIncrement> results = new ArrayList<>();
        results.addAll(Rollups.result(DAY_START.plusSeconds(10), OptionalLong.of(100)));
        results.addAll(Rollups.result(DAY_START.plusSeconds(70), OptionalLong.of(300)));
        results.addAll(Rollups.result(DAY_START.plusSeconds(130), OptionalLong.empty()));
        Uptime uptime = Uptime.of(YESTERDAY, BucketCounts.of(results));
        assertEquals(3, uptime.results());
        assertEquals(Optional.of(200.0), uptime.averageLatencyMs());
    }

    @Test
    void noLatencyGivesNoAverage() {
        Uptime uptime = Uptime.of(YESTERDAY, BucketCounts.of(Rollups.result(DAY_START.plusSeconds(10), OptionalLong.empty())));
        assertEquals(Optional.empty(), uptime.averageLatencyMs());
    }

    @Test
    void multiDayOutageShowsInTheThirtyDayFigure() {
        Instant since = Instant.parse("2026-11-01T00:00:00Z");
        Instant outage = Instant.parse("2026-11-20T06:00:00Z");
        Instant recovery = Instant.parse("2026-11-23T06:00:00Z");
        List<UptimeIncrement> written = new ArrayList<>();
        Rollups.Step up = Rollups.observe(UptimeState.UP, since, outage);
        written.addAll(up.increments());
        Rollups.Step down = Rollups.observe(UptimeState.DOWN, up.rolledUpTo(), recovery);
        written.addAll(down.increments());
        written.addAll(Rollups.observe(UptimeState.UP, down.rolledUpTo(), NOW).increments());
        Uptime uptime = Uptime.of(UptimePlan.of(NOW.minus(Duration.ofDays(30)), NOW, NOW), BucketCounts.of(written));
        assertEquals(Duration.ofDays(3).toMillis(), uptime.downMillis());
        assertEquals(Duration.ofDays(29).plusHours(16).toMillis(), uptime.monitoredMillis());
        assertEquals(4320, uptime.downtimeMinutes());
    }
}
