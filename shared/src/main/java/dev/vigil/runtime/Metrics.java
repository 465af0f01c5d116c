package dev.vigil.runtime;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A function's metrics in CloudWatch embedded metric format (EMF): what an invocation counts and times
 * is kept in memory and written by {@link #flush()} as structured log lines, one JSON object per line,
 * from which CloudWatch Logs extracts the metrics. No AWS call is made, so the hot path pays nothing.
 *
 * <p>Every metric has the dimension {@code Function} (the function's name, e.g. {@code beat-ingest})
 * and at most one more of its own ({@code Channel}, {@code Status}, ...). Counts of the same metric and
 * dimension add up to one value per flush; durations keep each value (a values array). A line holds at
 * most {@value #MAX_METRICS_PER_LINE} metrics and {@value #MAX_VALUES_PER_METRIC} values per metric, as
 * the format allows; more make more lines. Metrics with different dimension values go on different
 * lines, since a line carries one value per dimension.
 */
public final class Metrics {
    /** The namespace when {@code METRICS_NAMESPACE} is unset. */
    public static final String DEFAULT_NAMESPACE = "Vigil";
    public static final String FUNCTION = "Function";
    static final int MAX_METRICS_PER_LINE = 100;
    static final int MAX_VALUES_PER_METRIC = 100;

    /** The units this emitter writes, as the format spells them. */
    public enum Unit {
        COUNT("Count"), MILLISECONDS("Milliseconds");

        private final String wire;

        Unit(String wire) {
            this.wire = wire;
        }
    }

    private record Key(String name, String dimension, String value) {
    }

    private static final class Series {
        final Unit unit;
        final List<Long> values = new ArrayList<>();

        Series(Unit unit) {
            this.unit = unit;
        }
    }

    private final String namespace;
    private final String function;
    private final Clock clock;
    private final Consumer<String> sink;
    private final Map<Key, Series> recorded = new LinkedHashMap<>();
    private boolean muted;

    /** Lines go to {@code sink}; {@code clock} gives each flush its timestamp. */
    public Metrics(String namespace, String function, Clock clock, Consumer<String> sink) {
        this.namespace = requireText(namespace, "namespace");
        this.function = requireText(function, "function");
        this.clock = Objects.requireNonNull(clock);
        this.sink = Objects.requireNonNull(sink);
    }

    public String namespace() {
        return namespace;
    }

    /** Adds one to the count {@code name}. */
    public void count(String name) {
        count(name, 1);
    }

    public void count(String name, long n) {
        add(new Key(requireText(name, "name"), null, null), Unit.COUNT, n);
    }

    /** Adds {@code n} to the count {@code name} for {@code dimension = value}, e.g. {@code Channel = slack}. */
    public void count(String name, String dimension, String value, long n) {
        add(new Key(requireText(name, "name"), dimension(dimension), value == null || value.isBlank() ? "none" : value),
                Unit.COUNT, n);
    }

    /** Records one duration of {@code name}, in milliseconds. */
    public void duration(String name, long millis) {
        add(new Key(requireText(name, "name"), null, null), Unit.MILLISECONDS, Math.max(0, millis));
    }

    /** A stopwatch on this metrics' clock: {@code Stopwatch t = metrics.start(); ...; t.stop("SweepDurationMs")}. */
    public Stopwatch start() {
        return new Stopwatch(clock.millis());
    }

    /** Started by {@link #start()}; each {@link #stop} records the time since the start as a duration. */
    public final class Stopwatch {
        private final long startedAt;

        private Stopwatch(long startedAt) {
            this.startedAt = startedAt;
        }

        /** Records the milliseconds since the start as {@code name}, and returns them. */
        public long stop(String name) {
            long elapsed = Math.max(0, clock.millis() - startedAt);
            duration(name, elapsed);
            return elapsed;
        }
    }

    private synchronized void add(Key key, Unit unit, long value) {
        Series series = recorded.computeIfAbsent(key, k -> new Series(unit));
        if (series.unit != unit) {
            throw new IllegalArgumentException("metric " + key.name() + " is already recorded in " + series.unit.wire);
        }
        if (unit == Unit.COUNT && !series.values.isEmpty()) {
            series.values.set(0, series.values.get(0) + value);
        } else {
            series.values.add(value);
        }
    }

    /** Runs {@code work} (e.g. priming before a snapshot) and drops whatever it recorded or flushed. */
    public void muted(Runnable work) {
        synchronized (this) {
            muted = true;
        }
        try {
            work.run();
        } finally {
            synchronized (this) {
                recorded.clear();
                muted = false;
            }
        }
    }

    /** Writes what was recorded since the last flush, and forgets it. Nothing recorded, nothing written. */
    public void flush() {
        List<String> lines;
        synchronized (this) {
            lines = muted ? List.of() : lines();
            recorded.clear();
        }
        lines.forEach(sink);
    }

    /** The lines for what is recorded: grouped by dimension value, at most so many metrics and values each. */
    private List<String> lines() {
        long timestamp = clock.millis();
        Map<List<String>, List<Map.Entry<Key, Series>>> groups = new LinkedHashMap<>();
        for (Map.Entry<Key, Series> entry : recorded.entrySet()) {
            Key key = entry.getKey();
            groups.computeIfAbsent(key.dimension() == null ? List.of() : List.of(key.dimension(), key.value()),
                    g -> new ArrayList<>()).add(entry);
        }
        List<String> lines = new ArrayList<>();
        groups.forEach((dimension, entries) -> {
            // Layer k holds the k-th chunk of values of every metric that has one.
            for (int layer = 0; ; layer++) {
                List<Map.Entry<Key, List<Long>>> chunk = new ArrayList<>();
                for (Map.Entry<Key, Series> entry : entries) {
                    List<Long> values = entry.getValue().values;
                    int from = layer * MAX_VALUES_PER_METRIC;
                    if (from < values.size()) {
                        chunk.add(Map.entry(entry.getKey(), values.subList(from, Math.min(values.size(), from + MAX_VALUES_PER_METRIC))));
                    }
                }
                if (chunk.isEmpty()) {
                    break;
                }
                for (int i = 0; i < chunk.size(); i += MAX_METRICS_PER_LINE) {
                    lines.add(line(timestamp, dimension, chunk.subList(i, Math.min(chunk.size(), i + MAX_METRICS_PER_LINE))));
                }
            }
        });
        return lines;
    }

    private String line(long timestamp, List<String> dimension, List<Map.Entry<Key, List<Long>>> metrics) {
        ObjectNode line = Json.object();
        ObjectNode directive = line.putObject("_aws").put("Timestamp", timestamp).putArray("CloudWatchMetrics").addObject()
                .put("Namespace", namespace);
        ArrayNode dimensionSet = directive.putArray("Dimensions").addArray().add(FUNCTION);
        ArrayNode definitions = directive.putArray("Metrics");
        line.put(FUNCTION, function);
        if (!dimension.isEmpty()) {
            dimensionSet.add(dimension.get(0));
            line.put(dimension.get(0), dimension.get(1));
        }
        for (Map.Entry<Key, List<Long>> metric : metrics) {
            String name = metric.getKey().name();
            definitions.addObject().put("Name", name).put("Unit", recorded.get(metric.getKey()).unit.wire);
            List<Long> values = metric.getValue();
            if (values.size() == 1) {
                line.put(name, values.get(0));
            } else {
                ArrayNode array = line.putArray(name);
                values.forEach(array::add);
            }
        }
        return Json.write(line);
    }

    private static String dimension(String name) {
        requireText(name, "dimension");
        if (name.equals(FUNCTION) || name.equals("_aws")) {
            throw new IllegalArgumentException("dimension " + name + " is reserved");
        }
        return name;
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a metric's " + what + " must not be blank");
        }
        return value;
    }
}
