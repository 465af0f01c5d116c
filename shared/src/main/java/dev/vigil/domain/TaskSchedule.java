package dev.vigil.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * The pure rules of running a scheduled task: which firing a late run is for and how many it missed
 * ({@link #plan}), and what a run's outcome does to the task's status ({@link #afterRun}).
 */
public final class TaskSchedule {
    /** Missed firings are counted up to this many; a longer outage counts as this many. */
    public static final int MAX_COUNTED_MISSES = 1440;

    private TaskSchedule() {
    }

    /**
     * What a pulse at {@code now} runs for a task due at {@code due}: the latest firing at or before
     * {@code now} ({@code fireFor}), the earlier ones it missed ({@code missed}: a task more than one
     * period late runs once, and the others are recorded as skipped), and the firing after now ({@code next}).
     */
    public record Plan(Instant fireFor, long missed, Optional<Instant> next) {
    }

    public static Plan plan(CronExpression cron, java.time.ZoneId zone, Instant due, Instant now) {
        Instant fireFor = due;
        long missed = 0;
        Optional<Instant> next = cron.next(fireFor, zone);
        while (next.isPresent() && !next.get().isAfter(now) && missed < MAX_COUNTED_MISSES) {
            missed++;
            fireFor = next.get();
            next = cron.next(fireFor, zone);
        }
        if (next.isPresent() && !next.get().isAfter(now)) {
            // Counted as many as we count: the rest are skipped too, and the next firing is the one after now.
            next = cron.next(now, zone);
        }
        return new Plan(fireFor, missed, next);
    }

    /** The task's status after a run: what it becomes, its failures in a row, and whether that is a change to alert on. */
    public record Health(TaskStatus status, int consecutiveFailures, boolean changed) {
    }

    /**
     * A failed run adds a failure; at {@code failureThreshold} failures in a row the task is
     * {@link TaskStatus#FAILING} (a change from new or ok). A successful run makes it {@link TaskStatus#OK};
     * only a failing task's recovery is a change to alert on (a new task's first success is not).
     */
    public static Health afterRun(ScheduledTask task, boolean succeeded) {
        if (succeeded) {
            return new Health(TaskStatus.OK, 0, task.status() == TaskStatus.FAILING);
        }
        int failures = task.consecutiveFailures() + 1;
        if (failures >= task.failureThreshold()) {
            return new Health(TaskStatus.FAILING, failures, task.status() != TaskStatus.FAILING);
        }
        return new Health(task.status(), failures, false);
    }
}
