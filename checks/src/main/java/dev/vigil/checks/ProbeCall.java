package dev.vigil.checks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One run of one check as its probe sees it: the check, its settings with their secrets, the guarded
 * outbound connections it must use, the shared context, and the deadline ({@link System#nanoTime()})
 * by which it must be done.
 */
public record ProbeCall(Check check, Settings settings, Outbound outbound, ProbeContext context, long deadline) {

    /** The time left, never negative. */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /** The time left as a timeout in whole milliseconds, at least 1 (0 would mean "no timeout" to many APIs). */
    public int remainingMillis() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    }

    /** The time left in whole seconds, rounded up, at least 1: for drivers whose timeouts are in seconds. */
    public int remainingSeconds() {
        return (int) Math.max(1, (remainingMillis() + 999) / 1000);
    }
}
