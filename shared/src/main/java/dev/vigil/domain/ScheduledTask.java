package dev.vigil.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * A tenant's scheduled task: a {@link CronExpression} read in {@code zone}, what firing does
 * ({@link TaskTarget}), and how many failed runs in a row make it {@link TaskStatus#FAILING}
 * ({@code failureThreshold}, like a check's). {@code nextRunAt} is the firing the pulse runs next
 * (empty while the task is disabled); {@code runs} counts the runs so far (numbering its alerts),
 * {@code consecutiveFailures} the failed ones since the last success, and {@code lastRun} is the latest.
 * {@code version} counts the tenant's edits (the ETag); runs do not change it.
 */
public record ScheduledTask(
        String id,
        String tenantId,
        String name,
        CronExpression cron,
        ZoneId zone,
        boolean enabled,
        TaskTarget target,
        int failureThreshold,
        TaskStatus status,
        int consecutiveFailures,
        long runs,
        Optional<Instant> nextRunAt,
        Optional<TaskRun> lastRun,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public static final int MAX_FAILURE_THRESHOLD = 10;

    public ScheduledTask {
        if (failureThreshold < 1 || failureThreshold > MAX_FAILURE_THRESHOLD) {
            throw new IllegalArgumentException("failureThreshold must be from 1 to " + MAX_FAILURE_THRESHOLD);
        }
    }

    /** The firing after {@code after}, or none while the task is disabled. */
    public Optional<Instant> firstRunAfter(Instant after) {
        return enabled ? cron.next(after, zone) : Optional.empty();
    }
}
