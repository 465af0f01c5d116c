package dev.vigil.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The write-throughput floor: several threads sending the baseline beat's conditional UpdateItem
 * ({@link BeatWrite}) back to back through one DynamoDB client built like the minimal handler's, with
 * no handler, no event and no HTTP front. After an untimed warm-up, runs for a fixed time and prints
 * one line {@code BARE threads=... writes=... seconds=... writes_per_s=... p50_ms=... p99_ms=... max_ms=...}.
 * Exits 1 if the application does not exist (the condition fails) or a write errs.
 *
 * <pre>java -cp bench/target/classes:$(cat bench/target/classpath.txt) dev.vigil.bench.BareWrites \
 *     ENDPOINT UUID [threads, default 8] [seconds, default 10] [warm-up seconds, default 3] [table, default ApplicationsTable]</pre>
 */
public final class BareWrites {
    private BareWrites() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: BareWrites <dynamodb endpoint> <application uuid> [threads] [seconds] [warm-up seconds] [table]");
            System.exit(2);
        }
        String uuid = args[1];
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        double seconds = args.length > 3 ? Double.parseDouble(args[3]) : 10;
        double warmupSeconds = args.length > 4 ? Double.parseDouble(args[4]) : 3;
        BeatWrite write = new BeatWrite(args.length > 5 ? args[5] : "ApplicationsTable");
        // DynamoDB Local keeps one database per access key: "test" is the testkit's (DynamoLocal, the runner).
        try (DynamoDbClient dynamo = MinimalBeatHandler.client(Map.of("AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL_DYNAMODB", args[0], "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test"))) {
            run(dynamo, write, uuid, threads, warmupSeconds, null);
            Samples samples = new Samples();
            long elapsed = run(dynamo, write, uuid, threads, seconds, samples);
            System.out.println(Samples.f("BARE threads=%d writes=%d seconds=%.2f writes_per_s=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f",
                    threads, samples.size(), elapsed / 1e9, samples.size() / (elapsed / 1e9), samples.percentileMs(50),
                    samples.percentileMs(99), samples.percentileMs(100)));
        }
    }

    /** Writes from {@code threads} threads for {@code seconds}; returns the elapsed nanoseconds. */
    private static long run(DynamoDbClient dynamo, BeatWrite write, String uuid, int threads, double seconds, Samples into)
            throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<String> failure = new AtomicReference<>();
        AtomicLong deadline = new AtomicLong();
        List<Samples> perThread = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Samples samples = new Samples();
            perThread.add(samples);
            workers.add(Thread.ofPlatform().name("write-" + t).start(() -> {
                try {
                    start.await();
                    while (System.nanoTime() < deadline.get() && failure.get() == null) {
                        long t0 = System.nanoTime();
                        dynamo.updateItem(write.request(uuid, System.currentTimeMillis()));
                        samples.add(System.nanoTime() - t0);
                    }
                } catch (ConditionalCheckFailedException e) {
                    failure.compareAndSet(null, "no application has uuid " + uuid);
                } catch (Exception e) {
                    failure.compareAndSet(null, e.toString());
                }
            }));
        }
        long began = System.nanoTime();
        deadline.set(began + (long) (seconds * 1e9));
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        long elapsed = System.nanoTime() - began;
        if (failure.get() != null) {
            System.err.println("FAIL: " + failure.get());
            System.exit(1);
        }
        if (into != null) {
            perThread.forEach(into::addAll);
        }
        return elapsed;
    }
}
