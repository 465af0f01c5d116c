package dev.vigil.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Warm beats, handlers side by side in one JVM. Each handler is loaded from its own jar in its own
 * class loader (as in its own Lambda container: they share no SDK or Jackson classes), constructed
 * once with its no-arg constructor, and invoked with the same event file. After an untimed warm-up,
 * the handlers take turns block by block (A B, then B A, ...) at each thread count, so that a drift of
 * the machine weighs on both alike. Times {@code handleRequest} alone, beat by beat.
 *
 * <p>Prints, per handler and thread count, the handler time per beat (p50, p99, max, mean), beats per
 * second over the timed blocks and each round's p50; then one {@code RATIO} line per thread count for
 * every handler against the last one named (the baseline). What the handlers print on stdout (Vigil's
 * JSON logs) is discarded but counted. Uses only the JDK (handlers are reached by reflection with a
 * null Context), so nothing of its own is on the handlers' classpath. Exits 1 if a beat does not get
 * statusCode 200.
 *
 * <pre>java -cp bench/target/classes dev.vigil.bench.WarmBeats [--beats 1000] [--rounds 4] [--warmup 3000]
 *     [--threads 1,8] events/heartbeat-post.json \
 *     vigil=dev.vigil.ingest.BeatIngestHandler@functions/beat-ingest/target/beat-ingest.jar \
 *     minimal=dev.vigil.bench.MinimalBeatHandler@bench/target/vigil-bench.jar</pre>
 *
 * {@code --beats} is per block (shared among the block's threads); the environment is the handlers'.
 */
public final class WarmBeats {
    private static final Pattern STATUS = Pattern.compile("\"statusCode\"\\s*:\\s*(\\d+)");

    private final byte[] event;
    private final List<Subject> subjects;
    private final AtomicLong logged;

    private WarmBeats(byte[] event, List<Subject> subjects, AtomicLong logged) {
        this.event = event;
        this.subjects = subjects;
        this.logged = logged;
    }

    /** One handler under test, and what was measured of it at each thread count. */
    private record Subject(String label, String className, Object handler, Method handle, List<Result> results) {
        Result at(int threads) {
            return results.stream().filter(r -> r.threads == threads).findFirst().orElseThrow();
        }
    }

    /** The timed beats of one handler at one thread count, over all rounds. */
    private static final class Result {
        final int threads;
        final Samples beats = new Samples();
        final List<Double> roundP50 = new ArrayList<>();
        long blockNanos;
        long logBytes;

        Result(int threads) {
            this.threads = threads;
        }

        double beatsPerSecond() {
            return beats.size() / (blockNanos / 1e9);
        }
    }

    public static void main(String[] args) throws Exception {
        int beats = 1000;
        int rounds = 4;
        int warmup = 3000;
        int[] threadCounts = {1, 8};
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--beats" -> beats = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--threads" -> threadCounts = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                default -> positional.add(args[i]);
            }
        }
        if (positional.size() < 2) {
            System.err.println("usage: WarmBeats [--beats N] [--rounds R] [--warmup W] [--threads 1,8] <event.json> "
                    + "<label>=<handler class>@<jar>[:<jar>...] ...");
            System.exit(2);
        }
        PrintStream report = System.out;
        AtomicLong logged = new AtomicLong();
        // Before any handler class is loaded, so that loggers which capture System.out capture the sink.
        System.setOut(new PrintStream(new CountingSink(logged), false, StandardCharsets.UTF_8));

        byte[] event = Files.readAllBytes(Path.of(positional.get(0)));
        List<Subject> subjects = new ArrayList<>();
        for (String spec : positional.subList(1, positional.size())) {
            Subject subject = load(spec, threadCounts);
            subjects.add(subject);
            report.println(Samples.f("Loaded %-8s %s", subject.label(), subject.className()));
        }
        WarmBeats bench = new WarmBeats(event, subjects, logged);
        bench.run(beats, rounds, warmup, threadCounts, report);
        System.exit(0);
    }

    private static Subject load(String spec, int[] threadCounts) throws Exception {
        int eq = spec.indexOf('=');
        int at = spec.indexOf('@');
        if (eq < 1 || at < eq) {
            throw new IllegalArgumentException("expected <label>=<handler class>@<jar>, got " + spec);
        }
        List<URL> urls = new ArrayList<>();
        for (String jar : spec.substring(at + 1).split(":")) {
            urls.add(Path.of(jar).toUri().toURL());
        }
        String className = spec.substring(eq + 1, at);
        // Parent: the platform loader, so the handler sees the JDK and its own jar, nothing of ours.
        URLClassLoader loader = new URLClassLoader(spec.substring(0, eq), urls.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader());
        Class<?> type = Class.forName(className, true, loader);
        Object handler = type.getConstructor().newInstance();
        Method handle = type.getMethod("handleRequest", InputStream.class, OutputStream.class,
                Class.forName("com.amazonaws.services.lambda.runtime.Context", false, loader));
        List<Result> results = new ArrayList<>();
        for (int threads : threadCounts) {
            results.add(new Result(threads));
        }
        return new Subject(spec.substring(0, eq), className, handler, handle, results);
    }

    private void run(int beats, int rounds, int warmup, int[] threadCounts, PrintStream report) throws Exception {
        report.println(Samples.f("Warm-up: %d untimed beats per handler, half at 1 thread, half at %d threads",
                warmup, threadCounts[threadCounts.length - 1]));
        for (Subject subject : subjects) {
            block(subject, 1, warmup / 2, null);
            block(subject, threadCounts[threadCounts.length - 1], warmup - warmup / 2, null);
        }
        report.println(Samples.f("Timed: %d rounds; each round, at each thread count, one block of %d beats per handler,"
                + " the handlers' order reversed every round", rounds, beats));
        for (int round = 0; round < rounds; round++) {
            for (int threads : threadCounts) {
                List<Subject> order = new ArrayList<>(subjects);
                if (round % 2 == 1) {
                    Collections.reverse(order);
                }
                for (Subject subject : order) {
                    block(subject, threads, beats, subject.at(threads));
                }
            }
        }
        report.println();
        report.println(Samples.f("%-8s %7s %6s %8s %8s %8s %8s %9s %8s  %s", "handler", "threads", "beats", "p50_ms",
                "p99_ms", "max_ms", "mean_ms", "beats/s", "log_B/b", "p50 of each round"));
        for (int threads : threadCounts) {
            for (Subject subject : subjects) {
                Result r = subject.at(threads);
                StringBuilder perRound = new StringBuilder();
                r.roundP50.forEach(p -> perRound.append(Samples.f("%.2f ", p)));
                report.println(Samples.f("%-8s %7d %6d %8.2f %8.2f %8.2f %8.2f %9.1f %8.0f  %s", subject.label(), threads,
                        r.beats.size(), r.beats.percentileMs(50), r.beats.percentileMs(99), r.beats.percentileMs(100),
                        r.beats.meanMs(), r.beatsPerSecond(), (double) r.logBytes / r.beats.size(), perRound.toString().trim()));
            }
        }
        report.println();
        Subject baseline = subjects.get(subjects.size() - 1);
        for (Subject subject : subjects.subList(0, subjects.size() - 1)) {
            for (int threads : threadCounts) {
                Result a = subject.at(threads);
                Result b = baseline.at(threads);
                report.println(Samples.f("RATIO %s/%s threads=%d p50=x%.2f p99=x%.2f beats_per_s=x%.2f", subject.label(),
                        baseline.label(), threads, a.beats.percentileMs(50) / b.beats.percentileMs(50),
                        a.beats.percentileMs(99) / b.beats.percentileMs(99), a.beatsPerSecond() / b.beatsPerSecond()));
            }
        }
    }

    /** Invokes one handler {@code beats} times spread over {@code threads} threads; records into {@code into} if given. */
    private void block(Subject subject, int threads, int beats, Result into) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<String> failure = new AtomicReference<>();
        List<Samples> perThread = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Samples samples = new Samples();
            perThread.add(samples);
            int share = beats / threads + (t < beats % threads ? 1 : 0);
            workers.add(Thread.ofPlatform().name("beat-" + t).start(() -> {
                try {
                    start.await();
                    for (int i = 0; i < share && failure.get() == null; i++) {
                        samples.add(invoke(subject, failure));
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e.toString());
                }
            }));
        }
        long loggedBefore = logged.get();
        long began = System.nanoTime();
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        long elapsed = System.nanoTime() - began;
        if (failure.get() != null) {
            System.err.println("FAIL: " + subject.label() + " at " + threads + " threads: " + failure.get());
            System.exit(1);
        }
        if (into != null) {
            Samples block = new Samples();
            perThread.forEach(block::addAll);
            into.beats.addAll(block);
            into.roundP50.add(block.percentileMs(50));
            into.blockNanos += elapsed;
            into.logBytes += logged.get() - loggedBefore;
        }
    }

    /** One beat: the duration of handleRequest in nanoseconds; a response other than 200 is recorded as the failure. */
    private long invoke(Subject subject, AtomicReference<String> failure) throws Exception {
        ByteArrayInputStream input = new ByteArrayInputStream(event);
        ByteArrayOutputStream output = new ByteArrayOutputStream(256);
        long t0 = System.nanoTime();
        try {
            subject.handle().invoke(subject.handler(), input, output, null);
        } catch (InvocationTargetException e) {
            failure.compareAndSet(null, String.valueOf(e.getCause()));
        }
        long duration = System.nanoTime() - t0;
        String response = output.toString(StandardCharsets.UTF_8);
        Matcher m = STATUS.matcher(response);
        if (!m.find() || !"200".equals(m.group(1))) {
            failure.compareAndSet(null, "response " + response);
        }
        return duration;
    }

    /** Discards what the handlers print, counting the bytes. */
    private static final class CountingSink extends OutputStream {
        private final AtomicLong count;

        CountingSink(AtomicLong count) {
            this.count = count;
        }

        @Override
        public void write(int b) {
            count.incrementAndGet();
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count.addAndGet(len);
        }
    }
}
