package dev.vigil.bus;

import static dev.vigil.store.Attr.millis;
import static dev.vigil.store.Attr.n;
import static dev.vigil.store.Attr.s;

import dev.vigil.domain.AlertEvent;
import dev.vigil.runtime.Json;
import dev.vigil.store.Attr;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Alerts that wait for a later moment, found by the detector through the sparse {@value #DUE_INDEX}
 * index: reminders (a down alert repeated on one channel every N minutes) and alerts held during quiet
 * hours (sent together as one digest when the quiet period ends). Keys make scheduling idempotent.
 */
public final class ScheduledAlertStore {
    public static final String DUE_INDEX = "due";
    static final String SHARD = "due";

    private final DynamoDbClient dynamo;
    private final String table;

    public ScheduledAlertStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** A scheduled alert: a reminder for {@code channelId}, or one alert held for that channel's digest. */
    public record Scheduled(String id, Kind kind, String channelId, Instant dueAt, AlertEvent event, int reminder) {
        /** The digest this held alert belongs to: one per channel and quiet period. */
        public String digestKey() {
            return channelId + "#" + dueAt.toEpochMilli();
        }
    }

    public enum Kind { REMINDER, HELD }

    /** Schedules reminder number {@code reminder} of {@code downEvent} on a channel; a repeat call changes nothing. */
    public void scheduleReminder(AlertEvent downEvent, String channelId, int reminder, Instant at) {
        String id = "reminder#" + downEvent.applicationId() + "#" + downEvent.flip() + "#" + channelId + "#" + reminder;
        put(id, Kind.REMINDER, channelId, at, downEvent, reminder);
    }

    /** Holds {@code event} for the digest sent on a channel when quiet hours end at {@code until}. */
    public void hold(AlertEvent event, String channelId, Instant until) {
        put("held#" + channelId + "#" + event.eventId(), Kind.HELD, channelId, until, event, 0);
    }

    private void put(String id, Kind kind, String channelId, Instant at, AlertEvent event, int reminder) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("id", s(id));
        item.put("kind", s(kind.name()));
        item.put("channelId", s(channelId));
        item.put("dueShard", s(SHARD));
        item.put("dueAt", millis(at));
        item.put("event", s(Json.write(AlertEventCodec.toDetail(event))));
        item.put("reminder", n(reminder));
        try {
            dynamo.putItem(p -> p.tableName(table).item(item).conditionExpression("attribute_not_exists(id)"));
        } catch (ConditionalCheckFailedException alreadyScheduled) {
            // A retried delivery scheduled it already.
        }
    }

    /** Scheduled alerts due at or before {@code now}, oldest first. */
    public List<Scheduled> due(Instant now, int limit) {
        QueryResponse response = dynamo.query(q -> q.tableName(table).indexName(DUE_INDEX)
                .keyConditionExpression("dueShard = :shard AND dueAt <= :now")
                .expressionAttributeValues(Map.of(":shard", s(SHARD), ":now", millis(now)))
                .limit(limit));
        List<Scheduled> due = new ArrayList<>();
        for (Map<String, AttributeValue> item : response.items()) {
            try {
                due.add(new Scheduled(item.get("id").s(), Kind.valueOf(item.get("kind").s()), item.get("channelId").s(),
                        Attr.instant(item, "dueAt").orElseThrow(),
                        AlertEventCodec.fromDetail(Json.parse(item.get("event").s())),
                        (int) Attr.number(item, "reminder", 0)));
            } catch (Exception e) {
                throw new IllegalStateException("Scheduled alert " + item.get("id").s() + " is unreadable", e);
            }
        }
        return due;
    }

    /** The delete that takes a scheduled alert out, for the ledger's transaction; fails if another pass took it first. */
    public TransactWriteItem takeOut(Scheduled scheduled) {
        return TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(Map.of("id", s(scheduled.id())))
                .conditionExpression("attribute_exists(id)").build()).build();
    }

    /** Drops a scheduled alert that is no longer wanted (the application recovered or was acknowledged). */
    public void drop(Scheduled scheduled) {
        dynamo.deleteItem(d -> d.tableName(table).key(Map.of("id", s(scheduled.id()))));
    }
}
