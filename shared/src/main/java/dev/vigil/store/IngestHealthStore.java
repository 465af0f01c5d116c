package dev.vigil.store;

import static dev.vigil.store.Attr.millis;
import static dev.vigil.store.Attr.n;
import static dev.vigil.store.Attr.s;

import dev.vigil.domain.UnknownReason;
import dev.vigil.runtime.Env;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Vigil's own ingest health, in the table {@code INGEST_HEALTH_TABLE} names (key {@code record}, sort key
 * {@code at}, epoch millis). Two kinds of item, built and read only here:
 * <ul>
 *   <li>{@code errors} buckets, one per minute ({@code at} its first millisecond): {@code failures}, the beats
 *       the ingest could not store in that minute, counted with an atomic ADD; deleted by time to live
 *       ({@code expiresAt}) after {@link #KEPT};</li>
 *   <li>the detector's {@code state} item ({@code at} 0): the baseline of newly overdue applications per
 *       pass, the open episode ({@code degradedSince}, {@code degradedReason}) and the clean passes since
 *       its last sign of trouble.</li>
 * </ul>
 */
public final class IngestHealthStore {
    public static final String TABLE_SETTING = "INGEST_HEALTH_TABLE";
    /** The width of an error bucket. */
    public static final Duration BUCKET = Duration.ofMinutes(1);
    /** How long error buckets are kept: misses whose window began earlier are judged without them. */
    public static final Duration KEPT = Duration.ofDays(3);
    private static final String ERRORS = "errors";
    private static final String STATE = "state";

    private final DynamoDbClient dynamo;
    private final String table;

    public IngestHealthStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public static IngestHealthStore fromEnv(Env env, DynamoDbClient dynamo) {
        return new IngestHealthStore(dynamo, env.require(TABLE_SETTING));
    }

    /** The minute an error at {@code at} is counted in. */
    public static Instant bucketOf(Instant at) {
        return Instant.ofEpochMilli(at.toEpochMilli() - Math.floorMod(at.toEpochMilli(), BUCKET.toMillis()));
    }

    /** One minute's count of beats that could not be stored. */
    public record ErrorBucket(Instant minute, long failures) {
        public Instant end() {
            return minute.plus(BUCKET);
        }
    }

    /** Counts one beat that could not be stored at {@code at} in its minute's bucket (one UpdateItem). */
    public void recordFailure(Instant at) {
        Instant minute = bucketOf(at);
        dynamo.updateItem(u -> u.tableName(table).key(key(ERRORS, minute.toEpochMilli()))
                .updateExpression("SET expiresAt = :expires ADD failures :one")
                .expressionAttributeValues(Map.of(":one", n(1),
                        ":expires", n(minute.plus(KEPT).getEpochSecond()))));
    }

    /** The buckets with failures that overlap {@code [from, to]}, oldest first (at most {@link #KEPT} back). */
    public List<ErrorBucket> errors(Instant from, Instant to) {
        long first = bucketOf(from).toEpochMilli();
        List<ErrorBucket> buckets = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> after = start;
            QueryResponse page = dynamo.query(q -> {
                q.tableName(table).keyConditionExpression("#r = :errors AND #at BETWEEN :from AND :to")
                        .expressionAttributeNames(Map.of("#r", "record", "#at", "at"))
                        .expressionAttributeValues(Map.of(":errors", s(ERRORS), ":from", n(first),
                                ":to", millis(to)));
                if (after != null) {
                    q.exclusiveStartKey(after);
                }
            });
            page.items().forEach(item -> buckets.add(new ErrorBucket(Attr.instant(item, "at").orElseThrow(),
                    Attr.number(item, "failures", 0))));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        buckets.removeIf(bucket -> bucket.failures() <= 0);
        return buckets;
    }

    /**
     * The detector's view of ingest health: {@code baseline}, the usual number of applications newly overdue
     * in a pass; the open episode, if ingest is degraded ({@code degradedSince}, {@code reason}); the clean
     * passes in a row since the episode's last sign of trouble; the last pass's time.
     */
    public record State(double baseline, Optional<Instant> degradedSince, Optional<UnknownReason> reason, int cleanPasses,
                        Optional<Instant> lastPass) {
        public static final State FRESH = new State(0, Optional.empty(), Optional.empty(), 0, Optional.empty());

        public boolean degraded() {
            return degradedSince.isPresent();
        }
    }

    /** The state, read consistently ({@link State#FRESH} before the first pass). */
    public State state() {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).key(key(STATE, 0)).consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) {
            return State.FRESH;
        }
        AttributeValue baseline = item.get("baseline");
        return new State(baseline == null || baseline.n() == null ? 0 : Double.parseDouble(baseline.n()),
                Attr.instant(item, "degradedSince"),
                Optional.ofNullable(Attr.string(item, "degradedReason")).flatMap(UnknownReason::fromWire),
                (int) Attr.number(item, "cleanPasses", 0), Attr.instant(item, "lastPass"));
    }

    /** Records a pass: the new baseline and count of clean passes (last writer wins; the episode is left alone). */
    public void recordPass(double baseline, int cleanPasses, Instant at) {
        dynamo.updateItem(u -> u.tableName(table).key(key(STATE, 0))
                .updateExpression("SET baseline = :baseline, cleanPasses = :clean, lastPass = :at")
                .expressionAttributeValues(Map.of(":baseline", AttributeValue.fromN(Double.toString(baseline)),
                        ":clean", n(cleanPasses), ":at", millis(at))));
    }

    /**
     * The write that opens an episode at {@code since} for {@code reason}, for the alert ledger's transaction:
     * it holds only while no episode is open, so racing passes open one and raise one system alert.
     */
    public TransactWriteItem openEpisode(Instant since, UnknownReason reason) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(key(STATE, 0))
                .updateExpression("SET degradedSince = :since, degradedReason = :reason, cleanPasses = :zero")
                .conditionExpression("attribute_not_exists(degradedSince)")
                .expressionAttributeValues(Map.of(":since", millis(since), ":reason", s(reason.wire()), ":zero", n(0)))
                .build()).build();
    }

    /** The write that ends the episode begun at {@code since}, for the alert ledger's transaction; holds once. */
    public TransactWriteItem closeEpisode(Instant since, Instant at) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(key(STATE, 0))
                .updateExpression("SET lastEpisodeEnded = :at, cleanPasses = :zero REMOVE degradedSince, degradedReason")
                .conditionExpression("degradedSince = :since")
                .expressionAttributeValues(Map.of(":since", millis(since), ":at", millis(at), ":zero", n(0)))
                .build()).build();
    }

    private static Map<String, AttributeValue> key(String record, long at) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put("record", s(record));
        key.put("at", n(at));
        return key;
    }
}
