package dev.vigil.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Tier intervals, due-ness, cache lifetimes and timeouts. */
class TierTest {
    private static final Instant T = Instant.parse("2026-11-24T12:00:00Z");

    @Test
    void intervalsAndCacheLifetimesAreThoseOfTheSpec() {
        assertEquals(Duration.ofMinutes(1), Tier.CRITICAL.interval());
        assertEquals(Duration.ofMinutes(5), Tier.CORE.interval());
        assertEquals(Duration.ofMinutes(15), Tier.INTEGRATION.interval());
        assertEquals(Duration.ofMinutes(30), Tier.EXTERNAL.interval());
        assertEquals(Duration.ofSeconds(30), Tier.CRITICAL.cacheTtl());
        assertEquals(Duration.ofSeconds(120), Tier.CORE.cacheTtl());
        assertEquals(Duration.ofSeconds(300), Tier.INTEGRATION.cacheTtl());
        assertEquals(Duration.ofSeconds(600), Tier.EXTERNAL.cacheTtl());
        assertEquals(Duration.ofSeconds(10), Tier.CRITICAL.maxTimeout(), "a critical check finishes within 10 s");
    }

    @Test
    void aCheckThatNeverRanIsDue() {
        for (Tier tier : Tier.values()) {
            assertTrue(tier.isDue(Optional.empty(), T));
        }
    }

    @Test
    void aCheckIsDueOnceItsIntervalHasElapsed() {
        assertFalse(Tier.CORE.isDue(Optional.of(T), T.plus(Duration.ofMinutes(2))));
        assertTrue(Tier.CORE.isDue(Optional.of(T), T.plus(Duration.ofMinutes(5))));
        assertTrue(Tier.CORE.isDue(Optional.of(T), T.plus(Duration.ofHours(5))));
        assertFalse(Tier.EXTERNAL.isDue(Optional.of(T), T.plus(Duration.ofMinutes(15))));
    }

    @Test
    void aSweepFiringAFewSecondsEarlyDoesNotSkipAnInterval() {
        assertTrue(Tier.CRITICAL.isDue(Optional.of(T), T.plusSeconds(55)), "a tenth of a minute early is due");
        assertFalse(Tier.CRITICAL.isDue(Optional.of(T), T.plusSeconds(53)));
        assertTrue(Tier.EXTERNAL.isDue(Optional.of(T), T.plus(Duration.ofMinutes(30)).minusSeconds(15)), "at most 15 s early");
        assertFalse(Tier.EXTERNAL.isDue(Optional.of(T), T.plus(Duration.ofMinutes(30)).minusSeconds(16)));
    }

    @Test
    void theNextDueTimeIsTheLastRunPlusTheIntervalLessTheSlack() {
        assertEquals(T.plusSeconds(54), Tier.CRITICAL.nextDue(Optional.of(T), T));
        assertEquals(T, Tier.CORE.nextDue(Optional.empty(), T));
    }
}
