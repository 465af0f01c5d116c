package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.checks.CheckStatus;
import dev.vigil.domain.BeatState;
import org.junit.jupiter.api.Test;

/** A tag badge shows the worst of what carries the tag: down over late over up; paused and new never decide it. */
class BadgeTallyTest {
    private static BadgeTally of(BeatState... states) {
        BadgeTally tally = BadgeTally.EMPTY;
        for (BeatState state : states) {
            tally = tally.plus(state);
        }
        return tally;
    }

    @Test
    void oneDownMakesTheTagDown() {
        assertEquals(BeatState.DOWN, of(BeatState.UP, BeatState.LATE, BeatState.DOWN, BeatState.UP).worst());
    }

    @Test
    void lateWithoutDownMakesTheTagLate() {
        assertEquals(BeatState.LATE, of(BeatState.UP, BeatState.LATE).worst());
    }

    @Test
    void pausedAndNewAreCountedButNeverDecide() {
        BadgeTally tally = of(BeatState.PAUSED, BeatState.NEW, BeatState.UP);
        assertEquals(BeatState.UP, tally.worst());
        assertEquals(3, tally.total());
        assertEquals(1, tally.paused());
        assertEquals(1, tally.fresh());
    }

    @Test
    void aTagNothingDecidesIsUp() {
        assertEquals(BeatState.UP, of().worst());
        assertEquals(BeatState.UP, of(BeatState.PAUSED).worst());
    }

    @Test
    void aCheckCountsAsTheStateItsStatusReadsAs() {
        assertEquals(BeatState.DOWN, BadgeTally.stateOf(CheckStatus.UNHEALTHY, true));
        assertEquals(BeatState.LATE, BadgeTally.stateOf(CheckStatus.DEGRADED, true));
        assertEquals(BeatState.UP, BadgeTally.stateOf(CheckStatus.HEALTHY, true));
        assertEquals(BeatState.NEW, BadgeTally.stateOf(CheckStatus.UNKNOWN, true));
        assertEquals(BeatState.NEW, BadgeTally.stateOf(CheckStatus.HEALTHY, false), "a check that has not run");
    }
}
