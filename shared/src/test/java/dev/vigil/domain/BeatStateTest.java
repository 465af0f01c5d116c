package dev.vigil.domain;

import static dev.vigil.domain.ScheduledApps.CREATED;
import static dev.vigil.domain.ScheduledApps.app;
import static dev.vigil.domain.ScheduledApps.cron;
import static dev.vigil.domain.ScheduledApps.interval;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The state the API reports, at the second; one behaviour per test. */
class BeatStateTest {
    private static final Instant BEAT = Instant.parse("2026-06-10T12:00:00Z");
    // Interval 300 s, grace 60 s: expected at 12:05:00, late from then, down at 12:06:00.
    private static final Application APP = interval(300, 60, BEAT);

    @Test
    void upOneSecondBeforeTheExpectedTime() {
        assertEquals(BeatState.UP, BeatState.of(APP, Instant.parse("2026-06-10T12:04:59Z")));
    }

    @Test
    void lateExactlyAtDeadlineMinusGrace() {
        assertEquals(BeatState.LATE, BeatState.of(APP, Instant.parse("2026-06-10T12:05:00Z")));
    }

    @Test
    void stillLateOneSecondBeforeTheDeadline() {
        assertEquals(BeatState.LATE, BeatState.of(APP, Instant.parse("2026-06-10T12:05:59Z")));
    }

    @Test
    void downExactlyAtTheDeadline() {
        assertEquals(BeatState.DOWN, BeatState.of(APP, Instant.parse("2026-06-10T12:06:00Z")));
    }

    @Test
    void newUntilTheFirstBeat() {
        Application fresh = app(300, 60, Status.NEW, true, null, CREATED, BeatRules.DEFAULT, RunState.NONE);
        assertEquals(BeatState.NEW, BeatState.of(fresh, CREATED.plusSeconds(10)));
    }

    @Test
    void pausedWhateverItsDeadline() {
        Application paused = app(300, 60, Status.UP, false, BEAT, CREATED, BeatRules.DEFAULT, RunState.NONE);
        assertEquals(BeatState.PAUSED, BeatState.of(paused, BEAT.plusSeconds(100_000)));
    }

    @Test
    void downWhenTheDetectorFlippedIt() {
        assertEquals(BeatState.DOWN, BeatState.of(ScheduledApps.down(APP), BEAT.plusSeconds(1)));
    }

    @Test
    void lateNotDownPastTheDeadlineBelowTheFailureThreshold() {
        Application tolerant = ScheduledApps.withRules(APP, BeatRules.DEFAULT.withThresholds(3, 1));
        assertEquals(BeatState.LATE, BeatState.of(tolerant, Instant.parse("2026-06-10T12:06:00Z")));
    }

    @Test
    void downPastTheDeadlineWhenThisMissReachesTheFailureThreshold() {
        Application tolerant = ScheduledApps.withFailStreak(
                ScheduledApps.withRules(APP, BeatRules.DEFAULT.withThresholds(3, 1)), 2);
        assertEquals(BeatState.DOWN, BeatState.of(tolerant, Instant.parse("2026-06-10T12:06:00Z")));
    }

    @Test
    void lateNotDownPastTheDeadlineInsideAMaintenanceWindow() {
        Application maintained = ScheduledApps.withRules(APP, BeatRules.DEFAULT.withMaintenance(List.of(
                new MaintenanceWindow.OneOff(Instant.parse("2026-06-10T12:00:00Z"), Instant.parse("2026-06-10T13:00:00Z")))));
        assertEquals(BeatState.LATE, BeatState.of(maintained, Instant.parse("2026-06-10T12:30:00Z")));
    }

    @Test
    void cronApplicationIsLateFromItsFiringAndDownAtFiringPlusGrace() {
        Application nightly = cron("30 2 * * *", "Europe/Paris", 600, Instant.parse("2026-06-10T00:30:00Z"));
        // Next firing 2026-06-11 02:30 CEST = 00:30Z; deadline 00:40Z.
        assertEquals(BeatState.UP, BeatState.of(nightly, Instant.parse("2026-06-11T00:29:59Z")));
        assertEquals(BeatState.LATE, BeatState.of(nightly, Instant.parse("2026-06-11T00:30:00Z")));
        assertEquals(BeatState.DOWN, BeatState.of(nightly, Instant.parse("2026-06-11T00:40:00Z")));
    }
}
