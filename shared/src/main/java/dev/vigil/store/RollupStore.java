package dev.vigil.store;

import static dev.vigil.store.Attr.millis;
import static dev.vigil.store.Attr.n;
import static dev.vigil.store.Attr.s;

import dev.vigil.domain.BucketCounts;
import dev.vigil.domain.MaintenanceWindow;
import dev.vigil.domain.Rollups;
import dev.vigil.domain.UptimeBucket;
import dev.vigil.domain.UptimeCounter;
import dev.vigil.domain.UptimeIncrement;
import dev.vigil.domain.UptimeState;
import dev.vigil.domain.WireName;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Uptime rollups in DynamoDB ({@code UptimeTable}), keyed by {@code subject} ({@code app#<id>},
 * {@code check#<id>}) and {@code bucket}: one item per {@link UptimeBucket} ({@link UptimeBucket#key()}),
 * its {@link UptimeCounter}s kept with atomic {@code ADD}s and its {@code expiresAt} (TTL) the bucket's
 * {@link UptimeBucket#ttlEpochSeconds()}; and one {@code watermark} item per subject holding
 * {@code rolledUpTo} (epoch ms) and the {@code state} the subject has been in since (absent: not
 * monitored). The item layout is defined here once.
 *
 * <p>Writes: {@link #observe} rolls the stored state up to {@code at} ({@link Rollups#observe}) in a
 * {@code TransactWriteItems} that moves the watermark with {@code rolledUpTo = :expected} and applies the
 * increments, one {@code Update} per bucket: the increments land only when the watermark move wins, and
 * either all of them or none, so a replayed or racing observation adds nothing and a crash loses nothing.
 * A transaction holds at most 100 items, so a long span (the stored state unchanged for weeks) is split
 * into several transactions, each moving the watermark one step forward over at most 90 bucket ends (at
 * most 93 buckets, plus the watermark); a crash between two steps leaves the watermark at the last step
 * that landed, and the next observation rolls on from there. Check results are points, not spans:
 * {@link #result} adds them with one transaction per result, outside the watermark.
 *
 * <p>Reads: {@link #read} is {@code BatchGetItem}s of the named buckets (at most 100 keys per request,
 * unprocessed keys asked again), and {@link #live} the increments of the span since the watermark, not
 * written yet, that a reader adds so figures reach up to now.
 *
 * <p>Maintenance and outages: an application's maintenance windows, passed to {@link #observe} and
 * {@link #live}, turn the up or down time inside them into maintenance time; a move into down adds one
 * {@code outages} to the buckets holding it, in the transaction that moves the watermark.
 *
 * <p>Cached SLA reports live beside the rollups under {@code sla#<tenant>} ({@link #cacheReport},
 * {@link #cachedReport}): gzip-compressed, in parts of at most {@value #REPORT_PART_BYTES} bytes, with a TTL.
 */
public final class RollupStore {
    public static final String TABLE_SETTING = "UPTIME_TABLE";
    static final String SUBJECT = "subject";
    static final String BUCKET = "bucket";
    static final String WATERMARK = "watermark";
    static final String TTL = "expiresAt";
    /** Bucket ends one transaction step covers: at most 90 buckets ending in it, 3 straddling its end. */
    static final int BUCKET_ENDS_PER_STEP = 90;
    private static final int BATCH_GET_LIMIT = 100;
    /** The subject prefix of cached SLA reports. */
    public static final String REPORT_PREFIX = "sla#";
    /** The most compressed bytes one cached report item holds: well under DynamoDB's 400 KB item limit. */
    static final int REPORT_PART_BYTES = 300_000;
    /** The most parts a cached report may have (about 4.8 MB compressed); a larger report is not cached. */
    static final int REPORT_MAX_PARTS = 16;
    private static final int ATTEMPTS = 5;

    private final DynamoDbClient dynamo;
    private final String table;

    public RollupStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The subject key of an application. */
    public static String application(String applicationId) {
        return "app#" + applicationId;
    }

    /** The subject key of a check. */
    public static String check(String checkId) {
        return "check#" + checkId;
    }

    /** A subject's watermark: its time before {@code rolledUpTo} is in the buckets; since, it is in {@code state}. */
    public record Watermark(Instant rolledUpTo, Optional<UptimeState> state) {
    }

    /** What {@link #observe} did: whether it moved the watermark, and how many transactions it took. */
    public record Observed(boolean moved, int transactions) {
    }

    /** The watermark of {@code subject}, if it was ever observed. */
    public Optional<Watermark> watermark(String subject) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).key(watermarkKey(subject))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(watermarkOf(item));
    }

    /**
     * At {@code at}, {@code subject} is in {@code next} (empty: not monitored). Its time since the
     * watermark, in the stored state, is added to its buckets and the watermark moves to {@code at}
     * with {@code next} as the state; the first observation of a subject only writes its watermark. An
     * observation before the watermark (a late event) changes nothing; one at the watermark (a replay, or
     * a second change in the same millisecond) only sets the state, so the last change at an instant wins.
     */
    public Observed observe(String subject, Optional<UptimeState> next, Instant at) {
        return observe(subject, next, at, List.of());
    }

    /**
     * As {@link #observe(String, Optional, Instant)}, for an application with maintenance {@code windows}:
     * the parts of the rolled-up span inside them are added as maintenance time
     * ({@link Rollups#observe(UptimeState, Instant, Instant, List)}). A move into down from any other
     * state (or from none) also adds one outage to the buckets holding {@code at}, in the transaction that
     * moves the watermark, so a replayed flip counts it once.
     */
    public Observed observe(String subject, Optional<UptimeState> next, Instant at, List<MaintenanceWindow> windows) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<Watermark> stored = watermark(subject);
            try {
                if (stored.isEmpty()) {
                    start(subject, next, at);
                    return new Observed(true, 1);
                }
                if (at.isBefore(stored.get().rolledUpTo())) {
                    return new Observed(false, 0);
                }
                if (at.equals(stored.get().rolledUpTo())) {
                    // Two changes at one instant: the later one decides the state; no time passed.
                    if (stored.get().state().equals(next)) {
                        return new Observed(false, 0);
                    }
                    transact(subject, at, at, next, outageIfStarted(stored.get().state(), next, at));
                    return new Observed(false, 1);
                }
                return new Observed(true, rollUp(subject, stored.get(), next, at, windows));
            } catch (ConditionalCheckFailedException lost) {
                // Another writer wrote the first watermark meanwhile: read again.
            } catch (TransactionCanceledException cancelled) {
                if (!Transactions.lostRace(cancelled)) {
                    throw cancelled;
                }
                // Another writer moved the watermark meanwhile: read again and roll on from there.
            }
        }
        throw new IllegalStateException("the watermark of " + subject + " kept moving meanwhile");
    }

    /** A check result at {@code at}: counted and its latency summed in its minute, hour and day buckets. */
    public void result(String subject, Instant at, OptionalLong latencyMs) {
        List<TransactWriteItem> writes = new ArrayList<>();
        for (BucketCounts counts : BucketCounts.of(Rollups.result(at, latencyMs))) {
            writes.add(TransactWriteItem.builder().update(add(subject, counts)).build());
        }
        dynamo.transactWriteItems(t -> t.transactItems(writes));
    }

    /**
     * The increments of {@code subject}'s span from its watermark to {@code now}, in its stored state:
     * not written yet, added by a reader so that a figure reaches up to now.
     */
    public List<BucketCounts> live(Optional<Watermark> watermark, Instant now) {
        return live(watermark, now, List.of(), Instant.EPOCH);
    }

    /**
     * As {@link #live(Optional, Instant)}, for an application with maintenance {@code windows} (the parts
     * of the live span inside them are maintenance time, as they will be when written), the span started no
     * earlier than {@code notBefore} (a reader passes the start of what it reads: earlier time is unread).
     */
    public List<BucketCounts> live(Optional<Watermark> watermark, Instant now, List<MaintenanceWindow> windows,
                                   Instant notBefore) {
        if (watermark.isEmpty() || watermark.get().state().isEmpty()) {
            return List.of();
        }
        Instant from = watermark.get().rolledUpTo().isBefore(notBefore) ? notBefore : watermark.get().rolledUpTo();
        return BucketCounts.of(Rollups.observe(watermark.get().state().get(), from, now, windows).increments());
    }

    /** What a read found, and what it cost. */
    public record Read(List<BucketCounts> counts, int itemsRead, double capacityUnits, int requests) {
    }

    /** The stored counters of {@code buckets} of {@code subject} (buckets with no item are left out). */
    public Read read(String subject, Collection<UptimeBucket> buckets) {
        Map<String, UptimeBucket> byKey = new LinkedHashMap<>();
        for (UptimeBucket bucket : buckets) {
            byKey.put(bucket.key(), bucket);
        }
        List<BucketCounts> counts = new ArrayList<>();
        List<String> keys = new ArrayList<>(byKey.keySet());
        double capacity = 0;
        int requests = 0;
        for (int from = 0; from < keys.size(); from += BATCH_GET_LIMIT) {
            List<Map<String, AttributeValue>> batch = new ArrayList<>();
            for (String key : keys.subList(from, Math.min(keys.size(), from + BATCH_GET_LIMIT))) {
                batch.add(Map.of(SUBJECT, s(subject), BUCKET, s(key)));
            }
            Map<String, KeysAndAttributes> pending = Map.of(table, KeysAndAttributes.builder().keys(batch).build());
            while (!pending.isEmpty()) {
                Map<String, KeysAndAttributes> asked = pending;
                BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(asked)
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
                requests++;
                if (response.consumedCapacity() != null) {
                    capacity += response.consumedCapacity().stream()
                            .mapToDouble(c -> c.capacityUnits() == null ? 0 : c.capacityUnits()).sum();
                }
                for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
                    UptimeBucket bucket = byKey.get(Attr.string(item, BUCKET));
                    if (bucket != null) {
                        counts.add(countsOf(bucket, item));
                    }
                }
                pending = response.unprocessedKeys() == null ? Map.of() : response.unprocessedKeys();
            }
        }
        return new Read(counts, counts.size(), capacity, requests);
    }

    /**
     * {@code buckets} of {@code subject} as of {@code now}: the stored counters and the live span since the
     * watermark (one consistent {@code GetItem} of the watermark, then the batches), so that a figure
     * reaches up to now without a write per beat.
     */
    public Read readUpTo(String subject, Collection<UptimeBucket> buckets, Instant now) {
        return readUpTo(subject, buckets, now, List.of());
    }

    /**
     * As {@link #readUpTo(String, Collection, Instant)}, for an application with maintenance
     * {@code windows}: the live span's parts inside them are maintenance time, so a figure read during or
     * after a window is right before the next change writes it.
     */
    public Read readUpTo(String subject, Collection<UptimeBucket> buckets, Instant now, List<MaintenanceWindow> windows) {
        Optional<Watermark> watermark = watermark(subject);
        Read stored = read(subject, buckets);
        List<BucketCounts> counts = new ArrayList<>(stored.counts());
        Instant firstRead = buckets.stream().map(UptimeBucket::start).min(Comparator.naturalOrder()).orElse(now);
        counts.addAll(live(watermark, now, windows, firstRead));
        return new Read(counts, stored.itemsRead() + 1, stored.capacityUnits(), stored.requests() + 1);
    }

    /** An SLA report as cached: its JSON text and when it was computed. */
    public record CachedReport(String json, Instant generatedAt) {
    }

    /**
     * The report cached for {@code tenantId}'s {@code month} ({@code 2026-11}), if one is stored whole and
     * has not expired at {@code now} (DynamoDB deletes expired items late, so the expiry is checked here).
     * One consistent {@code Query} of the report's parts.
     */
    public Optional<CachedReport> cachedReport(String tenantId, String month, Instant now) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var response = dynamo.query(q -> q.tableName(table).consistentRead(true)
                    .keyConditionExpression("#s = :s AND begins_with(#b, :month)")
                    .expressionAttributeNames(Map.of("#s", SUBJECT, "#b", BUCKET))
                    .expressionAttributeValues(Map.of(":s", s(reportSubject(tenantId)), ":month", s(month + "#")))
                    .exclusiveStartKey(from));
            items.addAll(response.items());
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null);
        if (items.isEmpty()) {
            return Optional.empty();
        }
        // The parts of one write share its generatedAt and part count; a mix (a rewrite with fewer parts
        // meanwhile) is not served.
        Map<String, AttributeValue> first = items.getFirst();
        long generatedAt = Attr.number(first, "generatedAt", -1);
        long parts = Attr.number(first, "parts", -1);
        if (Attr.number(first, TTL, 0) <= now.getEpochSecond()) {
            return Optional.empty();
        }
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        int found = 0;
        for (Map<String, AttributeValue> item : items) {
            if (Attr.number(item, "generatedAt", -2) != generatedAt || Attr.number(item, "parts", -2) != parts) {
                continue;
            }
            if (!Attr.string(item, BUCKET).equals(reportPart(month, found))) {
                return Optional.empty();
            }
            gzipped.writeBytes(item.get("body").b().asByteArray());
            found++;
        }
        if (found != parts) {
            return Optional.empty();
        }
        return Optional.of(new CachedReport(Gzip.gunzip(gzipped.toByteArray()),
                Instant.ofEpochMilli(generatedAt)));
    }

    /**
     * Caches {@code json} as {@code tenantId}'s report of {@code month} until {@code expiresAt} (its TTL),
     * gzip-compressed and, when larger than {@value #REPORT_PART_BYTES} bytes, split into parts (items of
     * {@code sla#<tenant>}, keyed {@code <month>#<part>}), so that no item nears DynamoDB's 400 KB. A
     * report of more than {@value #REPORT_MAX_PARTS} parts is not cached. Returns the parts written.
     */
    public int cacheReport(String tenantId, String month, String json, Instant generatedAt, Instant expiresAt) {
        byte[] gzipped = Gzip.gzip(json);
        int parts = Math.max(1, (int) Math.ceilDiv(gzipped.length, (long) REPORT_PART_BYTES));
        if (parts > REPORT_MAX_PARTS) {
            return 0;
        }
        // Written last part first, so that a reader finding the first part of this write finds them all.
        for (int part = parts - 1; part >= 0; part--) {
            int from = part * REPORT_PART_BYTES;
            byte[] body = Arrays.copyOfRange(gzipped, from, Math.min(gzipped.length, from + REPORT_PART_BYTES));
            Map<String, AttributeValue> item = new HashMap<>();
            item.put(SUBJECT, s(reportSubject(tenantId)));
            item.put(BUCKET, s(reportPart(month, part)));
            item.put("body", AttributeValue.fromB(SdkBytes.fromByteArray(body)));
            item.put("parts", n(parts));
            item.put("generatedAt", n(generatedAt.toEpochMilli()));
            item.put(TTL, n(expiresAt.getEpochSecond()));
            dynamo.putItem(p -> p.tableName(table).item(item));
        }
        return parts;
    }

    /** The subject key of a tenant's cached SLA reports: outside the {@code app#} and {@code check#} keys. */
    public static String reportSubject(String tenantId) {
        return REPORT_PREFIX + tenantId;
    }

    private static String reportPart(String month, int part) {
        return month + "#" + String.format(Locale.ROOT, "%03d", part);
    }

    private void start(String subject, Optional<UptimeState> next, Instant at) {
        Map<String, AttributeValue> item = new HashMap<>(watermarkKey(subject));
        item.put("rolledUpTo", millis(at));
        next.ifPresent(state -> item.put("state", s(state.wire())));
        List<BucketCounts> outage = outageIfStarted(Optional.empty(), next, at);
        if (outage.isEmpty()) {
            dynamo.putItem(p -> p.tableName(table).item(item).conditionExpression("attribute_not_exists(#s)")
                    .expressionAttributeNames(Map.of("#s", SUBJECT)));
            return;
        }
        // Monitored from the start and down already: that is an outage, counted with the first watermark.
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(#s)").expressionAttributeNames(Map.of("#s", SUBJECT))
                .build()).build());
        for (BucketCounts bucket : outage) {
            writes.add(TransactWriteItem.builder().update(add(subject, bucket)).build());
        }
        dynamo.transactWriteItems(t -> t.transactItems(writes));
    }

    private static List<BucketCounts> outageIfStarted(Optional<UptimeState> was, Optional<UptimeState> next, Instant at) {
        return Rollups.startsOutage(was, next) ? BucketCounts.of(Rollups.outage(at)) : List.of();
    }

    /** Rolls the stored span up to {@code at}, in as many transactions as its buckets need; returns how many. */
    private int rollUp(String subject, Watermark stored, Optional<UptimeState> next, Instant at,
                       List<MaintenanceWindow> windows) {
        boolean outage = Rollups.startsOutage(stored.state(), next);
        if (stored.state().isEmpty()) {
            transact(subject, stored.rolledUpTo(), at, next, outageIfStarted(stored.state(), next, at));
            return 1;
        }
        UptimeState state = stored.state().get();
        List<Instant> cuts = cuts(Rollups.observe(state, stored.rolledUpTo(), at, windows).increments(), at);
        Instant from = stored.rolledUpTo();
        int transactions = 0;
        for (Instant cut : cuts) {
            List<UptimeIncrement> increments = new ArrayList<>(Rollups.observe(state, from, cut, windows).increments()
                    .stream().filter(increment -> increment.bucket().keptAt(at)).toList());
            boolean last = cut.equals(at);
            if (last && outage) {
                // The outage's buckets hold at: at most one more item per resolution than the step's own.
                increments.addAll(Rollups.outage(at));
            }
            transact(subject, from, cut, last ? next : stored.state(), BucketCounts.of(increments));
            transactions++;
            from = cut;
        }
        return transactions;
    }

    /**
     * Where to cut the span ending at {@code at} so that no step touches more than
     * {@link #BUCKET_ENDS_PER_STEP} buckets ending in it (plus at most one straddling its end per
     * resolution): the end of every 90th bucket in order of end, then {@code at}.
     */
    static List<Instant> cuts(List<UptimeIncrement> increments, Instant at) {
        List<Instant> ends = increments.stream().map(i -> i.bucket().end()).filter(end -> end.isBefore(at))
                .distinct().sorted(Comparator.naturalOrder()).toList();
        List<Instant> cuts = new ArrayList<>();
        for (int i = BUCKET_ENDS_PER_STEP - 1; i < ends.size(); i += BUCKET_ENDS_PER_STEP) {
            cuts.add(ends.get(i));
        }
        cuts.add(at);
        return cuts;
    }

    private void transact(String subject, Instant expected, Instant to, Optional<UptimeState> state,
                          List<BucketCounts> counts) {
        List<TransactWriteItem> writes = new ArrayList<>();
        Map<String, String> names = new HashMap<>(Map.of("#r", "rolledUpTo", "#st", "state"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":expected", millis(expected), ":to", millis(to)));
        String expression = "SET #r = :to";
        if (state.isPresent()) {
            expression += ", #st = :state";
            values.put(":state", s(state.get().wire()));
        } else {
            expression += " REMOVE #st";
        }
        String update = expression;
        writes.add(TransactWriteItem.builder().update(Update.builder().tableName(table).key(watermarkKey(subject))
                .updateExpression(update).conditionExpression("#r = :expected")
                .expressionAttributeNames(names).expressionAttributeValues(values).build()).build());
        for (BucketCounts bucket : counts) {
            writes.add(TransactWriteItem.builder().update(add(subject, bucket)).build());
        }
        dynamo.transactWriteItems(t -> t.transactItems(writes));
    }

    private Update add(String subject, BucketCounts counts) {
        Map<String, String> names = new HashMap<>(Map.of("#ttl", TTL));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":ttl", n(counts.bucket().ttlEpochSeconds())));
        List<String> adds = new ArrayList<>();
        for (UptimeCounter counter : UptimeCounter.values()) {
            long amount = counts.get(counter);
            if (amount > 0) {
                names.put("#" + counter.name(), counter.attribute());
                values.put(":" + counter.name(), n(amount));
                adds.add("#" + counter.name() + " :" + counter.name());
            }
        }
        String expression = "SET #ttl = :ttl" + (adds.isEmpty() ? "" : " ADD " + String.join(", ", adds));
        return Update.builder().tableName(table).key(Map.of(SUBJECT, s(subject), BUCKET, s(counts.bucket().key())))
                .updateExpression(expression).expressionAttributeNames(names).expressionAttributeValues(values).build();
    }

    private static BucketCounts countsOf(UptimeBucket bucket, Map<String, AttributeValue> item) {
        Map<UptimeCounter, Long> counters = new EnumMap<>(UptimeCounter.class);
        for (UptimeCounter counter : UptimeCounter.values()) {
            long value = Attr.number(item, counter.attribute(), 0);
            if (value != 0) {
                counters.put(counter, value);
            }
        }
        return new BucketCounts(bucket, counters);
    }

    private static Watermark watermarkOf(Map<String, AttributeValue> item) {
        return new Watermark(Attr.instant(item, "rolledUpTo").orElse(Instant.EPOCH),
                Optional.ofNullable(Attr.string(item, "state")).flatMap(wire -> WireName.parse(UptimeState.class, wire)));
    }

    private static Map<String, AttributeValue> watermarkKey(String subject) {
        return Map.of(SUBJECT, s(subject), BUCKET, s(WATERMARK));
    }
}
