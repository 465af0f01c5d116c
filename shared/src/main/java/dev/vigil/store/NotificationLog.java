package dev.vigil.store;

import static dev.vigil.store.Attr.millis;
import static dev.vigil.store.Attr.n;
import static dev.vigil.store.Attr.s;

import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.InvalidInput;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * One record per alert per channel ({@code <eventId>#<channel>}), so a notifier invoked twice for
 * the same alert sends once: it must {@link #claim} the record before sending. Records are listed
 * newest first through the {@value #RECENT_INDEX} index and expire after the retention period.
 */
public final class NotificationLog {
    public static final String RECENT_INDEX = "recent";
    public static final String SENDING = "sending";
    public static final String SENT = "sent";
    public static final String FAILED = "failed";
    public static final String SUPPRESSED = "suppressed";
    private static final String FEED = "all";
    /**
     * A claim older than this whose sender never reported back (it crashed or timed out) may be taken
     * over. Shorter than Lambda's second async retry (about 3 minutes after the first attempt), far
     * longer than a delivery may take (5 s timeouts).
     */
    static final Duration STALE_CLAIM = Duration.ofMinutes(2);
    private static final Map<String, String> KEY = Map.of("notificationId", "S", "feed", "S", "createdAt", "N");

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;

    public NotificationLog(DynamoDbClient dynamo, String table, Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.retention = retention;
    }

    /** A delivery record as the admin API shows it. */
    public record Notification(String id, String eventId, String channel, String channelType, String applicationId,
                               String applicationName, String type, String status, Optional<String> error,
                               Optional<Integer> httpStatus, long attempts, Optional<Long> latencyMs,
                               Instant createdAt, Instant updatedAt) {
    }

    /** The answer to a claim. */
    public enum Claim {
        /** This caller delivers now: first attempt, retry after a failure, or takeover of an abandoned claim. */
        TAKEN,
        /** Already sent or suppressed: nothing to do. */
        DONE,
        /** Another attempt claimed it moments ago and has not reported back: try again later. */
        IN_FLIGHT
    }

    /** Takes the right to deliver {@code event} on {@code channel}, unless it was delivered or is being delivered. */
    public Claim claim(AlertEvent event, String channel, String channelType, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":sending", s(SENDING));
        values.put(":failed", s(FAILED));
        values.put(":stale", millis(now.minus(STALE_CLAIM)));
        values.put(":now", millis(now));
        values.put(":event", s(event.eventId()));
        values.put(":channel", s(channel));
        values.put(":channelType", s(channelType));
        values.put(":app", s(event.applicationId()));
        values.put(":name", s(event.name()));
        values.put(":type", s(event.type().wire()));
        values.put(":feed", s(FEED));
        values.put(":one", n(1));
        values.put(":expires", n(now.plus(retention).getEpochSecond()));
        try {
            dynamo.updateItem(u -> u.tableName(table)
                    .key(Map.of("notificationId", s(id(event.eventId(), channel))))
                    .updateExpression("SET #status = :sending, eventId = :event, channel = :channel, channelType = :channelType, "
                            + "applicationId = :app, "
                            + "applicationName = :name, #type = :type, feed = :feed, "
                            + "createdAt = if_not_exists(createdAt, :now), updatedAt = :now, expiresAt = :expires "
                            + "REMOVE #error, httpStatus ADD attempts :one")
                    .conditionExpression("attribute_not_exists(notificationId) OR #status = :failed "
                            + "OR (#status = :sending AND updatedAt < :stale)")
                    .expressionAttributeNames(Map.of("#status", "status", "#type", "type", "#error", "error"))
                    .expressionAttributeValues(values)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return Claim.TAKEN;
        } catch (ConditionalCheckFailedException claimed) {
            boolean inFlight = claimed.item() != null && claimed.item().containsKey("status")
                    && SENDING.equals(claimed.item().get("status").s());
            return inFlight ? Claim.IN_FLIGHT : Claim.DONE;
        }
    }

    /** Records the outcome of a claimed delivery: {@value #SENT} or {@value #FAILED} with the error. */
    public void complete(String eventId, String channel, String status, Optional<String> error,
                         Optional<Integer> httpStatus, long latencyMs, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":status", s(status));
        values.put(":now", millis(now));
        values.put(":latency", n(latencyMs));
        String update = "SET #status = :status, updatedAt = :now, latencyMs = :latency";
        if (httpStatus.isPresent()) {
            values.put(":http", n(httpStatus.get()));
            update += ", httpStatus = :http";
        }
        if (error.isPresent()) {
            values.put(":error", s(error.get().length() > 1000 ? error.get().substring(0, 1000) : error.get()));
            update += ", #error = :error";
        }
        String expression = update;
        dynamo.updateItem(u -> u.tableName(table)
                .key(Map.of("notificationId", s(id(eventId, channel))))
                .updateExpression(expression)
                .expressionAttributeNames(error.isPresent() ? Map.of("#status", "status", "#error", "error")
                        : Map.of("#status", "status"))
                .expressionAttributeValues(values));
    }

    /** Newest first; optionally only those with one status, or on one channel (id or type). */
    public Page<Notification> list(int limit, Optional<String> status, Optional<String> channel, Optional<String> token) {
        QueryResponse response = dynamo.query(q -> {
            Map<String, AttributeValue> values = new HashMap<>(Map.of(":feed", s(FEED)));
            Map<String, String> names = new HashMap<>();
            List<String> filters = new java.util.ArrayList<>();
            q.tableName(table).indexName(RECENT_INDEX).keyConditionExpression("feed = :feed")
                    .scanIndexForward(false).limit(limit);
            status.ifPresent(wanted -> {
                values.put(":status", s(wanted));
                names.put("#status", "status");
                filters.add("#status = :status");
            });
            channel.ifPresent(wanted -> {
                values.put(":channel", s(wanted));
                filters.add("(channel = :channel OR channelType = :channel)");
            });
            if (!filters.isEmpty()) {
                q.filterExpression(String.join(" AND ", filters));
            }
            if (!names.isEmpty()) {
                q.expressionAttributeNames(names);
            }
            q.expressionAttributeValues(values);
            token.ifPresent(t -> {
                Map<String, AttributeValue> start = PageToken.decode(t, KEY);
                if (!FEED.equals(start.get("feed").s())) {
                    throw new InvalidInput("nextToken is not valid");
                }
                q.exclusiveStartKey(start);
            });
        });
        List<Notification> items = response.items().stream().map(NotificationLog::fromItem).toList();
        return new Page<>(items, PageToken.encode(response.lastEvaluatedKey()));
    }

    public Page<Notification> list(int limit, Optional<String> status, Optional<String> token) {
        return list(limit, status, Optional.empty(), token);
    }

    static String id(String eventId, String channel) {
        return eventId + "#" + channel;
    }

    private static Notification fromItem(Map<String, AttributeValue> item) {
        return new Notification(
                Attr.string(item, "notificationId"),
                Attr.string(item, "eventId"),
                Attr.string(item, "channel"),
                Optional.ofNullable(Attr.string(item, "channelType")).orElse(Attr.string(item, "channel")),
                Attr.string(item, "applicationId"),
                Attr.string(item, "applicationName"),
                Attr.string(item, "type"),
                Attr.string(item, "status"),
                Optional.ofNullable(Attr.string(item, "error")),
                item.containsKey("httpStatus") ? Optional.of((int) Attr.number(item, "httpStatus", 0)) : Optional.empty(),
                Attr.number(item, "attempts", 0),
                item.containsKey("latencyMs") ? Optional.of(Attr.number(item, "latencyMs", 0)) : Optional.empty(),
                Attr.instant(item, "createdAt").orElse(Instant.EPOCH),
                Attr.instant(item, "updatedAt").orElse(Instant.EPOCH));
    }
}
