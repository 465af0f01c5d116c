package dev.vigil.store;

import static dev.vigil.store.Attr.bool;
import static dev.vigil.store.Attr.millis;
import static dev.vigil.store.Attr.n;
import static dev.vigil.store.Attr.s;

import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Tenant;
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
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * One record per alert per channel ({@code <eventId>#<channel>}), so a notifier invoked twice for
 * the same alert sends once: it must {@link #claim} the record before sending. A failure records
 * whether it may be retried; only such failures are claimed again. Records are listed newest first
 * through the {@value #RECENT_INDEX} index, whose partition key ({@code feed}) is spread over
 * {@value #FEED_SHARDS} values per tenant so that an alert storm does not write one index partition,
 * and they expire after the retention period. Each record carries its alert's tenant, and each tenant
 * has feeds of its own; the default tenant's are {@code all}, {@code all1}... as they were before
 * tenants existed, so the records written then are the default tenant's.
 */
public final class NotificationLog {
    public static final String RECENT_INDEX = "recent";
    /** Every record of one alert event, whatever its channel. */
    public static final String BY_EVENT_INDEX = "byEvent";
    public static final String SENDING = "sending";
    public static final String SENT = "sent";
    public static final String FAILED = "failed";
    public static final String SUPPRESSED = "suppressed";
    /** Not sent because the application changed state again before this alert could be delivered. */
    public static final String SUPERSEDED = "superseded";
    /** Partitions of the recent feed: {@code all} (also where records written before sharding live), {@code all1}... */
    static final int FEED_SHARDS = 8;
    /**
     * A claim older than this whose sender never reported back (it crashed or timed out) may be taken
     * over. Far longer than a delivery may take (its deadline is seconds).
     */
    public static final Duration STALE_CLAIM = Duration.ofMinutes(2);
    private static final Map<String, String> TOKEN = Map.of("notificationId", "S", "createdAt", "N");

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;

    public NotificationLog(DynamoDbClient dynamo, String table, Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.retention = retention;
    }

    /**
     * A delivery record as the admin API shows it. For a check alert, {@code applicationId} and
     * {@code applicationName} are the check's, and {@code checkStatus} is the status it changed to.
     */
    public record Notification(String id, String eventId, String channel, String channelType, String applicationId,
                               String applicationName, String type, Optional<String> checkStatus, String status,
                               Optional<String> error, Optional<Integer> httpStatus, long attempts,
                               Optional<Long> latencyMs, Optional<Boolean> retryable, Optional<String> note,
                               Instant createdAt, Instant updatedAt) {
    }

    /** The answer to a claim. */
    public enum Claim {
        /** This caller delivers now: first attempt, retry after a retryable failure, or takeover of an abandoned claim. */
        TAKEN,
        /** Already sent, suppressed, superseded or failed for good: nothing to do. */
        DONE,
        /** Another attempt claimed it moments ago and has not reported back: try again later. */
        IN_FLIGHT
    }

    /**
     * A claim's answer with the record's facts: the attempt this is (counting this one when taken), when
     * the first attempt was made, and the status the record had (empty when it is new).
     */
    public record Claimed(Claim claim, long attempts, Instant firstAttempt, Optional<String> previousStatus) {
    }

    /**
     * Takes the right to deliver {@code event} on {@code channel}, unless it was delivered, failed for
     * good or is being delivered. {@code note} says how the channel was chosen when that needs saying.
     */
    public Claimed claim(AlertEvent event, String channel, String channelType, Optional<String> note, Instant now) {
        String id = id(event.eventId(), channel);
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":sending", s(SENDING));
        values.put(":failed", s(FAILED));
        values.put(":true", bool(true));
        values.put(":stale", millis(now.minus(STALE_CLAIM)));
        values.put(":now", millis(now));
        values.put(":event", s(event.eventId()));
        values.put(":channel", s(channel));
        values.put(":channelType", s(channelType));
        values.put(":app", s(event.applicationId()));
        values.put(":name", s(event.name()));
        values.put(":type", s(event.type().wire()));
        values.put(":feed", s(feed(event.tenantId(), id)));
        values.put(":tenant", s(event.tenantId()));
        values.put(":one", n(1));
        values.put(":expires", n(now.plus(retention).getEpochSecond()));
        note.ifPresent(text -> values.put(":note", s(text)));
        event.check().ifPresent(facts -> values.put(":checkStatus", s(facts.checkStatus())));
        try {
            Map<String, AttributeValue> after = dynamo.updateItem(u -> u.tableName(table)
                    .key(Map.of("notificationId", s(id)))
                    .updateExpression("SET #status = :sending, eventId = :event, channel = :channel, channelType = :channelType, "
                            + "applicationId = :app, applicationName = :name, #type = :type, feed = :feed, tenantId = :tenant, "
                            + "createdAt = if_not_exists(createdAt, :now), updatedAt = :now, expiresAt = :expires"
                            + (note.isPresent() ? ", note = :note" : "")
                            + (event.check().isPresent() ? ", checkStatus = :checkStatus" : "")
                            + " REMOVE #error, httpStatus, retryable ADD attempts :one")
                    .conditionExpression("attribute_not_exists(notificationId) OR (#status = :failed AND retryable = :true) "
                            + "OR (#status = :sending AND updatedAt < :stale)")
                    .expressionAttributeNames(Map.of("#status", "status", "#type", "type", "#error", "error"))
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).attributes();
            return new Claimed(Claim.TAKEN, Attr.number(after, "attempts", 1), Attr.instant(after, "createdAt").orElse(now),
                    Optional.empty());
        } catch (ConditionalCheckFailedException claimed) {
            Map<String, AttributeValue> item = claimed.item() == null ? Map.of() : claimed.item();
            Optional<String> status = Optional.ofNullable(Attr.string(item, "status"));
            boolean inFlight = status.filter(SENDING::equals).isPresent();
            return new Claimed(inFlight ? Claim.IN_FLIGHT : Claim.DONE, Attr.number(item, "attempts", 0),
                    Attr.instant(item, "createdAt").orElse(now), status);
        }
    }

    /**
     * Records the outcome of a claimed delivery that did not fail: {@value #SENT}, {@value #SUPPRESSED}
     * or {@value #SUPERSEDED} (with why, for the last two).
     */
    public void complete(String eventId, String channel, String status, Optional<String> reason,
                         Optional<Integer> httpStatus, long latencyMs, Instant now) {
        update(eventId, channel, status, reason, httpStatus, latencyMs, Optional.empty(), now);
    }

    /** Records a failed delivery and whether a later attempt may succeed (only then is it claimed again). */
    public void fail(String eventId, String channel, String error, Optional<Integer> httpStatus, long latencyMs,
                     boolean retryable, Instant now) {
        update(eventId, channel, FAILED, Optional.of(error), httpStatus, latencyMs, Optional.of(retryable), now);
    }

    private void update(String eventId, String channel, String status, Optional<String> error,
                        Optional<Integer> httpStatus, long latencyMs, Optional<Boolean> retryable, Instant now) {
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
        if (retryable.isPresent()) {
            values.put(":retryable", bool(retryable.get()));
            update += ", retryable = :retryable";
        }
        String expression = update;
        dynamo.updateItem(u -> u.tableName(table)
                .key(Map.of("notificationId", s(id(eventId, channel))))
                .updateExpression(expression)
                .expressionAttributeNames(error.isPresent() ? Map.of("#status", "status", "#error", "error")
                        : Map.of("#status", "status"))
                .expressionAttributeValues(values));
    }

    /** The default tenant's feed partition of a record. */
    static String feed(String notificationId) {
        return feed(Tenant.DEFAULT_ID, notificationId);
    }

    /**
     * The feed partition of a record of {@code tenantId}: fixed by its id, so every write of one record
     * goes to the same one.
     */
    static String feed(String tenantId, String notificationId) {
        return feedShard(tenantId, Math.floorMod(notificationId.hashCode(), FEED_SHARDS));
    }

    /** Partition {@code shard} of a tenant's feed: {@code all}, {@code all1}... for the default tenant, {@code <tenantId>#all<n>} for others. */
    private static String feedShard(String tenantId, int shard) {
        String all = shard == 0 ? "all" : "all" + shard;
        return Tenant.DEFAULT_ID.equals(tenantId) ? all : tenantId + "#" + all;
    }

    /**
     * {@code tenantId}'s records, newest first; optionally only those with one status, or on one channel
     * (id or type). Every feed partition of the tenant is read newest first and the answers merged; a
     * page ends where every partition has been read at least that far, so no record is skipped. The
     * token is the last record returned.
     */
    public Page<Notification> list(String tenantId, int limit, Optional<String> status, Optional<String> channel,
                                   Optional<String> token) {
        Optional<Map<String, AttributeValue>> after = token.map(t -> PageToken.decode(t, TOKEN));
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        Optional<Long> frontier = Optional.empty();
        for (int shard = 0; shard < FEED_SHARDS; shard++) {
            String feed = feedShard(tenantId, shard);
            QueryResponse response = dynamo.query(q -> {
                Map<String, AttributeValue> values = new HashMap<>(Map.of(":feed", s(feed)));
                Map<String, String> names = new HashMap<>();
                List<String> filters = new ArrayList<>();
                String range = "";
                if (after.isPresent()) {
                    values.put(":before", after.get().get("createdAt"));
                    range = " AND createdAt <= :before";
                }
                q.tableName(table).indexName(RECENT_INDEX).keyConditionExpression("feed = :feed" + range)
                        .scanIndexForward(false).limit(limit + 1);
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
            });
            found.addAll(response.items());
            if (response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()) {
                long reached = Long.parseLong(response.lastEvaluatedKey().get("createdAt").n());
                frontier = Optional.of(Math.max(frontier.orElse(Long.MIN_VALUE), reached));
            }
        }
        Comparator<Map<String, AttributeValue>> newestFirst = Comparator
                .comparingLong((Map<String, AttributeValue> item) -> Long.parseLong(item.get("createdAt").n()))
                .thenComparing(item -> item.get("notificationId").s()).reversed();
        long reachedEverywhere = frontier.orElse(Long.MIN_VALUE);
        List<Map<String, AttributeValue>> page = found.stream()
                .filter(item -> after.isEmpty() || newestFirst.compare(item, after.get()) > 0)
                .filter(item -> Long.parseLong(item.get("createdAt").n()) > reachedEverywhere)
                .sorted(newestFirst).limit(limit).toList();
        boolean more = page.size() == limit || frontier.isPresent();
        Map<String, AttributeValue> last = page.isEmpty() ? null : page.get(page.size() - 1);
        Map<String, AttributeValue> next = Map.of();
        if (more && last != null) {
            next = Map.of("notificationId", last.get("notificationId"), "createdAt", last.get("createdAt"));
        } else if (more) {
            // Nothing matched above the frontier: continue from it.
            next = Map.of("notificationId", s("\uffff"), "createdAt", n(reachedEverywhere));
        }
        return new Page<>(page.stream().map(NotificationLog::fromItem).toList(), PageToken.encode(next));
    }

    /** The default tenant's records. */
    public Page<Notification> list(int limit, Optional<String> status, Optional<String> channel, Optional<String> token) {
        return list(Tenant.DEFAULT_ID, limit, status, channel, token);
    }

    /** The default tenant's records. */
    public Page<Notification> list(int limit, Optional<String> status, Optional<String> token) {
        return list(limit, status, Optional.empty(), token);
    }

    /** The delivery records of one alert event, one per channel, oldest first. */
    public List<Notification> ofEvent(String eventId) {
        List<Notification> found = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> after = start;
            QueryResponse response = dynamo.query(q -> {
                q.tableName(table).indexName(BY_EVENT_INDEX).keyConditionExpression("eventId = :event")
                        .expressionAttributeValues(Map.of(":event", s(eventId)));
                if (after != null) {
                    q.exclusiveStartKey(after);
                }
            });
            response.items().forEach(item -> found.add(fromItem(item)));
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (start != null);
        found.sort(Comparator.comparing(Notification::createdAt).thenComparing(Notification::id));
        return found;
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
                Optional.ofNullable(Attr.string(item, "checkStatus")),
                Attr.string(item, "status"),
                Optional.ofNullable(Attr.string(item, "error")),
                item.containsKey("httpStatus") ? Optional.of((int) Attr.number(item, "httpStatus", 0)) : Optional.empty(),
                Attr.number(item, "attempts", 0),
                item.containsKey("latencyMs") ? Optional.of(Attr.number(item, "latencyMs", 0)) : Optional.empty(),
                item.containsKey("retryable") ? Optional.of(Attr.flag(item, "retryable", false)) : Optional.empty(),
                Optional.ofNullable(Attr.string(item, "note")),
                Attr.instant(item, "createdAt").orElse(Instant.EPOCH),
                Attr.instant(item, "updatedAt").orElse(Instant.EPOCH));
    }
}
