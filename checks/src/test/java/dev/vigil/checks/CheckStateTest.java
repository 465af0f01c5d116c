package dev.vigil.checks;

import static dev.vigil.checks.CheckStatus.DEGRADED;
import static dev.vigil.checks.CheckStatus.HEALTHY;
import static dev.vigil.checks.CheckStatus.UNHEALTHY;
import static dev.vigil.checks.CheckStatus.UNKNOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The failure/recovery state machine: (state, result) -> (state, changed). */
class CheckStateTest {

    /** The confirmed status after each result, and whether each changed it, from the initial state. */
    private static List<String> run(int failAfter, int recoverAfter, CheckStatus... results) {
        CheckState state = CheckState.INITIAL;
        List<String> trace = new ArrayList<>();
        for (CheckStatus result : results) {
            CheckState.Transition t = state.next(result, failAfter, recoverAfter);
            trace.add(t.state().confirmed().wire() + (t.changed() ? "!" : ""));
            state = t.state();
        }
        return trace;
    }

    @Test
    void withThresholdsOfOneEveryResultIsConfirmedAtOnce() {
        assertEquals(List.of("unhealthy!", "healthy!", "degraded!", "degraded", "healthy!"),
                run(1, 1, UNHEALTHY, HEALTHY, DEGRADED, DEGRADED, HEALTHY));
    }

    @Test
    void alertsOnlyAfterNConsecutiveFailures() {
        assertEquals(List.of("healthy", "healthy", "unhealthy!"), run(3, 1, UNHEALTHY, UNHEALTHY, UNHEALTHY));
    }

    @Test
    void aPassingResultInBetweenStartsTheCountAgain() {
        assertEquals(List.of("healthy", "healthy", "healthy", "healthy", "healthy", "unhealthy!"),
                run(3, 1, UNHEALTHY, UNHEALTHY, HEALTHY, UNHEALTHY, UNHEALTHY, UNHEALTHY));
    }

    @Test
    void recoversOnlyAfterMConsecutiveSuccesses() {
        assertEquals(List.of("unhealthy!", "unhealthy", "unhealthy", "unhealthy", "healthy!"),
                run(1, 2, UNHEALTHY, HEALTHY, UNHEALTHY, HEALTHY, HEALTHY));
    }

    @Test
    void mixedFailuresConfirmTheLeastBadLevelTheyAllReached() {
        assertEquals(List.of("healthy", "healthy", "degraded!", "unhealthy!"), run(3, 1, DEGRADED, UNHEALTHY, UNHEALTHY, UNHEALTHY));
    }

    @Test
    void anUnhealthyCheckStepsDownToDegradedWhenItsResultsDo() {
        assertEquals(List.of("unhealthy!", "unhealthy", "degraded!", "degraded", "healthy!"),
                run(1, 2, UNHEALTHY, DEGRADED, DEGRADED, HEALTHY, HEALTHY));
    }

    @Test
    void unknownNeitherCountsNorBreaksARun() {
        assertEquals(List.of("healthy", "healthy", "healthy", "unhealthy!"), run(3, 1, UNHEALTHY, UNKNOWN, UNHEALTHY, UNHEALTHY));
        CheckState.Transition t = CheckState.INITIAL.next(UNKNOWN, 1, 1);
        assertFalse(t.changed());
        assertEquals(CheckState.INITIAL, t.state());
    }

    @Test
    void aTransitionSaysFromWhatToWhat() {
        CheckState.Transition t = CheckState.INITIAL.next(UNHEALTHY, 1, 1);
        assertTrue(t.changed());
        assertEquals(HEALTHY, t.from());
        assertEquals(UNHEALTHY, t.to());
    }

    @Test
    void aLongOutageDoesNotOverflowTheCount() {
        CheckState state = CheckState.INITIAL;
        for (int i = 0; i < 5000; i++) {
            state = state.next(UNHEALTHY, 3, 1).state();
        }
        assertEquals(CheckState.CAP, state.unhealthy());
        assertEquals(UNHEALTHY, state.confirmed());
    }
}
