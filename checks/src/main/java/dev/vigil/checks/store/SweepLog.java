package dev.vigil.checks.store;

import static dev.vigil.store.Attr.millis;
import static dev.vigil.store.Attr.n;
import static dev.vigil.store.Attr.s;

import dev.vigil.checks.SweepExecution;
import dev.vigil.checks.SweepHealth;
import dev.vigil.domain.Tenant;
import dev.vigil.domain.InvalidInput;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Json;
import dev.vigil.store.Page;
import dev.vigil.store.PageToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The record of every tenant sweep ({@code SweepExecutionsTable}, named by {@value #TABLE_SETTING}):
 * keyed by tenant and start time (epoch millis), read newest first, and deleted by the table's time to
 * live ({@code expiresAt}) after {@value #RETENTION_SETTING} days (default 30). The sweep writes it; the
 * admin API and the recovery function read it.
 */
public final class SweepLog {
    public static final String TABLE_SETTING = "SWEEP_EXECUTIONS_TABLE";
    public static final String RETENTION_SETTING = "SWEEP_RETENTION_DAYS";
    public static final int MAX_PAGE = 100;
    /** How many of a tenant's latest executions are searched for its last success when none is in the lookback. */
    private static final int LAST_SUCCESS_SEARCH = 100;
    private static final Map<String, String> KEY = Map.of("tenantId", "S", "startedAt", "N");
    /** Two sweeps of a tenant starting in the same millisecond: the later write takes the next free one. */
    private static final int SAME_MILLISECOND_TRIES = 10;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;

    public SweepLog(DynamoDbClient dynamo, String table, Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.retention = retention;
    }

    public static SweepLog fromEnv(Env env, DynamoDbClient dynamo) {
        return new SweepLog(dynamo, env.require(TABLE_SETTING), Duration.ofDays(env.getLong(RETENTION_SETTING, 30)));
    }

    /** Stores an execution; it expires after the retention period. */
    public void save(SweepExecution execution) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("tenantId", s(execution.tenantId()));
        item.put("executionId", s(execution.executionId()));
        item.put("trigger", s(execution.trigger().wire()));
        item.put("status", s(execution.status().wire()));
        item.put("durationMs", n(execution.durationMs()));
        item.put("execution", s(Json.write(execution.toJson())));
        item.put("expiresAt", n(execution.startedAt().plus(retention).getEpochSecond()));
        for (int i = 0; ; i++) {
            item.put("startedAt", millis(execution.startedAt().plusMillis(i)));
            try {
                dynamo.putItem(p -> p.tableName(table).item(item).conditionExpression("attribute_not_exists(startedAt)"));
                return;
            } catch (ConditionalCheckFailedException sameMillisecond) {
                if (i + 1 >= SAME_MILLISECOND_TRIES) {
                    throw sameMillisecond;
                }
            }
        }
    }

    /** The tenant's latest execution, if it was ever swept (within the retention period). */
    public Optional<SweepExecution> latest(String tenantId) {
        return page(tenantId, 1, Optional.empty()).items().stream().findFirst();
    }

    /** A page of the tenant's executions, newest first; a token from another tenant's listing is refused. */
    public Page<SweepExecution> page(String tenantId, int limit, Optional<String> token) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new InvalidInput("limit must be from 1 to " + MAX_PAGE);
        }
        QueryResponse response = dynamo.query(q -> {
            q.tableName(table).keyConditionExpression("tenantId = :t").expressionAttributeValues(Map.of(":t", s(tenantId)))
                    .scanIndexForward(false).limit(limit);
            token.ifPresent(t -> {
                Map<String, AttributeValue> start = PageToken.decode(t, KEY);
                if (!tenantId.equals(start.get("tenantId").s())) {
                    throw new InvalidInput("nextToken is not valid");
                }
                q.exclusiveStartKey(start);
            });
        });
        return new Page<>(response.items().stream().map(SweepLog::execution).toList(), PageToken.encode(response.lastEvaluatedKey()));
    }

    /** Every execution of the tenant that started at {@code from} or later, newest first. */
    public List<SweepExecution> since(String tenantId, Instant from) {
        List<SweepExecution> executions = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> after = start;
            QueryResponse response = dynamo.query(q -> {
                q.tableName(table).keyConditionExpression("tenantId = :t AND startedAt >= :from")
                        .expressionAttributeValues(Map.of(":t", s(tenantId), ":from", millis(from))).scanIndexForward(false);
                if (after != null) {
                    q.exclusiveStartKey(after);
                }
            });
            response.items().forEach(item -> executions.add(execution(item)));
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return executions;
    }

    /**
     * What {@link SweepHealth#of} needs of {@code tenant} at {@code now}: its executions from
     * {@link SweepHealth#lookback}; when none of them succeeded, with the newest successful one among its
     * latest {@value #LAST_SUCCESS_SEARCH}, if any. The admin API's health views and the recovery function read the same.
     */
    public List<SweepExecution> forHealth(Tenant tenant, Instant now) {
        Instant from = SweepHealth.lookback(tenant, now);
        List<SweepExecution> executions = new ArrayList<>(since(tenant.id(), from));
        if (executions.stream().noneMatch(SweepHealth::successful)) {
            page(tenant.id(), LAST_SUCCESS_SEARCH, Optional.empty()).items().stream()
                    .filter(e -> e.startedAt().isBefore(from) && SweepHealth.successful(e)).findFirst().ifPresent(executions::add);
        }
        return executions;
    }

    private static SweepExecution execution(Map<String, AttributeValue> item) {
        try {
            return SweepExecution.fromJson(Json.parse(item.get("execution").s()));
        } catch (IOException e) {
            throw new UncheckedIOException("a stored sweep execution is not JSON", e);
        }
    }
}
