package dev.vigil.domain;

import static dev.vigil.domain.ScheduledApps.cron;
import static dev.vigil.domain.ScheduledApps.interval;
import static dev.vigil.domain.ScheduledApps.withFailStreak;
import static dev.vigil.domain.ScheduledApps.withRules;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the detector does with a due application: one behaviour per test. */
class MissesTest {
    private static final Instant BEAT = Instant.parse("2026-06-10T12:00:00Z");
    /** Interval 300 s, grace 60 s: deadline 12:06:00. */
    private static final Application APP = interval(300, 60, BEAT);
    private static final Instant DEADLINE = Instant.parse("2026-06-10T12:06:00Z");

    @Test
    void downAtTheFirstMissWithTheDefaultThreshold() {
        assertEquals(new Misses.Verdict.Down(1, DEADLINE, Optional.empty()), Misses.judge(APP, Optional.empty(), DEADLINE));
    }

    @Test
    void notYetOneSecondBeforeTheDeadline() {
        assertEquals(new Misses.Verdict.NotYet(DEADLINE),
                Misses.judge(APP, Optional.empty(), DEADLINE.minusSeconds(1)));
    }

    @Test
    void missBelowTheThresholdIsCountedAndTheWatchGoesOnToTheNextExpectedTime() {
        Application tolerant = withRules(APP, BeatRules.DEFAULT.withThresholds(3, 1));
        // Expected at 12:05 and missed: the next beat is expected at 12:10, due 12:11.
        assertEquals(new Misses.Verdict.Counted(1, Instant.parse("2026-06-10T12:05:00Z"),
                Instant.parse("2026-06-10T12:11:00Z")), Misses.judge(tolerant, Optional.empty(), DEADLINE));
    }

    @Test
    void downWhenTheMissesInARowReachTheThreshold() {
        Application tolerant = withFailStreak(withRules(APP, BeatRules.DEFAULT.withThresholds(3, 1)), 2);
        assertEquals(new Misses.Verdict.Down(3, DEADLINE, Optional.empty()),
                Misses.judge(tolerant, Optional.empty(), DEADLINE));
    }

    @Test
    void aLateDetectorCountsEveryMissItSlept() {
        Application tolerant = withRules(APP, BeatRules.DEFAULT.withThresholds(3, 1));
        // Deadlines 12:06, 12:11, 12:16: the third miss reaches the threshold at 12:16.
        assertEquals(new Misses.Verdict.Down(3, Instant.parse("2026-06-10T12:16:00Z"), Optional.empty()),
                Misses.judge(tolerant, Optional.empty(), Instant.parse("2026-06-10T12:20:00Z")));
    }

    @Test
    void cronMissBelowTheThresholdWaitsForTheNextFiring() {
        Application nightly = withRules(cron("0 3 * * *", "UTC", 600, Instant.parse("2026-06-10T03:00:00Z")),
                BeatRules.DEFAULT.withCron(Optional.of(new BeatRules.CronSchedule(CronExpression.parse("0 3 * * *"),
                        ZoneId.of("UTC")))).withThresholds(2, 1));
        assertEquals(new Misses.Verdict.Counted(1, Instant.parse("2026-06-11T03:00:00Z"),
                        Instant.parse("2026-06-12T03:10:00Z")),
                Misses.judge(nightly, Optional.empty(), Instant.parse("2026-06-11T03:10:00Z")));
    }

    @Test
    void overdueInsideAMaintenanceWindowRestartsTheDeadlineAtItsEnd() {
        Instant windowEnd = Instant.parse("2026-06-10T14:00:00Z");
        Application maintained = withRules(APP, BeatRules.DEFAULT.withMaintenance(List.of(
                new MaintenanceWindow.OneOff(Instant.parse("2026-06-10T12:03:00Z"), windowEnd))));
        // Deadline restarts cleanly: window end + interval + grace.
        assertEquals(new Misses.Verdict.InMaintenance(windowEnd, Instant.parse("2026-06-10T14:06:00Z")),
                Misses.judge(maintained, Optional.empty(), DEADLINE));
    }

    @Test
    void endedMaintenanceWindowNoLongerExcusesAMiss() {
        Application maintained = withRules(APP, BeatRules.DEFAULT.withMaintenance(List.of(
                new MaintenanceWindow.OneOff(Instant.parse("2026-06-10T11:00:00Z"), Instant.parse("2026-06-10T12:06:00Z")))));
        assertEquals(new Misses.Verdict.Down(1, DEADLINE, Optional.empty()),
                Misses.judge(maintained, Optional.empty(), DEADLINE));
    }

    @Test
    void watchRestartedAtTheWindowEndFlipsWhenNoBeatFollowsIt() {
        Instant windowEnd = Instant.parse("2026-06-10T14:00:00Z");
        Application restarted = ScheduledApps.app(300, 60, Status.UP, true, BEAT, windowEnd, BeatRules.DEFAULT,
                RunState.NONE);
        assertEquals(new Misses.Verdict.NotYet(Instant.parse("2026-06-10T14:06:00Z")),
                Misses.judge(restarted, Optional.empty(), Instant.parse("2026-06-10T14:05:59Z")));
        assertEquals(new Misses.Verdict.Down(1, Instant.parse("2026-06-10T14:06:00Z"), Optional.empty()),
                Misses.judge(restarted, Optional.empty(), Instant.parse("2026-06-10T14:06:00Z")));
    }

    @Test
    void overdueInsideARecurringWindowWaitsForItsEnd() {
        Application maintained = withRules(APP, BeatRules.DEFAULT.withMaintenance(List.of(new MaintenanceWindow.Recurring(
                CronExpression.parse("0 12 * * *"), ZoneId.of("UTC"), Duration.ofMinutes(30)))));
        assertEquals(new Misses.Verdict.InMaintenance(Instant.parse("2026-06-10T12:30:00Z"),
                Instant.parse("2026-06-10T12:36:00Z")), Misses.judge(maintained, Optional.empty(), DEADLINE));
    }

    @Test
    void childGoingDownWhileItsParentIsDownIsSuppressed() {
        Application parent = ScheduledApps.down(ScheduledApps.withId(interval(60, 0, BEAT), "app_parentparent"));
        Application child = withRules(APP, BeatRules.DEFAULT.withParent(Optional.of("app_parentparent")));
        assertEquals(new Misses.Verdict.Down(1, DEADLINE, Optional.of("parent app_parentparent is down")),
                Misses.judge(child, Optional.of(parent), DEADLINE));
    }

    @Test
    void childOfAnOverdueParentNotYetFlippedIsSuppressedToo() {
        Application parent = ScheduledApps.withId(interval(60, 0, BEAT), "app_parentparent"); // due 12:01
        Application child = withRules(APP, BeatRules.DEFAULT.withParent(Optional.of("app_parentparent")));
        assertEquals(Optional.of("parent app_parentparent is down"),
                ((Misses.Verdict.Down) Misses.judge(child, Optional.of(parent), DEADLINE)).suppressed());
    }

    @Test
    void childOfAnUpParentAlertsAsUsual() {
        Application parent = ScheduledApps.withId(interval(3600, 0, BEAT), "app_parentparent");
        Application child = withRules(APP, BeatRules.DEFAULT.withParent(Optional.of("app_parentparent")));
        assertEquals(new Misses.Verdict.Down(1, DEADLINE, Optional.empty()), Misses.judge(child, Optional.of(parent), DEADLINE));
    }

    @Test
    void pausedApplicationHasNothingToJudge() {
        Application paused = ScheduledApps.app(300, 60, Status.UP, false, BEAT, ScheduledApps.CREATED, BeatRules.DEFAULT,
                RunState.NONE);
        assertEquals(new Misses.Verdict.NoDeadline(), Misses.judge(paused, Optional.empty(), DEADLINE));
    }

    @Test
    void thirtyDayIntervalGoesDownAtThirtyDaysPlusGrace() {
        Application monthly = interval(Duration.ofDays(30).toSeconds(), 3600, BEAT);
        Instant deadline = BEAT.plus(Duration.ofDays(30)).plusSeconds(3600);
        assertEquals(new Misses.Verdict.NotYet(deadline), Misses.judge(monthly, Optional.empty(), deadline.minusSeconds(1)));
        assertEquals(new Misses.Verdict.Down(1, deadline, Optional.empty()), Misses.judge(monthly, Optional.empty(), deadline));
    }
}
