package dev.vigil.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which buckets a window reads: the coarsest that tile it, within their retention. */
class UptimePlanTest {
    private static final Instant NOW = Instant.parse("2026-11-30T16:23:41.250Z");

    private static long count(UptimePlan plan, Resolution resolution) {
        return plan.buckets().stream().filter(b -> b.resolution() == resolution).count();
    }

    private static void assertTilesWithoutGapOrOverlap(UptimePlan plan) {
        Instant cursor = plan.from();
        for (UptimeBucket bucket : plan.buckets()) {
            assertEquals(cursor, bucket.start(), () -> "gap or overlap at " + bucket);
            cursor = bucket.end();
        }
        assertEquals(plan.to(), cursor);
    }

    @Test
    void wholeUtcDayReadsOneDayBucket() {
        UptimePlan plan = UptimePlan.of(Instant.parse("2026-11-20T00:00:00Z"), Instant.parse("2026-11-21T00:00:00Z"), NOW);
        assertEquals(List.of(new UptimeBucket(Resolution.DAY, Instant.parse("2026-11-20T00:00:00Z"))), plan.buckets());
    }

    @Test
    void last24HoursReadAtMost24HoursAnd120Minutes() {
        UptimePlan plan = UptimePlan.of(NOW.minus(Duration.ofHours(24)), NOW, NOW);
        assertTrue(count(plan, Resolution.HOUR) <= 24);
        assertTrue(count(plan, Resolution.MINUTE) <= 120);
        assertEquals(0, count(plan, Resolution.DAY));
        assertTilesWithoutGapOrOverlap(plan);
    }

    @Test
    void last30DaysReadAtMost30DaysAnd48HoursAnd60Minutes() {
        UptimePlan plan = UptimePlan.of(NOW.minus(Duration.ofDays(30)), NOW, NOW);
        assertTrue(count(plan, Resolution.DAY) <= 30);
        assertTrue(count(plan, Resolution.HOUR) <= 48);
        assertTrue(count(plan, Resolution.MINUTE) <= 60);
        assertTilesWithoutGapOrOverlap(plan);
    }

    @Test
    void oneYearReadsAtMost366DaysAndTheRaggedEndOfToday() {
        UptimePlan plan = UptimePlan.of(NOW.minus(Duration.ofDays(365)), NOW, NOW);
        assertTrue(count(plan, Resolution.DAY) <= 366);
        assertTrue(count(plan, Resolution.HOUR) <= 23);
        assertTrue(count(plan, Resolution.MINUTE) <= 60);
        assertTrue(plan.buckets().size() <= 449);
        assertTilesWithoutGapOrOverlap(plan);
    }

    @Test
    void oneYearOlderThanThirtyDaysStartsOnItsUtcMidnight() {
        UptimePlan plan = UptimePlan.of(NOW.minus(Duration.ofDays(365)), NOW, NOW);
        assertEquals(Instant.parse("2025-11-30T00:00:00Z"), plan.from());
    }

    @Test
    void leapYearReads366DayBuckets() {
        Instant now = Instant.parse("2029-01-01T00:00:00Z");
        UptimePlan plan = UptimePlan.of(Instant.parse("2028-01-01T00:00:00Z"), now, now);
        assertEquals(366, count(plan, Resolution.DAY));
        assertEquals(plan.buckets().size(), count(plan, Resolution.DAY));
        assertTrue(plan.buckets().contains(new UptimeBucket(Resolution.DAY, Instant.parse("2028-02-29T00:00:00Z"))));
    }

    @Test
    void windowEndsMidMinuteWidenToTheWholeMinutes() {
        UptimePlan plan = UptimePlan.of(Instant.parse("2026-11-30T10:00:30Z"), Instant.parse("2026-11-30T10:03:10Z"), NOW);
        assertEquals(Instant.parse("2026-11-30T10:00:00Z"), plan.from());
        assertEquals(Instant.parse("2026-11-30T10:04:00Z"), plan.to());
        assertEquals(4, count(plan, Resolution.MINUTE));
    }

    @Test
    void windowEndingNowIncludesTheLiveMinute() {
        UptimePlan plan = UptimePlan.of(NOW.minus(Duration.ofHours(1)), NOW, NOW);
        assertEquals(Instant.parse("2026-11-30T16:24:00Z"), plan.to());
    }

    @Test
    void windowEndIsCappedAtNow() {
        UptimePlan plan = UptimePlan.of(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(3)), NOW);
        assertEquals(Instant.parse("2026-11-30T16:24:00Z"), plan.to());
    }

    @Test
    void windowStartingOverADayAgoStartsOnItsHour() {
        UptimePlan plan = UptimePlan.of(Instant.parse("2026-11-20T10:17:00Z"), Instant.parse("2026-11-20T14:00:00Z"), NOW);
        assertEquals(Instant.parse("2026-11-20T10:00:00Z"), plan.from());
        assertEquals(4, count(plan, Resolution.HOUR));
        assertEquals(0, count(plan, Resolution.MINUTE));
    }

    @Test
    void oldWindowEndingMidHourWidensToTheEndOfThatHour() {
        UptimePlan plan = UptimePlan.of(Instant.parse("2026-11-20T10:00:00Z"), Instant.parse("2026-11-20T12:30:00Z"), NOW);
        assertEquals(Instant.parse("2026-11-20T13:00:00Z"), plan.to());
        assertTilesWithoutGapOrOverlap(plan);
    }

    @Test
    void windowOlderThanFourHundredDaysStartsAtTheOldestKeptDay() {
        UptimePlan plan = UptimePlan.of(NOW.minus(Duration.ofDays(600)), NOW, NOW);
        assertEquals(Resolution.DAY.oldestKeptAt(NOW), plan.from());
        assertTrue(plan.buckets().stream().allMatch(b -> b.keptAt(NOW)));
    }

    @Test
    void everyBucketReadIsStillKept() {
        UptimePlan plan = UptimePlan.of(NOW.minus(Duration.ofDays(45)).plusSeconds(77), NOW.minus(Duration.ofHours(23)), NOW);
        assertTrue(plan.buckets().stream().allMatch(b -> b.keptAt(NOW)));
        assertTilesWithoutGapOrOverlap(plan);
    }

    @Test
    void windowInTheFutureReadsNothing() {
        UptimePlan plan = UptimePlan.of(NOW.plus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(2)), NOW);
        assertTrue(plan.isEmpty());
    }

    @Test
    void windowEndingBeforeItStartsIsInvalidInput() {
        InvalidInput error = assertThrows(InvalidInput.class, () -> UptimePlan.of(NOW, NOW.minusSeconds(60), NOW));
        assertEquals("an uptime window needs from before to", error.getMessage());
    }

    @Test
    void windowBefore1970IsInvalidInput() {
        assertThrows(InvalidInput.class, () -> UptimePlan.of(Instant.parse("1900-01-01T00:00:00Z"), NOW, NOW));
    }
}
