package dev.vigil.bus;

import static dev.vigil.store.Attr.millis;
import static dev.vigil.store.Attr.n;
import static dev.vigil.store.Attr.s;

import dev.vigil.domain.AlertEvent;
import dev.vigil.runtime.Json;
import dev.vigil.store.Attr;
import java.time.Duration;
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
 * index: reminders (a down alert repeated on one channel every N minutes), alerts held during quiet
 * hours (sent together as one digest when the quiet period ends), deliveries to retry after a channel
 * failed, and checks whether a flapping application has settled. Keys make scheduling idempotent; every
 * item expires through the table's TTL {@link #KEPT_AFTER_DUE} after it was due, should nothing take it out.
 */
public final class ScheduledAlertStore {
    public static final String DUE_INDEX = "due";
    static final String SHARD = "due";
    /** How long an item outlives its due time if no pass took it out (the detector was off, say). */
    static final Duration KEPT_AFTER_DUE = Duration.ofDays(3);
    /** The channel of an item about the application as a whole. */
    public static final String ANY_CHANNEL = "*";

    private final DynamoDbClient dynamo;
    private final String table;

    public ScheduledAlertStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * A scheduled alert: a reminder for {@code channelId}, one alert held for that channel's digest, a
     * delivery to retry (attempt number in {@code reminder}), or a settle check ({@link #ANY_CHANNEL}).
     */
    public record Scheduled(String id, Kind kind, String channelId, Instant dueAt, AlertEvent event, int reminder) {
        /** The digest this held alert belongs to: one per channel and quiet period. */
        public String digestKey() {
            return channelId + "#" + dueAt.toEpochMilli();
        }
    }

    public enum Kind {
        /** Reminder {@code reminder} of a down alert, for one channel. */
        REMINDER,
        /** An alert held for a channel's quiet-hours digest. */
        HELD,
        /** A delivery that failed on one channel in a way that may pass: its event goes on the bus again. */
        RETRY,
        /** Whether the application of a suppressed flip settled: nothing changed since that flip. */
        SETTLE
    }

    /** Schedules reminder number {@code reminder} of {@code downEvent} on a channel; a repeat call changes nothing. */
    public void scheduleReminder(AlertEvent downEvent, String channelId, int reminder, Instant at) {
        String id = "reminder#" + downEvent.applicationId() + "#" + downEvent.flip() + "#" + channelId + "#" + reminder;
        put(id, Kind.REMINDER, channelId, at, downEvent, reminder);
    }

    /** Holds {@code event} for the digest sent on a channel when quiet hours end at {@code until}. */
    public void hold(AlertEvent event, String channelId, Instant until) {
        put("held#" + channelId + "#" + event.eventId(), Kind.HELD, channelId, until, event, 0);
    }

    /**
     * Delivers {@code event} again on {@code channelId} at {@code at}: attempt {@code attempt} follows a
     * retryable failure. A later call for the same delivery replaces the earlier one.
     */
    public void scheduleRetry(AlertEvent event, String channelId, int attempt, Instant at) {
        dynamo.putItem(p -> p.tableName(table).item(item("retry#" + event.eventId() + "#" + channelId, Kind.RETRY,
                channelId, at, event, attempt)));
    }

    /** Checks at {@code at} whether the application of the suppressed flip {@code flip} settled; once per flip. */
    public void scheduleSettle(AlertEvent flip, Instant at) {
        put("settle#" + flip.applicationId() + "#" + flip.flip(), Kind.SETTLE, ANY_CHANNEL, at, flip, 0);
    }

    private void put(String id, Kind kind, String channelId, Instant at, AlertEvent event, int reminder) {
        Map<String, AttributeValue> item = item(id, kind, channelId, at, event, reminder);
        try {
            dynamo.putItem(p -> p.tableName(table).item(item).conditionExpression("attribute_not_exists(id)"));
        } catch (ConditionalCheckFailedException alreadyScheduled) {
            // A retried delivery scheduled it already.
        }
    }

    private static Map<String, AttributeValue> item(String id, Kind kind, String channelId, Instant at, AlertEvent event,
                                                    int number) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("id", s(id));
        item.put("kind", s(kind.name()));
        item.put("channelId", s(channelId));
        item.put("dueShard", s(SHARD));
        item.put("dueAt", millis(at));
        item.put("event", s(Json.write(AlertEventCodec.toDetail(event))));
        item.put("reminder", n(number));
        item.put("expiresAt", n(at.plus(KEPT_AFTER_DUE).getEpochSecond()));
        return item;
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

    /**
     * Drops a scheduled alert that is no longer wanted (the application recovered or was acknowledged),
     * or a retry whose event went on the bus again — unless it was scheduled anew since it was read (a
     * retry that failed again replaces its item), which stays.
     */
    public void drop(Scheduled scheduled) {
        try {
            dynamo.deleteItem(d -> d.tableName(table).key(Map.of("id", s(scheduled.id())))
                    .conditionExpression("dueAt = :due AND reminder = :n")
                    .expressionAttributeValues(Map.of(":due", millis(scheduled.dueAt()), ":n", n(scheduled.reminder()))));
        } catch (ConditionalCheckFailedException rescheduledOrGone) {
            // Scheduled again meanwhile, or already taken out by another pass.
        }
    }
}
