package dev.vigil.admin;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Metrics in the Prometheus text exposition format, version 0.0.4: each metric family once, with its
 * {@code # HELP} and {@code # TYPE} lines, then its samples. Label values are escaped as the format
 * asks (backslash, double quote and line feed), as is the help text (backslash and line feed).
 */
final class PrometheusText {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Map<String, StringBuilder> families = new LinkedHashMap<>();

    /** Declares a gauge family; its samples follow with {@link #sample}. */
    PrometheusText gauge(String name, String help) {
        families.computeIfAbsent(name, n -> new StringBuilder()
                .append("# HELP ").append(n).append(' ').append(escapeHelp(help)).append('\n')
                .append("# TYPE ").append(n).append(" gauge\n"));
        return this;
    }

    /** One sample of a declared family, with its labels in the order given. */
    PrometheusText sample(String name, Map<String, String> labels, double value) {
        StringBuilder family = families.get(name);
        if (family == null) {
            throw new IllegalStateException("metric " + name + " was not declared");
        }
        family.append(name);
        if (!labels.isEmpty()) {
            family.append('{');
            boolean first = true;
            for (Map.Entry<String, String> label : labels.entrySet()) {
                if (!first) {
                    family.append(',');
                }
                first = false;
                family.append(label.getKey()).append("=\"").append(escapeLabel(label.getValue())).append('"');
            }
            family.append('}');
        }
        family.append(' ').append(format(value)).append('\n');
        return this;
    }

    String text() {
        StringBuilder out = new StringBuilder();
        families.values().forEach(out::append);
        return out.toString();
    }

    static String escapeLabel(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String escapeHelp(String text) {
        return text.replace("\\", "\\\\").replace("\n", "\\n");
    }

    /** Whole numbers without a fraction; others as Java writes a double. */
    static String format(double value) {
        if (value == Math.rint(value) && !Double.isInfinite(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
