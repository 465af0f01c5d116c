package dev.vigil.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one scheduled run of a {@link Component} left behind: when it finished ({@code at}), whether it
 * succeeded, what it counted, short error texts, its schedule and so the run expected next. A run with
 * the kill switch off ({@code HEARTBEAT_ENABLED=false}) is recorded as {@link Outcome#HEALTHY} with
 * {@code disabled} true: the function ran as scheduled and did what the operator asked (nothing).
 * Errors never carry tenant data: they are built by {@link #describe(Throwable)} from exception types only.
 */
public record Pulse(Component component, Instant at, Outcome outcome, boolean disabled, Map<String, Long> counts,
                    List<String> errors, Duration schedule) {
    /** At most this many error texts are kept per run. */
    public static final int MAX_ERRORS = 5;
    /** And each at most this long. */
    public static final int MAX_ERROR_LENGTH = 200;

    /** How a run ended. */
    public enum Outcome implements WireName {
        HEALTHY, ERROR
    }

    public Pulse {
        if (schedule.isZero() || schedule.isNegative()) {
            throw new IllegalArgumentException("a schedule must be positive, was " + schedule);
        }
        counts = Collections.unmodifiableMap(new TreeMap<>(counts));
        List<String> kept = new ArrayList<>();
        for (String error : errors) {
            if (kept.size() == MAX_ERRORS) {
                break;
            }
            kept.add(error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error);
        }
        errors = List.copyOf(kept);
    }

    /** A run that finished at {@code at} and did its work. */
    public static Pulse healthy(Component component, Instant at, Duration schedule, Map<String, Long> counts) {
        return new Pulse(component, at, Outcome.HEALTHY, false, counts, List.of(), schedule);
    }

    /** A run that found the kill switch off and did nothing. */
    public static Pulse disabled(Component component, Instant at, Duration schedule) {
        return new Pulse(component, at, Outcome.HEALTHY, true, Map.of(), List.of(), schedule);
    }

    /** A run that failed with {@code failure}, recorded by its type alone. */
    public static Pulse failed(Component component, Instant at, Duration schedule, Throwable failure) {
        return new Pulse(component, at, Outcome.ERROR, false, Map.of(), List.of(describe(failure)), schedule);
    }

    /** When the next run should have recorded its pulse: one schedule after this one finished. */
    public Instant nextExpected() {
        return at.plus(schedule);
    }

    /**
     * A failure as text that cannot carry tenant data: the simple names of the exception and of its
     * causes, never their messages (which may name tenants, their targets or their checks).
     */
    public static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder("run failed: ").append(failure.getClass().getSimpleName());
        Throwable cause = failure.getCause();
        for (int depth = 0; cause != null && cause != failure && depth < 3; depth++, cause = cause.getCause()) {
            text.append(" caused by ").append(cause.getClass().getSimpleName());
        }
        return text.toString();
    }
}
