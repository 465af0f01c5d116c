package dev.vigil.store;

import static dev.vigil.store.Attr.bool;
import static dev.vigil.store.Attr.millis;
import static dev.vigil.store.Attr.n;
import static dev.vigil.store.Attr.s;

import dev.vigil.domain.ActiveHours;
import dev.vigil.domain.QuietHours;
import dev.vigil.domain.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Tenants in DynamoDB, keyed by id; the item layout is defined here once ({@link #item}, {@link #fromItem}).
 *
 * <p>The sparse index {@value #DUE_INDEX} holds the tenants that are not paused, by when their sweep is
 * next due ({@code nextSweepAt}, epoch millis), spread over {@value #SWEEP_SHARDS} partition keys
 * ({@code sweepShard} {@code s0}, {@code s1}, ...): the scheduled sweep reads only the tenants that are
 * due. A paused tenant carries neither attribute. The sweep records its runs in {@code lastSweepAt}
 * (with {@code lastSweepStatus} and {@code lastSweepExecutionId}, {@link #recordSweep}) and postpones
 * tenants it must not sweep yet ({@link #postponeSweep}) with writes of its own, conditional on the
 * settings they read; a settings write is conditional on the {@code lastSweepAt} it read, so it never
 * moves {@code nextSweepAt} from a stale one.
 *
 * <p>The default tenant's item also records how far the adoption of items stored before tenants existed
 * has got ({@link Adoption}).
 */
public final class TenantStore {
    public static final String DUE_INDEX = "due";
    public static final int SWEEP_SHARDS = 4;
    private static final Map<String, String> KEY = Map.of("id", "S");
    private static final List<String> OPTIONAL_SETTINGS = List.of("quietStart", "quietEnd", "sweepShard", "nextSweepAt");

    private final DynamoDbClient dynamo;
    private final String table;

    public TenantStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The sweep-index partition of a tenant. */
    public static String sweepShard(String id) {
        return "s" + Math.floorMod(id.hashCode(), SWEEP_SHARDS);
    }

    /** Stores a new tenant; false if one with its id exists already (nothing is written then). */
    public boolean create(Tenant tenant) {
        try {
            dynamo.putItem(p -> p.tableName(table).item(item(tenant)).conditionExpression("attribute_not_exists(id)"));
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        }
    }

    public Optional<Tenant> find(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).key(key(id)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** One page of tenants; there are few, and only the operator lists them. Sorted by creation (then id) within the page. */
    public Page<Tenant> list(int limit, Optional<String> token) {
        ScanResponse response = dynamo.scan(r -> {
            r.tableName(table).limit(limit);
            token.ifPresent(t -> r.exclusiveStartKey(PageToken.decode(t, KEY)));
        });
        List<Tenant> tenants = new ArrayList<>(response.items().stream().map(TenantStore::fromItem).toList());
        tenants.sort(java.util.Comparator.comparing(Tenant::createdAt).thenComparing(Tenant::id));
        return new Page<>(tenants, PageToken.encode(response.lastEvaluatedKey()));
    }

    /**
     * Stores {@code after}'s settings as the next version of {@code before}, unless the tenant was
     * changed (by the operator, or by a sweep moving {@code lastSweepAt}) or deleted since {@code before}
     * was read; false then, and nothing is written.
     */
    public boolean updateSettings(Tenant before, Tenant after) {
        Map<String, AttributeValue> set = settings(after);
        Map<String, AttributeValue> values = new HashMap<>();
        Map<String, String> names = new HashMap<>(Map.of("#id", "id"));
        List<String> assignments = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, AttributeValue> attribute : set.entrySet()) {
            names.put("#a" + i, attribute.getKey());
            values.put(":a" + i, attribute.getValue());
            assignments.add("#a" + i + " = :a" + i);
            i++;
        }
        List<String> removals = OPTIONAL_SETTINGS.stream().filter(name -> !set.containsKey(name)).toList();
        names.put("#next", ItemVersion.ATTRIBUTE);
        values.put(":next", n(before.version() + 1));
        assignments.add("#next = :next");
        String versionCondition = ItemVersion.is(before.version(), names, values);
        String sweepCondition = sweptCondition(before, values);
        String update = "SET " + String.join(", ", assignments) + (removals.isEmpty() ? "" : " REMOVE " + String.join(", ", removals));
        try {
            dynamo.updateItem(u -> u.tableName(table).key(key(before.id())).updateExpression(update)
                    .conditionExpression("attribute_exists(#id) AND " + versionCondition + " AND " + sweepCondition)
                    .expressionAttributeNames(names).expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException changedMeanwhile) {
            return false;
        }
    }

    /** Deletes the tenant unless it changed since {@code read} was read; false then (or if it is gone). */
    public boolean deleteUnchanged(Tenant read) {
        return ItemVersion.deleteUnchanged(dynamo, table, "id", s(read.id()), read.version());
    }

    /** Tenants whose sweep is due at {@code now}, from the sparse index: at most {@code limitPerShard} of each shard. */
    public List<Tenant> dueForSweep(Instant now, int limitPerShard) {
        List<Tenant> due = new ArrayList<>();
        for (int shard = 0; shard < SWEEP_SHARDS; shard++) {
            String partition = "s" + shard;
            QueryResponse response = dynamo.query(q -> q.tableName(table).indexName(DUE_INDEX)
                    .keyConditionExpression("sweepShard = :shard AND nextSweepAt <= :now")
                    .expressionAttributeValues(Map.of(":shard", s(partition), ":now", millis(now))).limit(limitPerShard));
            response.items().forEach(item -> due.add(fromItem(item)));
        }
        return due;
    }

    /**
     * Moves a tenant's next sweep to {@code until} without sweeping it: a tenant outside its active hours
     * waits for their next start, a tenant too young waits until it is old enough, and a tenant handed
     * to the sweep queue is leased so that the next scheduled run does not read it again. Conditional
     * on the settings and {@code lastSweepAt} that {@code read} holds, so a paused or changed tenant is
     * never put back in the index; false then (the next run reads it again as it is).
     */
    public boolean postponeSweep(Tenant read, Instant until) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":until", millis(until)));
        Map<String, String> names = new HashMap<>(Map.of("#id", "id"));
        String condition = "attribute_exists(#id) AND attribute_exists(nextSweepAt) AND " + ItemVersion.is(read.version(), names, values)
                + " AND " + sweptCondition(read, values);
        try {
            dynamo.updateItem(u -> u.tableName(table).key(key(read.id())).updateExpression("SET nextSweepAt = :until")
                    .conditionExpression(condition).expressionAttributeNames(names).expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException changedMeanwhile) {
            return false;
        }
    }

    /** What the last sweep of a tenant left on it: when it started, the overall status it found, and its execution. */
    public record LastSweep(Instant at, String status, String executionId) {
    }

    /**
     * Records a sweep of the tenant that started {@code at}: its {@link LastSweep} fields, and the next
     * sweep one interval later (none while paused). Conditional on the settings {@code read} holds, so
     * a settings write in between is never undone, and on no later sweep being recorded already (two
     * racing sweeps leave the later one's fields). False then; the caller reads the tenant again and
     * records on what it finds.
     */
    public boolean recordSweep(Tenant read, LastSweep sweep) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":at", millis(sweep.at()), ":status", s(sweep.status()),
                ":execution", s(sweep.executionId())));
        Map<String, String> names = new HashMap<>(Map.of("#id", "id"));
        StringBuilder update = new StringBuilder("SET lastSweepAt = :at, lastSweepStatus = :status, lastSweepExecutionId = :execution");
        if (!read.paused()) {
            values.put(":shard", s(sweepShard(read.id())));
            values.put(":next", millis(sweep.at().plus(Duration.ofMinutes(read.sweepIntervalMinutes()))));
            update.append(", sweepShard = :shard, nextSweepAt = :next");
        }
        String condition = "attribute_exists(#id) AND " + ItemVersion.is(read.version(), names, values)
                + " AND (attribute_not_exists(lastSweepAt) OR lastSweepAt < :at)";
        try {
            dynamo.updateItem(u -> u.tableName(table).key(key(read.id())).updateExpression(update.toString())
                    .conditionExpression(condition).expressionAttributeNames(names).expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException changedMeanwhile) {
            return false;
        }
    }

    /** The tenant's last sweep, if one was recorded. */
    public Optional<LastSweep> lastSweep(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).key(key(id)).consistentRead(true)
                .projectionExpression("lastSweepAt, lastSweepStatus, lastSweepExecutionId")).item();
        if (item == null || !item.containsKey("lastSweepExecutionId")) {
            return Optional.empty();
        }
        return Optional.of(new LastSweep(Attr.instant(item, "lastSweepAt").orElseThrow(), Attr.string(item, "lastSweepStatus"),
                Attr.string(item, "lastSweepExecutionId")));
    }

    /** "{@code lastSweepAt} is what {@code read} holds", adding the value it uses. */
    private static String sweptCondition(Tenant read, Map<String, AttributeValue> values) {
        return read.lastSweepAt().map(at -> {
            values.put(":swept", millis(at));
            return "lastSweepAt = :swept";
        }).orElse("attribute_not_exists(lastSweepAt)");
    }

    /**
     * How far the default tenant's adoption of items stored before tenants existed has got: the table
     * it is reading ({@link Phase}), and the key to go on from in it.
     */
    public record Adoption(Phase phase, Optional<String> from) {
        public static final Adoption NOT_STARTED = new Adoption(Phase.APPLICATIONS, Optional.empty());

        public boolean done() {
            return phase == Phase.DONE;
        }
    }

    /** The adoption reads the applications, then the channels, then it is done. */
    public enum Phase { APPLICATIONS, CHANNELS, DONE }

    /** The default tenant's adoption state; empty if the default tenant does not exist yet. */
    public Optional<Adoption> adoption() {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).key(key(Tenant.DEFAULT_ID))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        Phase phase = Optional.ofNullable(Attr.string(item, "legacyAdoption")).flatMap(TenantStore::phase).orElse(Phase.APPLICATIONS);
        return Optional.of(new Adoption(phase, Optional.ofNullable(Attr.string(item, "legacyFrom"))));
    }

    private static Optional<Phase> phase(String stored) {
        for (Phase phase : Phase.values()) {
            if (phase.name().equals(stored)) {
                return Optional.of(phase);
            }
        }
        return Optional.empty();
    }

    /** Records how far the adoption got. */
    public void recordAdoption(Adoption adoption) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":phase", s(adoption.phase().name())));
        String update = adoption.from().map(from -> {
            values.put(":from", s(from));
            return "SET legacyAdoption = :phase, legacyFrom = :from";
        }).orElse("SET legacyAdoption = :phase REMOVE legacyFrom");
        try {
            dynamo.updateItem(u -> u.tableName(table).key(key(Tenant.DEFAULT_ID)).updateExpression(update)
                    .conditionExpression("attribute_exists(id)").expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException gone) {
            // The default tenant cannot be deleted; nothing to record if it is not there.
        }
    }

    /** The whole item of a new tenant. */
    static Map<String, AttributeValue> item(Tenant tenant) {
        Map<String, AttributeValue> item = new HashMap<>(settings(tenant));
        item.put("id", s(tenant.id()));
        item.put("createdAt", millis(tenant.createdAt()));
        tenant.lastSweepAt().ifPresent(at -> item.put("lastSweepAt", millis(at)));
        item.put(ItemVersion.ATTRIBUTE, n(tenant.version()));
        return item;
    }

    /** What the operator sets, and the sweep-index attributes they imply (absent while paused). */
    private static Map<String, AttributeValue> settings(Tenant tenant) {
        Map<String, AttributeValue> set = new LinkedHashMap<>();
        set.put("name", s(tenant.name()));
        set.put("timezone", s(tenant.timezone().getId()));
        set.put("sweepIntervalMinutes", n(tenant.sweepIntervalMinutes()));
        set.put("activeStart", s(tenant.activeHours().start().toString()));
        set.put("activeEnd", s(tenant.activeHours().end().toString()));
        tenant.quietHours().ifPresent(q -> {
            set.put("quietStart", s(q.start().toString()));
            set.put("quietEnd", s(q.end().toString()));
        });
        set.put("paused", bool(tenant.paused()));
        set.put("privateTargets", bool(tenant.privateTargets()));
        Map<String, AttributeValue> overrides = new LinkedHashMap<>();
        tenant.thresholds().forEach((type, conditions) ->
                overrides.put(type, AttributeValue.fromL(conditions.stream().map(Attr::s).toList())));
        set.put("thresholds", AttributeValue.fromM(overrides));
        set.put("updatedAt", millis(tenant.updatedAt()));
        tenant.nextSweepAt().ifPresent(next -> {
            set.put("sweepShard", s(sweepShard(tenant.id())));
            set.put("nextSweepAt", millis(next));
        });
        return set;
    }

    static Tenant fromItem(Map<String, AttributeValue> item) {
        Instant created = Attr.instant(item, "createdAt").orElse(Instant.EPOCH);
        ZoneId zone = ZoneId.of(Optional.ofNullable(Attr.string(item, "timezone")).orElse("UTC"));
        Optional<QuietHours> quiet = item.containsKey("quietStart")
                ? Optional.of(QuietHours.parse(Attr.string(item, "quietStart"), Attr.string(item, "quietEnd"), zone.getId()))
                : Optional.empty();
        ActiveHours active = item.containsKey("activeStart")
                ? ActiveHours.parse(Attr.string(item, "activeStart"), Attr.string(item, "activeEnd")) : ActiveHours.DEFAULT;
        return new Tenant(
                Attr.string(item, "id"),
                Attr.string(item, "name"),
                zone,
                (int) Attr.number(item, "sweepIntervalMinutes", Tenant.DEFAULT_SWEEP_MINUTES),
                active,
                quiet,
                Attr.flag(item, "paused", false),
                created,
                Attr.instant(item, "updatedAt").orElse(created),
                Attr.instant(item, "lastSweepAt"),
                ItemVersion.of(item),
                Attr.flag(item, "privateTargets", false),
                thresholds(item));
    }

    private static Map<String, List<String>> thresholds(Map<String, AttributeValue> item) {
        Map<String, List<String>> overrides = new LinkedHashMap<>();
        AttributeValue stored = item.get("thresholds");
        if (stored != null && stored.hasM()) {
            stored.m().forEach((type, conditions) -> overrides.put(type,
                    conditions.hasL() ? conditions.l().stream().map(AttributeValue::s).toList() : List.of()));
        }
        return overrides;
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of("id", s(id));
    }
}
