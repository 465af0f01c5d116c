package dev.vigil.domain;

import static dev.vigil.domain.ScheduledApps.CREATED;
import static dev.vigil.domain.ScheduledApps.app;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a success beat does: one behaviour per test. */
class BeatsTest {
    private static final Instant OLD_BEAT = Instant.parse("2026-06-10T12:00:00Z");
    private static final Instant NOW = Instant.parse("2026-06-12T08:00:00Z");

    @Test
    void beatBringsADownApplicationUp() {
        Application down = app(300, 60, Status.DOWN, true, OLD_BEAT, CREATED, BeatRules.DEFAULT, RunState.NONE);
        Application after = Beats.afterBeat(down, NOW);
        assertEquals(BeatState.UP, BeatState.of(after, NOW));
        assertEquals(Optional.of(NOW.plusSeconds(360)), after.dueAt());
    }

    @Test
    void beatResumesAPausedApplicationWithAFreshWatch() {
        Application paused = app(300, 60, Status.UP, false, OLD_BEAT, CREATED, BeatRules.DEFAULT, RunState.NONE);
        Application after = Beats.afterBeat(paused, NOW);
        assertTrue(after.active());
        assertEquals(NOW, after.watchedSince());
        assertEquals(BeatState.UP, BeatState.of(after, NOW));
    }

    @Test
    void manualResumeKeepsAPausedApplicationPausedAndRecordsTheBeat() {
        Application paused = app(300, 60, Status.UP, false, OLD_BEAT, CREATED, BeatRules.DEFAULT.withManualResume(true),
                RunState.NONE);
        Application after = Beats.afterBeat(paused, NOW);
        assertFalse(after.active());
        assertEquals(Optional.of(NOW), after.lastHeartbeat());
        assertEquals(BeatState.PAUSED, BeatState.of(after, NOW));
    }

    @Test
    void aSuccessEndsTheFailureStreak() {
        Application up = app(300, 60, Status.UP, true, OLD_BEAT, CREATED, BeatRules.DEFAULT,
                new RunState(Optional.empty(), Optional.empty(), 2, 0));
        assertEquals(0, Beats.afterBeat(up, NOW).run().failStreak());
    }

    @Test
    void aDownApplicationWithARecoveryThresholdOfTwoStaysDownAfterOneSuccess() {
        BeatRules twice = new BeatRules(Optional.empty(), 1, 2, Optional.empty(), Optional.empty(), false,
                Optional.empty(), java.util.List.of());
        Application down = app(300, 60, Status.DOWN, true, OLD_BEAT, CREATED, twice, RunState.NONE);

        Application once = Beats.afterBeat(down, NOW);
        assertEquals(BeatState.DOWN, BeatState.of(once, NOW));
        assertEquals(1, once.run().successStreak());

        Application again = Beats.afterBeat(once, NOW.plusSeconds(10));
        assertEquals(BeatState.UP, BeatState.of(again, NOW.plusSeconds(10)));
    }
}
