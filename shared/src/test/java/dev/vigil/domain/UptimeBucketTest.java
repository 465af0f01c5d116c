package dev.vigil.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Bucket edges, keys and the TTL each bucket item gets. */
class UptimeBucketTest {
    private static final Instant T = Instant.parse("2026-11-30T10:15:42.500Z");

    @Test
    void minuteBucketHoldsFromTheStartOfItsMinute() {
        assertEquals(Instant.parse("2026-11-30T10:15:00Z"), UptimeBucket.holding(Resolution.MINUTE, T).start());
    }

    @Test
    void hourBucketHoldsFromTheStartOfItsHour() {
        assertEquals(Instant.parse("2026-11-30T10:00:00Z"), UptimeBucket.holding(Resolution.HOUR, T).start());
    }

    @Test
    void dayBucketHoldsFromMidnightUtc() {
        assertEquals(Instant.parse("2026-11-30T00:00:00Z"), UptimeBucket.holding(Resolution.DAY, T).start());
    }

    @Test
    void instantOnAnEdgeBelongsToTheBucketItStarts() {
        Instant midnight = Instant.parse("2026-12-01T00:00:00Z");
        assertEquals(midnight, UptimeBucket.holding(Resolution.DAY, midnight).start());
        assertEquals(midnight, UptimeBucket.holding(Resolution.MINUTE, midnight).start());
    }

    @Test
    void leapDayIsADayBucketOfItsOwn() {
        UptimeBucket leap = UptimeBucket.holding(Resolution.DAY, Instant.parse("2028-02-29T12:00:00Z"));
        assertEquals(Instant.parse("2028-02-29T00:00:00Z"), leap.start());
        assertEquals(Instant.parse("2028-03-01T00:00:00Z"), leap.end());
    }

    @Test
    void minuteItemExpiresADayAfterTheMinuteEnds() {
        UptimeBucket minute = UptimeBucket.holding(Resolution.MINUTE, T);
        assertEquals(Instant.parse("2026-12-01T10:16:00Z").getEpochSecond(), minute.ttlEpochSeconds());
    }

    @Test
    void hourItemExpiresThirtyDaysAfterTheHourEnds() {
        UptimeBucket hour = UptimeBucket.holding(Resolution.HOUR, T);
        assertEquals(Instant.parse("2026-12-30T11:00:00Z"), hour.expiresAt());
    }

    @Test
    void dayItemExpiresFourHundredDaysAfterTheDayEnds() {
        UptimeBucket day = UptimeBucket.holding(Resolution.DAY, T);
        assertEquals(Instant.parse("2028-01-05T00:00:00Z"), day.expiresAt());
    }

    @Test
    void bucketIsNotKeptOnceItsTtlHasPassed() {
        UptimeBucket minute = UptimeBucket.holding(Resolution.MINUTE, T);
        assertTrue(minute.keptAt(minute.expiresAt().minusMillis(1)));
        assertFalse(minute.keptAt(minute.expiresAt()));
    }

    @Test
    void keyNamesResolutionAndStart() {
        assertEquals("hour#2026-11-30T10:00:00Z", UptimeBucket.holding(Resolution.HOUR, T).key());
    }

    @Test
    void bucketOffItsEdgeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new UptimeBucket(Resolution.HOUR, T));
    }
}
