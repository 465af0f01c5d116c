package dev.vigil.bench;

import dev.vigil.domain.BucketCounts;
import dev.vigil.domain.Uptime;
import dev.vigil.domain.UptimeBucket;
import dev.vigil.domain.UptimePlan;
import dev.vigil.domain.UptimeState;
import dev.vigil.store.RollupStore;
import dev.vigil.testkit.DynamoLocal;
import dev.vigil.testkit.SamTemplate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The read cost of uptime figures on DynamoDB Local (started in this JVM). Seeds one application with a
 * year of flips through {@link RollupStore} (a short outage every week, a few in the last day), then
 * copies the items its 24 h, 30 d and 1 y figures read (and its watermark) to {@code apps} more
 * applications, a tenant whose every application has a year of history. Prints, per figure: the items
 * and requests one application's read takes, the capacity DynamoDB Local reports, and the latency (p50,
 * p95 over {@code rounds} timed reads after warm-up); then the same figure for the whole tenant, its
 * applications read {@code threads} at a time. Figures only; nothing here asserts on timing.
 *
 * <pre>java -cp bench/target/classes:$(cat bench/target/classpath.txt) dev.vigil.bench.UptimeReads
 *     [apps 1000] [rounds 50] [tenant rounds 5] [threads 16]</pre>
 */
public final class UptimeReads {
    private static final Map<String, Duration> WINDOWS = new LinkedHashMap<>();

    static {
        WINDOWS.put("24h", Duration.ofHours(24));
        WINDOWS.put("30d", Duration.ofDays(30));
        WINDOWS.put("1y", Duration.ofDays(365));
    }

    private UptimeReads() {
    }

    public static void main(String[] args) throws Exception {
        int apps = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int tenantRounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        try (DynamoLocal db = DynamoLocal.start(DynamoLocal.freePort(), SamTemplate.load())) {
            DynamoDbClient dynamo = db.client();
            RollupStore store = new RollupStore(dynamo, "UptimeTable");
            Instant now = Instant.parse("2026-11-30T16:40:12.345Z");
            String first = RollupStore.application("app_bench0000000");
            long seeded = System.nanoTime();
            int transactions = seedYear(store, first, now);
            System.out.printf("SEED one application, a year of weekly outages: %d transactions in %.1f s%n", transactions,
                    (System.nanoTime() - seeded) / 1e9);

            Set<UptimeBucket> union = new LinkedHashSet<>();
            for (Duration length : WINDOWS.values()) {
                union.addAll(UptimePlan.of(now.minus(length), now, now).buckets());
            }
            seeded = System.nanoTime();
            List<String> tenant = new ArrayList<>();
            for (int a = 0; a < apps; a++) {
                tenant.add(RollupStore.application(String.format("app_bench%07d", a + 1)));
            }
            copy(dynamo, first, union, tenant);
            System.out.printf("SEED tenant: %d applications x %d bucket items + watermark in %.1f s%n", apps, union.size(),
                    (System.nanoTime() - seeded) / 1e9);

            for (Map.Entry<String, Duration> window : WINDOWS.entrySet()) {
                UptimePlan plan = UptimePlan.of(now.minus(window.getValue()), now, now);
                RollupStore.Read read = store.readUpTo(first, plan.buckets(), now);
                Uptime uptime = Uptime.of(plan, read.counts());
                double[] millis = new double[rounds];
                for (int i = 0; i < 10; i++) {
                    store.readUpTo(first, plan.buckets(), now);
                }
                for (int i = 0; i < rounds; i++) {
                    long start = System.nanoTime();
                    store.readUpTo(first, plan.buckets(), now);
                    millis[i] = (System.nanoTime() - start) / 1e6;
                }
                System.out.printf("ONE %s: %d keys, %d items read (with the watermark), %d requests, %.1f capacity units,"
                                + " p50 %.1f ms, p95 %.1f ms; uptime %.5f%n", window.getKey(), plan.buckets().size(),
                        read.itemsRead(), read.requests(), read.capacityUnits(), percentile(millis, 50), percentile(millis, 95),
                        uptime.ratio().orElse(Double.NaN));
            }

            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                for (Map.Entry<String, Duration> window : WINDOWS.entrySet()) {
                    UptimePlan plan = UptimePlan.of(now.minus(window.getValue()), now, now);
                    double[] millis = new double[tenantRounds];
                    long items = 0;
                    long requests = 0;
                    double capacity = 0;
                    for (int round = -1; round < tenantRounds; round++) {
                        long start = System.nanoTime();
                        List<Future<RollupStore.Read>> reads = new ArrayList<>();
                        for (String subject : tenant) {
                            reads.add(pool.submit(() -> store.readUpTo(subject, plan.buckets(), now)));
                        }
                        long roundItems = 0;
                        long roundRequests = 0;
                        double roundCapacity = 0;
                        for (Future<RollupStore.Read> read : reads) {
                            RollupStore.Read r = read.get();
                            List<BucketCounts> counts = r.counts();
                            Uptime.of(plan, counts);
                            roundItems += r.itemsRead();
                            roundRequests += r.requests();
                            roundCapacity += r.capacityUnits();
                        }
                        if (round >= 0) {
                            millis[round] = (System.nanoTime() - start) / 1e6;
                            items = roundItems;
                            requests = roundRequests;
                            capacity = roundCapacity;
                        }
                    }
                    System.out.printf("TENANT %s: %d applications, %d items read, %d requests, %.1f capacity units,"
                                    + " p50 %.0f ms, p95 %.0f ms (%d threads)%n", window.getKey(), tenant.size(), items, requests,
                            capacity, percentile(millis, 50), percentile(millis, 95), threads);
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    /** A year of weekly 20-minute outages, and three short ones in the last day, written as flips are. */
    static int seedYear(RollupStore store, String subject, Instant now) {
        int transactions = store.observe(subject, Optional.of(UptimeState.UP), now.minus(Duration.ofDays(400))).transactions();
        for (Instant down = now.minus(Duration.ofDays(399)); down.isBefore(now.minus(Duration.ofDays(2)));
                down = down.plus(Duration.ofDays(7))) {
            transactions += store.observe(subject, Optional.of(UptimeState.DOWN), down).transactions();
            transactions += store.observe(subject, Optional.of(UptimeState.UP), down.plus(Duration.ofMinutes(20))).transactions();
        }
        for (int hoursAgo : new int[] {20, 9, 2}) {
            Instant down = now.minus(Duration.ofHours(hoursAgo));
            transactions += store.observe(subject, Optional.of(UptimeState.DOWN), down).transactions();
            transactions += store.observe(subject, Optional.of(UptimeState.UP), down.plus(Duration.ofMinutes(3))).transactions();
        }
        return transactions;
    }

    /** Gives each of {@code subjects} copies of {@code from}'s {@code buckets} (those it has) and watermark. */
    static void copy(DynamoDbClient dynamo, String from, Set<UptimeBucket> buckets, List<String> subjects) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        List<String> keys = new ArrayList<>(buckets.stream().map(UptimeBucket::key).toList());
        keys.add("watermark");
        for (int i = 0; i < keys.size(); i += 100) {
            List<Map<String, AttributeValue>> batch = keys.subList(i, Math.min(keys.size(), i + 100)).stream()
                    .map(k -> Map.of("subject", AttributeValue.fromS(from), "bucket", AttributeValue.fromS(k))).toList();
            items.addAll(dynamo.batchGetItem(b -> b.requestItems(Map.of("UptimeTable",
                    KeysAndAttributes.builder().keys(batch).build())))
                    .responses().get("UptimeTable"));
        }
        for (String subject : subjects) {
            List<WriteRequest> writes = new ArrayList<>();
            for (Map<String, AttributeValue> item : items) {
                Map<String, AttributeValue> copy = new HashMap<>(item);
                copy.put("subject", AttributeValue.fromS(subject));
                writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(copy).build()).build());
                if (writes.size() == 25) {
                    write(dynamo, writes);
                    writes = new ArrayList<>();
                }
            }
            if (!writes.isEmpty()) {
                write(dynamo, writes);
            }
        }
    }

    private static void write(DynamoDbClient dynamo, List<WriteRequest> writes) {
        Map<String, List<WriteRequest>> pending = Map.of("UptimeTable", writes);
        while (!pending.isEmpty()) {
            Map<String, List<WriteRequest>> asked = pending;
            pending = dynamo.batchWriteItem(b -> b.requestItems(asked)).unprocessedItems();
        }
    }

    static double percentile(double[] values, int percent) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
