package dev.vigil.runtime;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Structured JSON logs, one object per line on stdout, which CloudWatch Logs and Logs Insights index
 * field by field. Each line carries the function name and the Lambda request id of the invocation on
 * the current thread. An error line carries the exception as fields: {@code errorType},
 * {@code errorMessage}, {@code causes} (class and message of each cause, outermost first) and
 * {@code stackTrace} (frames of the outermost exception, then of each cause). Secrets never reach it
 * whole: use {@link #mask} for ping UUIDs and keys.
 */
public final class Log {
    private static final ThreadLocal<String[]> CONTEXT = ThreadLocal.withInitial(() -> new String[] {"-", "-"});
    /** Frames kept per exception in the chain: enough to find the spot, short enough for one log event. */
    static final int MAX_FRAMES = 40;
    private static volatile PrintStream out = System.out;

    private final String logger;

    private Log(String logger) {
        this.logger = logger;
    }

    public static Log of(Class<?> type) {
        return new Log(type.getSimpleName());
    }

    /** Binds the invocation's function name and request id to this thread until the next bind. */
    public static void bind(String functionName, String requestId) {
        CONTEXT.set(new String[] {functionName == null ? "-" : functionName, requestId == null ? "-" : requestId});
    }

    /** Redirects all log output, for the local runner's console or a test. */
    public static void redirect(PrintStream stream) {
        out = stream;
    }

    /** Writes {@code line} (one JSON object, e.g. a metrics line) as it is, on the log's output. */
    public static void line(String line) {
        out.println(line);
    }

    /** The first four characters and a marker: enough to tell secrets apart, not to use one. */
    public static String mask(String secret) {
        if (secret == null) {
            return null;
        }
        return secret.length() <= 4 ? "****" : secret.substring(0, 4) + "****";
    }

    public void info(String message, Object... keyValues) {
        emit("INFO", message, null, keyValues);
    }

    public void warn(String message, Object... keyValues) {
        emit("WARN", message, null, keyValues);
    }

    public void error(String message, Throwable error, Object... keyValues) {
        emit("ERROR", message, error, keyValues);
    }

    private void emit(String level, String message, Throwable error, Object... keyValues) {
        String[] context = CONTEXT.get();
        ObjectNode line = Json.object();
        line.put("timestamp", Instant.now().toString());
        line.put("level", level);
        line.put("function", context[0]);
        line.put("requestId", context[1]);
        line.put("logger", logger);
        line.put("message", message);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            Object value = keyValues[i + 1];
            String key = String.valueOf(keyValues[i]);
            if (value instanceof Number n && n.doubleValue() == n.longValue()) {
                line.put(key, n.longValue());
            } else if (value instanceof Number n) {
                line.put(key, n.doubleValue());
            } else {
                line.put(key, value == null ? null : String.valueOf(value));
            }
        }
        if (error != null) {
            describe(line, error);
        }
        out.println(line);
    }

    /** The exception, its cause chain and their stack frames as fields of {@code line}. */
    static void describe(ObjectNode line, Throwable error) {
        line.put("errorType", error.getClass().getName());
        line.put("errorMessage", error.getMessage());
        ArrayNode causes = line.putArray("causes");
        ArrayNode trace = line.putArray("stackTrace");
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = error; t != null && seen.put(t, true) == null; t = t.getCause()) {
            if (t != error) {
                causes.addObject().put("type", t.getClass().getName()).put("message", t.getMessage());
                trace.add("Caused by: " + t.getClass().getName() + ": " + t.getMessage());
            }
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < Math.min(frames.length, MAX_FRAMES); i++) {
                trace.add(frames[i].toString());
            }
            if (frames.length > MAX_FRAMES) {
                trace.add("... " + (frames.length - MAX_FRAMES) + " more");
            }
        }
    }
}
