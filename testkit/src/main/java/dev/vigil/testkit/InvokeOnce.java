package dev.vigil.testkit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cold-start probe for the benchmark scripts: in a fresh JVM, builds one handler with its public no-arg
 * constructor (as the Lambda runtime does), invokes {@code handleRequest(InputStream, OutputStream,
 * Context)} once with a null Context and the given event file, and exits. Uses only the JDK (the
 * handler is reached by reflection), so it adds nothing to the function's classpath.
 *
 * <p>Prints one line {@code INVOKE status=... construct_ms=... handle_ms=... handler_ms=... launch_ms=...
 * vmhwm_kb=...}: construction, the request, both together, and (when {@code -Dinvoke.t0=<epoch nanos>}
 * gives the launch time) from launch to the response. Exits 1 unless the response's statusCode is 200.
 *
 * <pre>java -cp functions/beat-ingest/target/beat-ingest.jar:testkit/target/classes \
 *     dev.vigil.testkit.InvokeOnce dev.vigil.ingest.BeatIngestHandler events/heartbeat-post.json</pre>
 */
public final class InvokeOnce {
    private static final Pattern STATUS = Pattern.compile("\"statusCode\"\\s*:\\s*(\\d+)");

    private InvokeOnce() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: InvokeOnce <handler class> <event json file>");
            System.exit(2);
        }
        byte[] event = Files.readAllBytes(Path.of(args[1]));

        long t0 = System.nanoTime();
        Class<?> type = Class.forName(args[0]);
        Object handler = type.getConstructor().newInstance();
        Method handle = type.getMethod("handleRequest", InputStream.class, OutputStream.class,
                Class.forName("com.amazonaws.services.lambda.runtime.Context", false, type.getClassLoader()));
        long t1 = System.nanoTime();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            handle.invoke(handler, new ByteArrayInputStream(event), output, null);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        long t2 = System.nanoTime();
        Instant done = Instant.now();

        String response = output.toString(StandardCharsets.UTF_8);
        Matcher m = STATUS.matcher(response);
        String status = m.find() ? m.group(1) : "none";
        String launch = "-";
        String t0Property = System.getProperty("invoke.t0");
        if (t0Property != null && !t0Property.isBlank()) {
            long doneNanos = done.getEpochSecond() * 1_000_000_000L + done.getNano();
            launch = millis(doneNanos - Long.parseLong(t0Property.trim()));
        }
        System.out.println("INVOKE status=" + status + " construct_ms=" + millis(t1 - t0) + " handle_ms="
                + millis(t2 - t1) + " handler_ms=" + millis(t2 - t0) + " launch_ms=" + launch
                + " vmhwm_kb=" + peakRssKb());
        if (!"200".equals(status)) {
            System.out.println("INVOKE FAILED: expected statusCode 200, got " + status + ": " + response);
            System.out.flush();
            System.exit(1);
        }
        System.out.flush();
        System.exit(0);
    }

    private static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
    }

    /** Peak resident set size so far (VmHWM), or "-" where /proc is not there. */
    private static String peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return line.substring(6).trim().split("\\s+")[0];
                }
            }
        } catch (Exception ignored) {
            // Not Linux: no figure.
        }
        return "-";
    }
}
