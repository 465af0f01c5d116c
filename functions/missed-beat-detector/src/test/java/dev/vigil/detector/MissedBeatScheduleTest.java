package dev.vigil.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.AlertType;
import dev.vigil.domain.Application;
import dev.vigil.domain.BeatRules;
import dev.vigil.domain.CronExpression;
import dev.vigil.domain.Deadlines;
import dev.vigil.domain.MaintenanceWindow;
import dev.vigil.domain.Status;
import dev.vigil.fixtures.Fixture;
import dev.vigil.store.AlertStore;
import dev.vigil.store.HeartbeatLog;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Detector passes on DynamoDB Local for schedules: thresholds, maintenance, parents, cron, long intervals. */
class MissedBeatScheduleTest {
    private final Fixture f = new Fixture();

    private MissedBeatScan.Result pass() {
        return new MissedBeatScan(f.applications(), f.ledger(), f.clock).runPass();
    }

    private Application withRules(Application app, BeatRules rules) {
        Application current = f.reload(app);
        Application changed = current.withRules(rules);
        assertTrue(f.applications().updateSettings(current, changed.withDueAt(Deadlines.deadline(changed))));
        return f.reload(app);
    }

    private void beat(Application app) {
        f.applications().recordBeat(app.uuid(), new HeartbeatLog.Beat(f.clock.instant(), "POST", Optional.empty(),
                Optional.empty()));
    }

    @Test
    void missBelowTheFailureThresholdIsNotAlertedAndTheNextOneIs() {
        Application app = withRules(f.register("tolerant", 60, 0), BeatRules.DEFAULT.withThresholds(2, 1));
        f.clock.advance(Duration.ofSeconds(60));

        assertEquals(0, pass().flippedDown());
        assertEquals(List.of(), f.bus.published);
        assertEquals(1, f.reload(app).run().failStreak());
        assertEquals(Optional.of(Fixture.START.plusSeconds(120)), f.reload(app).dueAt());

        f.clock.advance(Duration.ofSeconds(60));
        assertEquals(1, pass().flippedDown());
        assertEquals(1, f.bus.published.size());
        assertEquals(Status.DOWN, f.reload(app).status());
        assertEquals(2, f.reload(app).run().failStreak());
    }

    @Test
    void beatBetweenMissesKeepsTheApplicationUpWithoutAlert() {
        Application app = withRules(f.register("tolerant", 60, 0), BeatRules.DEFAULT.withThresholds(2, 1));
        f.clock.advance(Duration.ofSeconds(60));
        pass();
        f.clock.advance(Duration.ofSeconds(30));
        beat(app);
        f.clock.advance(Duration.ofSeconds(59));

        assertEquals(0, pass().flippedDown());
        assertEquals(List.of(), f.bus.published);
        assertEquals(Status.UP, f.reload(app).status());
    }

    @Test
    void overdueApplicationInsideAMaintenanceWindowIsNotAlertedAndItsDeadlineRestartsAtTheEnd() {
        Instant windowEnd = Fixture.START.plus(Duration.ofHours(2));
        Application app = withRules(f.register("maintained", 60, 30), BeatRules.DEFAULT.withMaintenance(List.of(
                new MaintenanceWindow.OneOff(Fixture.START, windowEnd))));
        f.clock.advance(Duration.ofMinutes(5));

        assertEquals(0, pass().flippedDown());
        assertEquals(List.of(), f.bus.published);
        Application held = f.reload(app);
        assertEquals(Status.NEW, held.status());
        assertEquals(Optional.of(windowEnd.plusSeconds(90)), held.dueAt(), "window end + interval + grace");
    }

    @Test
    void applicationSilentAfterItsMaintenanceWindowEndsIsAlertedOnceAtTheRestartedDeadline() {
        Instant windowEnd = Fixture.START.plus(Duration.ofHours(2));
        Application app = withRules(f.register("maintained", 60, 30), BeatRules.DEFAULT.withMaintenance(List.of(
                new MaintenanceWindow.OneOff(Fixture.START, windowEnd))));
        f.clock.advance(Duration.ofMinutes(5));
        pass();

        f.clock.set(windowEnd.plusSeconds(89));
        assertEquals(0, pass().flippedDown());
        f.clock.set(windowEnd.plusSeconds(90));
        assertEquals(1, pass().flippedDown());
        assertEquals(List.of(Optional.of(windowEnd.plusSeconds(90))),
                f.bus.published.stream().map(AlertEvent::deadline).toList());
        assertEquals(Status.DOWN, f.reload(app).status());
    }

    @Test
    void recurringWindowSuppressesTheNightlyMissAndBeatsDuringItAreRecorded() {
        // Every day at 12:00 UTC for an hour (the fixture starts at 12:00).
        Application app = withRules(f.register("nightly", 60, 0), BeatRules.DEFAULT.withMaintenance(List.of(
                new MaintenanceWindow.Recurring(CronExpression.parse("0 12 * * *"), ZoneId.of("UTC"), Duration.ofHours(1)))));
        f.clock.advance(Duration.ofMinutes(10));
        assertEquals(0, pass().flippedDown());
        f.clock.advance(Duration.ofMinutes(10));
        beat(app);

        assertEquals(Optional.of(f.clock.instant()), f.reload(app).lastHeartbeat());
        assertEquals(Status.UP, f.reload(app).status());
        assertEquals(List.of(), f.bus.published);
    }

    @Test
    void childGoingDownWhileItsParentIsDownIsRecordedButItsAlertSuppressed() {
        Application parent = f.register("database", 60, 0);
        Application child = withRules(f.register("reports", 120, 0),
                BeatRules.DEFAULT.withParent(Optional.of(parent.id())));
        f.clock.advance(Duration.ofSeconds(60));
        assertEquals(1, pass().flippedDown());
        f.clock.advance(Duration.ofSeconds(60));

        assertEquals(1, pass().flippedDown());

        Application down = f.reload(child);
        assertEquals(Status.DOWN, down.status());
        assertEquals(Optional.of("parent " + parent.id() + " is down"), down.run().suppressed());
        AlertEvent childEvent = f.bus.published.stream().filter(e -> e.applicationId().equals(child.id())).findFirst()
                .orElseThrow();
        assertEquals(Optional.of("parent " + parent.id() + " is down"), childEvent.suppressed());
        AlertStore.Alert record = f.tables().alerts().standing(child.tenantId(), child.id()).orElseThrow();
        assertEquals(Optional.of("parent " + parent.id() + " is down"), record.suppressed());
        AlertEvent parentEvent = f.bus.published.stream().filter(e -> e.applicationId().equals(parent.id())).findFirst()
                .orElseThrow();
        assertEquals(Optional.empty(), parentEvent.suppressed());
    }

    @Test
    void recoveryOfASuppressedOutageIsSuppressedToo() {
        Application parent = f.register("database", 60, 0);
        Application child = withRules(f.register("reports", 120, 0),
                BeatRules.DEFAULT.withParent(Optional.of(parent.id())));
        f.clock.advance(Duration.ofSeconds(120));
        pass();
        beat(child);

        pass();

        AlertEvent up = f.bus.published.stream().filter(e -> e.type() == AlertType.APPLICATION_UP).findFirst().orElseThrow();
        assertEquals(child.id(), up.applicationId());
        assertEquals(Optional.of("parent " + parent.id() + " is down"), up.suppressed());
        assertEquals(Optional.empty(), f.reload(child).run().suppressed(), "the next outage is alerted again");
    }

    @Test
    void cronApplicationDeadlineHeldTooEarlyByTheIndexIsPostponedThenAlertedAtTheFiringPlusGrace() {
        // The fixture starts 2026-11-24T12:00Z; the job runs at 02:30 Paris time (01:30Z in November).
        Application app = withRules(f.register("nightly", 86400, 600), BeatRules.DEFAULT.withCron(Optional.of(
                new BeatRules.CronSchedule(CronExpression.parse("30 2 * * *"), ZoneId.of("Europe/Paris")))));
        beat(app);
        Instant deadline = Instant.parse("2026-11-25T01:40:00Z");
        f.clock.advance(Duration.ofSeconds(600));

        assertEquals(0, pass().flippedDown());
        assertEquals(Optional.of(deadline), f.reload(app).dueAt(), "postponed to the true deadline");

        f.clock.set(deadline.minusSeconds(1));
        assertEquals(0, pass().flippedDown());
        f.clock.set(deadline);
        assertEquals(1, pass().flippedDown());
        assertEquals(Optional.of(deadline), f.bus.published.get(0).deadline());
    }

    @Test
    void yearLongIntervalIsAlertedAtItsDeadlineAndARestartedDetectorSendsNothingMore() {
        Application app = f.register("yearly", Duration.ofDays(365).toSeconds(), 3600);
        Instant deadline = Fixture.START.plus(Duration.ofDays(365)).plusSeconds(3600);
        f.clock.set(deadline.minusSeconds(1));
        assertEquals(0, pass().flippedDown());

        f.clock.set(deadline);
        assertEquals(1, pass().flippedDown());
        // A deploy or restart: a new detector with nothing in memory runs its pass again.
        MissedBeatScan.Result again = new MissedBeatScan(f.applications(), f.ledger(), f.clock).runPass();

        assertEquals(0, again.flippedDown());
        assertEquals(1, f.bus.published.size());
        assertEquals(Status.DOWN, f.reload(app).status());
    }

    @Test
    void thirtyDayIntervalIsAlertedOnceAtThirtyDaysPlusGrace() {
        f.register("monthly", Duration.ofDays(30).toSeconds(), 600);
        f.clock.set(Fixture.START.plus(Duration.ofDays(30)).plusSeconds(599));
        assertEquals(0, pass().flippedDown());
        f.clock.advance(Duration.ofSeconds(1));
        assertEquals(1, pass().flippedDown());
        f.clock.advance(Duration.ofDays(3));
        assertEquals(0, pass().flippedDown());
        assertEquals(1, f.bus.published.size());
    }
}
