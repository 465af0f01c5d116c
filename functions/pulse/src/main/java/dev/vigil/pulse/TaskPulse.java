package dev.vigil.pulse;

import dev.vigil.bus.AlertLedger;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.ScheduledTask;
import dev.vigil.domain.TaskRun;
import dev.vigil.domain.TaskSchedule;
import dev.vigil.runtime.Log;
import dev.vigil.store.TaskStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * One pulse: the tasks due now, read from the due index, each claimed, fired and recorded in turn.
 * A claim is a compare-and-set on the task's {@code nextRunAt}, so a firing runs once however many
 * pulses overlap. A task more than one period late (its later firings also past) runs once, for its
 * latest firing, and one {@code skipped} run records how many firings were missed. The run's outcome
 * moves the task's status by {@link TaskSchedule#afterRun}; a change to failing or back to ok is
 * recorded with its alert through the {@link AlertLedger}, in the same transaction. A task that cannot
 * be claimed, run or recorded (the database refusing a write) is logged and counted, and the pulse
 * goes on with the others. Recording a run that was claimed and fired is tried up to
 * {@value #RECORD_ATTEMPTS} times, each on the task as read again (a write that went through although
 * its answer was lost is recognised by the task's last run, and not written twice); a run that still
 * cannot be recorded is logged as an error with its task's id and counted in {@code errors}: it ran and
 * its next run is set, but it is not in the task's history and does not count toward its threshold.
 */
final class TaskPulse {
    private static final Log LOG = Log.of(TaskPulse.class);
    /** The most due tasks one pulse reads from each index partition; the rest wait for the next pulse. */
    static final int LIMIT_PER_SHARD = 100;
    /** How often recording a run is tried, when the task changed between the read and the write or the write failed. */
    static final int RECORD_ATTEMPTS = 3;

    private final TaskStore tasks;
    private final TaskFiring firing;
    private final AlertLedger ledger;
    private final Clock clock;

    TaskPulse(TaskStore tasks, TaskFiring firing, AlertLedger ledger, Clock clock) {
        this.tasks = tasks;
        this.firing = firing;
        this.ledger = ledger;
        this.clock = clock;
    }

    /**
     * What one pulse did: tasks due, fired with success, failed, firings skipped, claimed by another pulse,
     * alerts recorded, left for the next pulse, and tasks it could not run or record ({@code errors}).
     */
    record Run(int due, int executed, int failed, long skipped, int claimedElsewhere, int alerts, int leftForLater,
               int errors) {
    }

    /** Runs the due tasks until they are done or the time is past {@code stopAt}. */
    Run run(Instant stopAt) {
        Instant now = clock.instant();
        List<ScheduledTask> due = new ArrayList<>(tasks.due(now, LIMIT_PER_SHARD));
        due.sort(java.util.Comparator.comparing(t -> t.nextRunAt().orElse(now)));
        int executed = 0;
        int failed = 0;
        long skipped = 0;
        int elsewhere = 0;
        int alerts = 0;
        int left = 0;
        int errors = 0;
        for (ScheduledTask task : due) {
            if (!clock.instant().isBefore(stopAt)) {
                left++;
                continue;
            }
            Optional<Outcome> outcome;
            try {
                outcome = runOne(task, now);
            } catch (RuntimeException e) {
                LOG.error("A task could not be run or recorded; the pulse goes on with the others", e, "taskId", task.id());
                errors++;
                continue;
            }
            if (outcome.isEmpty()) {
                elsewhere++;
                continue;
            }
            if (outcome.get().run().failed()) {
                failed++;
            } else {
                executed++;
            }
            skipped += outcome.get().skipped();
            alerts += outcome.get().recorded() == Recorded.WITH_ALERT ? 1 : 0;
            errors += outcome.get().recorded() == Recorded.NOT_RECORDED ? 1 : 0;
        }
        if (left > 0) {
            LOG.warn("Due tasks left for the next pulse: out of time", "left", left);
        }
        return new Run(due.size(), executed, failed, skipped, elsewhere, alerts, left, errors);
    }

    private record Outcome(TaskRun run, long skipped, Recorded recorded) {
    }

    /** What became of a run's record: written (with an alert, or without), or not written at all. */
    private enum Recorded { WITH_ALERT, WITHOUT_ALERT, NOT_RECORDED }

    /** Claims, fires and records one due task; empty when another pulse claimed it first. */
    private Optional<Outcome> runOne(ScheduledTask task, Instant now) {
        Instant dueAt = task.nextRunAt().orElse(now);
        TaskSchedule.Plan plan = TaskSchedule.plan(task.cron(), task.zone(), dueAt, now);
        Optional<Long> claimed = tasks.claim(task, dueAt, plan.next());
        if (claimed.isEmpty()) {
            return Optional.empty();
        }
        long run = claimed.get();
        Instant started = clock.instant();
        Optional<String> error = firing.fire(task, run, plan.fireFor(), started);
        long duration = Math.max(0, clock.millis() - started.toEpochMilli());
        List<TaskRun> runs = new ArrayList<>();
        if (plan.missed() > 0) {
            runs.add(new TaskRun(task.id(), task.tenantId(), dueAt, started, TaskRun.Outcome.SKIPPED, 0, Optional.empty(),
                    plan.next(), plan.missed()));
        }
        TaskRun done = new TaskRun(task.id(), task.tenantId(), plan.fireFor(), started,
                error.isEmpty() ? TaskRun.Outcome.EXECUTED : TaskRun.Outcome.FAILED, duration, error, plan.next(), 0);
        runs.add(done);
        LOG.info("Task ran", "taskId", task.id(), "tenantId", task.tenantId(), "outcome", done.outcome().wire(),
                "missed", plan.missed());
        return Optional.of(new Outcome(done, plan.missed(), record(task, run, runs, error)));
    }

    /**
     * Records the runs and the task's new status (with its alert when it changed), trying again on the task
     * as read again when it changed meanwhile or the write failed.
     */
    private Recorded record(ScheduledTask claimed, long run, List<TaskRun> runs, Optional<String> error) {
        TaskRun latest = runs.getLast();
        RuntimeException failure = null;
        for (int attempt = 0; attempt < RECORD_ATTEMPTS; attempt++) {
            try {
                Optional<ScheduledTask> current = tasks.find(claimed.tenantId(), claimed.id());
                if (current.isEmpty()) {
                    LOG.info("A task was deleted while it ran; its run is not recorded", "taskId", claimed.id());
                    return Recorded.WITHOUT_ALERT;
                }
                ScheduledTask read = current.get();
                if (read.lastRun().filter(last -> last.startedAt().equals(latest.startedAt())
                        && last.outcome() == latest.outcome()).isPresent()) {
                    // An earlier attempt went through although its answer was lost.
                    return Recorded.WITHOUT_ALERT;
                }
                TaskSchedule.Health health = TaskSchedule.afterRun(read, error.isEmpty());
                List<TransactWriteItem> writes = tasks.runWrites(read, health, runs);
                if (health.changed()) {
                    AlertEvent event = Alerts.taskChanged(read, health.status(), run, error, clock.instant());
                    if (ledger.record(event, writes) != AlertLedger.Outcome.LOST_RACE) {
                        return Recorded.WITH_ALERT;
                    }
                } else if (tasks.record(writes)) {
                    return Recorded.WITHOUT_ALERT;
                }
            } catch (RuntimeException e) {
                failure = e;
                LOG.warn("A task's run could not be recorded; trying again", "taskId", claimed.id(), "attempt", attempt + 1,
                        "error", e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        String message = "A task ran but its run could not be recorded: it is not in the task's history and does not"
                + " count toward its failure threshold; its next run is set";
        LOG.error(message, failure != null ? failure : new IllegalStateException("the task changed before every attempt"),
                "taskId", claimed.id(), "tenantId", claimed.tenantId(), "outcome", latest.outcome().wire());
        return Recorded.NOT_RECORDED;
    }

    /** For SnapStart priming: the due read at the epoch, which finds nothing. */
    void prime() {
        tasks.due(Instant.EPOCH, 1);
    }
}
