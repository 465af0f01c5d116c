package dev.vigil.store;

import static dev.vigil.store.Attr.millis;
import static dev.vigil.store.Attr.n;
import static dev.vigil.store.Attr.s;

import dev.vigil.domain.BeatDetail;
import dev.vigil.domain.InvalidInput;
import dev.vigil.domain.SignalKind;
import dev.vigil.domain.WireName;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The history of beats per application, newest first, kept for the retention period (table TTL). It
 * is written off the request path, in batches, from the applications table's stream: the sort key is
 * the receipt time in zero-padded epoch millis and the application's beat count after that beat, so two
 * beats in the same millisecond are both kept and a redelivered stream record writes the same item.
 */
public final class HeartbeatLog {
    private static final Map<String, String> KEY = Map.of("applicationId", "S", "beatKey", "S");
    private static final int MAX_TEXT = 256;
    /** BatchWriteItem takes at most 25 items. */
    private static final int BATCH = 25;
    private static final int MAX_BATCH_ATTEMPTS = 8;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;

    public HeartbeatLog(DynamoDbClient dynamo, String table, Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.retention = retention;
    }

    /**
     * One received beat: when, how, from where (as API Gateway saw it), what it said ({@code detail}); and
     * {@code coalesced} beats above the {@link BeatRate} that came since the stored beat before it and were
     * counted, not stored.
     */
    public record Beat(Instant receivedAt, String method, Optional<String> sourceIp, Optional<String> userAgent,
                       BeatDetail detail, long coalesced) {

        /** A plain success. */
        public Beat(Instant receivedAt, String method, Optional<String> sourceIp, Optional<String> userAgent) {
            this(receivedAt, method, sourceIp, userAgent, BeatDetail.NONE, 0);
        }

        /** A beat with what it said, after no coalesced beat. */
        public Beat(Instant receivedAt, String method, Optional<String> sourceIp, Optional<String> userAgent,
                    BeatDetail detail) {
            this(receivedAt, method, sourceIp, userAgent, detail, 0);
        }
    }

    /** The {@code sequence}-th beat of an application (its beat count after the beat). */
    public record Entry(String applicationId, long sequence, Beat beat) {
    }

    /** Writes the entries, 25 to a request; unprocessed ones are retried with backoff, else it throws. */
    public void appendAll(List<Entry> entries) {
        for (int from = 0; from < entries.size(); from += BATCH) {
            List<WriteRequest> writes = new ArrayList<>();
            for (Entry entry : entries.subList(from, Math.min(entries.size(), from + BATCH))) {
                writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item(entry)).build()).build());
            }
            Map<String, List<WriteRequest>> pending = Map.of(table, writes);
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                if (attempt > MAX_BATCH_ATTEMPTS) {
                    throw new IllegalStateException("DynamoDB left " + pending.get(table).size()
                            + " history items unprocessed after " + MAX_BATCH_ATTEMPTS + " attempts");
                }
                Map<String, List<WriteRequest>> request = pending;
                pending = dynamo.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
                if (!pending.isEmpty()) {
                    sleep(attempt);
                }
            }
        }
    }

    private Map<String, AttributeValue> item(Entry entry) {
        Beat beat = entry.beat();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("applicationId", s(entry.applicationId()));
        item.put("beatKey", s(padded(beat.receivedAt().toEpochMilli(), 13) + "#" + padded(entry.sequence(), 10)));
        item.put("receivedAt", millis(beat.receivedAt()));
        item.put("method", s(beat.method()));
        beat.sourceIp().ifPresent(ip -> item.put("sourceIp", s(truncate(ip))));
        beat.userAgent().ifPresent(agent -> item.put("userAgent", s(truncate(agent))));
        item.put("expiresAt", n(beat.receivedAt().plus(retention).getEpochSecond()));
        putDetail(item, beat.detail());
        if (beat.coalesced() > 0) {
            item.put("coalesced", n(beat.coalesced()));
        }
        return item;
    }

    /** What a beat said, on its history item: absent attributes are the defaults (a success, nothing else). */
    private static void putDetail(Map<String, AttributeValue> item, BeatDetail detail) {
        if (detail.kind() != SignalKind.SUCCESS) {
            item.put("signal", s(detail.kind().wire()));
        }
        detail.exitCode().ifPresent(code -> item.put("exitCode", n(code)));
        detail.rid().ifPresent(rid -> item.put("rid", s(rid)));
        detail.durationMs().ifPresent(ms -> item.put("durationMs", n(ms)));
        detail.body().ifPresent(body -> {
            item.put("body", s(body.text()));
            body.contentType().ifPresent(type -> item.put("contentType", s(truncate(type))));
            if (body.truncated()) {
                item.put("truncated", AttributeValue.fromBool(true));
            }
        });
        detail.message().ifPresent(message -> item.put("msg", s(message)));
        detail.reportedSeconds().ifPresent(seconds -> item.put("reportedSeconds", AttributeValue.fromN(decimal(seconds))));
        if (!detail.metrics().isEmpty()) {
            Map<String, AttributeValue> metrics = new LinkedHashMap<>();
            detail.metrics().forEach((name, value) -> metrics.put(name, AttributeValue.fromN(decimal(value))));
            item.put("metrics", AttributeValue.fromM(metrics));
        }
    }

    private static BeatDetail detailOf(Map<String, AttributeValue> item) {
        SignalKind kind = Optional.ofNullable(Attr.string(item, "signal"))
                .flatMap(wire -> WireName.parse(SignalKind.class, wire)).orElse(SignalKind.SUCCESS);
        Optional<BeatDetail.Body> body = Optional.ofNullable(Attr.string(item, "body")).map(text -> new BeatDetail.Body(text,
                Optional.ofNullable(Attr.string(item, "contentType")), Attr.flag(item, "truncated", false)));
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (item.containsKey("metrics") && item.get("metrics").hasM()) {
            new java.util.TreeMap<>(item.get("metrics").m()).forEach((name, value) -> metrics.put(name, Double.valueOf(value.n())));
        }
        return new BeatDetail(kind,
                item.containsKey("exitCode") ? Optional.of((int) Attr.number(item, "exitCode", 0)) : Optional.empty(),
                Optional.ofNullable(Attr.string(item, "rid")),
                item.containsKey("durationMs") ? Optional.of(Attr.number(item, "durationMs", 0)) : Optional.empty(),
                body,
                Optional.ofNullable(Attr.string(item, "msg")),
                item.containsKey("reportedSeconds") ? Optional.of(Double.valueOf(item.get("reportedSeconds").n()))
                        : Optional.empty(),
                metrics);
    }

    /** A number as DynamoDB stores it: integral values without a fraction. */
    private static String decimal(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    /**
     * Writes the history entry of a beat that carries a body or metadata, on the request path: a put that
     * holds only if no entry has its key yet, so a retried write changes nothing. (The stream consumer
     * leaves these beats to this write.)
     */
    public void appendWithPayload(Entry entry) {
        try {
            dynamo.putItem(p -> p.tableName(table).item(item(entry)).conditionExpression("attribute_not_exists(beatKey)"));
        } catch (ConditionalCheckFailedException alreadyWritten) {
            // The same beat's entry is there already.
        }
    }

    private static String padded(long value, int digits) {
        String text = Long.toString(value);
        return text.length() >= digits ? text : "0".repeat(digits - text.length()) + text;
    }

    private static void sleep(int attempt) {
        try {
            Thread.sleep(Math.min(1000, 25L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing beat history", e);
        }
    }

    public Page<Beat> list(String applicationId, int limit, Optional<String> token) {
        QueryResponse response = dynamo.query(q -> {
            q.tableName(table).keyConditionExpression("applicationId = :id")
                    .expressionAttributeValues(Map.of(":id", s(applicationId)))
                    .scanIndexForward(false).limit(limit);
            token.ifPresent(t -> {
                Map<String, AttributeValue> start = PageToken.decode(t, KEY);
                if (!applicationId.equals(start.get("applicationId").s())) {
                    throw new InvalidInput("nextToken is not valid");
                }
                q.exclusiveStartKey(start);
            });
        });
        List<Beat> beats = response.items().stream().map(item -> new Beat(
                Attr.instant(item, "receivedAt").orElseThrow(),
                Attr.string(item, "method"),
                Optional.ofNullable(Attr.string(item, "sourceIp")),
                Optional.ofNullable(Attr.string(item, "userAgent")),
                detailOf(item), Attr.number(item, "coalesced", 0))).toList();
        return new Page<>(beats, PageToken.encode(response.lastEvaluatedKey()));
    }

    static String truncate(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }
}
