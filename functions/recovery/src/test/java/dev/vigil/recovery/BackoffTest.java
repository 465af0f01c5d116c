package dev.vigil.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.checks.recovery.Backoff;
import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Exponential backoff with full jitter, on plain objects and a seeded random. */
class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofSeconds(60), Duration.ofHours(1));

    @Test
    void ceilingDoublesFromTheBaseAndStopsAtTheCap() {
        assertEquals(Duration.ZERO, backoff.ceiling(0), "no failure, no wait");
        assertEquals(Duration.ofSeconds(60), backoff.ceiling(1));
        assertEquals(Duration.ofSeconds(120), backoff.ceiling(2));
        assertEquals(Duration.ofSeconds(240), backoff.ceiling(3));
        assertEquals(Duration.ofSeconds(1920), backoff.ceiling(6));
        assertEquals(Duration.ofHours(1), backoff.ceiling(7), "3840 s is over the cap");
        assertEquals(Duration.ofHours(1), backoff.ceiling(10_000), "no overflow however long the streak");
    }

    @Test
    void everyDelayIsBetweenZeroAndTheCeilingAndTheyAreSpreadOut() {
        Random random = new Random(42);
        for (int failures = 1; failures <= 12; failures++) {
            Set<Duration> seen = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                Duration delay = backoff.delay(failures, random);
                assertTrue(!delay.isNegative() && delay.compareTo(backoff.ceiling(failures)) <= 0,
                        "after " + failures + " failures: " + delay);
                seen.add(delay);
            }
            assertTrue(seen.size() > 100, "jittered, not one fixed wait: " + seen.size() + " distinct delays");
        }
    }

    @Test
    void aCapBelowTheBaseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(60), Duration.ofSeconds(30)));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(30)));
    }
}
