package dev.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.checks.Check;
import dev.vigil.checks.CheckStatus;
import dev.vigil.checks.CheckTypes;
import dev.vigil.checks.Conditions;
import dev.vigil.checks.Settings;
import dev.vigil.checks.SweepExecution;
import dev.vigil.checks.SweepTrigger;
import dev.vigil.checks.Tier;
import dev.vigil.checks.store.CheckStore;
import dev.vigil.checks.store.CheckTables;
import dev.vigil.checks.store.SweepLog;
import dev.vigil.domain.ActiveHours;
import dev.vigil.domain.Ids;
import dev.vigil.domain.Tenant;
import dev.vigil.fixtures.Fixture;
import dev.vigil.fixtures.InMemoryCheckSecrets;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Json;
import dev.vigil.store.TenantStore;
import dev.vigil.sweep.SweepMessage;
import dev.vigil.sweep.SweepQueue;
import dev.vigil.sweep.TenantSweepHandler;
import dev.vigil.wiring.Platform;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Phaser;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A fleet sweep: {@code tenants} tenants (default 1 000), each with {@code checks} HTTP checks (default
 * 10) of a target that answers in 200 ms ({@link SlowTarget}), all due at once. One scheduled invocation
 * of the tenant-sweep function's handler sweeps {@code SWEEP_INLINE_TENANTS} of them and queues the rest,
 * ten tenants per message; the queue here hands them, five messages per invocation as the template's
 * event source does, to the same handler, with at most {@code invocations} invocations at once (default
 * 4: on Lambda each has a CPU share of its own, here they share the machine). DynamoDB Local runs in another process, so the
 * figures are the sweep's own. Prints the wall time from the scheduled invocation until the last queued
 * tenant is swept, what the executions found, and the peak heap and resident memory of this process.
 *   java dev.vigil.bench.SweepFleet DYNAMODB_ENDPOINT TARGET_URL [tenants] [checks per tenant] [invocations]
 */
public final class SweepFleet {
    private static final int MESSAGES_PER_INVOCATION = 5;

    private SweepFleet() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: SweepFleet <dynamodb endpoint> <target url> [tenants] [checks per tenant] [invocations]");
            System.exit(2);
        }
        String target = args[1];
        int tenantCount = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int checksPerTenant = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int invocations = args.length > 4 ? Integer.parseInt(args[4]) : 4;

        Map<String, String> variables = new HashMap<>(Fixture.variables("TenantSweepFunction", Map.of()));
        variables.putAll(Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL_DYNAMODB", args[0], "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test", "OUTBOUND_ALLOW_PRIVATE", "true", "HEARTBEAT_ENABLED", "true"));
        Env env = Env.of(variables);
        AtomicInteger published = new AtomicInteger();
        try (DynamoDbClient dynamo = MinimalBeatHandler.client(variables)) {
            Platform platform = Platform.builder(env).dynamo(dynamo).bus(event -> published.incrementAndGet()).build();
            TenantStore tenants = new TenantStore(dynamo, env.require("TENANTS_TABLE"));
            CheckStore checks = CheckTables.from(env, dynamo).checks();
            long seedStart = System.nanoTime();
            List<String> ids = seed(tenants, checks, target, tenantCount + 1, checksPerTenant, platform.clock().instant());
            String warmUp = ids.remove(ids.size() - 1);
            System.out.printf("Seeded %d tenants (and one to warm up with) with %d HTTP checks each in %.1f s%n", tenantCount, checksPerTenant,
                    (System.nanoTime() - seedStart) / 1e9);

            FleetQueue queue = new FleetQueue(invocations);
            TenantSweepHandler handler = new TenantSweepHandler(platform, new InMemoryCheckSecrets(), queue);
            queue.handler = handler;
            // One more tenant swept by request first, untimed, so the figures are of warm code, as on a warm Lambda.
            invoke(handler, Json.object().put("tenantId", warmUp).put("trigger", "manual"));
            System.gc();
            resetPeaks();

            long cpuBefore = processCpuNanos();
            long start = System.nanoTime();
            JsonNode scheduled = invoke(handler, Json.object().put("detail-type", "Scheduled Event").put("source", "aws.events"));
            queue.awaitDrained();
            double wall = (System.nanoTime() - start) / 1e9;
            double cpu = (processCpuNanos() - cpuBefore) / 1e9;
            long heapPeak = heapPeakBytes();
            long rssPeak = residentPeakBytes();

            SweepLog log = SweepLog.fromEnv(env, dynamo);
            int swept = 0;
            int healthy = 0;
            int ran = 0;
            Map<String, Integer> reasons = new java.util.TreeMap<>();
            Samples latencies = new Samples();
            for (String id : ids) {
                Optional<SweepExecution> latest = log.latest(id).filter(e -> e.trigger() == SweepTrigger.SCHEDULE);
                if (latest.isPresent() && tenants.lastSweep(id).isPresent()) {
                    swept++;
                    ran += latest.get().checks().size();
                    healthy += latest.get().count(CheckStatus.HEALTHY);
                    latest.get().checks().forEach(c -> latencies.add(c.latencyMs() * 1_000_000L));
                    latest.get().checks().stream().filter(c -> c.status() != CheckStatus.HEALTHY)
                            .forEach(c -> reasons.merge(c.status().wire() + ": " + c.reason().replaceAll("[0-9]+", "N"), 1, Integer::sum));
                }
            }
            reasons.forEach((reason, n) -> System.out.printf("  %d x %s%n", n, reason));
            System.out.printf(java.util.Locale.ROOT, "LATENCY p50_ms=%.0f p99_ms=%.0f max_ms=%.0f%n", latencies.percentileMs(50),
                    latencies.percentileMs(99), latencies.percentileMs(100));
            System.out.printf("Scheduled invocation answered %s; %d queue invocations (at most %d at once, %d messages)%n",
                    Json.write(scheduled), queue.invoked.get(), invocations, queue.messages.get());
            System.out.printf(java.util.Locale.ROOT,
                    "SWEEP tenants=%d checks_per_tenant=%d wall_s=%.2f swept=%d check_runs=%d healthy=%d published=%d"
                            + " heap_peak_mb=%.0f rss_peak_mb=%.0f invocations=%d max_at_once=%d cpu_s=%.1f%n",
                    tenantCount, checksPerTenant, wall, swept, ran, healthy, published.get(), heapPeak / 1048576.0,
                    rssPeak / 1048576.0, queue.invoked.get(), invocations, cpu);
            queue.executor.shutdownNow();
        }
        System.exit(0);
    }

    /** Tenants created a month ago, watched around the clock and due now, each with its HTTP checks. */
    private static List<String> seed(TenantStore tenants, CheckStore checks, String target, int tenantCount, int perTenant,
                                     Instant now) throws Exception {
        Instant created = now.minus(Duration.ofDays(30));
        List<String> ids = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> writes = new ArrayList<>();
            for (int t = 0; t < tenantCount; t++) {
                Tenant tenant = new Tenant(Ids.TENANT.next(), "Fleet tenant " + t, ZoneId.of("UTC"), 30,
                        ActiveHours.parse("00:00", "00:00"), Optional.empty(), false, created, created, Optional.empty(), 1)
                        .withPrivateTargets(true);
                ids.add(tenant.id());
                writes.add(pool.submit(() -> {
                    tenants.create(tenant);
                    Settings settings = CheckTypes.settings("http", Json.object().put("url", target));
                    for (int c = 0; c < perTenant; c++) {
                        Check check = Check.define(Ids.CHECK.next(), tenant.id(), "http", "endpoint " + c, Tier.CORE, settings,
                                Conditions.of("body.$.status == \"UP\""), created);
                        checks.create(check, settings.secretHints());
                    }
                    return null;
                }));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        }
        return ids;
    }

    private static JsonNode invoke(TenantSweepHandler handler, ObjectNode event) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)), out, null);
            return Json.parse(out.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The sweep queue as Lambda drains SQS: messages handed in batches of five, as SQS events, to the
     * handler, at most {@code limit} invocations at once; failed messages are counted, not retried.
     */
    private static final class FleetQueue implements SweepQueue {
        final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        final Semaphore slots;
        final Phaser pending = new Phaser(1);
        final AtomicInteger invoked = new AtomicInteger();
        final AtomicInteger messages = new AtomicInteger();
        volatile TenantSweepHandler handler;

        FleetQueue(int limit) {
            slots = new Semaphore(limit);
        }

        @Override
        public void send(List<SweepMessage> batch) {
            messages.addAndGet(batch.size());
            for (int from = 0; from < batch.size(); from += MESSAGES_PER_INVOCATION) {
                List<SweepMessage> group = batch.subList(from, Math.min(batch.size(), from + MESSAGES_PER_INVOCATION));
                pending.register();
                executor.submit(() -> {
                    try {
                        slots.acquire();
                        try {
                            invoked.incrementAndGet();
                            JsonNode answer = invoke(handler, event(group));
                            if (!answer.path("batchItemFailures").isEmpty()) {
                                System.err.println("failed messages: " + answer.path("batchItemFailures"));
                            }
                        } finally {
                            slots.release();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        pending.arriveAndDeregister();
                    }
                    return null;
                });
            }
        }

        void awaitDrained() {
            pending.arriveAndAwaitAdvance();
        }

        private static ObjectNode event(List<SweepMessage> group) {
            ObjectNode event = Json.object();
            ArrayNode records = event.putArray("Records");
            for (SweepMessage message : group) {
                records.addObject().put("messageId", UUID.randomUUID().toString()).put("eventSource", "aws:sqs")
                        .put("body", message.body());
            }
            return event;
        }
    }

    private static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        try {
            // "5" resets the resident-set high-water mark (VmHWM) of this process.
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | UnsupportedOperationException e) {
            System.err.println("the resident peak cannot be reset here; it includes the seeding");
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long heapPeakBytes() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    /** VmHWM of /proc/self/status, in bytes; 0 where there is no /proc. */
    private static long residentPeakBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }
}
