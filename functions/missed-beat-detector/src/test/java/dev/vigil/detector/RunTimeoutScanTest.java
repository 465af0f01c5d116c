package dev.vigil.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Application;
import dev.vigil.domain.BeatDetail;
import dev.vigil.domain.BeatRules;
import dev.vigil.domain.Due;
import dev.vigil.domain.MaintenanceWindow;
import dev.vigil.domain.SignalKind;
import dev.vigil.domain.Status;
import dev.vigil.fixtures.Fixture;
import dev.vigil.store.HeartbeatLog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A run in progress past its maximum runtime: the detector flips the application down and says it timed out. */
class RunTimeoutScanTest {
    private final Fixture f = new Fixture();

    /** An hourly job with a 10-minute maximum runtime whose run started now, its deadline moved to the timeout as the stream consumer moves it. */
    private Application startedRun() {
        Application app = f.register("nightly-backup", 3600, 300);
        Application current = f.reload(app);
        assertTrue(f.applications().updateSettings(current, current.withRules(new BeatRules(Optional.empty(), 1, 1,
                Optional.empty(), Optional.of(Duration.ofMinutes(10)), false, Optional.empty(), List.of()))));
        f.applications().recordBeat(app.uuid(), new HeartbeatLog.Beat(f.clock.instant(), "POST", Optional.empty(),
                Optional.empty(), BeatDetail.of(SignalKind.START)));
        Application started = f.reload(app);
        assertTrue(f.applications().advanceDeadline(started, Due.of(started).orElseThrow()));
        return f.reload(app);
    }

    @Test
    void runPastItsMaximumRuntimeFlipsDownWithATimeoutNote() {
        Application app = startedRun();
        Instant startedAt = f.clock.instant();
        f.clock.advance(Duration.ofMinutes(10));

        MissedBeatScan.Result result = new MissedBeatScan(f.applications(), f.ledger(), f.clock).runPass();

        assertEquals(1, result.flippedDown());
        AlertEvent down = f.bus.published.get(0);
        assertEquals(Optional.of("Timed out: a run started at " + startedAt
                + " has not ended within the maximum runtime of 600 s."), down.note());
        assertEquals(Status.DOWN, f.reload(app).status());
    }

    @Test
    void runStillWithinItsMaximumRuntimeIsLeftAlone() {
        startedRun();
        f.clock.advance(Duration.ofMinutes(9));

        MissedBeatScan.Result result = new MissedBeatScan(f.applications(), f.ledger(), f.clock).runPass();

        assertEquals(0, result.flippedDown());
        assertTrue(f.bus.published.isEmpty());
    }

    @Test
    void runThatEndedInTimeDoesNotTimeOut() {
        Application app = startedRun();
        f.clock.advance(Duration.ofMinutes(5));
        f.applications().recordBeat(app.uuid(), new HeartbeatLog.Beat(f.clock.instant(), "POST", Optional.empty(),
                Optional.empty(), BeatDetail.NONE));
        f.clock.advance(Duration.ofMinutes(10));

        MissedBeatScan.Result result = new MissedBeatScan(f.applications(), f.ledger(), f.clock).runPass();

        assertEquals(0, result.flippedDown());
        assertEquals(Status.UP, f.reload(app).status());
    }

    private void signal(Application app, SignalKind kind, Optional<String> rid) {
        f.applications().recordBeat(app.uuid(), new HeartbeatLog.Beat(f.clock.instant(), "POST", Optional.empty(),
                Optional.empty(), new BeatDetail(kind, Optional.empty(), rid, Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty(), Map.of())));
    }

    @Test
    void aHungRunIsClosedByItsTimeoutSoLaterRunsDoNotTimeTheApplicationOutAgain() {
        Application app = f.register("nightly-backup", 3600, 300);
        Application current = f.reload(app);
        assertTrue(f.applications().updateSettings(current, current.withRules(new BeatRules(Optional.empty(), 1, 1,
                Optional.empty(), Optional.of(Duration.ofMinutes(10)), false, Optional.empty(), List.of()))));
        signal(app, SignalKind.START, Optional.of("R1"));
        Application started = f.reload(app);
        assertTrue(f.applications().advanceDeadline(started, Due.of(started).orElseThrow()));
        f.clock.advance(Duration.ofMinutes(10));
        MissedBeatScan scan = new MissedBeatScan(f.applications(), f.ledger(), f.clock);
        assertEquals(1, scan.runPass().flippedDown());
        f.clock.advance(Duration.ofMinutes(50));
        signal(app, SignalKind.START, Optional.of("R2"));
        signal(app, SignalKind.SUCCESS, Optional.of("R2"));
        scan.runPass();
        f.clock.advance(Duration.ofMinutes(60));

        signal(app, SignalKind.START, Optional.of("R3"));
        Application running = f.reload(app);
        // As the stream consumer does: the run's timeout becomes the deadline when it comes first.
        Due.of(running).filter(due -> due.isBefore(running.dueAt().orElseThrow()))
                .ifPresent(due -> f.applications().advanceDeadline(running, due));
        MissedBeatScan.Result next = scan.runPass();

        assertEquals(0, next.flippedDown(), "R1 timed out once; R3 has just started");
        assertEquals(Status.UP, f.reload(app).status());
        assertEquals(List.of("R3"), List.copyOf(f.reload(app).run().runs().keySet()));
    }

    @Test
    void aRunThatTimesOutInsideAMaintenanceWindowKeepsItsTimeoutAsTheDeadlineAndIsDownAfterIt() {
        Application app = f.register("nightly-backup", 3600, 300);
        Application current = f.reload(app);
        Instant windowEnd = f.clock.instant().plus(Duration.ofMinutes(30));
        assertTrue(f.applications().updateSettings(current, current.withRules(new BeatRules(Optional.empty(), 1, 1,
                Optional.empty(), Optional.of(Duration.ofMinutes(10)), false, Optional.empty(), List.of(),
                List.of(new MaintenanceWindow.OneOff(f.clock.instant().minus(Duration.ofMinutes(1)), windowEnd))))));
        Instant startedAt = f.clock.instant();
        signal(app, SignalKind.START, Optional.empty());
        Application started = f.reload(app);
        assertTrue(f.applications().advanceDeadline(started, Due.of(started).orElseThrow()));
        f.clock.advance(Duration.ofMinutes(10));
        MissedBeatScan scan = new MissedBeatScan(f.applications(), f.ledger(), f.clock);

        assertEquals(0, scan.runPass().flippedDown(), "inside the window");
        assertEquals(Optional.of(startedAt.plus(Duration.ofMinutes(10))), f.reload(app).dueAt());

        f.clock.set(windowEnd.plusSeconds(1));
        assertEquals(1, scan.runPass().flippedDown(), "the run is still hung after the window");
    }
}
