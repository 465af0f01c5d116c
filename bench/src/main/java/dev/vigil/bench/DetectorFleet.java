package dev.vigil.bench;

import dev.vigil.detector.MissedBeatScan;
import dev.vigil.domain.Application;
import dev.vigil.domain.Deadlines;
import dev.vigil.domain.Ids;
import dev.vigil.domain.Severity;
import dev.vigil.domain.Status;
import dev.vigil.runtime.Env;
import dev.vigil.store.ApplicationStore;
import dev.vigil.testkit.CountingDynamo;
import dev.vigil.testkit.DynamoLocal;
import dev.vigil.testkit.SamTemplate;
import dev.vigil.wiring.Platform;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A fleet of applications for the detector benchmark: its own DynamoDB Local (in memory, the
 * template's tables) holding applications shaped exactly as Vigil stores them
 * ({@link ApplicationStore#item}), and Vigil's detector pass over it. Healthy applications are up and
 * due in over an hour; {@link #arm} adds applications that are already overdue, {@link #disarm}
 * removes them again after a pass has flipped them, so the fleet keeps its size from round to round.
 * The detector's DynamoDB calls are counted; its bus accepts every event and does nothing.
 */
final class DetectorFleet implements AutoCloseable {
    private static final int BATCH = 25;

    final String name;
    private final DynamoLocal db;
    private final CountingDynamo counting;
    private final ApplicationStore applications;
    private final MissedBeatScan scan;
    private final String table;
    private final AtomicInteger published = new AtomicInteger();
    private final List<String> armed = new ArrayList<>();
    private int size;

    private DetectorFleet(String name, DynamoLocal db) {
        this.name = name;
        this.db = db;
        this.counting = new CountingDynamo(db.client());
        this.table = "ApplicationsTable";
        Env env = Env.of(Map.of("APPLICATIONS_TABLE", table, "HEARTBEATS_TABLE", "HeartbeatsTable",
                "EVENTS_TABLE", "EventsTable", "NOTIFICATIONS_TABLE", "NotificationsTable", "CHANNELS_TABLE", "ChannelsTable",
                "SCHEDULED_ALERTS_TABLE", "ScheduledAlertsTable", "ALERTS_TABLE", "AlertsTable", "AWS_REGION", "us-east-1"));
        Platform platform = Platform.builder(env).dynamo(counting.client()).bus(event -> published.incrementAndGet()).build();
        this.applications = platform.tables().applications();
        // The detection pass alone, as the brief of the benchmark says: no reminders or digests.
        this.scan = new MissedBeatScan(applications, platform.ledger(), platform.clock());
    }

    static DetectorFleet start(String name, SamTemplate template) {
        return new DetectorFleet(name, DynamoLocal.start(0, template));
    }

    int size() {
        return size;
    }

    /** Adds {@code count} healthy applications with BatchWriteItem from {@code threads} threads. */
    void seedHealthy(int count, int threads) throws Exception {
        Instant now = Instant.now();
        List<Map<String, AttributeValue>> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(applications.item(application(3600, 300, now.minusSeconds(30), now.minus(Duration.ofDays(7)))));
        }
        put(items, threads);
        size += count;
    }

    /** Adds {@code count} applications whose deadline passed an hour ago. */
    void arm(int count) throws Exception {
        Instant now = Instant.now();
        List<Map<String, AttributeValue>> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Application app = application(60, 0, now.minus(Duration.ofMinutes(61)), now.minus(Duration.ofDays(7)));
            items.add(applications.item(app));
            armed.add(app.uuid());
        }
        put(items, 1);
        size += count;
    }

    /** Removes the applications {@link #arm} added. */
    void disarm() throws Exception {
        List<WriteRequest> deletes = armed.stream().map(uuid -> WriteRequest.builder().deleteRequest(
                DeleteRequest.builder().key(Map.of("uuid", AttributeValue.fromS(uuid))).build()).build()).toList();
        for (int from = 0; from < deletes.size(); from += BATCH) {
            write(db.client(), deletes.subList(from, Math.min(deletes.size(), from + BATCH)));
        }
        size -= armed.size();
        armed.clear();
    }

    /** What one timed detector step did. */
    record Step(long nanos, int read, int scanned, int flipped, Map<String, Long> calls) {
    }

    /** The deadline-index read the pass starts with, alone (read-only). */
    Step overdueQuery() {
        int before = counting.calls().size();
        long t0 = System.nanoTime();
        // 100 per shard, as MissedBeatScan reads.
        ApplicationStore.DueBatch batch = applications.overdue(Instant.now(), 100);
        long elapsed = System.nanoTime() - t0;
        return new Step(elapsed, batch.applications().size(), batch.scannedCount(), 0, callsSince(before));
    }

    /** One whole detector pass: read the overdue, flip each down with its alert event, publish. */
    Step pass() {
        int before = counting.calls().size();
        long t0 = System.nanoTime();
        MissedBeatScan.Result result = scan.runPass();
        long elapsed = System.nanoTime() - t0;
        return new Step(elapsed, result.read(), result.scanned(), result.flippedDown(), callsSince(before));
    }

    private Map<String, Long> callsSince(int before) {
        List<String> calls = counting.calls();
        Map<String, Long> byName = new TreeMap<>();
        calls.subList(before, calls.size()).forEach(call -> byName.merge(call, 1L, Long::sum));
        return byName;
    }

    /** An application that is up, last beat at {@code lastBeat}, watched since {@code since}. */
    private static Application application(long intervalSeconds, long graceSeconds, Instant lastBeat, Instant since) {
        String uuid = UUID.randomUUID().toString();
        Application app = new Application(Ids.APPLICATION.next(), uuid, "bench-" + uuid.substring(0, 8), intervalSeconds,
                graceSeconds, Status.UP, Status.UP, true, Optional.of(lastBeat), since, Optional.empty(), 0, since, since,
                List.of(), Severity.CRITICAL, Optional.empty(), 0);
        return app.withDueAt(Deadlines.deadline(app));
    }

    private void put(List<Map<String, AttributeValue>> items, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int from = 0; from < items.size(); from += BATCH) {
                List<WriteRequest> batch = items.subList(from, Math.min(items.size(), from + BATCH)).stream()
                        .map(item -> WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build())
                        .toList();
                done.add(pool.submit(() -> write(db.client(), batch)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /** One BatchWriteItem, sending again what DynamoDB left unprocessed. */
    private void write(DynamoDbClient dynamo, List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> pending = Map.of(table, batch);
        while (!pending.isEmpty()) {
            Map<String, List<WriteRequest>> request = pending;
            BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(request));
            pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
        }
    }

    /** Items actually in the table (a full scan; for checking the set-up, untimed). */
    int countItems() {
        int count = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = db.client().scan(s -> {
                s.tableName(table).select("COUNT");
                if (from != null) {
                    s.exclusiveStartKey(from);
                }
            });
            count += page.count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }

    /** Alert events the pass handed to the bus so far. */
    int published() {
        return published.get();
    }

    @Override
    public void close() {
        db.close();
    }
}
