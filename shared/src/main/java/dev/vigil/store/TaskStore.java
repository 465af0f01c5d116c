package dev.vigil.store;

import static dev.vigil.store.Attr.bool;
import static dev.vigil.store.Attr.millis;
import static dev.vigil.store.Attr.n;
import static dev.vigil.store.Attr.s;

import dev.vigil.domain.CronExpression;
import dev.vigil.domain.ScheduledTask;
import dev.vigil.domain.TaskRun;
import dev.vigil.domain.TaskSchedule;
import dev.vigil.domain.TaskStatus;
import dev.vigil.domain.TaskTarget;
import dev.vigil.runtime.Env;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Scheduled tasks and their runs: tasks in {@code TASKS_TABLE} (key {@code tenantId}, {@code id}), runs
 * in {@code TASK_RUNS_TABLE} (key {@code taskId}, {@code runKey}: the zero-padded start millis and the
 * outcome, so a query in reverse reads them newest first), each run deleted by time to live
 * ({@code expiresAt}) after {@code TASK_RUN_RETENTION_DAYS}. The only place that builds or reads their items.
 *
 * <p>The sparse index {@value #DUE_INDEX} holds the enabled tasks by {@code nextRunAt} (epoch millis),
 * spread over {@value #DUE_SHARDS} partitions ({@code dueShard} {@code t0}..): the pulse reads only
 * the tasks that are due, with one query per partition. A disabled task carries neither attribute.
 * An edit ({@link #updateSettings}) is conditional on the version it read; a run is claimed with a
 * compare-and-set on {@code nextRunAt} ({@link #claim}), so two pulses never fire the same firing; the
 * outcome of a run is written conditional on the status and failure count it was computed from ({@link #runWrites}).
 */
public final class TaskStore {
    public static final String TABLE_SETTING = "TASKS_TABLE";
    public static final String RUNS_TABLE_SETTING = "TASK_RUNS_TABLE";
    public static final String RETENTION_SETTING = "TASK_RUN_RETENTION_DAYS";
    public static final String DUE_INDEX = "due";
    public static final int DUE_SHARDS = 4;
    private static final Map<String, String> TASK_KEY = Map.of("tenantId", "S", "id", "S");
    private static final Map<String, String> RUN_KEY = Map.of("taskId", "S", "runKey", "S");

    private final DynamoDbClient dynamo;
    private final String table;
    private final String runsTable;
    private final Duration retention;

    public TaskStore(DynamoDbClient dynamo, String table, String runsTable, Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.runsTable = runsTable;
        this.retention = retention;
    }

    /** On the tables {@code TASKS_TABLE} and {@code TASK_RUNS_TABLE} name, runs kept {@code TASK_RUN_RETENTION_DAYS} (default 30). */
    public static TaskStore fromEnv(Env env, DynamoDbClient dynamo) {
        return new TaskStore(dynamo, env.require(TABLE_SETTING), env.require(RUNS_TABLE_SETTING),
                Duration.ofDays(env.getLong(RETENTION_SETTING, 30)));
    }

    /** The due-index partition of a task. */
    public static String dueShard(String taskId) {
        return "t" + Math.floorMod(taskId.hashCode(), DUE_SHARDS);
    }

    /** Stores a new task; false if one with its id exists already. */
    public boolean create(ScheduledTask task) {
        try {
            dynamo.putItem(p -> p.tableName(table).item(item(task)).conditionExpression("attribute_not_exists(id)"));
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        }
    }

    public Optional<ScheduledTask> find(String tenantId, String id) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).key(key(tenantId, id)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** Whether the tenant has any task (one read of at most one item). */
    public boolean anyInTenant(String tenantId) {
        return dynamo.query(q -> q.tableName(table).keyConditionExpression("tenantId = :t")
                .expressionAttributeValues(Map.of(":t", s(tenantId))).limit(1)).count() > 0;
    }

    /** One page of the tenant's tasks, by id. */
    public Page<ScheduledTask> list(String tenantId, int limit, Optional<String> token) {
        QueryResponse response = dynamo.query(q -> {
            q.tableName(table).keyConditionExpression("tenantId = :t").expressionAttributeValues(Map.of(":t", s(tenantId)))
                    .limit(limit);
            token.ifPresent(t -> q.exclusiveStartKey(PageToken.decode(t, TASK_KEY, "tenantId", tenantId)));
        });
        return new Page<>(response.items().stream().map(TaskStore::fromItem).toList(), PageToken.encode(response.lastEvaluatedKey()));
    }

    /**
     * Stores {@code after}'s settings (name, schedule, target, threshold, enabled) as the next version of
     * {@code before}, leaving what runs recorded alone, and its next run only when that differs from
     * {@code before}'s (a schedule change); false if the task was edited or deleted since {@code before} was read.
     */
    public boolean updateSettings(ScheduledTask before, ScheduledTask after) {
        Map<String, AttributeValue> settings = new HashMap<>(item(after));
        for (String kept : List.of("tenantId", "id", "createdAt", "status", "consecutiveFailures", "runs",
                "lastScheduledFor", "lastStartedAt", "lastOutcome", "lastDurationMs", "lastError", "lastMissed")) {
            settings.remove(kept);
        }
        settings.put(ItemVersion.ATTRIBUTE, n(before.version() + 1));
        Map<String, String> names = new HashMap<>(Map.of("#id", "id"));
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> assignments = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, AttributeValue> attribute : settings.entrySet()) {
            if (attribute.getKey().equals(ItemVersion.ATTRIBUTE)) {
                continue;
            }
            names.put("#a" + i, attribute.getKey());
            values.put(":a" + i, attribute.getValue());
            assignments.add("#a" + i + " = :a" + i);
            i++;
        }
        List<String> optional = new ArrayList<>(List.of("targetUrl", "targetDetail", "targetSecretHint"));
        if (before.nextRunAt().equals(after.nextRunAt())) {
            // The schedule did not change: the next run is the pulse's to move, never set back from this read.
            settings.remove("nextRunAt");
            settings.remove("dueShard");
        } else {
            optional.addAll(List.of("nextRunAt", "dueShard"));
        }
        List<String> removals = new ArrayList<>();
        for (String optionalName : optional) {
            if (!settings.containsKey(optionalName)) {
                names.put("#r" + removals.size(), optionalName);
                removals.add("#r" + removals.size());
            }
        }
        String condition = "attribute_exists(#id) AND " + ItemVersion.is(before.version(), names, values);
        names.put("#next", ItemVersion.ATTRIBUTE);
        values.put(":next", n(before.version() + 1));
        assignments.add("#next = :next");
        String update = "SET " + String.join(", ", assignments) + (removals.isEmpty() ? "" : " REMOVE " + String.join(", ", removals));
        try {
            dynamo.updateItem(u -> u.tableName(table).key(key(before.tenantId(), before.id())).updateExpression(update)
                    .conditionExpression(condition).expressionAttributeNames(names).expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException changedMeanwhile) {
            return false;
        }
    }

    /** Deletes the task unless it was edited since {@code read} was read; false then (or if it is gone). Its runs expire. */
    public boolean deleteUnchanged(ScheduledTask read) {
        Map<String, String> names = new HashMap<>(Map.of("#id", "id"));
        Map<String, AttributeValue> values = new HashMap<>();
        String condition = "attribute_exists(#id) AND " + ItemVersion.is(read.version(), names, values);
        try {
            dynamo.deleteItem(d -> d.tableName(table).key(key(read.tenantId(), read.id())).conditionExpression(condition)
                    .expressionAttributeNames(names).expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException changedOrGone) {
            return false;
        }
    }

    /** The enabled tasks due at {@code now}, from the sparse index: at most {@code limitPerShard} of each partition, earliest first. */
    public List<ScheduledTask> due(Instant now, int limitPerShard) {
        List<ScheduledTask> due = new ArrayList<>();
        for (int shard = 0; shard < DUE_SHARDS; shard++) {
            String partition = "t" + shard;
            QueryResponse response = dynamo.query(q -> q.tableName(table).indexName(DUE_INDEX)
                    .keyConditionExpression("dueShard = :shard AND nextRunAt <= :now")
                    .expressionAttributeValues(Map.of(":shard", s(partition), ":now", millis(now))).limit(limitPerShard));
            response.items().forEach(item -> due.add(fromItem(item)));
        }
        return due;
    }

    /**
     * Claims the firing at {@code due} for one run: moves {@code nextRunAt} from {@code due} to
     * {@code next} (or out of the index when there is none) and counts the run, unless another pulse
     * moved it first or the task was disabled or deleted. The run's number, or empty when it was not claimed.
     */
    public Optional<Long> claim(ScheduledTask task, Instant due, Optional<Instant> next) {
        Map<String, String> names = new HashMap<>(Map.of("#next", "nextRunAt", "#runs", "runs", "#enabled", "enabled"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":due", millis(due), ":one", n(1), ":true", bool(true)));
        String update;
        if (next.isPresent()) {
            values.put(":then", millis(next.get()));
            update = "SET #next = :then ADD #runs :one";
        } else {
            names.put("#shard", "dueShard");
            update = "REMOVE #next, #shard ADD #runs :one";
        }
        try {
            Map<String, AttributeValue> after = dynamo.updateItem(u -> u.tableName(table).key(key(task.tenantId(), task.id()))
                    .updateExpression(update).conditionExpression("#next = :due AND #enabled = :true")
                    .expressionAttributeNames(names).expressionAttributeValues(values).returnValues(ReturnValue.UPDATED_NEW))
                    .attributes();
            return Optional.of(Attr.number(after, "runs", 1));
        } catch (ConditionalCheckFailedException someoneElse) {
            return Optional.empty();
        }
    }

    /**
     * The writes that record runs of {@code read}: its status after them ({@code health}), its last run,
     * and each run record; the task's write is conditional on the status and failure count {@code read}
     * had, so a change computed from a stale read is never written (the transaction is cancelled).
     */
    public List<TransactWriteItem> runWrites(ScheduledTask read, TaskSchedule.Health health, List<TaskRun> runs) {
        List<TransactWriteItem> writes = new ArrayList<>();
        TaskRun last = runs.getLast();
        Map<String, String> names = new HashMap<>(Map.of("#id", "id", "#status", "status", "#failures", "consecutiveFailures"));
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":status", s(health.status().wire()));
        values.put(":failures", n(health.consecutiveFailures()));
        values.put(":readStatus", s(read.status().wire()));
        values.put(":readFailures", n(read.consecutiveFailures()));
        List<String> assignments = new ArrayList<>(List.of("#status = :status", "#failures = :failures"));
        Map<String, AttributeValue> lastRun = lastRunAttributes(last);
        int i = 0;
        for (Map.Entry<String, AttributeValue> attribute : lastRun.entrySet()) {
            names.put("#l" + i, attribute.getKey());
            values.put(":l" + i, attribute.getValue());
            assignments.add("#l" + i + " = :l" + i);
            i++;
        }
        String update = "SET " + String.join(", ", assignments) + (last.error().isEmpty() ? " REMOVE lastError" : "");
        writes.add(TransactWriteItem.builder().update(Update.builder().tableName(table).key(key(read.tenantId(), read.id()))
                .updateExpression(update)
                .conditionExpression("attribute_exists(#id) AND #status = :readStatus AND #failures = :readFailures")
                .expressionAttributeNames(names).expressionAttributeValues(values).build()).build());
        for (TaskRun run : runs) {
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(runsTable).item(runItem(run)).build()).build());
        }
        return writes;
    }

    /** Writes {@link #runWrites} that carry no alert; false if the task changed (or went) since it was read. */
    public boolean record(List<TransactWriteItem> writes) {
        try {
            dynamo.transactWriteItems(t -> t.transactItems(writes));
            return true;
        } catch (TransactionCanceledException e) {
            if (Transactions.lostRace(e)) {
                return false;
            }
            throw e;
        }
    }

    /** One page of a task's runs, newest first. */
    public Page<TaskRun> runs(String taskId, int limit, Optional<String> token) {
        QueryResponse response = dynamo.query(q -> {
            q.tableName(runsTable).keyConditionExpression("taskId = :t").expressionAttributeValues(Map.of(":t", s(taskId)))
                    .scanIndexForward(false).limit(limit);
            token.ifPresent(t -> q.exclusiveStartKey(PageToken.decode(t, RUN_KEY, "taskId", taskId)));
        });
        return new Page<>(response.items().stream().map(TaskStore::runFromItem).toList(), PageToken.encode(response.lastEvaluatedKey()));
    }

    private Map<String, AttributeValue> runItem(TaskRun run) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("taskId", s(run.taskId()));
        item.put("runKey", s(String.format("%013d#%s", run.startedAt().toEpochMilli(), run.outcome().wire())));
        item.put("tenantId", s(run.tenantId()));
        item.put("scheduledFor", millis(run.scheduledFor()));
        item.put("startedAt", millis(run.startedAt()));
        item.put("outcome", s(run.outcome().wire()));
        item.put("durationMs", n(run.durationMs()));
        run.error().ifPresent(e -> item.put("error", s(e)));
        run.nextRunAt().ifPresent(next -> item.put("nextRunAt", millis(next)));
        item.put("missed", n(run.missed()));
        item.put("expiresAt", n(run.startedAt().plus(retention).getEpochSecond()));
        return item;
    }

    private static TaskRun runFromItem(Map<String, AttributeValue> item) {
        return new TaskRun(Attr.string(item, "taskId"), Attr.string(item, "tenantId"),
                Attr.instant(item, "scheduledFor").orElseThrow(), Attr.instant(item, "startedAt").orElseThrow(),
                TaskRun.Outcome.fromWire(Attr.string(item, "outcome")).orElse(TaskRun.Outcome.FAILED),
                Attr.number(item, "durationMs", 0), Optional.ofNullable(Attr.string(item, "error")),
                Attr.instant(item, "nextRunAt"), Attr.number(item, "missed", 0));
    }

    private static Map<String, AttributeValue> lastRunAttributes(TaskRun run) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("lastScheduledFor", millis(run.scheduledFor()));
        item.put("lastStartedAt", millis(run.startedAt()));
        item.put("lastOutcome", s(run.outcome().wire()));
        item.put("lastDurationMs", n(run.durationMs()));
        item.put("lastMissed", n(run.missed()));
        run.error().ifPresent(e -> item.put("lastError", s(e)));
        return item;
    }

    static Map<String, AttributeValue> item(ScheduledTask task) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("tenantId", s(task.tenantId()));
        item.put("id", s(task.id()));
        item.put("name", s(task.name()));
        item.put("cron", s(task.cron().text()));
        item.put("timezone", s(task.zone().getId()));
        item.put("enabled", bool(task.enabled()));
        item.put("targetType", s(task.target().type()));
        switch (task.target()) {
            case TaskTarget.Event event -> item.put("targetDetail", s(event.detailJson()));
            case TaskTarget.Webhook webhook -> {
                item.put("targetUrl", s(webhook.url().toString()));
                webhook.secretHint().ifPresent(hint -> item.put("targetSecretHint", s(hint)));
            }
        }
        item.put("failureThreshold", n(task.failureThreshold()));
        item.put("status", s(task.status().wire()));
        item.put("consecutiveFailures", n(task.consecutiveFailures()));
        item.put("runs", n(task.runs()));
        task.nextRunAt().ifPresent(next -> {
            item.put("nextRunAt", millis(next));
            item.put("dueShard", s(dueShard(task.id())));
        });
        task.lastRun().ifPresent(run -> item.putAll(lastRunAttributes(run)));
        item.put("createdAt", millis(task.createdAt()));
        item.put("updatedAt", millis(task.updatedAt()));
        item.put(ItemVersion.ATTRIBUTE, n(task.version()));
        return item;
    }

    static ScheduledTask fromItem(Map<String, AttributeValue> item) {
        String id = Attr.string(item, "id");
        String tenantId = Attr.string(item, "tenantId");
        TaskTarget target = "webhook".equals(Attr.string(item, "targetType"))
                ? new TaskTarget.Webhook(URI.create(Attr.string(item, "targetUrl")),
                        Optional.ofNullable(Attr.string(item, "targetSecretHint")))
                : new TaskTarget.Event(Optional.ofNullable(Attr.string(item, "targetDetail")).orElse("{}"));
        Optional<TaskRun> lastRun = Attr.instant(item, "lastStartedAt").map(started -> new TaskRun(id, tenantId,
                Attr.instant(item, "lastScheduledFor").orElse(started), started,
                TaskRun.Outcome.fromWire(Attr.string(item, "lastOutcome")).orElse(TaskRun.Outcome.FAILED),
                Attr.number(item, "lastDurationMs", 0), Optional.ofNullable(Attr.string(item, "lastError")),
                Attr.instant(item, "nextRunAt"), Attr.number(item, "lastMissed", 0)));
        return new ScheduledTask(id, tenantId, Attr.string(item, "name"), CronExpression.parse(Attr.string(item, "cron")),
                ZoneId.of(Attr.string(item, "timezone")), Attr.flag(item, "enabled", true), target,
                (int) Attr.number(item, "failureThreshold", 1),
                TaskStatus.fromWire(Attr.string(item, "status")).orElse(TaskStatus.NEW),
                (int) Attr.number(item, "consecutiveFailures", 0), Attr.number(item, "runs", 0),
                Attr.instant(item, "nextRunAt"), lastRun, Attr.instant(item, "createdAt").orElse(Instant.EPOCH),
                Attr.instant(item, "updatedAt").orElse(Instant.EPOCH), ItemVersion.of(item));
    }

    private static Map<String, AttributeValue> key(String tenantId, String id) {
        return Map.of("tenantId", s(tenantId), "id", s(id));
    }
}
