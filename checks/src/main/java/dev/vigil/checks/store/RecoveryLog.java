package dev.vigil.checks.store;

import static dev.vigil.store.Attr.bool;
import static dev.vigil.store.Attr.millis;
import static dev.vigil.store.Attr.n;
import static dev.vigil.store.Attr.s;

import dev.vigil.checks.recovery.RecoveryAttempt;
import dev.vigil.checks.recovery.RecoveryState;
import dev.vigil.checks.recovery.RecoveryTrigger;
import dev.vigil.domain.WireName;
import dev.vigil.runtime.Env;
import dev.vigil.store.Attr;
import dev.vigil.store.Transactions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The recovery function's records ({@code RecoveryTable}, named by {@value #TABLE_SETTING}), keyed by
 * tenant ({@code tenantId}) and {@code sk}: each tenant's recovery episode ({@code sk = state}, while
 * there is one; the sparse {@value #PENDING_INDEX} index lists them) and every attempt ({@code sk =
 * attempt#<epoch millis>#<attemptId>}, listed across tenants per UTC day by the {@value #BY_DAY_INDEX}
 * index, deleted by time to live after {@value #RETENTION_SETTING} days, default 30). The only place that
 * builds or reads these items; a state change is a compare-and-set on its {@code version}.
 */
public final class RecoveryLog {
    public static final String TABLE_SETTING = "RECOVERY_TABLE";
    public static final String RETENTION_SETTING = "RECOVERY_RETENTION_DAYS";
    public static final String PENDING_INDEX = "pending";
    public static final String BY_DAY_INDEX = "byDay";
    private static final String STATE = "state";
    private static final String ATTEMPT = "attempt#";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;

    public RecoveryLog(DynamoDbClient dynamo, String table, Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.retention = retention;
    }

    public static RecoveryLog fromEnv(Env env, DynamoDbClient dynamo) {
        return new RecoveryLog(dynamo, env.require(TABLE_SETTING), Duration.ofDays(env.getLong(RETENTION_SETTING, 30)));
    }

    /** The tenant's open recovery episode, if it has one. */
    public Optional<RecoveryState> state(String tenantId) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table)
                .key(Map.of("tenantId", s(tenantId), "sk", s(STATE))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(state(item));
    }

    /** The write of {@code attempt}. */
    public TransactWriteItem attemptPut(RecoveryAttempt attempt) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("tenantId", s(attempt.tenantId()));
        item.put("sk", s(ATTEMPT + String.format("%013d", attempt.at().toEpochMilli()) + "#" + attempt.attemptId()));
        item.put("attemptId", s(attempt.attemptId()));
        item.put("at", millis(attempt.at()));
        item.put("day", s(day(attempt.at())));
        item.put("trigger", s(attempt.trigger().wire()));
        item.put("attempt", n(attempt.number()));
        item.put("outcome", s(attempt.outcome().wire()));
        attempt.executionId().ifPresent(id -> item.put("executionId", s(id)));
        attempt.error().ifPresent(e -> item.put("error", s(e)));
        item.put("durationMs", n(attempt.durationMs()));
        item.put("expiresAt", n(attempt.at().plus(retention).getEpochSecond()));
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(sk)").build()).build();
    }

    /** The write of {@code next}, if the stored state is still {@code read} (or there is none, when {@code read} is empty). */
    public TransactWriteItem statePut(Optional<RecoveryState> read, RecoveryState next) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("tenantId", s(next.tenantId()));
        item.put("sk", s(STATE));
        item.put("episodeStartedAt", millis(next.episodeStartedAt()));
        item.put("failures", n(next.failures()));
        item.put("nextAttemptAt", millis(next.nextAttemptAt()));
        item.put("escalated", bool(next.escalated()));
        next.lastError().ifPresent(e -> item.put("lastError", s(e)));
        item.put("version", n(next.version()));
        item.put("pending", s(PENDING_INDEX));
        Put.Builder put = Put.builder().tableName(table).item(item);
        if (read.isPresent()) {
            put.conditionExpression("version = :v").expressionAttributeValues(Map.of(":v", n(read.get().version())));
        } else {
            put.conditionExpression("attribute_not_exists(sk)");
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    /** The end of the episode {@code read}: its state is deleted, if it is still the one read. */
    public TransactWriteItem stateDelete(RecoveryState read) {
        return TransactWriteItem.builder().delete(d -> d.tableName(table)
                .key(Map.of("tenantId", s(read.tenantId()), "sk", s(STATE)))
                .conditionExpression("version = :v").expressionAttributeValues(Map.of(":v", n(read.version())))).build();
    }

    /** Writes {@code items} in one transaction; false when a compare-and-set lost to another writer. */
    public boolean write(List<TransactWriteItem> items) {
        try {
            dynamo.transactWriteItems(t -> t.transactItems(items));
            return true;
        } catch (TransactionCanceledException e) {
            if (Transactions.lostRace(e)) {
                return false;
            }
            throw e;
        }
    }

    /** The tenant's latest attempts, newest first, at most {@code limit}. */
    public List<RecoveryAttempt> attempts(String tenantId, int limit) {
        QueryResponse response = dynamo.query(q -> q.tableName(table)
                .keyConditionExpression("tenantId = :t AND begins_with(sk, :a)")
                .expressionAttributeValues(Map.of(":t", s(tenantId), ":a", s(ATTEMPT))).scanIndexForward(false).limit(limit));
        return response.items().stream().map(RecoveryLog::attempt).toList();
    }

    /** Every tenant's attempts at {@code from} or later (up to now), newest first: one query per UTC day. */
    public List<RecoveryAttempt> since(Instant from, Instant now) {
        List<RecoveryAttempt> attempts = new ArrayList<>();
        for (LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC); !day.isBefore(LocalDate.ofInstant(from, ZoneOffset.UTC));
                day = day.minusDays(1)) {
            String key = day.toString();
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> after = start;
                QueryResponse response = dynamo.query(q -> {
                    q.tableName(table).indexName(BY_DAY_INDEX).keyConditionExpression("#d = :d AND #a >= :from")
                            .expressionAttributeNames(Map.of("#d", "day", "#a", "at"))
                            .expressionAttributeValues(Map.of(":d", s(key), ":from", millis(from))).scanIndexForward(false);
                    if (after != null) {
                        q.exclusiveStartKey(after);
                    }
                });
                response.items().forEach(item -> attempts.add(attempt(item)));
                start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
            } while (start != null);
        }
        return attempts;
    }

    /** The open recovery episodes, read from the sparse {@value #PENDING_INDEX} index. */
    public List<RecoveryState> pending() {
        List<RecoveryState> states = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> after = start;
            QueryResponse response = dynamo.query(q -> {
                q.tableName(table).indexName(PENDING_INDEX).keyConditionExpression("pending = :p")
                        .expressionAttributeValues(Map.of(":p", s(PENDING_INDEX)));
                if (after != null) {
                    q.exclusiveStartKey(after);
                }
            });
            response.items().forEach(item -> states.add(state(item)));
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return states;
    }

    private static String day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC).toString();
    }

    private static RecoveryState state(Map<String, AttributeValue> item) {
        return new RecoveryState(Attr.string(item, "tenantId"), Attr.instant(item, "episodeStartedAt").orElse(Instant.EPOCH),
                (int) Attr.number(item, "failures", 0), Attr.instant(item, "nextAttemptAt").orElse(Instant.EPOCH),
                Attr.flag(item, "escalated", false), Optional.ofNullable(item.get("lastError")).map(AttributeValue::s),
                Attr.number(item, "version", 0));
    }

    private static RecoveryAttempt attempt(Map<String, AttributeValue> item) {
        return new RecoveryAttempt(Attr.string(item, "attemptId"), Attr.string(item, "tenantId"),
                Attr.instant(item, "at").orElse(Instant.EPOCH),
                RecoveryTrigger.fromWire(Attr.string(item, "trigger")).orElse(RecoveryTrigger.SCHEDULE),
                (int) Attr.number(item, "attempt", 0),
                WireName.parse(RecoveryAttempt.Outcome.class, Attr.string(item, "outcome")).orElse(RecoveryAttempt.Outcome.FAILED),
                Optional.ofNullable(item.get("executionId")).map(AttributeValue::s),
                Optional.ofNullable(item.get("error")).map(AttributeValue::s), Attr.number(item, "durationMs", 0));
    }
}
