package dev.vigil.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which firing a pulse runs, what it missed, and how a run's outcome moves a task's status. */
class TaskScheduleTest {
    private static final Instant T = Instant.parse("2026-11-24T12:00:00Z");

    private static ScheduledTask task(TaskStatus status, int failures, int threshold) {
        return new ScheduledTask("task_aaaaaaaaaaaa", "default", "nightly export", CronExpression.parse("*/5 * * * *"),
                ZoneOffset.UTC, true, new TaskTarget.Event("{}"), threshold, status, failures, 3, Optional.of(T),
                Optional.empty(), T, T, 1);
    }

    @Test
    void anOnTimeRunIsForItsDueFiringAndMissesNothing() {
        TaskSchedule.Plan plan = TaskSchedule.plan(CronExpression.parse("*/5 * * * *"), ZoneOffset.UTC, T, T.plusSeconds(20));
        assertEquals(T, plan.fireFor());
        assertEquals(0, plan.missed());
        assertEquals(Optional.of(T.plusSeconds(300)), plan.next());
    }

    @Test
    void aRunMoreThanOnePeriodLateRunsOnceForTheLatestFiringAndCountsTheMissedOnes() {
        // Due at 12:00, pulse at 12:17: 12:05, 12:10 and 12:15 passed too; it runs for 12:15, 12:00-12:10 are missed.
        TaskSchedule.Plan plan = TaskSchedule.plan(CronExpression.parse("*/5 * * * *"), ZoneOffset.UTC, T,
                Instant.parse("2026-11-24T12:17:00Z"));
        assertEquals(Instant.parse("2026-11-24T12:15:00Z"), plan.fireFor());
        assertEquals(3, plan.missed());
        assertEquals(Optional.of(Instant.parse("2026-11-24T12:20:00Z")), plan.next());
    }

    @Test
    void aVeryLongOutageCountsAtMostTheCapAndStillSchedulesAfterNow() {
        Instant now = T.plus(java.time.Duration.ofDays(3));
        TaskSchedule.Plan plan = TaskSchedule.plan(CronExpression.parse("* * * * *"), ZoneId.of("Europe/Paris"), T, now);
        assertEquals(TaskSchedule.MAX_COUNTED_MISSES, plan.missed());
        assertTrue(plan.next().orElseThrow().isAfter(now));
    }

    @Test
    void failuresBelowTheThresholdKeepTheStatus() {
        TaskSchedule.Health health = TaskSchedule.afterRun(task(TaskStatus.OK, 0, 2), false);
        assertEquals(new TaskSchedule.Health(TaskStatus.OK, 1, false), health);
    }

    @Test
    void reachingTheThresholdMakesTheTaskFailingOnce() {
        assertEquals(new TaskSchedule.Health(TaskStatus.FAILING, 2, true), TaskSchedule.afterRun(task(TaskStatus.OK, 1, 2), false));
        assertEquals(new TaskSchedule.Health(TaskStatus.FAILING, 3, false),
                TaskSchedule.afterRun(task(TaskStatus.FAILING, 2, 2), false), "already failing: no second alert");
        assertTrue(TaskSchedule.afterRun(task(TaskStatus.NEW, 0, 1), false).changed(), "a new task's first failure alerts at threshold 1");
    }

    @Test
    void aSuccessRecoversAFailingTaskButANewTasksFirstSuccessIsNoChange() {
        assertEquals(new TaskSchedule.Health(TaskStatus.OK, 0, true), TaskSchedule.afterRun(task(TaskStatus.FAILING, 4, 2), true));
        assertFalse(TaskSchedule.afterRun(task(TaskStatus.NEW, 0, 1), true).changed());
        assertEquals(new TaskSchedule.Health(TaskStatus.OK, 0, false), TaskSchedule.afterRun(task(TaskStatus.OK, 1, 2), true));
    }

    @Test
    void theTaskAlertSaysFailingOrOkAndIsNumberedByTheRun() {
        AlertEvent failing = Alerts.taskChanged(task(TaskStatus.OK, 1, 2), TaskStatus.FAILING, 7, Optional.of("HTTP 500"), T);
        assertEquals("task_aaaaaaaaaaaa-run7", failing.eventId());
        assertEquals(AlertType.TASK_STATUS_CHANGED, failing.type());
        assertTrue(failing.isDown());
        assertTrue(failing.aboutTask());
        assertFalse(failing.aboutOneApplication());
        assertEquals(Severity.CRITICAL, failing.severity());
        assertEquals("FAILING (was OK): 2 failed run(s) in a row; HTTP 500", failing.note().orElseThrow());
        AlertEvent ok = Alerts.taskChanged(task(TaskStatus.FAILING, 2, 2), TaskStatus.OK, 8, Optional.empty(), T);
        assertFalse(ok.isDown());
        assertEquals(Severity.INFO, ok.severity());
    }
}
