package dev.vigil.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Run pairing, durations, timeouts, too-fast runs and failure thresholds, one behaviour per test. */
class RunsTest {
    private static final Instant T0 = Instant.parse("2026-11-30T02:00:00Z");
    private static final String RID_A = "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b";
    private static final String RID_B = "0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d";

    private static RunState started(Optional<Instant> ridless, Map<String, Instant> runs) {
        return new RunState(ridless, Optional.empty(), 0, 0, runs, Optional.empty());
    }

    private static Application app(BeatRules rules, RunState run, Status status, boolean active) {
        return new Application("app_runs", "3f1c2a9e-8d4b-4e1f-9a6c-2b7d5e8f0a13", "backup", 3600, 300, status, status,
                active, Optional.of(T0), T0, Optional.empty(), 0, T0, T0).withRules(rules).withRun(run);
    }

    private static BeatRules rules(int failureThreshold, Optional<Duration> min, Optional<Duration> max) {
        return new BeatRules(Optional.empty(), failureThreshold, 1, min, max, false, Optional.empty(), List.of());
    }

    private static BeatDetail signal(SignalKind kind, Optional<Integer> exitCode, Optional<Long> durationMs) {
        return new BeatDetail(kind, exitCode, Optional.empty(), durationMs, Optional.empty(), Optional.empty(),
                Optional.empty(), Map.of());
    }

    @Test
    void endWithoutRidIsTimedFromTheLastStart() {
        RunState before = started(Optional.of(T0), Map.of());

        assertEquals(Optional.of(Duration.ofSeconds(90)), Runs.duration(before, Optional.empty(), T0.plusSeconds(90)));
    }

    @Test
    void endWithARidIsTimedFromThatRunsStartNotTheLatest() {
        RunState before = started(Optional.empty(), Map.of(RID_A, T0, RID_B, T0.plusSeconds(50)));

        assertEquals(Optional.of(Duration.ofSeconds(60)), Runs.duration(before, Optional.of(RID_A), T0.plusSeconds(60)));
    }

    @Test
    void endWithoutRidTakesTheLatestStartOfAnyKind() {
        RunState before = started(Optional.of(T0), Map.of(RID_A, T0.plusSeconds(20)));

        assertEquals(Optional.of(Duration.ofSeconds(10)), Runs.duration(before, Optional.empty(), T0.plusSeconds(30)));
    }

    @Test
    void endWithAnUnknownRidHasNoDuration() {
        RunState before = started(Optional.of(T0), Map.of(RID_A, T0));

        assertEquals(Optional.empty(), Runs.duration(before, Optional.of(RID_B), T0.plusSeconds(30)));
    }

    @Test
    void endWithoutAnyStartHasNoDuration() {
        assertEquals(Optional.empty(), Runs.duration(RunState.NONE, Optional.empty(), T0));
    }

    @Test
    void startBeyondTheLimitClosesTheOldestRun() {
        Map<String, Instant> runs = new HashMap<>();
        for (int i = 0; i < Runs.MAX_OPEN_RUNS; i++) {
            runs.put("rid-" + i, T0.plusSeconds(i == 3 ? -1 : i));
        }

        assertEquals(Optional.of("rid-3"), Runs.evictedBy(started(Optional.empty(), runs), RID_A));
    }

    @Test
    void startBelowTheLimitClosesNothing() {
        assertEquals(Optional.empty(), Runs.evictedBy(started(Optional.empty(), Map.of(RID_A, T0)), RID_B));
    }

    @Test
    void runTimesOutAtItsStartPlusMaxRuntime() {
        Application app = app(rules(1, Optional.empty(), Optional.of(Duration.ofMinutes(10))),
                started(Optional.of(T0), Map.of()), Status.UP, true);

        assertEquals(Optional.of(T0.plusSeconds(600)), Runs.timeout(app));
    }

    @Test
    void theEarliestOpenRunTimesOutFirst() {
        Application app = app(rules(1, Optional.empty(), Optional.of(Duration.ofMinutes(10))),
                started(Optional.of(T0.plusSeconds(100)), Map.of(RID_A, T0)), Status.UP, true);

        assertEquals(Optional.of(T0.plusSeconds(600)), Runs.timeout(app));
    }

    @Test
    void noMaxRuntimeNoTimeout() {
        Application app = app(BeatRules.DEFAULT, started(Optional.of(T0), Map.of()), Status.UP, true);

        assertEquals(Optional.empty(), Runs.timeout(app));
    }

    @Test
    void aDownApplicationsRunDoesNotTimeOutAgain() {
        Application app = app(rules(1, Optional.empty(), Optional.of(Duration.ofMinutes(10))),
                started(Optional.of(T0), Map.of()), Status.DOWN, true);

        assertEquals(Optional.empty(), Runs.timeout(app));
    }

    @Test
    void deadlineIsTheTimeoutWhenItComesBeforeTheSchedule() {
        Application app = app(rules(1, Optional.empty(), Optional.of(Duration.ofMinutes(10))),
                started(Optional.of(T0), Map.of()), Status.UP, true);

        assertEquals(Optional.of(T0.plusSeconds(600)), Due.of(app));
        assertTrue(Due.isTimeout(app, T0.plusSeconds(600)));
    }

    @Test
    void deadlineIsTheScheduleWhenTheTimeoutComesLater() {
        Application app = app(rules(1, Optional.empty(), Optional.of(Duration.ofHours(3))),
                started(Optional.of(T0), Map.of()), Status.UP, true);

        assertEquals(Deadlines.deadline(app), Due.of(app));
        assertFalse(Due.isTimeout(app, Due.of(app).orElseThrow()));
    }

    @Test
    void settingsChangedDuringARunKeepTheRunsTimeoutAsTheDeadline() {
        Application app = app(rules(1, Optional.empty(), Optional.of(Duration.ofMinutes(10))),
                started(Optional.of(T0), Map.of()), Status.UP, true);

        Application renamed = app.with("backup-renamed", 3600, 300, true, T0.plusSeconds(60));

        assertEquals(Optional.of(T0.plusSeconds(600)), renamed.dueAt());
    }

    @Test
    void runShorterThanTheMinimumIsTooFast() {
        assertTrue(Runs.tooFast(rules(1, Optional.of(Duration.ofSeconds(60)), Optional.empty()),
                Optional.of(Duration.ofSeconds(59))));
    }

    @Test
    void runOfExactlyTheMinimumIsNotTooFast() {
        assertFalse(Runs.tooFast(rules(1, Optional.of(Duration.ofSeconds(60)), Optional.empty()),
                Optional.of(Duration.ofSeconds(60))));
    }

    @Test
    void successWithoutAMeasuredRunIsNeverTooFast() {
        assertFalse(Runs.tooFast(rules(1, Optional.of(Duration.ofSeconds(60)), Optional.empty()), Optional.empty()));
    }

    @Test
    void failSignalFlipsDownAtTheFirstFailureWithThresholdOne() {
        Application after = app(BeatRules.DEFAULT, new RunState(Optional.empty(), Optional.empty(), 1, 0), Status.UP, true);

        assertEquals(Optional.of("Failed: the job sent a fail signal."),
                Runs.failure(after, signal(SignalKind.FAIL, Optional.empty(), Optional.empty())));
    }

    @Test
    void failuresBelowTheThresholdDoNotFlip() {
        Application after = app(rules(3, Optional.empty(), Optional.empty()),
                new RunState(Optional.empty(), Optional.empty(), 2, 0), Status.UP, true);

        assertEquals(Optional.empty(), Runs.failure(after, signal(SignalKind.FAIL, Optional.empty(), Optional.empty())));
    }

    @Test
    void failureThatReachesTheThresholdFlipsAndSaysSo() {
        Application after = app(rules(3, Optional.empty(), Optional.empty()),
                new RunState(Optional.empty(), Optional.empty(), 3, 0), Status.UP, true);

        assertEquals(Optional.of("Failed: the job exited with code 3 (3 failures in a row, threshold 3)."),
                Runs.failure(after, signal(SignalKind.FAIL, Optional.of(3), Optional.empty())));
    }

    @Test
    void failureOfAnApplicationAlreadyDownDoesNotFlipAgain() {
        Application after = app(BeatRules.DEFAULT, new RunState(Optional.empty(), Optional.empty(), 5, 0), Status.DOWN, true);

        assertEquals(Optional.empty(), Runs.failure(after, signal(SignalKind.FAIL, Optional.empty(), Optional.empty())));
    }

    @Test
    void failureOfAPausedApplicationDoesNotFlip() {
        Application after = app(BeatRules.DEFAULT, new RunState(Optional.empty(), Optional.empty(), 1, 0), Status.UP, false);

        assertEquals(Optional.empty(), Runs.failure(after, signal(SignalKind.FAIL, Optional.empty(), Optional.empty())));
    }

    @Test
    void tooFastSuccessFlipsAndSaysHowFast() {
        Application after = app(rules(1, Optional.of(Duration.ofSeconds(60)), Optional.empty()), RunState.NONE, Status.UP, true);

        assertEquals(Optional.of("Too fast: the run took 2.500 s, less than the minimum runtime of 60 s."),
                Runs.failure(after, signal(SignalKind.SUCCESS, Optional.empty(), Optional.of(2500L))));
    }

    @Test
    void logAndStartNeverFlip() {
        Application after = app(BeatRules.DEFAULT, new RunState(Optional.empty(), Optional.empty(), 1, 0), Status.UP, true);

        assertEquals(Optional.empty(), Runs.failure(after, signal(SignalKind.LOG, Optional.empty(), Optional.empty())));
        assertEquals(Optional.empty(), Runs.failure(after, signal(SignalKind.START, Optional.empty(), Optional.empty())));
    }

    @Test
    void timeoutNoteSaysWhenTheRunStartedAndTheLimit() {
        assertEquals("Timed out: a run started at 2026-11-30T02:00:00Z has not ended within the maximum runtime of 600 s.",
                Runs.timedOut(T0, Duration.ofMinutes(10)));
    }
}
