package dev.vigil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.Application;
import dev.vigil.domain.BeatRules;
import dev.vigil.domain.BeatState;
import dev.vigil.domain.Beats;
import dev.vigil.domain.CronExpression;
import dev.vigil.domain.Deadlines;
import dev.vigil.domain.MaintenanceWindow;
import dev.vigil.domain.Misses;
import dev.vigil.domain.Status;
import dev.vigil.wiring.TestPlatform;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
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
}
