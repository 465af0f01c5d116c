package dev.vigil.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.bus.AlertEventCodec;
import dev.vigil.bus.EventBridgePublisher;
import dev.vigil.bus.EventPublisher;
import dev.vigil.detector.FollowUps;
import dev.vigil.detector.MissedBeatScan;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Application;
import dev.vigil.domain.Channel;
import dev.vigil.domain.ChannelType;
import dev.vigil.domain.Severity;
import dev.vigil.fixtures.Fixture;
import dev.vigil.fixtures.InMemorySecretStore;
import dev.vigil.fixtures.StoredChannels;
import dev.vigil.ingest.BeatIngestHandler;
import dev.vigil.notify.AlertDispatcher;
import dev.vigil.notify.ChannelResolver;
import dev.vigil.notify.ChannelSender;
import dev.vigil.notify.NoisePolicy;
import dev.vigil.notify.sns.NotifySnsHandler;
import dev.vigil.notify.sns.SnsAlertTopic;
import dev.vigil.notify.webhook.NotifyWebhookHandler;
import dev.vigil.notify.webhook.WebhookSender;
import dev.vigil.runtime.AwsJsonCall;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Json;
import dev.vigil.store.NotificationLog;
import dev.vigil.testkit.AwsTestClients;
import dev.vigil.testkit.CapturingHttpServer;
import dev.vigil.testkit.DynamoLocal;
import dev.vigil.testkit.FaultInjector;
import dev.vigil.testkit.MotoServer;
import dev.vigil.wiring.Platform;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The reliability figures, each with failures injected into real parts (DynamoDB Local, moto's SNS and
 * EventBridge, a real HTTP receiver): no beat answered 200 is lost, no alert is sent twice, and no alert
 * is lost. Each test prints its counts.
 */
class ReliabilityTest {

    /** R1: 10 000 beats while 20 % of the ingest's DynamoDB calls fail. */
    @Test
    void everyBeatAnswered200IsStoredAndEveryOtherAnswerIs503WithRetryAfter() throws Exception {
        FaultInjector faults = new FaultInjector();
        // Half the faults strike before the write (nothing stored), half after it (stored, but the answer is lost).
        faults.failRandomly(ReliabilityTest::beatWrite, 0.10, FaultInjector.When.BEFORE_SENDING);
        faults.failRandomly(ReliabilityTest::beatWrite, 0.10 / 0.9, FaultInjector.When.AFTER_ANSWER);
        // Every beat stored (no beat rate): this counts stored beats against the answers.
        Fixture f = new Fixture("BeatIngestFunction", DynamoLocal.shared().client(faults, false), Map.of("BeatRateLimit", "0"));
        List<Application> apps = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            apps.add(f.register("job " + i, 3600, 60));
        }
        BeatIngestHandler ingest = new BeatIngestHandler(f.platform);
        int beats = 10_000;
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger unavailable = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < beats; i++) {
            Application app = apps.get(i % apps.size());
            sent.add(pool.submit(() -> {
                JsonNode answer = invoke(ingest, beatEvent(app.uuid()));
                int status = answer.path("statusCode").asInt();
                if (status == 200) {
                    ok.incrementAndGet();
                } else if (status == 503 && "5".equals(answer.path("headers").path("retry-after").asText())) {
                    unavailable.incrementAndGet();
                } else {
                    other.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> beat : sent) {
            beat.get();
        }
        pool.shutdown();
        long stored = 0;
        for (Application app : apps) {
            Map<String, AttributeValue> item = f.db.client().getItem(g -> g.tableName("ApplicationsTable")
                    .key(Map.of("uuid", AttributeValue.fromS(app.uuid())))).item();
            stored += Long.parseLong(item.get("beats").n());
        }
        int lostAnswers = faults.injectedAfterAnswer();
        System.out.printf("R1 no lost beats: %d beats, %d answered 200, %d answered 503 with Retry-After, %d other; "
                        + "%d faults injected (%.1f %% of %d calls); %d beats stored%n",
                beats, ok.get(), unavailable.get(), other.get(), faults.injected(), 100.0 * faults.injected() / faults.calls(),
                faults.calls(), stored);
        assertEquals(0, other.get(), "every answer is 200 or 503 with Retry-After");
        assertEquals(beats, ok.get() + unavailable.get());
        assertTrue(unavailable.get() > beats / 10, "the injection bit: " + unavailable.get());
        assertTrue(stored >= ok.get(), "every 200 has its durable write: stored " + stored + " < " + ok.get());
        assertEquals(ok.get() + lostAnswers, stored, "and nothing else is stored but the writes whose answer was lost");
    }

    private static boolean beatWrite(String operation, Object request) {
        return "UpdateItem".equals(operation) && request instanceof UpdateItemRequest u && "ApplicationsTable".equals(u.tableName());
    }

    /** R2: four detectors at once over 1 000 applications going down, each alert delivered twice. */
    @Test
    void concurrentDetectorsAndRedeliveriesMakeOneFlipAndOneDeliveryPerChannel() throws Exception {
        Fixture f = new Fixture();
        InMemorySecretStore secrets = new InMemorySecretStore();
        List<Channel> channels = List.of(slack(f, secrets, "ops"), slack(f, secrets, "oncall"));
        for (int i = 0; i < 1000; i++) {
            f.register("job " + i, 60, 0);
        }
        f.clock.advance(Duration.ofSeconds(61));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> passes = new ArrayList<>();
        for (int d = 0; d < 4; d++) {
            Callable<Integer> pass = () -> {
                start.await();
                return new MissedBeatScan(f.applications(), f.ledger(), f.clock).runPass().flippedDown();
            };
            passes.add(pool.submit(pass));
        }
        start.countDown();
        int flips = 0;
        for (Future<Integer> pass : passes) {
            flips += pass.get();
        }
        List<AlertEvent> published = List.copyOf(f.bus.published);

        Map<String, AtomicInteger> sends = new ConcurrentHashMap<>();
        ChannelSender counting = (target, event) -> {
            sends.computeIfAbsent(target.channel().id(), k -> new AtomicInteger()).incrementAndGet();
            return Optional.of(200);
        };
        AlertDispatcher dispatcher = new AlertDispatcher(ChannelType.SLACK, new ChannelResolver(f.tables().channels(), secrets),
                counting, f.tables().notifications(), new NoisePolicy(f.events(), Set.of(Severity.CRITICAL), 10,
                Duration.ofMinutes(30)), f.tables().scheduled(), f.applications(), f.clock);
        List<Future<?>> deliveries = new ArrayList<>();
        for (int copy = 0; copy < 2; copy++) {
            for (AlertEvent event : published) {
                deliveries.add(pool.submit(() -> dispatcher.dispatch(event)));
            }
        }
        for (Future<?> delivery : deliveries) {
            delivery.get();
        }
        pool.shutdown();
        int events = f.db.client().scan(s -> s.tableName("EventsTable")).count();
        System.out.printf("R2 no duplicate alerts: 4 detectors, 1000 overdue applications: %d flips, %d events recorded, "
                        + "%d published (%d distinct); each delivered twice: %s sends per channel%n", flips, events,
                published.size(), published.stream().map(AlertEvent::eventId).distinct().count(), sends);
        assertEquals(1000, flips);
        assertEquals(1000, events);
        assertEquals(1000, published.size());
        assertEquals(1000, published.stream().map(AlertEvent::eventId).distinct().count());
        for (Channel channel : channels) {
            assertEquals(1000, sends.get(channel.id()).get(), "deliveries on " + channel.name());
        }
    }

    private static Channel slack(Fixture f, InMemorySecretStore secrets, String name) {
        return StoredChannels.create(f.tables().channels(), secrets, f.clock.instant(), "{\"type\":\"slack\",\"name\":\""
                + name + "\",\"default\":true,\"settings\":{\"webhookUrl\":\"https://hooks.slack.com/services/" + name + "\"}}");
    }

    /**
     * R3: 30 % of EventBridge PutEvents entries, SNS Publish calls and webhook posts fail; the detector keeps
     * running its passes; every alert ends delivered on both channels, once.
     */
    @Test
    void everyAlertEndsDeliveredThoughTheBusTheTopicAndTheReceiverFailOften() throws Exception {
        assumeTrue(MotoServer.available(), () -> MotoServer.skipReason(getClass()));
        String endpoint = MotoServer.shared().endpoint();
        String busName = "vigil-r3-" + UUID.randomUUID().toString().substring(0, 8);
        try (EventBridgeClient events = AwsTestClients.build(EventBridgeClient.builder(), endpoint);
             CapturingHttpServer receiver = new CapturingHttpServer().failRandomly(0.3)) {
            events.createEventBus(b -> b.name(busName));
            FaultInjector snsFaults = new FaultInjector()
                    .failRandomly((operation, request) -> "Publish".equals(operation), 0.3, FaultInjector.When.BEFORE_SENDING);
            SnsClient sns = AwsTestClients.build(SnsClient.builder(), endpoint, snsFaults, false);
            String topicArn = sns.createTopic(t -> t.name("vigil-r3-alerts")).topicArn();

            List<NotifierStandIn> notifiers = new ArrayList<>();
            FlakyBus bus = new FlakyBus(new EventBridgePublisher(AwsJsonCall.fromEnv(Env.of(Map.of("AWS_REGION", "us-east-1",
                    "AWS_ENDPOINT_URL", endpoint, "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test")),
                    "EVENTBRIDGE", "events", "AWSEvents"), busName), 0.3, notifiers);
            Fixture f = new Fixture("MissedBeatDetectorFunction", DynamoLocal.shared().client(), Map.of());
            Platform detector = Platform.builder(Fixture.environment("MissedBeatDetectorFunction", Map.of()))
                    .clock(f.clock).dynamo(f.db.client()).bus(bus).build();
            InMemorySecretStore secrets = new InMemorySecretStore();
            Channel webhook = StoredChannels.create(f.tables().channels(), secrets, f.clock.instant(),
                    "{\"type\":\"webhook\",\"name\":\"receiver\",\"default\":true,\"settings\":{\"url\":\""
                            + receiver.url("/hooks/vigil") + "\",\"signingSecret\":\"r3-signing-secret-0001\"}}");
            notifiers.add(new NotifierStandIn(new NotifySnsHandler(notifierPlatform(f, "NotifySnsFunction"),
                    new SnsAlertTopic(sns, topicArn))));
            notifiers.add(new NotifierStandIn(new NotifyWebhookHandler(notifierPlatform(f, "NotifyWebhookFunction"), secrets)));

            int apps = 60;
            for (int i = 0; i < apps; i++) {
                f.register("job " + i, 60, 0);
            }
            f.clock.advance(Duration.ofSeconds(61));
            MissedBeatScan scan = new MissedBeatScan(f.applications(), detector.ledger(),
                    new FollowUps(f.tables().scheduled(), f.applications(), detector.ledger(), f.clock), f.clock);
            int passes = 0;
            while (passes < 200 && delivered(f, webhook) < 2 * apps) {
                scan.runPass();
                passes++;
                f.clock.advance(Duration.ofMinutes(2));
            }
            Set<String> downs = f.db.client().scan(s -> s.tableName("EventsTable")).items().stream()
                    .map(item -> item.get("eventId").s()).collect(Collectors.toSet());
            Map<String, Long> acceptedPerEvent = receiver.accepted().stream()
                    .collect(Collectors.groupingBy(r -> r.header(WebhookSender.EVENT_ID_HEADER), Collectors.counting()));
            System.out.printf("R3 no lost alerts: %d applications down, 30 %% failures injected: %d PutEvents entries "
                            + "refused of %d, %d SNS Publish failed of %d calls, %d webhook posts failed of %d; after %d passes "
                            + "%d of %d deliveries recorded sent, the receiver accepted %d distinct alerts%n",
                    apps, bus.refused.get(), bus.offered.get(), snsFaults.injected(), snsFaults.calls(),
                    receiver.requests().size() - receiver.accepted().size(), receiver.requests().size(), passes,
                    delivered(f, webhook), 2 * apps, acceptedPerEvent.size());
            assertEquals(apps, downs.size());
            assertTrue(bus.refused.get() > 0 && snsFaults.injected() > 0 && receiver.accepted().size() < receiver.requests().size(),
                    "failures were injected at every step");
            assertEquals(2 * apps, delivered(f, webhook), () -> "every alert delivered on the topic and the webhook; not sent: "
                    + f.db.client().scan(s -> s.tableName("NotificationsTable")).items().stream()
                            .filter(item -> !NotificationLog.SENT.equals(item.get("status").s())).toList()
                    + "; scheduled: " + f.db.client().scan(s -> s.tableName("ScheduledAlertsTable")).items()
                    + "; pending: " + f.events().pending(100).size());
            assertEquals(downs, acceptedPerEvent.keySet(), "the receiver got every alert");
            assertTrue(acceptedPerEvent.values().stream().allMatch(n -> n == 1), "and each once: " + acceptedPerEvent);
            sns.close();
        }
    }

    private static int delivered(Fixture f, Channel webhook) {
        return (int) f.db.client().scan(s -> s.tableName("NotificationsTable")).items().stream()
                .filter(item -> NotificationLog.SENT.equals(item.get("status").s()))
                .filter(item -> Set.of(Channel.BUILT_IN_SNS, webhook.id()).contains(item.get("channel").s()))
                .count();
    }

    /** A notifier's platform; the receiver is on this machine, so channels may call loopback over plain http. */
    private static Platform notifierPlatform(Fixture f, String functionId) {
        Map<String, String> env = new java.util.HashMap<>(Fixture.variables(functionId, Map.of()));
        env.put("OUTBOUND_ALLOW_PRIVATE", "true");
        return Platform.builder(Env.of(env)).clock(f.clock).dynamo(f.db.client()).build();
    }

    /** A notifier function as EventBridge invokes it: the event's JSON envelope in, an answer out. */
    private record NotifierStandIn(RequestStreamHandler handler) {
        void deliver(AlertEvent event) {
            ObjectNode envelope = Json.object().put("source", AlertEventCodec.SOURCE).put("detail-type", event.type().wire());
            envelope.set("detail", AlertEventCodec.toDetail(event));
            try {
                handler.handleRequest(new ByteArrayInputStream(Json.write(envelope).getBytes(StandardCharsets.UTF_8)),
                        new ByteArrayOutputStream(), null);
            } catch (IOException | RuntimeException e) {
                // Lambda would retry the invocation; the retry schedule in the tables must make up for it.
            }
        }
    }

    /**
     * The bus: real PutEvents calls to moto's EventBridge, with a share of the entries refused before they
     * are sent; what the bus took is handed to every notifier, as the template's rules do.
     */
    private static final class FlakyBus implements EventPublisher {
        private final EventBridgePublisher eventBridge;
        private final double failureRate;
        private final List<NotifierStandIn> notifiers;
        final AtomicInteger offered = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();

        FlakyBus(EventBridgePublisher eventBridge, double failureRate, List<NotifierStandIn> notifiers) {
            this.eventBridge = eventBridge;
            this.failureRate = failureRate;
            this.notifiers = notifiers;
        }

        @Override
        public void publish(AlertEvent event) {
            if (!publishBatch(List.of(event)).isEmpty()) {
                throw new IllegalStateException("EventBridge refused " + event.eventId() + " (injected)");
            }
        }

        @Override
        public List<AlertEvent> publishBatch(List<AlertEvent> batch) {
            offered.addAndGet(batch.size());
            List<AlertEvent> refusedHere = new CopyOnWriteArrayList<>();
            List<AlertEvent> sending = new ArrayList<>();
            for (AlertEvent event : batch) {
                if (ThreadLocalRandom.current().nextDouble() < failureRate) {
                    refusedHere.add(event);
                } else {
                    sending.add(event);
                }
            }
            List<AlertEvent> refusedThere = sending.isEmpty() ? List.of() : eventBridge.publishBatch(sending);
            refusedHere.addAll(refusedThere);
            refused.addAndGet(refusedHere.size());
            for (AlertEvent event : sending) {
                if (!refusedThere.contains(event)) {
                    notifiers.forEach(n -> n.deliver(event));
                }
            }
            return refusedHere;
        }
    }

    private static ObjectNode beatEvent(String uuid) {
        ObjectNode event = Json.object().put("version", "2.0").put("routeKey", "POST /heartbeat/{uuid}")
                .put("rawPath", "/heartbeat/" + uuid);
        event.putObject("pathParameters").put("uuid", uuid);
        event.putObject("headers").put("user-agent", "cron/1");
        ObjectNode http = event.putObject("requestContext").putObject("http");
        http.put("method", "POST").put("sourceIp", "203.0.113.9").put("path", "/heartbeat/" + uuid);
        return event;
    }

    private static JsonNode invoke(RequestStreamHandler handler, ObjectNode event)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)), out, null);
        return Json.parse(out.toString(StandardCharsets.UTF_8));
    }
}
