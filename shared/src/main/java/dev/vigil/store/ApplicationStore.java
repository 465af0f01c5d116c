package dev.vigil.store;

import static dev.vigil.store.Attr.bool;
import static dev.vigil.store.Attr.millis;
import static dev.vigil.store.Attr.n;
import static dev.vigil.store.Attr.s;

import dev.vigil.app.Application;
import dev.vigil.app.Status;
import dev.vigil.events.AlertEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Applications in DynamoDB, keyed by their ping UUID so that a beat is one conditional write.
 *
 * <p>Indexes: {@value #BY_ID_INDEX} finds an application by its public id for the admin API;
 * {@value #DUE_INDEX} is sparse — only active, not-down applications carry {@code dueShard} and
 * {@code dueAt} (their deadline, epoch millis) — so the detector queries just the overdue ones. The
 * deadline index is spread over {@value #DUE_SHARDS} partition keys to keep hot beats off one partition.
 */
public final class ApplicationStore {
    public static final String BY_ID_INDEX = "byId";
    public static final String DUE_INDEX = "due";
    public static final int DUE_SHARDS = 8;
    private static final Map<String, String> KEY = Map.of("uuid", "S");

    private final DynamoDbClient dynamo;
    private final String table;
    private final EventStore events;

    public ApplicationStore(DynamoDbClient dynamo, String table, EventStore events) {
        this.dynamo = dynamo;
        this.table = table;
        this.events = events;
    }

    public static String dueShard(String uuid) {
        return "d" + Math.floorMod(uuid.hashCode(), DUE_SHARDS);
    }

    public void create(Application app) {
        dynamo.putItem(p -> p.tableName(table).item(toItem(app)).conditionExpression("attribute_not_exists(#u)")
                .expressionAttributeNames(Map.of("#u", "uuid")));
    }

    public Optional<Application> findByUuid(String uuid) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).key(Map.of("uuid", s(uuid)))
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
     * Stores new settings unless a beat or flip changed the item since {@code before} was read
     * (then the caller re-reads and tries again). Returns false on such a conflict.
     */
    public boolean updateSettings(Application before, Application after) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":name", s(after.name()));
        values.put(":interval", n(after.intervalSeconds()));
        values.put(":grace", n(after.graceSeconds()));
        values.put(":window", n(windowMillis(after)));
        values.put(":active", bool(after.active()));
        values.put(":since", millis(after.watchedSince()));
        values.put(":updated", millis(after.updatedAt()));
        values.put(":channels", channelList(after.channels()));
        values.put(":severity", s(after.severity().wire()));
        values.put(":status", s(before.status().wire()));
        values.put(":flips", n(before.flips()));
        StringBuilder update = new StringBuilder("SET #name = :name, intervalSeconds = :interval, graceSeconds = :grace, "
                + "windowMillis = :window, active = :active, watchedSince = :since, updatedAt = :updated, channels = :channels, "
                + "severity = :severity");
        List<String> removals = new ArrayList<>();
        if (after.dueAt().isPresent()) {
            update.append(", dueShard = :shard, dueAt = :due");
            values.put(":shard", s(dueShard(after.uuid())));
            values.put(":due", millis(after.dueAt().get()));
        } else {
            removals.add("dueShard");
            removals.add("dueAt");
        }
        if (after.quietHours().isPresent()) {
            update.append(", quietStart = :qs, quietEnd = :qe, quietZone = :qz");
            values.put(":qs", s(after.quietHours().get().start().toString()));
            values.put(":qe", s(after.quietHours().get().end().toString()));
            values.put(":qz", s(after.quietHours().get().zone().getId()));
        } else {
            removals.addAll(List.of("quietStart", "quietEnd", "quietZone"));
        }
        if (!removals.isEmpty()) {
            update.append(" REMOVE ").append(String.join(", ", removals));
        }
        String beatCondition = before.lastHeartbeat().map(beat -> {
            values.put(":beat", millis(beat));
            return "lastHeartbeat = :beat";
        }).orElse("attribute_not_exists(lastHeartbeat)");
        try {
            dynamo.updateItem(u -> u.tableName(table).key(Map.of("uuid", s(before.uuid())))
                    .updateExpression(update.toString())
                    .conditionExpression("attribute_exists(#u) AND #status = :status AND flips = :flips AND " + beatCondition)
                    .expressionAttributeNames(Map.of("#u", "uuid", "#name", "name", "#status", "status"))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException changedMeanwhile) {
            return false;
        }
    }

    public boolean delete(Application app) {
        try {
            dynamo.deleteItem(d -> d.tableName(table).key(Map.of("uuid", s(app.uuid())))
                    .conditionExpression("attribute_exists(#u)").expressionAttributeNames(Map.of("#u", "uuid")));
            return true;
        } catch (ConditionalCheckFailedException alreadyGone) {
            return false;
        }
    }

    /**
     * Records a beat with one conditional write and no read before it: sets the last beat, the status
     * {@code up} and the next deadline (receipt time + the stored window). The old item comes back
     * with the write, so the caller learns whether this beat ended a {@code down} state.
     */
    public BeatOutcome recordBeat(String uuid, Instant receivedAt) {
        try {
            Map<String, AttributeValue> old = dynamo.updateItem(u -> u.tableName(table)
                    .key(Map.of("uuid", s(uuid)))
                    .updateExpression("SET lastHeartbeat = :now, #status = :up, dueShard = :shard, "
                            + "dueAt = :now + windowMillis ADD beats :one")
                    .conditionExpression("attribute_exists(#u) AND active = :true")
                    .expressionAttributeNames(Map.of("#u", "uuid", "#status", "status"))
                    .expressionAttributeValues(Map.of(":now", millis(receivedAt), ":up", s(Status.UP.wire()),
                            ":shard", s(dueShard(uuid)), ":one", n(1), ":true", bool(true)))
                    .returnValues(ReturnValue.ALL_OLD)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).attributes();
            return new BeatOutcome.Accepted(fromItem(old));
        } catch (ConditionalCheckFailedException e) {
            if (e.item() == null || e.item().isEmpty()) {
                return new BeatOutcome.Unknown();
            }
            return recordPausedBeat(uuid, receivedAt);
        }
    }

    /** A paused application keeps its last beat up to date but gets no deadline and no status change. */
    private BeatOutcome recordPausedBeat(String uuid, Instant receivedAt) {
        try {
            Map<String, AttributeValue> old = dynamo.updateItem(u -> u.tableName(table)
                    .key(Map.of("uuid", s(uuid)))
                    .updateExpression("SET lastHeartbeat = :now ADD beats :one")
                    .conditionExpression("attribute_exists(#u) AND active = :false")
                    .expressionAttributeNames(Map.of("#u", "uuid"))
                    .expressionAttributeValues(Map.of(":now", millis(receivedAt), ":one", n(1), ":false", bool(false)))
                    .returnValues(ReturnValue.ALL_OLD)).attributes();
            return new BeatOutcome.Paused(fromItem(old));
        } catch (ConditionalCheckFailedException deletedOrResumed) {
            // Deleted meanwhile (or resumed, in which case the client's retry lands as a normal beat).
            return new BeatOutcome.Unknown();
        }
    }

    /** Applications whose deadline is at or before {@code now}, read from the sparse deadline index. */
    public DueBatch overdue(Instant now, int limitPerShard) {
        List<Application> due = new ArrayList<>();
        int scanned = 0;
        for (int shard = 0; shard < DUE_SHARDS; shard++) {
            String key = "d" + shard;
            QueryResponse response = dynamo.query(q -> q.tableName(table).indexName(DUE_INDEX)
                    .keyConditionExpression("dueShard = :shard AND dueAt <= :now")
                    .expressionAttributeValues(Map.of(":shard", s(key), ":now", millis(now)))
                    .limit(limitPerShard));
            scanned += response.scannedCount();
            response.items().forEach(item -> due.add(fromItem(item)));
        }
        return new DueBatch(due, scanned);
    }

    /** The applications read from the deadline index, and how many index items that read touched. */
    public record DueBatch(List<Application> applications, int scannedCount) {
    }

    /**
     * Flips an overdue application to {@code down} and records its alert event in one transaction.
     * The flip happens only if nothing changed since {@code app} was read, so racing detectors produce
     * one flip and one event; the loser gets an empty result.
     */
    public Optional<AlertEvent> flipDown(Application app, Instant deadline, Instant now) {
        long flip = app.flips() + 1;
        AlertEvent event = AlertEvent.down(app, flip, deadline, now);
        Update update = Update.builder().tableName(table).key(Map.of("uuid", s(app.uuid())))
                .updateExpression("SET #status = :down, announced = :down, flips = :flip, downSince = :now "
                        + "REMOVE dueShard, dueAt")
                .conditionExpression("dueAt = :due AND #status = :seen AND flips = :flips AND active = :true")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":down", s(Status.DOWN.wire()), ":flip", n(flip), ":now", millis(now),
                        ":due", millis(app.dueAt().orElseThrow()), ":seen", s(app.status().wire()),
                        ":flips", n(app.flips()), ":true", bool(true)))
                .build();
        return transact(update, event);
    }

    /**
     * Announces a recovery: a beat already set the status {@code up}; this records the {@code up} event
     * and marks it announced, once, whether the ingest or a later detector pass gets there first.
     */
    public Optional<AlertEvent> announceRecovery(Application downApp, Instant beatAt, Instant now) {
        long flip = downApp.flips() + 1;
        AlertEvent event = AlertEvent.up(downApp, flip, beatAt, now);
        Update update = Update.builder().tableName(table).key(Map.of("uuid", s(downApp.uuid())))
                .updateExpression("SET announced = :up, flips = :flip REMOVE downSince")
                .conditionExpression("announced = :down AND #status = :up AND flips = :flips")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":up", s(Status.UP.wire()), ":down", s(Status.DOWN.wire()),
                        ":flip", n(flip), ":flips", n(downApp.flips())))
                .build();
        return transact(update, event);
    }

    /** Moves a deadline that the index holds too early (settings changed) to the computed one. */
    public void postpone(Application app, Instant newDue) {
        try {
            dynamo.updateItem(u -> u.tableName(table).key(Map.of("uuid", s(app.uuid())))
                    .updateExpression("SET dueAt = :new")
                    .conditionExpression("dueAt = :due")
                    .expressionAttributeValues(Map.of(":new", millis(newDue), ":due", millis(app.dueAt().orElseThrow()))));
        } catch (ConditionalCheckFailedException changedMeanwhile) {
            // A beat or another detector already moved it.
        }
    }

    private Optional<AlertEvent> transact(Update update, AlertEvent event) {
        try {
            dynamo.transactWriteItems(t -> t.transactItems(
                    TransactWriteItem.builder().update(update).build(),
                    TransactWriteItem.builder().put(events.pendingPut(event)).build()));
            return Optional.of(event);
        } catch (TransactionCanceledException e) {
            boolean lostRace = e.cancellationReasons().stream().map(CancellationReason::code)
                    .anyMatch("ConditionalCheckFailed"::equals);
            if (lostRace) {
                return Optional.empty();
            }
            throw e;
        }
    }

    static long windowMillis(Application app) {
        return (app.intervalSeconds() + app.graceSeconds()) * 1000L;
    }

    static Map<String, AttributeValue> toItem(Application app) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("uuid", s(app.uuid()));
        item.put("id", s(app.id()));
        item.put("name", s(app.name()));
        item.put("intervalSeconds", n(app.intervalSeconds()));
        item.put("graceSeconds", n(app.graceSeconds()));
        item.put("windowMillis", n(windowMillis(app)));
        item.put("status", s(app.status().wire()));
        item.put("announced", s(app.announced().wire()));
        item.put("active", bool(app.active()));
        app.lastHeartbeat().ifPresent(beat -> item.put("lastHeartbeat", millis(beat)));
        item.put("watchedSince", millis(app.watchedSince()));
        app.dueAt().ifPresent(due -> {
            item.put("dueShard", s(dueShard(app.uuid())));
            item.put("dueAt", millis(due));
        });
        item.put("flips", n(app.flips()));
        item.put("beats", n(0));
        item.put("createdAt", millis(app.createdAt()));
        item.put("updatedAt", millis(app.updatedAt()));
        item.put("channels", channelList(app.channels()));
        item.put("severity", s(app.severity().wire()));
        app.quietHours().ifPresent(q -> {
            item.put("quietStart", s(q.start().toString()));
            item.put("quietEnd", s(q.end().toString()));
            item.put("quietZone", s(q.zone().getId()));
        });
        item.put("acknowledgedFlip", n(app.acknowledgedFlip()));
        return item;
    }

    static Application fromItem(Map<String, AttributeValue> item) {
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
                dev.vigil.app.Severity.fromWire(Attr.string(item, "severity")).orElse(dev.vigil.app.Severity.CRITICAL),
                item.containsKey("quietStart") ? Optional.of(dev.vigil.app.QuietHours.parse(Attr.string(item, "quietStart"),
                        Attr.string(item, "quietEnd"), Attr.string(item, "quietZone"))) : Optional.empty(),
                Attr.number(item, "acknowledgedFlip", 0));
    }

    /**
     * Acknowledges the current outage: its reminders stop until the application recovers and fails
     * again. False if the application is not down (or flipped meanwhile).
     */
    public boolean acknowledge(Application app) {
        try {
            dynamo.updateItem(u -> u.tableName(table).key(Map.of("uuid", s(app.uuid())))
                    .updateExpression("SET acknowledgedFlip = :flips")
                    .conditionExpression("#status = :down AND flips = :flips")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":flips", n(app.flips()), ":down", s(Status.DOWN.wire()))));
            return true;
        } catch (ConditionalCheckFailedException notDown) {
            return false;
        }
    }

    private static AttributeValue channelList(List<String> channels) {
        return AttributeValue.fromL(channels.stream().map(AttributeValue::fromS).toList());
    }
}
