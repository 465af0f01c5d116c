package dev.vigil.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What an application's time counts as in the rollups, by the state the API reports. */
class UptimeStateTest {
    @Test
    void lateCountsAsUpUntilItIsDown() {
        assertEquals(Optional.of(UptimeState.UP), UptimeState.of(BeatState.LATE));
    }

    @Test
    void downCountsAsDown() {
        assertEquals(Optional.of(UptimeState.DOWN), UptimeState.of(BeatState.DOWN));
    }

    @Test
    void pausedCountsAsPausedAndSoOutsideTheFigure() {
        assertEquals(Optional.of(UptimeState.PAUSED), UptimeState.of(BeatState.PAUSED));
    }

    @Test
    void neverBeatenIsNotMonitored() {
        assertEquals(Optional.empty(), UptimeState.of(BeatState.NEW));
    }

    @Test
    void unjudgedMissIsNotMonitored() {
        assertEquals(Optional.empty(), UptimeState.of(BeatState.UNKNOWN));
    }
}
