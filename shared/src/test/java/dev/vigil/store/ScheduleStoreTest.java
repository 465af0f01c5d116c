package dev.vigil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.Application;
import dev.vigil.domain.BeatDetail;
import dev.vigil.domain.BeatRules;
import dev.vigil.domain.BeatState;
import dev.vigil.domain.Beats;
import dev.vigil.domain.CronExpression;
import dev.vigil.domain.Deadlines;
import dev.vigil.domain.MaintenanceWindow;
import dev.vigil.domain.Misses;
import dev.vigil.domain.SignalKind;
import dev.vigil.domain.Status;
import dev.vigil.wiring.TestPlatform;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The store's schedule writes on DynamoDB Local, checked against the domain functions they implement. */
class ScheduleStoreTest {
    private final TestPlatform f = new TestPlatform();
    private final ApplicationStore store = f.tables().applications();

    private Application stored(Application app) {
        return store.findByUuid(app.uuid()).orElseThrow();
    }

    private Application withRules(Application app, BeatRules rules) {
        Application changed = app.withRules(rules);
        assertTrue(store.updateSettings(app, changed.withDueAt(Deadlines.deadline(changed))));
        return stored(app);
    }

    private Application paused(Application app) {
        Application paused = app.with(app.name(), app.intervalSeconds(), app.graceSeconds(), false, f.clock.instant());
        assertTrue(store.updateSettings(app, paused));
        return stored(app);
    }

    private HeartbeatLog.Beat beatNow() {
        return new HeartbeatLog.Beat(f.clock.instant(), "POST", Optional.empty(), Optional.empty());
    }

    /** The facts a beat sets, as the domain function and the store's write must both set them. */
    private static List<Object> facts(Application app) {
        return List.of(app.status(), app.active(), app.lastHeartbeat(), app.watchedSince(), app.dueAt(),
                app.run().failStreak());
    }

    @Test
    void beatToAPausedApplicationResumesItAsTheDomainFunctionSays() {
        Application app = paused(f.register("paused", 300, 60));
        f.clock.advance(Duration.ofHours(5));
        Application expected = Beats.afterBeat(stored(app), f.clock.instant());

        assertInstanceOf(BeatOutcome.Accepted.class, store.recordBeat(app.uuid(), beatNow()));

        Application after = stored(app);
        assertEquals(facts(expected), facts(after));
        assertEquals(BeatState.UP, BeatState.of(after, f.clock.instant()));
        assertEquals(1, store.overdue(f.clock.instant().plusSeconds(360), 10).applications().size(),
                "the resumed application is back in the deadline index");
    }

    @Test
    void resumingBeatForgetsTheMissesBeforeThePauseAsTheDomainFunctionSays() {
        Application app = withRules(f.register("tolerant", 60, 0), BeatRules.DEFAULT.withThresholds(3, 1));
        f.clock.advance(Duration.ofSeconds(60));
        Application due = store.overdue(f.clock.instant(), 10).applications().get(0);
        assertTrue(store.countMiss(due, (Misses.Verdict.Counted) Misses.judge(due, Optional.empty(), f.clock.instant())));
        Application paused = paused(stored(app));
        assertEquals(1, paused.run().failStreak());
        f.clock.advance(Duration.ofHours(1));
        Application expected = Beats.afterBeat(paused, f.clock.instant());

        store.recordBeat(app.uuid(), beatNow());

        assertEquals(facts(expected), facts(stored(app)));
        assertEquals(0, stored(app).run().failStreak());
    }

    @Test
    void resumeThroughTheSettingsForgetsTheMissesBeforeThePause() {
        Application app = withRules(f.register("tolerant", 60, 0), BeatRules.DEFAULT.withThresholds(3, 1));
        f.clock.advance(Duration.ofSeconds(60));
        Application due = store.overdue(f.clock.instant(), 10).applications().get(0);
        store.countMiss(due, (Misses.Verdict.Counted) Misses.judge(due, Optional.empty(), f.clock.instant()));
        Application paused = paused(stored(app));
        f.clock.advance(Duration.ofHours(1));

        assertTrue(store.updateSettings(paused, paused.with(paused.name(), 60, 0, true, f.clock.instant())));

        assertEquals(0, stored(app).run().failStreak());
        assertEquals(f.clock.instant(), stored(app).watchedSince());
    }

    @Test
    void beatToAPausedApplicationWithManualResumeIsRecordedAndItStaysPaused() {
        Application app = paused(withRules(f.register("manual", 300, 60), BeatRules.DEFAULT.withManualResume(true)));
        f.clock.advance(Duration.ofHours(5));
        Application expected = Beats.afterBeat(stored(app), f.clock.instant());

        assertInstanceOf(BeatOutcome.Paused.class, store.recordBeat(app.uuid(), beatNow()));

        Application after = stored(app);
        assertEquals(facts(expected), facts(after));
        assertFalse(after.active());
        assertEquals(Optional.of(f.clock.instant()), after.lastHeartbeat());
    }

    @Test
    void beatToADownApplicationBringsItUpAsTheDomainFunctionSays() {
        Application app = f.register("down", 60, 0);
        f.clock.advance(Duration.ofSeconds(61));
        Application due = store.overdue(f.clock.instant(), 10).applications().get(0);
        Misses.Verdict.Down down = (Misses.Verdict.Down) Misses.judge(due, Optional.empty(), f.clock.instant());
        f.platform.ledger().record(dev.vigil.domain.Alerts.down(due, down.deadline(), f.clock.instant()),
                store.markDown(due, dev.vigil.domain.Alerts.down(due, down.deadline(), f.clock.instant())));
        assertEquals(Status.DOWN, stored(app).status());
        f.clock.advance(Duration.ofSeconds(30));
        Application expected = Beats.afterBeat(stored(app), f.clock.instant());

        store.recordBeat(app.uuid(), beatNow());

        assertEquals(facts(expected), facts(stored(app)));
    }

    @Test
    void cronApplicationStoresTheGraceAsItsBeatWindowSoTheIndexIsNeverLate() {
        Application app = withRules(f.register("nightly", 86400, 600), BeatRules.DEFAULT.withCron(Optional.of(
                new BeatRules.CronSchedule(CronExpression.parse("30 2 * * *"), ZoneId.of("Europe/Paris")))));

        store.recordBeat(app.uuid(), beatNow());

        Application after = stored(app);
        assertEquals(Optional.of(f.clock.instant().plusSeconds(600)), after.dueAt());
        assertTrue(!after.dueAt().get().isAfter(Deadlines.deadline(after).orElseThrow()));
    }

    @Test
    void maintenanceWindowsAreStoredAndReadBack() {
        List<MaintenanceWindow> windows = List.of(
                new MaintenanceWindow.OneOff(Instant.parse("2026-12-24T18:00:00Z"), Instant.parse("2026-12-26T08:00:00Z")),
                new MaintenanceWindow.Recurring(CronExpression.parse("0 3 * * SUN"), ZoneId.of("America/New_York"),
                        Duration.ofMinutes(90)));
        Application app = withRules(f.register("maintained", 300, 60), BeatRules.DEFAULT.withMaintenance(windows));

        assertEquals(windows, app.rules().maintenance());
    }

    @Test
    void countedMissMovesTheWatchOnAndKeepsTheApplicationUpAndOutOfTheAlerts() {
        Application app = withRules(f.register("tolerant", 60, 0), BeatRules.DEFAULT.withThresholds(2, 1));
        f.clock.advance(Duration.ofSeconds(61));
        Application due = store.overdue(f.clock.instant(), 10).applications().get(0);
        Misses.Verdict.Counted miss = (Misses.Verdict.Counted) Misses.judge(due, Optional.empty(), f.clock.instant());

        assertTrue(store.countMiss(due, miss));

        Application after = stored(app);
        assertEquals(1, after.run().failStreak());
        assertEquals(Optional.of(miss.deadline()), after.dueAt());
        assertEquals(Deadlines.deadline(after), after.dueAt(), "the stored deadline is the one the facts give");
        assertFalse(store.countMiss(due, miss), "a second detector with the same read changes nothing");
    }

    @Test
    void settingsWrittenFromAReadBeforeTheDetectorRestartedTheWatchAreRetriedNotApplied() {
        Application app = withRules(f.register("racy", 60, 0), BeatRules.DEFAULT.withThresholds(2, 1));
        f.clock.advance(Duration.ofSeconds(61));
        Application due = store.overdue(f.clock.instant(), 10).applications().get(0);
        store.countMiss(due, (Misses.Verdict.Counted) Misses.judge(due, Optional.empty(), f.clock.instant()));

        assertFalse(store.updateSettings(due, due.withRules(due.rules().withManualResume(true))));
    }

    private HeartbeatLog.Beat signalNow(BeatDetail detail) {
        return new HeartbeatLog.Beat(f.clock.instant(), "POST", Optional.empty(), Optional.empty(), detail);
    }

    private static BeatDetail success(Optional<Integer> exitCode, Optional<String> rid, Optional<String> message) {
        return new BeatDetail(SignalKind.SUCCESS, exitCode, rid, Optional.empty(), Optional.empty(), message,
                Optional.empty(), Map.of());
    }

    @Test
    void successWithExitCodeZeroResumesAPausedApplication() {
        Application app = paused(f.register("exit-zero", 300, 60));

        assertInstanceOf(BeatOutcome.Accepted.class, store.recordBeat(app.uuid(),
                signalNow(success(Optional.of(0), Optional.empty(), Optional.empty()))));

        assertTrue(stored(app).active());
        assertEquals(Status.UP, stored(app).status());
        assertEquals(Optional.of(f.clock.instant()), stored(app).lastHeartbeat());
    }

    @Test
    void successWithARunIdResumesAPausedApplication() {
        Application app = paused(f.register("with-rid", 300, 60));

        store.recordBeat(app.uuid(), signalNow(success(Optional.empty(), Optional.of("run-1"), Optional.empty())));

        assertTrue(stored(app).active());
        assertEquals(Optional.of(f.clock.instant().plusSeconds(360)), stored(app).dueAt());
    }

    @Test
    void successWithABodyResumesAPausedApplicationAndReturnsItsNumber() {
        Application app = paused(f.register("with-body", 300, 60));

        BeatOutcome outcome = store.recordBeat(app.uuid(),
                signalNow(success(Optional.empty(), Optional.empty(), Optional.of("done"))));

        BeatOutcome.Accepted accepted = assertInstanceOf(BeatOutcome.Accepted.class, outcome);
        assertEquals(1, accepted.recorded().orElseThrow().sequence());
        assertTrue(stored(app).active());
    }

    @Test
    void failToAPausedApplicationIsRecordedAndItStaysPaused() {
        Application app = paused(f.register("failing", 300, 60));

        assertInstanceOf(BeatOutcome.Paused.class, store.recordBeat(app.uuid(), signalNow(BeatDetail.of(SignalKind.FAIL))));

        assertFalse(stored(app).active());
    }

    @Test
    void resumingSuccessForgetsTheRunsBegunBeforeThePause() {
        Application app = f.register("hung", 300, 60);
        store.recordBeat(app.uuid(), signalNow(BeatDetail.of(SignalKind.START)));
        store.recordBeat(app.uuid(), signalNow(new BeatDetail(SignalKind.START, Optional.empty(), Optional.of("run-1"),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of())));
        Application paused = paused(stored(app));
        assertTrue(paused.run().started());
        f.clock.advance(Duration.ofHours(1));

        store.recordBeat(app.uuid(), beatNow());

        assertFalse(stored(app).run().started());
        assertEquals(facts(Beats.afterBeat(paused, f.clock.instant())), facts(stored(app)));
    }

    @Test
    void resumeThroughTheSettingsForgetsTheRunsBegunBeforeThePause() {
        Application app = f.register("hung", 300, 60);
        store.recordBeat(app.uuid(), signalNow(BeatDetail.of(SignalKind.START)));
        store.recordBeat(app.uuid(), signalNow(new BeatDetail(SignalKind.START, Optional.empty(), Optional.of("run-1"),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of())));
        Application paused = paused(stored(app));
        f.clock.advance(Duration.ofHours(1));

        assertTrue(store.updateSettings(paused, paused.with(paused.name(), 300, 60, true, f.clock.instant())));

        assertFalse(stored(app).run().started());
    }

    @Test
    void settingsWrittenAfterAStartLandedSinceTheyWereReadAreRefused() {
        Application app = f.register("racing", 300, 60);
        Application read = stored(app);
        store.recordBeat(app.uuid(), signalNow(BeatDetail.of(SignalKind.START)));

        assertFalse(store.updateSettings(read, read.with("renamed", 300, 60, true, f.clock.instant())),
                "the deadline it computed does not know the run's timeout");
    }

    @Test
    void settingsWrittenAfterALogLandedSinceTheyWereReadHold() {
        Application app = f.register("chatty", 300, 60);
        Application read = stored(app);
        store.recordBeat(app.uuid(), signalNow(BeatDetail.of(SignalKind.LOG)));

        assertTrue(store.updateSettings(read, read.with("renamed", 300, 60, true, f.clock.instant())));
    }
}
