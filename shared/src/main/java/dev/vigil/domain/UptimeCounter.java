package dev.vigil.domain;

/**
 * The counters of one {@link UptimeBucket}, each kept with an atomic {@code ADD} under its attribute
 * name: milliseconds observed {@code up}, {@code down}, {@code paused} and in {@code maintenance}, and for
 * checks the number of {@code results}, their summed latency ({@code latencySumMs}) and how many of them
 * carried a latency ({@code latencyCount}); and {@code outages}, the transitions into down that started
 * in the bucket (one per flip into down, written with the flip).
 */
public enum UptimeCounter {
    UP("up"),
    DOWN("down"),
    PAUSED("paused"),
    MAINTENANCE("maintenance"),
    RESULTS("results"),
    LATENCY_SUM_MS("latencySumMs"),
    LATENCY_COUNT("latencyCount"),
    OUTAGES("outages");

    private final String attribute;

    UptimeCounter(String attribute) {
        this.attribute = attribute;
    }

    /** The item attribute the counter is kept in. */
    public String attribute() {
        return attribute;
    }
}
