package dev.vigil.store;

import static dev.vigil.store.Attr.bool;
import static dev.vigil.store.Attr.millis;
import static dev.vigil.store.Attr.n;
import static dev.vigil.store.Attr.s;

import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Application;
import dev.vigil.domain.BeatDetail;
import dev.vigil.domain.BeatRules;
import dev.vigil.domain.CronExpression;
import dev.vigil.domain.Deadlines;
import dev.vigil.domain.InvalidInput;
import dev.vigil.domain.MaintenanceWindow;
import dev.vigil.domain.Misses;
import dev.vigil.domain.QuietHours;
import dev.vigil.domain.RunState;
import dev.vigil.domain.Runs;
import dev.vigil.domain.Severity;
import dev.vigil.domain.SignalKind;
import dev.vigil.domain.Status;
import dev.vigil.domain.TagFilter;
import dev.vigil.domain.Tenant;
import dev.vigil.domain.WireName;
import dev.vigil.domain.UnknownReason;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Applications in DynamoDB, keyed by their ping UUID so that a beat is one conditional write. The item
 * layout is defined here once ({@link #item}, {@link #settings}, {@link #fromItem}).
 *
 * <p>Indexes: {@value #BY_ID_INDEX} finds an application by its public id for the admin API;
 * {@value #DUE_INDEX} is sparse — only active, not-down applications carry {@code dueShard} and
 * {@code dueAt} (their deadline, epoch millis) — so the detector queries just the overdue ones. The
 * deadline index is spread over {@code dueShards} partition keys ({@code d0}, {@code d1}, ...) so that
 * beats, which all move a deadline, do not all write one index partition. {@value #DOWN_INDEX} is
 * sparse too: an application carries {@code downShard} from the flip that announced it down until its
 * recovery is announced, so the detector finds every recovery that a beat made but nobody announced yet
 * by reading only the applications whose last announcement was "down". {@value #BY_TENANT_INDEX} lists
 * each tenant's applications, oldest first; it holds keys only, and a beat changes neither of its keys,
 * so beats never write it. An item stored before tenants existed has no {@code tenantId} (it belongs to
 * the default tenant) and is not in that index until {@link #adoptLegacy} gives it one.
 */
public final class ApplicationStore {
    public static final String BY_ID_INDEX = "byId";
    public static final String DUE_INDEX = "due";
    public static final String DOWN_INDEX = "down";
    public static final String BY_TENANT_INDEX = "byTenant";
    public static final int DEFAULT_DUE_SHARDS = 8;
    private static final Map<String, String> KEY = Map.of("uuid", "S");
    private static final Map<String, String> TENANT_KEY = Map.of("uuid", "S", "tenantId", "S", "createdAt", "N");

    private final DynamoDbClient dynamo;
    private final String table;
    private final int dueShards;
    private final BeatRate rate;
    private final String[] pausedBeat;

    /** Every beat stored: no {@link BeatRate} limit. */
    public ApplicationStore(DynamoDbClient dynamo, String table, int dueShards) {
        this(dynamo, table, dueShards, BeatRate.OFF);
    }

    /** Beats above {@code rate} are coalesced ({@link BeatRate}). */
    public ApplicationStore(DynamoDbClient dynamo, String table, int dueShards, BeatRate rate) {
        if (dueShards < 1) {
            throw new IllegalStateException("DUE_SHARDS must be at least 1, was " + dueShards);
        }
        this.dynamo = dynamo;
        this.table = table;
        this.dueShards = dueShards;
        this.rate = rate;
        this.pausedBeat = beatExpressions(PAUSED_BEAT_SET, rate);
    }

    /** The deadline-index partition of an application. */
    public String dueShard(String uuid) {
        return "d" + Math.floorMod(uuid.hashCode(), dueShards);
    }

    public void create(Application app) {
        dynamo.putItem(p -> p.tableName(table).item(item(app)).conditionExpression("attribute_not_exists(#u)")
                .expressionAttributeNames(Map.of("#u", "uuid")));
    }

    /**
     * Stores a new application together with {@code alongside} (a slug's claim, an auto-creation's count)
     * in one transaction: all of it or nothing. {@link GuardedWrite#CONFLICT} when the UUID exists,
     * {@link GuardedWrite#ALONGSIDE_REFUSED} when one of the other writes' conditions failed.
     */
    public GuardedWrite createWith(Application app, List<TransactWriteItem> alongside) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(item(app))
                .conditionExpression("attribute_not_exists(#u)").expressionAttributeNames(Map.of("#u", "uuid")).build()).build());
        writes.addAll(alongside);
        return transact(writes);
    }

    /** What a write made together with other writes did. */
    public enum GuardedWrite {
        /** Everything was written. */
        WRITTEN,
        /** The application's own condition failed (it exists, or changed meanwhile); nothing was written. */
        CONFLICT,
        /** A condition of one of the other writes failed; nothing was written. */
        ALONGSIDE_REFUSED
    }

    private GuardedWrite transact(List<TransactWriteItem> writes) {
        try {
            dynamo.transactWriteItems(t -> t.transactItems(writes));
            return GuardedWrite.WRITTEN;
        } catch (TransactionCanceledException cancelled) {
            if (!Transactions.lostRace(cancelled)) {
                throw cancelled;
            }
            return "ConditionalCheckFailed".equals(cancelled.cancellationReasons().get(0).code())
                    ? GuardedWrite.CONFLICT : GuardedWrite.ALONGSIDE_REFUSED;
        }
    }

    public Optional<Application> findByUuid(String uuid) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).key(key(uuid))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** Finds by public id: the id index gives the key, a consistent read gives the current item. */
    public Optional<Application> findById(String id) {
        QueryResponse keys = dynamo.query(q -> q.tableName(table).indexName(BY_ID_INDEX)
                .keyConditionExpression("id = :id")
                .expressionAttributeValues(Map.of(":id", s(id))));
        return keys.items().stream().findFirst().flatMap(key -> findByUuid(key.get("uuid").s()));
    }

    /**
     * One page of {@code tenantId}'s applications, oldest first: the tenant index gives their keys, a
     * consistent batch read gives the current items. A token of another tenant's listing is refused.
     */
    public Page<Application> listByTenant(String tenantId, int limit, Optional<String> token) {
        if (Tenant.DEFAULT_ID.equals(tenantId) && token.filter(ApplicationStore::isScanToken).isPresent()) {
            // A listing begun before the adoption of earlier items ended goes on as it began.
            return listDefaultWithLegacy(limit, token);
        }
        Optional<Map<String, AttributeValue>> start = token.map(t -> PageToken.decode(t, TENANT_KEY));
        if (start.isPresent() && !tenantId.equals(start.get().get("tenantId").s())) {
            throw new InvalidInput("nextToken is not valid");
        }
        QueryResponse keys = dynamo.query(q -> {
            q.tableName(table).indexName(BY_TENANT_INDEX).keyConditionExpression("tenantId = :tenant")
                    .expressionAttributeValues(Map.of(":tenant", s(tenantId))).limit(limit);
            start.ifPresent(q::exclusiveStartKey);
        });
        List<String> uuids = keys.items().stream().map(key -> key.get("uuid").s()).toList();
        Map<String, Application> found = new HashMap<>();
        readAll(uuids).forEach(app -> found.put(app.uuid(), app));
        List<Application> apps = uuids.stream().map(found::get).filter(app -> app != null && app.tenantId().equals(tenantId))
                .toList();
        return new Page<>(apps, PageToken.encode(keys.hasLastEvaluatedKey() ? keys.lastEvaluatedKey() : Map.of()));
    }

    /** How many index pages one filtered listing reads at most before it answers with what it kept and a {@code nextToken}. */
    public static final int FILTERED_READS = 10;

    /**
     * One page of {@code tenantId}'s applications that {@code filter} keeps, oldest first. The tenant
     * index holds keys only, so the tags are read from the items: pages of the index are read until
     * {@code limit} applications are kept or {@value #FILTERED_READS} pages were read; the
     * {@code nextToken} then names the last application looked at, so the next page goes on exactly
     * after it. A page may thus hold fewer than {@code limit} applications (even none) and still have a
     * {@code nextToken}; the listing has ended only when there is none.
     */
    public Page<Application> listByTenant(String tenantId, int limit, Optional<String> token, TagFilter filter) {
        if (filter.keepsAll()) {
            return listByTenant(tenantId, limit, token);
        }
        List<Application> kept = new ArrayList<>();
        Optional<String> next = token;
        for (int read = 0; read < FILTERED_READS; read++) {
            Page<Application> page = listByTenant(tenantId, limit, next);
            List<Application> items = page.items();
            for (int i = 0; i < items.size(); i++) {
                Application app = items.get(i);
                if (filter.matches(app.rules().tags())) {
                    kept.add(app);
                    if (kept.size() == limit) {
                        return new Page<>(kept, i == items.size() - 1 ? page.nextToken() : PageToken.encode(Map.of(
                                "uuid", s(app.uuid()), "tenantId", s(tenantId), "createdAt", millis(app.createdAt()))));
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

    /** Whether {@code token} continues a scan ({@link #listDefaultWithLegacy}) rather than a tenant-index listing. */
    private static boolean isScanToken(String token) {
        try {
            PageToken.decode(token, KEY);
            return true;
        } catch (InvalidInput notAScanToken) {
            return false;
        }
    }

    /** The items of {@code uuids} that exist, read consistently, in no particular order. */
    private List<Application> readAll(List<String> uuids) {
        List<Application> apps = new ArrayList<>();
        if (uuids.isEmpty()) {
            return apps;
        }
        Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder()
                .keys(uuids.stream().distinct().map(ApplicationStore::key).toList()).consistentRead(true).build());
        while (!request.isEmpty()) {
            Map<String, KeysAndAttributes> next = request;
            var response = dynamo.batchGetItem(b -> b.requestItems(next));
            response.responses().getOrDefault(table, List.of()).forEach(item -> apps.add(fromItem(item)));
            request = response.unprocessedKeys();
        }
        return apps;
    }

    /**
     * One page of the default tenant's applications while some items stored before tenants existed have
     * no {@code tenantId} yet: a scan of the table, as the listing was before tenants, keeping the
     * default tenant's items and those without a tenant.
     */
    public Page<Application> listDefaultWithLegacy(int limit, Optional<String> token) {
        ScanResponse response = dynamo.scan(r -> {
            r.tableName(table).limit(limit).filterExpression("attribute_not_exists(tenantId) OR tenantId = :default")
                    .expressionAttributeValues(Map.of(":default", s(Tenant.DEFAULT_ID)));
            token.ifPresent(t -> r.exclusiveStartKey(PageToken.decode(t, KEY)));
        });
        List<Application> apps = new ArrayList<>(response.items().stream().map(ApplicationStore::fromItem).toList());
        apps.sort((a, b) -> a.createdAt().compareTo(b.createdAt()));
        return new Page<>(apps, PageToken.encode(response.lastEvaluatedKey()));
    }

    /** Whether {@code tenantId} has any application (in the tenant index). */
    public boolean anyInTenant(String tenantId) {
        return dynamo.query(q -> q.tableName(table).indexName(BY_TENANT_INDEX).keyConditionExpression("tenantId = :tenant")
                .expressionAttributeValues(Map.of(":tenant", s(tenantId))).limit(1)).count() > 0;
    }

    /**
     * Gives the items stored before tenants existed (no {@code tenantId}) to the default tenant, reading
     * the table from {@code from} (a UUID, exclusive) for at most {@code pages} pages; each item is
     * written only if it still has no tenant, so beats and edits racing with it lose nothing. Returns
     * where to go on from, or empty when the table has been read to its end.
     */
    public LegacyAdoption adoptLegacy(Optional<String> from, int pages) {
        Optional<Map<String, AttributeValue>> start = from.map(uuid -> key(uuid));
        int adopted = 0;
        for (int page = 0; page < pages; page++) {
            Optional<Map<String, AttributeValue>> after = start;
            ScanResponse response = dynamo.scan(r -> {
                r.tableName(table).limit(ADOPTION_PAGE).filterExpression("attribute_not_exists(tenantId)")
                        .projectionExpression("#u").expressionAttributeNames(Map.of("#u", "uuid"));
                after.ifPresent(r::exclusiveStartKey);
            });
            for (Map<String, AttributeValue> item : response.items()) {
                try {
                    dynamo.updateItem(u -> u.tableName(table).key(key(item.get("uuid").s()))
                            .updateExpression("SET tenantId = :default")
                            .conditionExpression("attribute_exists(#u) AND attribute_not_exists(tenantId)")
                            .expressionAttributeNames(Map.of("#u", "uuid"))
                            .expressionAttributeValues(Map.of(":default", s(Tenant.DEFAULT_ID))));
                    adopted++;
                } catch (ConditionalCheckFailedException deletedOrAdopted) {
                    // Deleted meanwhile, or another container adopted it first.
                }
            }
            if (!response.hasLastEvaluatedKey() || response.lastEvaluatedKey().isEmpty()) {
                return new LegacyAdoption(Optional.empty(), adopted);
            }
            start = Optional.of(response.lastEvaluatedKey());
        }
        return new LegacyAdoption(start.map(k -> k.get("uuid").s()), adopted);
    }

    /** Items read per page while adopting items stored before tenants existed. */
    private static final int ADOPTION_PAGE = 200;

    /** How far an adoption of items stored before tenants got: where to go on from (empty: done), and how many it adopted. */
    public record LegacyAdoption(Optional<String> next, int adopted) {
        public boolean done() {
            return next.isEmpty();
        }
    }

    /** One page of every tenant's applications, from a scan: for tools and tests, never for a tenant's listing. */
    public Page<Application> list(int limit, Optional<String> token) {
        ScanResponse response = dynamo.scan(r -> {
            r.tableName(table).limit(limit);
            token.ifPresent(t -> r.exclusiveStartKey(PageToken.decode(t, KEY)));
        });
        List<Application> apps = new ArrayList<>(response.items().stream().map(ApplicationStore::fromItem).toList());
        apps.sort((a, b) -> a.createdAt().compareTo(b.createdAt()));
        return new Page<>(apps, PageToken.encode(response.lastEvaluatedKey()));
    }

    /**
     * Stores new settings as the next version, unless a beat, a flip or another admin write changed the
     * item since {@code before} was read (then the caller re-reads, and tries again or reports the
     * conflict). Returns false on such a conflict.
     */
    public boolean updateSettings(Application before, Application after) {
        try {
            dynamo.updateItem(settingsUpdate(before, after).toRequest());
            return true;
        } catch (ConditionalCheckFailedException changedMeanwhile) {
            return false;
        }
    }

    /**
     * {@link #updateSettings}, in one transaction with {@code alongside} (a slug's claim and the release
     * of the one it replaces): all of it or nothing.
     */
    public GuardedWrite updateSettingsWith(Application before, Application after, List<TransactWriteItem> alongside) {
        if (alongside.isEmpty()) {
            return updateSettings(before, after) ? GuardedWrite.WRITTEN : GuardedWrite.CONFLICT;
        }
        SettingsUpdate update = settingsUpdate(before, after);
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().update(Update.builder().tableName(table).key(key(before.uuid()))
                .updateExpression(update.expression()).conditionExpression(update.condition())
                .expressionAttributeNames(update.names()).expressionAttributeValues(update.values()).build()).build());
        writes.addAll(alongside);
        return transact(writes);
    }

    /** A settings write: the update and its condition, for a single write or a transaction. */
    private record SettingsUpdate(String table, String uuid, String expression, String condition, Map<String, String> names,
                                  Map<String, AttributeValue> values) {
        UpdateItemRequest toRequest() {
            return UpdateItemRequest.builder().tableName(table).key(key(uuid)).updateExpression(expression)
                    .conditionExpression(condition).expressionAttributeNames(names).expressionAttributeValues(values).build();
        }
    }

    private SettingsUpdate settingsUpdate(Application before, Application after) {
        Map<String, AttributeValue> set = settings(after);
        Map<String, AttributeValue> values = new HashMap<>();
        Map<String, String> names = new HashMap<>(Map.of("#u", "uuid", "#status", "status"));
        List<String> assignments = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, AttributeValue> attribute : set.entrySet()) {
            names.put("#a" + i, attribute.getKey());
            values.put(":a" + i, attribute.getValue());
            assignments.add("#a" + i + " = :a" + i);
            i++;
        }
        List<String> removals = new ArrayList<>();
        for (String optional : OPTIONAL_SETTINGS) {
            if (!set.containsKey(optional)) {
                removals.add(optional);
            }
        }
        names.put("#next", ItemVersion.ATTRIBUTE);
        values.put(":next", n(before.version() + 1));
        assignments.add("#next = :next");
        if (after.active() && !before.active()) {
            // A resume starts afresh: the misses before the pause no longer count, nor do the runs begun before it.
            values.put(":noStreak", n(0));
            assignments.add("failStreak = :noStreak");
            removals.addAll(List.of("startedAt", "startedRid", "#runs"));
            names.put("#runs", "runs");
        }
        String versionCondition = ItemVersion.is(before.version(), names, values);
        values.put(":status", s(before.status().wire()));
        values.put(":flips", n(before.flips()));
        // The detector restarts the watch (a counted miss, the end of a maintenance window): do not undo it.
        values.put(":since", millis(before.watchedSince()));
        String watchCondition = "(attribute_not_exists(watchedSince) OR watchedSince = :since)";
        String beatCondition = before.lastHeartbeat().map(beat -> {
            values.put(":beat", millis(beat));
            return "lastHeartbeat = :beat";
        }).orElse("attribute_not_exists(lastHeartbeat)");
        String update = "SET " + String.join(", ", assignments)
                + (removals.isEmpty() ? "" : " REMOVE " + String.join(", ", removals));
        return new SettingsUpdate(table, before.uuid(), update, "attribute_exists(#u) AND " + versionCondition
                + " AND #status = :status AND flips = :flips AND " + beatCondition + " AND " + watchCondition
                + " AND " + runCondition(before, names, values), names, values);
    }

    /**
     * The condition that the runs in progress are still those of {@code before}: the deadline a settings
     * write stores ({@link dev.vigil.domain.Due#of}) includes their timeout, so a start landing between
     * the read and the write makes it fail and the caller computes it again. Only a start or an end
     * changes the runs; logs and other beats in between do not, so a busy application does not starve
     * an admin's change the way a condition on the beat count would.
     */
    private static String runCondition(Application before, Map<String, String> names, Map<String, AttributeValue> values) {
        names.put("#runs", "runs");
        String started = before.run().startedAt().map(start -> {
            values.put(":startedAt", millis(start));
            return "startedAt = :startedAt";
        }).orElse("attribute_not_exists(startedAt)");
        String runs;
        if (before.run().runs().isEmpty()) {
            values.put(":noRuns", n(0));
            runs = "(attribute_not_exists(#runs) OR size(#runs) = :noRuns)";
        } else {
            Map<String, AttributeValue> open = new HashMap<>();
            before.run().runs().forEach((rid, start) -> open.put(rid, millis(start)));
            values.put(":runs", AttributeValue.fromM(open));
            runs = "#runs = :runs";
        }
        return started + " AND " + runs;
    }

    public boolean delete(Application app) {
        try {
            dynamo.deleteItem(d -> d.tableName(table).key(key(app.uuid()))
                    .conditionExpression("attribute_exists(#u)").expressionAttributeNames(Map.of("#u", "uuid")));
            return true;
        } catch (ConditionalCheckFailedException alreadyGone) {
            return false;
        }
    }

    /** Deletes the application unless its settings changed since {@code read} was read; false if they did (or it is gone). */
    public boolean deleteUnchanged(Application read) {
        return ItemVersion.deleteUnchanged(dynamo, table, "uuid", s(read.uuid()), read.version());
    }

    /** Every application whose alerts are routed to {@code channelId}, read consistently, oldest first. */
    public List<Application> routingTo(String channelId) {
        List<Application> routed = new ArrayList<>();
        dynamo.scanPaginator(r -> r.tableName(table).consistentRead(true).filterExpression("contains(channels, :channel)")
                .expressionAttributeValues(Map.of(":channel", s(channelId))))
                .items().forEach(item -> routed.add(fromItem(item)));
        routed.sort(Comparator.comparing(Application::createdAt).thenComparing(Application::id));
        return routed;
    }

    /**
     * Records a beat with one conditional write and no read before it: sets the last beat (with how it
     * came: method, source address, user agent, and the signal it sent), and by its signal
     * ({@link SignalUpdate}): a success sets the status {@code up} (once the recovery threshold is
     * reached), the next deadline (receipt time + the stored window) and ends the run in progress; a
     * fail counts a failure and moves the deadline; a start opens a run; a log changes nothing but the
     * record. Every beat is counted. Nothing comes back but whether the application exists and is
     * active (and, for a beat carrying a body or metadata, the item before it, read by the same write).
     * The write is the beat's only one on the request path when it carries no body: its history entry,
     * the flip a failure causes, and a recovery it ends follow from the table's stream, which sees the
     * item before and after. When the write's assumptions about the item do not hold (down with the
     * recovery threshold not reached; no map of open runs yet), the item the failed write returns says
     * which write to make instead.
     */
    public BeatOutcome recordBeat(String uuid, HeartbeatLog.Beat beat) {
        SignalUpdate.Shape shape = SignalUpdate.Shape.COMMON;
        boolean payload = beat.detail().hasPayload();
        for (int attempt = 1; attempt <= SIGNAL_ATTEMPTS; attempt++) {
            SignalUpdate write = new SignalUpdate(beat, dueShard(uuid), shape, rate);
            try {
                var response = dynamo.updateItem(u -> u.tableName(table)
                        .key(key(uuid))
                        .updateExpression(write.update)
                        .conditionExpression(write.condition)
                        .expressionAttributeNames(write.names)
                        .expressionAttributeValues(write.values)
                        .returnValues(payload ? ReturnValue.ALL_OLD : ReturnValue.NONE)
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
                return new BeatOutcome.Accepted(payload ? Optional.of(recorded(response.attributes())) : Optional.empty(),
                        shape.down() && beat.detail().kind() == SignalKind.SUCCESS);
            } catch (ConditionalCheckFailedException e) {
                Map<String, AttributeValue> item = e.item();
                if (item == null || item.isEmpty()) {
                    return new BeatOutcome.Unknown();
                }
                if (!Attr.flag(item, "active", true)) {
                    if (SignalUpdate.resumes(item, beat.detail())) {
                        Optional<BeatOutcome> resumed = resume(uuid, beat);
                        if (resumed.isPresent()) {
                            return resumed.get();
                        }
                        // Resumed meanwhile, or manualResume set: the item is read again by the next write.
                        continue;
                    }
                    if (SignalUpdate.coalescible(beat, rate) && rate.exceededBy(item, beat.receivedAt())) {
                        return coalesce(uuid, true);
                    }
                    return beat.detail().equals(BeatDetail.NONE)
                            ? recordPausedBeat(uuid, beat) : recordPausedSignal(uuid, beat);
                }
                boolean exceeded = SignalUpdate.coalescible(beat, rate) && rate.exceededBy(item, beat.receivedAt());
                if (exceeded && !SignalUpdate.mustBeStored(item, beat.detail())) {
                    return coalesce(uuid, false);
                }
                shape = SignalUpdate.Shape.of(item, beat.detail(), exceeded);
            }
        }
        throw new IllegalStateException("the application " + uuid + " kept changing while a beat was recorded; "
                + "the client's retry records it");
    }

    /** How many writes a beat tries while other writes keep changing the item under it. */
    private static final int SIGNAL_ATTEMPTS = 4;

    /** The beat number and run state a beat's write found (the item before it). */
    private static BeatOutcome.Recorded recorded(Map<String, AttributeValue> before) {
        return new BeatOutcome.Recorded(Attr.number(before, "beats", 0) + 1, Attr.string(before, "id"), runOf(before));
    }

    /** Makes {@code write} on {@code uuid}'s item; answers the item before it when {@code returnOld}, else nothing. */
    private Map<String, AttributeValue> write(String uuid, SignalUpdate write, boolean returnOld) {
        return dynamo.updateItem(u -> u.tableName(table)
                .key(key(uuid))
                .updateExpression(write.update)
                .conditionExpression(write.condition)
                .expressionAttributeNames(write.names)
                .expressionAttributeValues(write.values)
                .returnValues(returnOld ? ReturnValue.ALL_OLD : ReturnValue.NONE)).attributes();
    }

    /**
     * A beat with a signal, a run id, a body or metadata for a paused application: recorded, no status,
     * deadline, streak or run change.
     */
    private BeatOutcome recordPausedSignal(String uuid, HeartbeatLog.Beat beat) {
        boolean payload = beat.detail().hasPayload();
        try {
            Map<String, AttributeValue> old = write(uuid, SignalUpdate.paused(beat), payload);
            return new BeatOutcome.Paused(payload ? Optional.of(recorded(old)) : Optional.empty());
        } catch (ConditionalCheckFailedException deletedOrResumed) {
            return new BeatOutcome.Unknown();
        }
    }

    /**
     * A success to a paused application without {@code manualResume} resumes it
     * ({@link dev.vigil.domain.Beats#afterBeat}): active again, a fresh watch from the beat, up, its next
     * deadline, the runs begun before the pause forgotten; what the success said is recorded as any
     * beat's is. Stored whatever the {@link BeatRate} (it shifts the stored beats' times along all the
     * same). Empty if the application was resumed meanwhile, or got {@code manualResume}, or is gone.
     */
    private Optional<BeatOutcome> resume(String uuid, HeartbeatLog.Beat beat) {
        boolean payload = beat.detail().hasPayload();
        try {
            Map<String, AttributeValue> old = write(uuid, SignalUpdate.resuming(beat, dueShard(uuid), rate), payload);
            return Optional.of(new BeatOutcome.Accepted(payload ? Optional.of(recorded(old)) : Optional.empty(), false));
        } catch (ConditionalCheckFailedException changedMeanwhile) {
            return Optional.empty();
        }
    }

    /**
     * A plain success to a paused application kept paused by {@code manualResume}: it keeps its last beat
     * up to date but gets no deadline and no status change.
     */
    private BeatOutcome recordPausedBeat(String uuid, HeartbeatLog.Beat beat) {
        Map<String, AttributeValue> values = beatValues(beat);
        values.put(":false", bool(false));
        try {
            dynamo.updateItem(u -> u.tableName(table)
                    .key(key(uuid))
                    .updateExpression(pausedBeat[variant(beat)])
                    .conditionExpression("attribute_exists(#u) AND active = :false" + (rate.on() ? " AND " + rate.condition() : ""))
                    .expressionAttributeNames(Map.of("#u", "uuid"))
                    .expressionAttributeValues(values)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return new BeatOutcome.Paused();
        } catch (ConditionalCheckFailedException e) {
            if (e.item() != null && !e.item().isEmpty() && rate.exceededBy(e.item(), beat.receivedAt())) {
                return coalesce(uuid, !Attr.flag(e.item(), "active", true));
            }
            // Deleted meanwhile (or resumed, in which case the client's retry lands as a normal beat).
            return new BeatOutcome.Unknown();
        }
    }

    /**
     * A beat above the {@link BeatRate}: counted, not stored. One write, which neither moves the last beat
     * nor counts a beat, so the stream's reader writes no history entry for it; the next stored beat's
     * entry carries the count ({@code coalescedPending}).
     */
    private BeatOutcome coalesce(String uuid, boolean paused) {
        try {
            var answer = dynamo.updateItem(u -> u.tableName(table).key(key(uuid))
                    .updateExpression("ADD coalesced :one, coalescedPending :one")
                    .conditionExpression("attribute_exists(#u)")
                    .expressionAttributeNames(Map.of("#u", "uuid"))
                    .expressionAttributeValues(Map.of(":one", n(1)))
                    .returnValues(ReturnValue.UPDATED_NEW));
            return new BeatOutcome.Coalesced(paused, Attr.number(answer.attributes(), "coalescedPending", 1));
        } catch (ConditionalCheckFailedException deleted) {
            return new BeatOutcome.Unknown();
        }
    }

    /**
     * A beat's update expressions, built once per store, by what the beat carries ({@link #variant}): it
     * sets the source address and user agent it has and removes the previous beat's others; with a
     * {@link BeatRate}, it shifts the stored beats' times along and clears the coalesced count that its
     * history entry takes over.
     */
    private static final String PAUSED_BEAT_SET = "SET lastHeartbeat = :now, lastMethod = :method";

    private static String[] beatExpressions(String set, BeatRate rate) {
        String[] expressions = new String[4];
        for (int variant = 0; variant < 4; variant++) {
            boolean ip = (variant & 1) != 0;
            boolean agent = (variant & 2) != 0;
            List<String> removed = new ArrayList<>();
            if (!ip) {
                removed.add("lastSourceIp");
            }
            if (!agent) {
                removed.add("lastUserAgent");
            }
            if (rate.on()) {
                removed.add("coalescedPending");
            }
            expressions[variant] = set + (ip ? ", lastSourceIp = :ip" : "") + (agent ? ", lastUserAgent = :agent" : "")
                    + (rate.on() ? ", " + rate.shift() : "")
                    + (removed.isEmpty() ? "" : " REMOVE " + String.join(", ", removed)) + " ADD beats :one";
        }
        return expressions;
    }

    private static int variant(HeartbeatLog.Beat beat) {
        return (beat.sourceIp().isPresent() ? 1 : 0) + (beat.userAgent().isPresent() ? 2 : 0);
    }

    private Map<String, AttributeValue> beatValues(HeartbeatLog.Beat beat) {
        Map<String, AttributeValue> values = new HashMap<>();
        if (rate.on()) {
            rate.addValues(values, beat.receivedAt());
        }
        values.put(":now", millis(beat.receivedAt()));
        values.put(":method", s(beat.method()));
        values.put(":one", n(1));
        beat.sourceIp().ifPresent(ip -> values.put(":ip", s(HeartbeatLog.truncate(ip))));
        beat.userAgent().ifPresent(agent -> values.put(":agent", s(HeartbeatLog.truncate(agent))));
        return values;
    }

    /**
     * The beat that turned item image {@code before} into {@code after} (a change read from the table's
     * stream), if that change was a beat: the beat count went up. Settings changes and flips are not beats.
     * What the beat said is read from the after image ({@code lastSignal}, ...; a paused application's
     * plain success leaves those of an earlier signal, so they count only when {@code lastSignalAt} is the
     * beat's time), and the duration of the run it ended from the run state before it.
     */
    public static Optional<HeartbeatLog.Entry> beatBetween(Map<String, AttributeValue> before,
                                                           Map<String, AttributeValue> after) {
        long count = Attr.number(after, "beats", 0);
        Optional<Instant> heartbeat = Attr.instant(after, "lastHeartbeat");
        Optional<Instant> signalled = Attr.instant(after, "lastSignalAt");
        if (count <= Attr.number(before, "beats", 0) || heartbeat.isEmpty() && signalled.isEmpty()) {
            return Optional.empty();
        }
        boolean signal = signalled.isPresent() && (heartbeat.isEmpty() || !signalled.get().isBefore(heartbeat.get()));
        Instant at = signal ? signalled.get() : heartbeat.get();
        BeatDetail detail = signal ? signalOf(after) : BeatDetail.NONE;
        if (detail.kind().endsRun()) {
            detail = detail.withDuration(Runs.duration(runOf(before), detail.rid(), at));
        }
        HeartbeatLog.Beat beat = new HeartbeatLog.Beat(at,
                Optional.ofNullable(Attr.string(after, "lastMethod")).orElse("POST"),
                Optional.ofNullable(Attr.string(after, "lastSourceIp")),
                Optional.ofNullable(Attr.string(after, "lastUserAgent")),
                detail, Attr.number(before, "coalescedPending", 0));
        return Optional.of(new HeartbeatLog.Entry(Attr.string(after, "id"), count, beat));
    }

    /** Whether the beat an item image shows last carried a body or metadata (its history entry is written by the ingest). */
    public static boolean lastBeatHasPayload(Map<String, AttributeValue> after) {
        return Attr.flag(after, "lastPayload", false);
    }

    /** The signal, exit code and run id of the last beat an item image shows (its body and metadata are not on the item). */
    private static BeatDetail signalOf(Map<String, AttributeValue> item) {
        SignalKind kind = Optional.ofNullable(Attr.string(item, "lastSignal"))
                .flatMap(wire -> WireName.parse(SignalKind.class, wire)).orElse(SignalKind.SUCCESS);
        return new BeatDetail(kind,
                item.containsKey("lastExitCode") ? Optional.of((int) Attr.number(item, "lastExitCode", 0)) : Optional.empty(),
                Optional.ofNullable(Attr.string(item, "lastRid")), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Map.of());
    }

    /**
     * Applications whose deadline is at or before {@code now}, read from the sparse deadline index: up to
     * {@code limitPerShard} of each shard, in pages of at most {@code pageSize}.
     */
    public DueBatch overdue(Instant now, int limitPerShard) {
        return readShards(DUE_INDEX, "dueShard = :shard AND dueAt <= :now", Map.of(":now", millis(now)), Optional.empty(),
                limitPerShard);
    }

    /**
     * Applications whose last announcement was "down" but whose status is {@code up} again: a beat ended
     * the outage and its recovery is not announced yet. Reads the sparse down index, which holds only the
     * applications announced down, at most {@code limitPerShard} of each shard.
     */
    public DueBatch recoveredUnannounced(int limitPerShard) {
        return readShards(DOWN_INDEX, "downShard = :shard", Map.of(":up", s(Status.UP.wire())),
                Optional.of("#status = :up"), limitPerShard);
    }

    private DueBatch readShards(String index, String keyCondition, Map<String, AttributeValue> values,
                                Optional<String> filter, int limitPerShard) {
        List<Application> found = new ArrayList<>();
        int scanned = 0;
        for (int shard = 0; shard < dueShards; shard++) {
            Map<String, AttributeValue> shardValues = new HashMap<>(values);
            shardValues.put(":shard", s("d" + shard));
            Map<String, AttributeValue> start = null;
            int read = 0;
            do {
                Map<String, AttributeValue> after = start;
                int page = Math.min(PAGE, limitPerShard - read);
                QueryResponse response = dynamo.query(q -> {
                    q.tableName(table).indexName(index).keyConditionExpression(keyCondition)
                            .expressionAttributeValues(shardValues).limit(page);
                    filter.ifPresent(f -> q.filterExpression(f).expressionAttributeNames(Map.of("#status", "status")));
                    if (after != null) {
                        q.exclusiveStartKey(after);
                    }
                });
                scanned += response.scannedCount();
                read += response.scannedCount();
                response.items().forEach(item -> found.add(fromItem(item)));
                start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                        ? response.lastEvaluatedKey() : null;
            } while (start != null && read < limitPerShard);
        }
        return new DueBatch(found, scanned);
    }

    /** The largest page one index query reads. */
    private static final int PAGE = 500;

    /** The applications read from the deadline index, and how many index items that read touched. */
    public record DueBatch(List<Application> applications, int scannedCount) {
    }

    /**
     * The write that flips an overdue application to {@code down} as {@code event} says, for the alert
     * ledger's transaction. It holds only if nothing changed since {@code app} was read, so racing
     * detectors produce one flip and one event.
     */
    public TransactWriteItem markDown(Application app, AlertEvent event) {
        return markDown(app, event, app.run().failStreak() + 1);
    }

    /**
     * The same flip, recording {@code failStreak} misses in a row and, when the event's alert is
     * suppressed, why (removed otherwise): the recovery that ends this outage is suppressed with it.
     */
    public TransactWriteItem markDown(Application app, AlertEvent event, long failStreak) {
        return markDown(app, event, failStreak, false);
    }

    /**
     * The same flip; when {@code timedOut}, the runs in progress that passed their maximum runtime by the
     * flip's time ({@link Runs#timedOut}) are closed with it: their ends may never come, and a run left open
     * would time the application out again on every later run.
     */
    public TransactWriteItem markDown(Application app, AlertEvent event, long failStreak, boolean timedOut) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":down", s(Status.DOWN.wire()), ":flip", n(event.flip()),
                ":now", millis(event.time()), ":due", millis(app.dueAt().orElseThrow()),
                ":seen", s(app.status().wire()), ":flips", n(app.flips()), ":true", bool(true),
                ":downShard", s(dueShard(app.uuid())), ":streak", n(failStreak), ":zero", n(0)));
        event.suppressed().ifPresent(reason -> values.put(":suppressed", s(reason)));
        String suppressed = event.suppressed().isPresent() ? ", suppressed = :suppressed" : "";
        Map<String, String> names = new HashMap<>(Map.of("#status", "status"));
        StringBuilder closed = new StringBuilder();
        StringBuilder unchanged = new StringBuilder();
        if (timedOut) {
            Runs.Expired expired = Runs.timedOut(app, event.time());
            if (expired.started()) {
                closed.append(", startedAt, startedRid");
                values.put(":startedAt", millis(app.run().startedAt().orElseThrow()));
                unchanged.append(" AND startedAt = :startedAt");
            }
            for (int i = 0; i < expired.rids().size(); i++) {
                names.put("#runs", "runs");
                names.put("#r" + i, expired.rids().get(i));
                closed.append(", #runs.#r").append(i);
            }
        }
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(key(app.uuid()))
                .updateExpression("SET #status = :down, announced = :down, flips = :flip, downSince = :now, "
                        + "downShard = :downShard, failStreak = :streak, successStreak = :zero" + suppressed
                        + " REMOVE dueShard, dueAt" + (suppressed.isEmpty() ? ", suppressed" : "") + closed)
                .conditionExpression("dueAt = :due AND #status = :seen AND flips = :flips AND active = :true" + unchanged)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build()).build();
    }

    /**
     * The write that flips an application to {@code down} because of the beat it received at {@code at}
     * (a failure that reached the failure threshold, or a run that was too fast), for the alert ledger's
     * transaction. Its condition is that beat itself: it is still the last success or failure
     * ({@code lastHeartbeat}), the failures in a row still reach the threshold (a failure) or a success
     * still counts (too fast), no resume restarted the watch after it ({@code watchedSince}), and no flip
     * or pause came since. A start or a log that followed does not
     * cancel it; a later success, failure, resume or flip does, so the stream consumer and a racing
     * detector produce one flip and one event. When the event's alert is suppressed (its parent is
     * down), the outage records why, as a miss's flip does.
     */
    public TransactWriteItem markFailed(Application app, Instant at, boolean failure, AlertEvent event) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":down", s(Status.DOWN.wire()), ":flip", n(event.flip()),
                ":now", millis(event.time()), ":at", millis(at), ":seen", s(app.status().wire()),
                ":flips", n(app.flips()), ":true", bool(true), ":downShard", s(dueShard(app.uuid())), ":zero", n(0)));
        String streak;
        if (failure) {
            values.put(":threshold", n(app.rules().failureThreshold()));
            streak = "failStreak >= :threshold";
        } else {
            values.put(":one", n(1));
            streak = "successStreak >= :one";
        }
        event.suppressed().ifPresent(reason -> values.put(":suppressed", s(reason)));
        String suppressed = event.suppressed().isPresent() ? ", suppressed = :suppressed" : "";
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(key(app.uuid()))
                .updateExpression("SET #status = :down, announced = :down, flips = :flip, downSince = :now, "
                        + "downShard = :downShard, successStreak = :zero" + suppressed
                        + " REMOVE dueShard, dueAt" + (suppressed.isEmpty() ? ", suppressed" : ""))
                .conditionExpression("lastHeartbeat = :at AND watchedSince <= :at AND " + streak
                        + " AND #status = :seen AND flips = :flips AND active = :true")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(values)
                .build()).build();
    }

    /**
     * Moves the stored deadline earlier, to {@code due} (a run in progress times out before the schedule's
     * deadline), unless the item changed since {@code app} was read; false if it did.
     */
    public boolean advanceDeadline(Application app, Instant due) {
        try {
            dynamo.updateItem(u -> u.tableName(table).key(key(app.uuid()))
                    .updateExpression("SET dueAt = :new, dueShard = :shard")
                    .conditionExpression("dueAt = :due AND flips = :flips AND active = :true")
                    .expressionAttributeValues(Map.of(":new", millis(due), ":due", millis(app.dueAt().orElseThrow()),
                            ":shard", s(dueShard(app.uuid())), ":flips", n(app.flips()), ":true", bool(true))));
            return true;
        } catch (ConditionalCheckFailedException changedMeanwhile) {
            return false;
        }
    }

    /**
     * The write that marks a recovery announced: a beat already set the status {@code up}; this holds
     * once, whether the ingest or a later detector pass records the {@code up} event first.
     */
    public TransactWriteItem markRecoveryAnnounced(Application downApp, AlertEvent event) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(key(downApp.uuid()))
                .updateExpression("SET announced = :up, flips = :flip REMOVE downSince, downShard, suppressed")
                .conditionExpression("announced = :down AND #status = :up AND flips = :flips")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":up", s(Status.UP.wire()), ":down", s(Status.DOWN.wire()),
                        ":flip", n(event.flip()), ":flips", n(downApp.flips())))
                .build()).build();
    }

    /**
     * Marks an overdue application's miss {@code unknown} ({@code reason}) at {@code now} instead of flipping
     * it down: records {@code unknownSince} and {@code unknownReason} and restarts the watch
     * ({@code restarted}, from {@link Application#withWatchRestarted}: its {@code watchedSince} and new
     * deadline). Holds only if nothing changed since {@code app} was read (a beat, a flip, another pass);
     * false if something did. No status change and no event: nobody is paged.
     */
    public boolean markUnknown(Application app, Application restarted, UnknownReason reason, Instant now) {
        try {
            dynamo.updateItem(u -> u.tableName(table).key(key(app.uuid()))
                    .updateExpression("SET unknownSince = :now, unknownReason = :reason, watchedSince = :since, "
                            + "dueAt = :new, dueShard = :shard")
                    .conditionExpression("dueAt = :due AND #status = :seen AND flips = :flips AND active = :true")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":now", millis(now), ":reason", s(reason.wire()),
                            ":since", millis(restarted.watchedSince()), ":new", millis(restarted.dueAt().orElseThrow()),
                            ":shard", s(dueShard(app.uuid())), ":due", millis(app.dueAt().orElseThrow()),
                            ":seen", s(app.status().wire()), ":flips", n(app.flips()), ":true", bool(true))));
            return true;
        } catch (ConditionalCheckFailedException changedMeanwhile) {
            return false;
        }
    }

    /**
     * How many applications the deadline index holds (the active ones not down): the fleet a pass's misses
     * are measured against. DynamoDB refreshes this count about every six hours, which is close enough
     * for a fraction of the fleet.
     */
    public long watchedCount() {
        var described = dynamo.describeTable(d -> d.tableName(table)).table();
        return described.globalSecondaryIndexes().stream().filter(index -> DUE_INDEX.equals(index.indexName()))
                .findFirst().map(index -> index.itemCount() == null ? 0L : index.itemCount())
                .orElseGet(() -> described.itemCount() == null ? 0L : described.itemCount());
    }

    /** Moves a deadline that the index holds too early (settings changed) to the computed one. */
    public void postpone(Application app, Instant newDue) {
        try {
            dynamo.updateItem(u -> u.tableName(table).key(key(app.uuid()))
                    .updateExpression("SET dueAt = :new")
                    .conditionExpression("dueAt = :due")
                    .expressionAttributeValues(Map.of(":new", millis(newDue), ":due", millis(app.dueAt().orElseThrow()))));
        } catch (ConditionalCheckFailedException changedMeanwhile) {
            // A beat or another detector already moved it.
        }
    }

    /**
     * Records a miss below the failure threshold ({@link Misses.Verdict.Counted}): the streak, the watch
     * going on from the missed expected time, the next deadline; no flip. Holds only if the item still
     * has the deadline it was read with (a beat or another detector did not move it). False otherwise.
     */
    public boolean countMiss(Application app, Misses.Verdict.Counted miss) {
        return restartWatch(app, miss.missedAt(), miss.deadline(), Optional.of(miss.failStreak()));
    }

    /**
     * An overdue application inside a maintenance window ({@link Misses.Verdict.InMaintenance}): its watch
     * restarts at the window's end, its deadline the next expected time after that plus grace. False if a
     * beat or another detector moved its deadline first.
     */
    public boolean restartAfterMaintenance(Application app, Misses.Verdict.InMaintenance window) {
        return restartWatch(app, window.end(), window.deadline(), Optional.empty());
    }

    private boolean restartWatch(Application app, Instant since, Instant newDue, Optional<Long> failStreak) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":since", millis(since), ":new", millis(newDue),
                ":due", millis(app.dueAt().orElseThrow()), ":true", bool(true)));
        String set = "SET watchedSince = :since, dueAt = :new";
        if (failStreak.isPresent()) {
            values.put(":streak", n(failStreak.get()));
            values.put(":zero", n(0));
            set += ", failStreak = :streak, successStreak = :zero";
        }
        String update = set;
        try {
            dynamo.updateItem(u -> u.tableName(table).key(key(app.uuid()))
                    .updateExpression(update)
                    .conditionExpression("dueAt = :due AND active = :true")
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException changedMeanwhile) {
            return false;
        }
    }

    /**
     * Acknowledges the current outage: its reminders stop until the application recovers and fails
     * again. False if the application is not down (or flipped meanwhile).
     */
    public boolean acknowledge(Application app) {
        try {
            dynamo.updateItem(u -> u.tableName(table).key(key(app.uuid()))
                    .updateExpression("SET acknowledgedFlip = :flips")
                    .conditionExpression("#status = :down AND flips = :flips")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":flips", n(app.flips()), ":down", s(Status.DOWN.wire()))));
            return true;
        } catch (ConditionalCheckFailedException notDown) {
            return false;
        }
    }

    /** The whole item of a new application. */
    public Map<String, AttributeValue> item(Application app) {
        Map<String, AttributeValue> item = new HashMap<>(settings(app));
        item.put("uuid", s(app.uuid()));
        item.put("id", s(app.id()));
        item.put("status", s(app.status().wire()));
        item.put("announced", s(app.announced().wire()));
        app.lastHeartbeat().ifPresent(beat -> item.put("lastHeartbeat", millis(beat)));
        item.put("flips", n(app.flips()));
        item.put("beats", n(0));
        item.put("createdAt", millis(app.createdAt()));
        item.put("acknowledgedFlip", n(app.acknowledgedFlip()));
        item.put(ItemVersion.ATTRIBUTE, n(app.version()));
        item.put("tenantId", s(app.tenantId()));
        return item;
    }

    /** Settings attributes that are absent (removed) when unset. */
    private static final List<String> OPTIONAL_SETTINGS = List.of("dueShard", "dueAt", "quietStart", "quietEnd", "quietZone",
            "cron", "cronZone", "minRuntimeSeconds", "maxRuntimeSeconds", "parentId", "recoveryAfter", "slug");

    /** The attributes an admin changes, and the deadline they imply: written on create and on every update. */
    private Map<String, AttributeValue> settings(Application app) {
        Map<String, AttributeValue> set = new LinkedHashMap<>();
        set.put("name", s(app.name()));
        set.put("intervalSeconds", n(app.intervalSeconds()));
        set.put("graceSeconds", n(app.graceSeconds()));
        set.put("windowMillis", n(Deadlines.windowMillis(app)));
        set.put("active", bool(app.active()));
        set.put("watchedSince", millis(app.watchedSince()));
        set.put("updatedAt", millis(app.updatedAt()));
        set.put("channels", AttributeValue.fromL(app.channels().stream().map(AttributeValue::fromS).toList()));
        set.put("severity", s(app.severity().wire()));
        app.dueAt().ifPresent(due -> {
            set.put("dueShard", s(dueShard(app.uuid())));
            set.put("dueAt", millis(due));
        });
        app.quietHours().ifPresent(q -> {
            set.put("quietStart", s(q.start().toString()));
            set.put("quietEnd", s(q.end().toString()));
            set.put("quietZone", s(q.zone().getId()));
        });
        BeatRules rules = app.rules();
        rules.cron().ifPresent(cron -> {
            set.put("cron", s(cron.expression().text()));
            set.put("cronZone", s(cron.zone().getId()));
        });
        set.put("failureThreshold", n(rules.failureThreshold()));
        set.put("recoveryThreshold", n(rules.recoveryThreshold()));
        if (rules.recoveryThreshold() > 1) {
            // Successes in a row a down application needs before the one that declares it up: a beat's condition compares it.
            set.put("recoveryAfter", n(rules.recoveryThreshold() - 1L));
        }
        rules.minRuntime().ifPresent(min -> set.put("minRuntimeSeconds", n(min.toSeconds())));
        rules.maxRuntime().ifPresent(max -> set.put("maxRuntimeSeconds", n(max.toSeconds())));
        set.put("manualResume", bool(rules.manualResume()));
        rules.parentId().ifPresent(parent -> set.put("parentId", s(parent)));
        set.put("tags", AttributeValue.fromL(rules.tags().stream().map(AttributeValue::fromS).toList()));
        set.put("maintenance", AttributeValue.fromL(rules.maintenance().stream().map(ApplicationStore::windowItem).toList()));
        rules.slug().ifPresent(slug -> set.put("slug", s(slug)));
        return set;
    }

    /** An application as an item (or a stream image of one) holds it. */
    public static Application fromItem(Map<String, AttributeValue> item) {
        Instant created = Attr.instant(item, "createdAt").orElse(Instant.EPOCH);
        return new Application(
                Attr.string(item, "id"),
                Attr.string(item, "uuid"),
                Attr.string(item, "name"),
                Attr.number(item, "intervalSeconds", 0),
                Attr.number(item, "graceSeconds", 0),
                Status.fromWire(Attr.string(item, "status")).orElse(Status.NEW),
                Status.fromWire(Attr.string(item, "announced")).orElse(Status.NEW),
                Attr.flag(item, "active", true),
                Attr.instant(item, "lastHeartbeat"),
                Attr.instant(item, "watchedSince").orElse(created),
                Attr.instant(item, "dueAt"),
                Attr.number(item, "flips", 0),
                created,
                Attr.instant(item, "updatedAt").orElse(created),
                item.containsKey("channels") && item.get("channels").hasL()
                        ? item.get("channels").l().stream().map(AttributeValue::s).toList() : List.of(),
                Severity.fromWire(Attr.string(item, "severity")).orElse(Severity.CRITICAL),
                item.containsKey("quietStart") ? Optional.of(QuietHours.parse(Attr.string(item, "quietStart"),
                        Attr.string(item, "quietEnd"), Attr.string(item, "quietZone"))) : Optional.empty(),
                Attr.number(item, "acknowledgedFlip", 0),
                ItemVersion.of(item),
                Optional.ofNullable(Attr.string(item, "tenantId")).orElse(Tenant.DEFAULT_ID),
                rulesOf(item),
                runOf(item));
    }

    /** The beat rules an item holds; an item stored before they existed has the defaults. */
    private static BeatRules rulesOf(Map<String, AttributeValue> item) {
        Optional<BeatRules.CronSchedule> cron = item.containsKey("cron")
                ? Optional.of(new BeatRules.CronSchedule(CronExpression.parse(Attr.string(item, "cron")),
                        ZoneId.of(Optional.ofNullable(Attr.string(item, "cronZone")).orElse("UTC"))))
                : Optional.empty();
        return new BeatRules(cron,
                (int) Math.max(1, Attr.number(item, "failureThreshold", 1)),
                (int) Math.max(1, Attr.number(item, "recoveryThreshold", 1)),
                item.containsKey("minRuntimeSeconds")
                        ? Optional.of(Duration.ofSeconds(Attr.number(item, "minRuntimeSeconds", 0))) : Optional.empty(),
                item.containsKey("maxRuntimeSeconds")
                        ? Optional.of(Duration.ofSeconds(Attr.number(item, "maxRuntimeSeconds", 0))) : Optional.empty(),
                Attr.flag(item, "manualResume", false),
                Optional.ofNullable(Attr.string(item, "parentId")),
                item.containsKey("tags") && item.get("tags").hasL()
                        ? item.get("tags").l().stream().map(AttributeValue::s).toList() : List.of(),
                item.containsKey("maintenance") && item.get("maintenance").hasL()
                        ? item.get("maintenance").l().stream().map(w -> windowOf(w.m())).toList() : List.of(),
                Optional.ofNullable(Attr.string(item, "slug")));
    }

    /** A maintenance window as the {@code maintenance} list holds it: a map of start/end millis, or of cron/zone/minutes. */
    private static AttributeValue windowItem(MaintenanceWindow window) {
        return AttributeValue.fromM(switch (window) {
            case MaintenanceWindow.OneOff once -> Map.of("start", millis(once.start()), "end", millis(once.end()));
            case MaintenanceWindow.Recurring every -> Map.of("cron", s(every.cron().text()), "zone", s(every.zone().getId()),
                    "durationMinutes", n(every.duration().toMinutes()));
        });
    }

    private static MaintenanceWindow windowOf(Map<String, AttributeValue> item) {
        if (item.containsKey("cron")) {
            return new MaintenanceWindow.Recurring(CronExpression.parse(Attr.string(item, "cron")),
                    ZoneId.of(Attr.string(item, "zone")), Duration.ofMinutes(Attr.number(item, "durationMinutes", 1)));
        }
        return new MaintenanceWindow.OneOff(Attr.instant(item, "start").orElseThrow(), Attr.instant(item, "end").orElseThrow());
    }

    /** The run state an item holds: the run in progress and the streaks (none for an item stored before them). */
    private static RunState runOf(Map<String, AttributeValue> item) {
        Map<String, Instant> runs = new HashMap<>();
        if (item.containsKey("runs") && item.get("runs").hasM()) {
            item.get("runs").m().forEach((rid, start) -> runs.put(rid, Instant.ofEpochMilli(Long.parseLong(start.n()))));
        }
        return new RunState(Attr.instant(item, "startedAt"), Optional.ofNullable(Attr.string(item, "startedRid")),
                Attr.number(item, "failStreak", 0), Attr.number(item, "successStreak", 0), runs,
                Optional.ofNullable(Attr.string(item, "suppressed")), unknownOf(item));
    }

    /** The unknown miss an item holds ({@code unknownSince}, {@code unknownReason}), if the detector marked one. */
    private static Optional<RunState.UnknownMiss> unknownOf(Map<String, AttributeValue> item) {
        return Attr.instant(item, "unknownSince").map(since -> new RunState.UnknownMiss(since,
                UnknownReason.fromWire(Attr.string(item, "unknownReason")).orElse(UnknownReason.INGEST_ERRORS)));
    }

    private static Map<String, AttributeValue> key(String uuid) {
        return Map.of("uuid", s(uuid));
    }
}
