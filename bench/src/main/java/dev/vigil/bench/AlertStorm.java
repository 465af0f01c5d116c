package dev.vigil.bench;

import dev.vigil.bus.EventBridgePublisher;
import dev.vigil.bus.EventPublisher;
import dev.vigil.detector.FollowUps;
import dev.vigil.detector.MissedBeatScan;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Application;
import dev.vigil.domain.Deadlines;
import dev.vigil.domain.Ids;
import dev.vigil.domain.Severity;
import dev.vigil.domain.Status;
import dev.vigil.runtime.AwsJsonCall;
import dev.vigil.runtime.Env;
import dev.vigil.store.ApplicationStore;
import dev.vigil.testkit.AwsTestClients;
import dev.vigil.testkit.DynamoLocal;
import dev.vigil.testkit.MotoServer;
import dev.vigil.testkit.SamTemplate;
import dev.vigil.wiring.Platform;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * An alert storm: {@code apps} applications miss their deadline at the same moment (a shared dependency
 * failed) and one detector pass handles them — flip each down with its alert event in one transaction,
 * publish the events ten per {@code PutEvents} call — on DynamoDB Local, with EventBridge served by
 * moto_server when it is installed (otherwise a bus that accepts everything). Prints the pass time, the
 * flips, the events published, the bus calls and what is left pending.
 *   java dev.vigil.bench.AlertStorm [apps, default 10000] [concurrency, default 8]
 */
public final class AlertStorm {
    private AlertStorm() {
    }

    public static void main(String[] args) throws Exception {
        int apps = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : MissedBeatScan.DEFAULT_CONCURRENCY;
        try (DynamoLocal db = DynamoLocal.start(0, SamTemplate.load())) {
            AtomicInteger calls = new AtomicInteger();
            AtomicInteger events = new AtomicInteger();
            EventPublisher target = event -> { };
            String busName = "vigil-storm-" + UUID.randomUUID().toString().substring(0, 8);
            String where = "a bus that accepts everything (moto_server is not installed)";
            if (MotoServer.available()) {
                String endpoint = MotoServer.shared().endpoint();
                try (EventBridgeClient admin = AwsTestClients.build(EventBridgeClient.builder(), endpoint)) {
                    admin.createEventBus(b -> b.name(busName));
                }
                target = new EventBridgePublisher(AwsJsonCall.fromEnv(Env.of(Map.of("AWS_REGION", "us-east-1",
                        "AWS_ENDPOINT_URL", endpoint, "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test")),
                        "EVENTBRIDGE", "events", "AWSEvents"), busName);
                where = "EventBridge PutEvents on moto_server";
            }
            EventPublisher bus = counting(target, calls, events);
            Env env = Env.of(Map.of("APPLICATIONS_TABLE", "ApplicationsTable", "HEARTBEATS_TABLE", "HeartbeatsTable",
                    "EVENTS_TABLE", "EventsTable", "NOTIFICATIONS_TABLE", "NotificationsTable", "CHANNELS_TABLE", "ChannelsTable",
                    "SCHEDULED_ALERTS_TABLE", "ScheduledAlertsTable", "ALERTS_TABLE", "AlertsTable", "AWS_REGION", "us-east-1"));
            Platform platform = Platform.builder(env).dynamo(db.client()).bus(bus).build();
            ApplicationStore applications = platform.tables().applications();
            long seedStart = System.nanoTime();
            seed(db, applications, apps);
            System.out.printf("Seeded %d applications, all overdue, in %.1f s; bus: %s%n", apps,
                    (System.nanoTime() - seedStart) / 1e9, where);

            MissedBeatScan scan = new MissedBeatScan(applications, platform.ledger(), platform.clock());
            MissedBeatScan storm = withConcurrency(applications, platform, concurrency);
            long t0 = System.nanoTime();
            MissedBeatScan.Result result = storm.runPass(Optional.of(Duration.ofMinutes(10)));
            double seconds = (System.nanoTime() - t0) / 1e9;
            int pending = platform.tables().events().pending(apps + 1).size();
            System.out.printf("STORM apps=%d concurrency=%d pass_s=%.1f flipped=%d published=%d put_events_calls=%d "
                            + "events_per_call=%.1f pending_after=%d deferred=%d per_app_ms=%.2f%n", apps, concurrency, seconds,
                    result.flippedDown(), result.published(), calls.get(), events.get() / (double) Math.max(1, calls.get()),
                    pending, result.deferred(), seconds * 1000 / apps);
            MissedBeatScan.Result next = scan.runPass();
            System.out.printf("Next pass: %d read, %d flipped, %d published%n", next.read(), next.flippedDown(), next.published());
        }
        System.exit(0);
    }

    private static MissedBeatScan withConcurrency(ApplicationStore applications, Platform platform, int concurrency) {
        return new MissedBeatScan(applications, platform.ledger(),
                new FollowUps(platform.tables().scheduled(), applications, platform.ledger(), platform.clock()),
                platform.clock(), concurrency);
    }

    private static EventPublisher counting(EventPublisher target, AtomicInteger calls, AtomicInteger events) {
        return new EventPublisher() {
            @Override
            public void publish(AlertEvent event) {
                calls.incrementAndGet();
                events.incrementAndGet();
                target.publish(event);
            }

            @Override
            public List<AlertEvent> publishBatch(List<AlertEvent> batch) {
                calls.incrementAndGet();
                events.addAndGet(batch.size());
                return target.publishBatch(batch);
            }
        };
    }

    /** {@code count} up applications whose deadline passed a minute ago, written 25 per BatchWriteItem by 4 threads. */
    private static void seed(DynamoLocal db, ApplicationStore applications, int count) throws Exception {
        Instant now = Instant.now();
        List<List<WriteRequest>> batches = new ArrayList<>();
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String uuid = UUID.randomUUID().toString();
            Instant since = now.minus(Duration.ofDays(7));
            Application app = new Application(Ids.APPLICATION.next(), uuid, "storm-" + i, 60, 0, Status.UP, Status.UP, true,
                    Optional.of(now.minusSeconds(121)), since, Optional.empty(), 0, since, since, List.of(), Severity.CRITICAL,
                    Optional.empty(), 0);
            Map<String, AttributeValue> item = applications.item(app.withDueAt(Deadlines.deadline(app)));
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            if (batch.size() == 25) {
                batches.add(batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (List<WriteRequest> writes : batches) {
            done.add(pool.submit(() -> {
                Map<String, List<WriteRequest>> pending = Map.of("ApplicationsTable", writes);
                while (!pending.isEmpty()) {
                    Map<String, List<WriteRequest>> request = pending;
                    BatchWriteItemResponse response = db.client().batchWriteItem(b -> b.requestItems(request));
                    pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
    }
}
