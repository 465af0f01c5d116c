package dev.vigil.testkit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * What SnapStart would restore, on this machine: in a fresh JVM, builds a handler with its no-argument
 * constructor (as Lambda's init does), primes it as its checkpoint hook would ({@code prime()}), then
 * times the first request after that — the one a restored container serves first — and {@code n} warm
 * requests after it. Prints one line {@code RESTORE construct_ms=... prime_ms=... first_ms=...
 * warm_p50_ms=... warm_p99_ms=... first_over_warm=...}. Figures only; asserts nothing.
 *
 * <pre>java -cp functions/beat-ingest/target/beat-ingest.jar:testkit/target/classes \
 *     dev.vigil.testkit.RestoreProbe dev.vigil.ingest.BeatIngestHandler events/heartbeat-post.json [n]</pre>
 */
public final class RestoreProbe {
    private RestoreProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: RestoreProbe <handler class> <event json file> [warm requests, default 200]");
            System.exit(2);
        }
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        int warm = args.length > 2 ? Integer.parseInt(args[2]) : 200;

        long t0 = System.nanoTime();
        Class<?> type = Class.forName(args[0]);
        Object handler = type.getConstructor().newInstance();
        Method handle = type.getMethod("handleRequest", InputStream.class, OutputStream.class,
                Class.forName("com.amazonaws.services.lambda.runtime.Context", false, type.getClassLoader()));
        long t1 = System.nanoTime();
        type.getMethod("prime").invoke(handler);
        long t2 = System.nanoTime();
        invoke(handler, handle, event);
        long t3 = System.nanoTime();
        long[] warmNanos = new long[warm];
        for (int i = 0; i < warm; i++) {
            long began = System.nanoTime();
            invoke(handler, handle, event);
            warmNanos[i] = System.nanoTime() - began;
        }
        Arrays.sort(warmNanos);
        double p50 = warmNanos[warm / 2] / 1e6;
        double p99 = warmNanos[Math.min(warm - 1, (int) Math.ceil(warm * 0.99) - 1)] / 1e6;
        double first = (t3 - t2) / 1e6;
        System.out.println(String.format(Locale.ROOT,
                "RESTORE construct_ms=%.1f prime_ms=%.1f first_ms=%.2f warm_p50_ms=%.2f warm_p99_ms=%.2f first_over_warm=%.2f",
                (t1 - t0) / 1e6, (t2 - t1) / 1e6, first, p50, p99, first / p50));
        System.out.flush();
        System.exit(0);
    }

    private static void invoke(Object handler, Method handle, byte[] event) throws Exception {
        try {
            handle.invoke(handler, new ByteArrayInputStream(event), new ByteArrayOutputStream(), null);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
