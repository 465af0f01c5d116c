package dev.vigil.bus;

import static dev.vigil.store.Attr.millis;
import static dev.vigil.store.Attr.n;
import static dev.vigil.store.Attr.s;

import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.AlertType;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.Log;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * The alert ledger's table: every alert event, written in the same transaction as the change that
 * caused it, marked pending ({@code pendingShard} puts it in the sparse {@value #PENDING_INDEX} index)
 * until the bus accepted it. Events expire after the retention period through the table's TTL.
 */
public final class EventStore {
    private static final Log LOG = Log.of(EventStore.class);
    public static final String PENDING_INDEX = "pending";
    public static final String BY_APPLICATION_INDEX = "byApplication";
    static final String PENDING = "pending";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;

    public EventStore(DynamoDbClient dynamo, String table, Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.retention = retention;
    }

    /** The put that records an event as pending; fails its transaction if the event already exists. */
    Put pendingPut(AlertEvent event) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("eventId", s(event.eventId()));
        item.put("applicationId", s(event.applicationId()));
        item.put("type", s(event.type().wire()));
        item.put("detail", s(Json.write(AlertEventCodec.toDetail(event))));
        item.put("createdAt", millis(event.time()));
        item.put("pendingShard", s(PENDING));
        item.put("expiresAt", n(event.time().plus(retention).getEpochSecond()));
        return Put.builder().tableName(table).item(item).conditionExpression("attribute_not_exists(eventId)").build();
    }

    /** How many times an application flipped (down or up) between {@code from} and {@code to}, both included. */
    public int flipsBetween(String applicationId, Instant from, Instant to) {
        int count = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> after = start;
            QueryResponse response = dynamo.query(q -> {
                q.tableName(table).indexName(BY_APPLICATION_INDEX)
                        .keyConditionExpression("applicationId = :app AND createdAt BETWEEN :from AND :to")
                        .filterExpression("#type IN (:down, :up)")
                        .expressionAttributeNames(Map.of("#type", "type"))
                        .expressionAttributeValues(Map.of(":app", s(applicationId), ":from", millis(from), ":to", millis(to),
                                ":down", s(AlertType.APPLICATION_DOWN.wire()), ":up", s(AlertType.APPLICATION_UP.wire())))
                        .select(Select.COUNT);
                if (after != null) {
                    q.exclusiveStartKey(after);
                }
            });
            count += response.count();
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }

    /**
     * The latest event kept about {@code applicationId}, an application's or a check's id (for a check:
     * its latest status change). Read through the {@value #BY_APPLICATION_INDEX} index, so an event
     * recorded a moment ago may not be found yet; an unreadable one is logged and not found.
     */
    public Optional<AlertEvent> latestAbout(String applicationId) {
        QueryResponse latest = dynamo.query(q -> q.tableName(table).indexName(BY_APPLICATION_INDEX)
                .keyConditionExpression("applicationId = :app")
                .expressionAttributeValues(Map.of(":app", s(applicationId)))
                .scanIndexForward(false).limit(1));
        if (latest.items().isEmpty()) {
            return Optional.empty();
        }
        String eventId = latest.items().get(0).get("eventId").s();
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).key(Map.of("eventId", s(eventId)))).item();
        if (item == null || !item.containsKey("detail")) {
            return Optional.empty();
        }
        try {
            return Optional.of(AlertEventCodec.fromDetail(Json.parse(item.get("detail").s())));
        } catch (Exception e) {
            LOG.error("A stored event is unreadable and is skipped", e, "eventId", eventId);
            return Optional.empty();
        }
    }

    /**
     * Events not yet accepted by the bus, oldest first; those of one application at one instant in flip
     * order, reminders and digests after the flips.
     */
    public List<AlertEvent> pending(int limit) {
        return pending(limit, Instant.ofEpochMilli(Long.MAX_VALUE));
    }

    /** {@link #pending(int)}, only those that happened at or before {@code until}. */
    public List<AlertEvent> pending(int limit, Instant until) {
        return pendingPage(limit, until, Optional.empty()).events();
    }

    /** A page of pending events, and where the next one starts (empty: none is left). */
    public record PendingPage(List<AlertEvent> events, Optional<Map<String, AttributeValue>> next) {
    }

    /**
     * Up to {@code limit} events pending at or before {@code until}, starting after {@code start}; those of
     * one application at one instant in flip order, reminders and digests after the flips. An unreadable
     * item is skipped (and logged) so it cannot stop the events behind it.
     */
    public PendingPage pendingPage(int limit, Instant until, Optional<Map<String, AttributeValue>> start) {
        QueryResponse response = dynamo.query(q -> {
            q.tableName(table)
                    .indexName(PENDING_INDEX)
                    .keyConditionExpression("pendingShard = :p AND createdAt <= :until")
                    .expressionAttributeValues(Map.of(":p", s(PENDING), ":until", millis(until)))
                    .limit(limit);
            start.ifPresent(q::exclusiveStartKey);
        });
        List<AlertEvent> events = new ArrayList<>();
        for (Map<String, AttributeValue> item : response.items()) {
            try {
                events.add(AlertEventCodec.fromDetail(Json.parse(item.get("detail").s())));
            } catch (Exception e) {
                LOG.error("A stored event is unreadable and is skipped", e, "eventId", item.get("eventId").s());
            }
        }
        events.sort(Comparator.comparing(AlertEvent::time).thenComparing(AlertEvent::applicationId)
                .thenComparing(AlertEvent::isFlip, Comparator.reverseOrder())
                .thenComparingLong(AlertEvent::flip).thenComparingInt(AlertEvent::reminder));
        Optional<Map<String, AttributeValue>> next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? Optional.of(response.lastEvaluatedKey()) : Optional.empty();
        return new PendingPage(events, next);
    }

    /** Records that the bus accepted the event; a second call for the same event changes nothing. */
    void markPublished(String eventId, Instant at) {
        try {
            dynamo.updateItem(u -> u.tableName(table)
                    .key(Map.of("eventId", s(eventId)))
                    .updateExpression("SET publishedAt = :at REMOVE pendingShard")
                    .conditionExpression("attribute_exists(eventId)")
                    .expressionAttributeValues(Map.of(":at", millis(at))));
        } catch (ConditionalCheckFailedException expiredMeanwhile) {
            // The event expired before it was marked; nothing is left to mark.
        }
    }
}
