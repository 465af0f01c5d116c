package dev.vigil.checks.store;

import static dev.vigil.store.Attr.bool;
import static dev.vigil.store.Attr.millis;
import static dev.vigil.store.Attr.n;
import static dev.vigil.store.Attr.s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.checks.Check;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.CheckState;
import dev.vigil.checks.CheckStatus;
import dev.vigil.checks.Condition;
import dev.vigil.checks.Tier;
import dev.vigil.domain.InvalidInput;
import dev.vigil.domain.TagFilter;
import dev.vigil.runtime.Json;
import dev.vigil.store.Attr;
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
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Checks in DynamoDB ({@code ChecksTable}), keyed by id, with the index {@value #BY_TENANT_INDEX}
 * (tenant, id) that lists a tenant's checks. The item layout is defined here once. Besides the
 * definition, the item holds what the runs left: how many were recorded ({@code runs}), the last run's
 * time, the alerting state ({@link CheckState}), and the latest result with {@code cachedUntil}: the
 * latest result is the cache that health reads are served from, for the tier's cache lifetime (critical
 * 30 s, core 120 s, integration 300 s, external 600 s). A result that breaches a condition is stored
 * but not cached, and a change of the definition invalidates the cache.
 *
 * <p>The secret part of a check's settings lives in the secret store ({@link CheckSecrets}); the item
 * holds only their hints. A write that changes them holds the check while it stores them
 * ({@code secretsLeaseUntil}, at most {@link #SECRETS_LEASE}): other writes of the definition wait, so
 * secrets are stored in the order of the versions, as a channel's are.
 */
public final class CheckStore {
    public static final String BY_TENANT_INDEX = "byTenant";
    private static final Map<String, String> TENANT_KEY = Map.of("id", "S", "tenantId", "S");
    public static final int MAX_PAGE = 100;
    /** How long a write that stores a check's secrets holds off the other writes of its definition, at most. */
    public static final Duration SECRETS_LEASE = Duration.ofSeconds(30);
    private static final String LEASE = "secretsLeaseUntil";

    private final DynamoDbClient dynamo;
    private final String table;
    private final CheckHistory history;

    public CheckStore(DynamoDbClient dynamo, String table, CheckHistory history) {
        this.dynamo = dynamo;
        this.table = table;
        this.history = history;
    }

    public CheckHistory history() {
        return history;
    }

    /** Stores a new check, with the hints of its secret settings; false if its id is taken. */
    public boolean create(Check check, Map<String, String> secretHints) {
        try {
            dynamo.putItem(p -> p.tableName(table).item(item(check, secretHints)).conditionExpression("attribute_not_exists(id)"));
            return true;
        } catch (ConditionalCheckFailedException taken) {
            return false;
        }
    }

    /** The check, read consistently. */
    public Optional<StoredCheck> find(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).key(key(id)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** The check if it belongs to {@code tenantId}; another tenant's check is not found. */
    public Optional<StoredCheck> find(String tenantId, String id) {
        return find(id).filter(stored -> stored.check().tenantId().equals(tenantId));
    }

    /** Whether {@code tenantId} has any check. */
    public boolean anyInTenant(String tenantId) {
        return dynamo.query(q -> q.tableName(table).indexName(BY_TENANT_INDEX).keyConditionExpression("tenantId = :t")
                .expressionAttributeValues(Map.of(":t", s(tenantId))).limit(1)).count() > 0;
    }

    /** A page of a tenant's checks, by id. */
    public Page<StoredCheck> listByTenant(String tenantId, int limit, Optional<String> token) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new InvalidInput("limit must be from 1 to " + MAX_PAGE);
        }
        QueryResponse response = dynamo.query(q -> {
            q.tableName(table).indexName(BY_TENANT_INDEX).keyConditionExpression("tenantId = :t")
                    .expressionAttributeValues(Map.of(":t", s(tenantId))).limit(limit);
            token.ifPresent(t -> {
                Map<String, AttributeValue> start = PageToken.decode(t, TENANT_KEY);
                if (!tenantId.equals(start.get("tenantId").s())) {
                    throw new InvalidInput("nextToken is not valid");
                }
                q.exclusiveStartKey(start);
            });
        });
        return new Page<>(response.items().stream().map(CheckStore::fromItem).toList(), PageToken.encode(response.lastEvaluatedKey()));
    }

    /** How many index pages one filtered listing reads at most before it answers with what it kept and a {@code nextToken}. */
    public static final int FILTERED_READS = 10;

    /**
     * A page of a tenant's checks, by id, that {@code filter} keeps: index pages are read until
     * {@code limit} checks are kept or {@value #FILTERED_READS} pages were read; the {@code nextToken}
     * then names the last check looked at, so the next page goes on exactly after it. A page may hold
     * fewer than {@code limit} checks (even none) and still have a {@code nextToken}.
     */
    public Page<StoredCheck> listByTenant(String tenantId, int limit, Optional<String> token, TagFilter filter) {
        if (filter.keepsAll()) {
            return listByTenant(tenantId, limit, token);
        }
        List<StoredCheck> kept = new ArrayList<>();
        Optional<String> next = token;
        for (int read = 0; read < FILTERED_READS; read++) {
            Page<StoredCheck> page = listByTenant(tenantId, limit, next);
            List<StoredCheck> items = page.items();
            for (int i = 0; i < items.size(); i++) {
                StoredCheck stored = items.get(i);
                if (filter.matches(stored.check().tags())) {
                    kept.add(stored);
                    if (kept.size() == limit) {
                        return new Page<>(kept, i == items.size() - 1 ? page.nextToken()
                                : PageToken.encode(Map.of("id", s(stored.check().id()), "tenantId", s(tenantId))));
                    }
                }
            }
            next = page.nextToken();
            if (next.isEmpty()) {
                break;
            }
        }
        return new Page<>(kept, next);
    }

    /**
     * Stores {@code after} (which must be {@code before}'s next version, written at its
     * {@code updatedAt}) with the hints of its secret settings, unless the definition changed since
     * {@code before} was read or another write holds the check to store its secrets; the cached result is
     * invalidated, since it was judged by the old definition. Run state is kept. With
     * {@code holdForSecrets} this write holds the check in turn, until {@link #release} or
     * {@link #SECRETS_LEASE} later. False on a conflict, a hold, or when the check is gone.
     */
    public boolean update(StoredCheck before, Check after, Map<String, String> secretHints, boolean holdForSecrets) {
        Map<String, AttributeValue> values = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        StringBuilder set = new StringBuilder("SET cachedUntil = :zero");
        Map<String, AttributeValue> attributes = new HashMap<>(definition(after, secretHints));
        if (holdForSecrets) {
            attributes.put(LEASE, millis(after.updatedAt().plus(SECRETS_LEASE)));
        }
        int i = 0;
        for (Map.Entry<String, AttributeValue> attribute : attributes.entrySet()) {
            names.put("#a" + i, attribute.getKey());
            values.put(":a" + i, attribute.getValue());
            set.append(", #a").append(i).append(" = :a").append(i);
            i++;
        }
        values.put(":zero", n(0));
        values.put(":version", n(before.check().version()));
        String condition = "attribute_exists(id) AND version = :version AND " + free(after.updatedAt(), names, values);
        try {
            dynamo.updateItem(u -> u.tableName(table).key(key(before.check().id())).updateExpression(set.toString())
                    .conditionExpression(condition).expressionAttributeNames(names).expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException changedOrHeld) {
            return false;
        }
    }

    /** Ends the hold that {@code written} took to store its secrets; one already ended or lapsed is fine. */
    public void release(Check written) {
        try {
            dynamo.updateItem(u -> u.tableName(table).key(key(written.id())).updateExpression("REMOVE #lease")
                    .conditionExpression("version = :version").expressionAttributeNames(Map.of("#lease", LEASE))
                    .expressionAttributeValues(Map.of(":version", n(written.version()))));
        } catch (ConditionalCheckFailedException changedMeanwhile) {
            // The hold lapsed and another write came after it, or the check is gone.
        }
    }

    /**
     * Deletes the check unless its definition changed since {@code read} or another write holds it to
     * store its secrets at {@code now}; its history expires by itself.
     */
    public boolean delete(StoredCheck read, Instant now) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":version", n(read.check().version())));
        String condition = "attribute_exists(id) AND version = :version AND " + free(now, names, values);
        try {
            dynamo.deleteItem(d -> d.tableName(table).key(key(read.check().id())).conditionExpression(condition)
                    .expressionAttributeNames(names).expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException changedGoneOrHeld) {
            return false;
        }
    }

    /** The condition "no write holds the check to store its secrets" at {@code now}. */
    private static String free(Instant now, Map<String, String> names, Map<String, AttributeValue> values) {
        names.put("#lease", LEASE);
        values.put(":now", millis(now));
        return "(attribute_not_exists(#lease) OR #lease < :now)";
    }

    /**
     * Records one run: {@link #recordOnCheck}, then appends it to the history. Two plain writes, not a
     * transaction (which costs twice as much): a run whose history write fails is still the check's
     * latest result, and only that history line is missing. False when another run won.
     */
    public boolean recordRun(StoredCheck before, CheckResult result, CheckState state) {
        if (!recordOnCheck(before, result, state)) {
            return false;
        }
        history.appendAll(List.of(result));
        return true;
    }

    /**
     * Stores a run on the check as the latest result, with the new state, only if no other run was
     * recorded since {@code before} was read (compare-and-set on {@code runs}), so two sweeps racing
     * record one run; its history line is the caller's to append ({@link CheckHistory#appendAll}, many
     * at once). The latest result is cached for the tier's lifetime if healthy; a breach is not cached.
     * False when another run won (nothing is written then).
     */
    public boolean recordOnCheck(StoredCheck before, CheckResult result, CheckState state) {
        Update update = runUpdate(before, result, state);
        try {
            dynamo.updateItem(u -> u.tableName(update.tableName()).key(update.key()).updateExpression(update.updateExpression())
                    .conditionExpression(update.conditionExpression()).expressionAttributeValues(update.expressionAttributeValues()));
            return true;
        } catch (ConditionalCheckFailedException lost) {
            return false;
        }
    }

    /**
     * The writes of {@link #recordRun}, for a caller that commits them in one transaction with the alert
     * the run causes ({@link dev.vigil.bus.AlertLedger#write}): the run and its alert are recorded
     * together, or neither when another run won.
     */
    public List<TransactWriteItem> runWrites(StoredCheck before, CheckResult result, CheckState state) {
        return List.of(TransactWriteItem.builder().update(runUpdate(before, result, state)).build(), history.put(result));
    }

    /** The conditional write of a run on the check. */
    private Update runUpdate(StoredCheck before, CheckResult result, CheckState state) {
        Tier tier = before.check().tier();
        Instant cachedUntil = result.breached() ? result.at() : result.at().plus(tier.cacheTtl());
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":runs", n(before.runs()));
        values.put(":next", n(before.runs() + 1));
        values.put(":at", millis(result.at()));
        values.put(":confirmed", s(state.confirmed().wire()));
        values.put(":failing", n(state.failing()));
        values.put(":unhealthy", n(state.unhealthy()));
        values.put(":healthy", n(state.healthy()));
        values.put(":notUnhealthy", n(state.notUnhealthy()));
        values.put(":latest", s(Json.write(result.toJson())));
        values.put(":latestStatus", s(result.status().wire()));
        values.put(":cachedUntil", millis(cachedUntil));
        String runsCondition = before.runs() == 0 ? "(attribute_not_exists(runs) OR runs = :runs)" : "runs = :runs";
        return Update.builder().tableName(table).key(key(before.check().id()))
                .updateExpression("SET runs = :next, lastRunAt = :at, confirmed = :confirmed, failing = :failing,"
                        + " unhealthyRun = :unhealthy, healthyRun = :healthy, notUnhealthyRun = :notUnhealthy,"
                        + " latestResult = :latest, latestStatus = :latestStatus, cachedUntil = :cachedUntil")
                .conditionExpression("attribute_exists(id) AND " + runsCondition)
                .expressionAttributeValues(values).build();
    }

    /** Invalidates the cached result: the next health read runs the check (or shows its latest result as stale). */
    public void invalidate(String checkId) {
        try {
            dynamo.updateItem(u -> u.tableName(table).key(key(checkId)).updateExpression("SET cachedUntil = :zero")
                    .conditionExpression("attribute_exists(id)").expressionAttributeValues(Map.of(":zero", n(0))));
        } catch (ConditionalCheckFailedException gone) {
            // Nothing cached for a check that does not exist.
        }
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of("id", s(id));
    }

    /** The whole item of a new check: its definition and an empty run state. */
    static Map<String, AttributeValue> item(Check check, Map<String, String> secretHints) {
        Map<String, AttributeValue> item = new HashMap<>(definition(check, secretHints));
        item.put("id", s(check.id()));
        item.put("tenantId", s(check.tenantId()));
        item.put("createdAt", millis(check.createdAt()));
        item.put("runs", n(0));
        item.put("cachedUntil", n(0));
        return item;
    }

    /** The attributes an admin's write sets. */
    private static Map<String, AttributeValue> definition(Check check, Map<String, String> secretHints) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("type", s(check.type()));
        item.put("name", s(check.name()));
        item.put("tier", s(check.tier().wire()));
        item.put("settings", s(Json.write(check.settings())));
        item.put("conditions", AttributeValue.fromL(check.conditions().stream().map(c -> s(c.toString())).toList()));
        Map<String, AttributeValue> hints = new HashMap<>();
        secretHints.forEach((name, hint) -> hints.put(name, s(hint)));
        item.put("secretHints", AttributeValue.fromM(hints));
        item.put("timeoutMs", n(check.timeout().toMillis()));
        item.put("enabled", bool(check.enabled()));
        item.put("failureThreshold", n(check.failureThreshold()));
        item.put("recoveryThreshold", n(check.recoveryThreshold()));
        item.put("version", n(check.version()));
        item.put("updatedAt", millis(check.updatedAt()));
        item.put("tags", AttributeValue.fromL(check.tags().stream().map(AttributeValue::fromS).toList()));
        return item;
    }

    static StoredCheck fromItem(Map<String, AttributeValue> item) {
        JsonNode settings;
        try {
            settings = Json.parse(Attr.string(item, "settings"));
        } catch (IOException e) {
            throw new UncheckedIOException("the settings of check " + Attr.string(item, "id") + " are not JSON", e);
        }
        List<Condition> conditions = item.getOrDefault("conditions", AttributeValue.fromL(List.of())).l().stream()
                .map(c -> Condition.parse(c.s())).toList();
        Check check = new Check(Attr.string(item, "id"), Attr.string(item, "tenantId"), Attr.string(item, "type"),
                Attr.string(item, "name"), Tier.fromWire(Attr.string(item, "tier")).orElseThrow(), (ObjectNode) settings, conditions,
                Duration.ofMillis(Attr.number(item, "timeoutMs", 10_000)), Attr.flag(item, "enabled", true),
                (int) Attr.number(item, "failureThreshold", 1), (int) Attr.number(item, "recoveryThreshold", 1),
                Attr.number(item, "version", 1), Attr.instant(item, "createdAt").orElseThrow(),
                Attr.instant(item, "updatedAt").orElseThrow(),
                item.containsKey("tags") && item.get("tags").hasL() ? item.get("tags").l().stream().map(AttributeValue::s).toList()
                        : List.of());
        Map<String, String> secretHints = new HashMap<>();
        item.getOrDefault("secretHints", AttributeValue.fromM(Map.of())).m().forEach((name, hint) -> secretHints.put(name, hint.s()));
        CheckState state = Optional.ofNullable(Attr.string(item, "confirmed")).flatMap(CheckStatus::fromWire)
                .map(confirmed -> new CheckState(confirmed, (int) Attr.number(item, "failing", 0),
                        (int) Attr.number(item, "unhealthyRun", 0), (int) Attr.number(item, "healthyRun", 0),
                        (int) Attr.number(item, "notUnhealthyRun", 0)))
                .orElse(CheckState.INITIAL);
        Optional<CheckResult> latest = Optional.ofNullable(Attr.string(item, "latestResult")).map(text -> {
            try {
                return CheckResult.fromJson(Json.parse(text));
            } catch (IOException e) {
                throw new UncheckedIOException("the latest result of check " + check.id() + " is not JSON", e);
            }
        });
        return new StoredCheck(check, secretHints, Attr.number(item, "runs", 0), Attr.instant(item, "lastRunAt"), state, latest,
                Instant.ofEpochMilli(Attr.number(item, "cachedUntil", 0)));
    }
}
