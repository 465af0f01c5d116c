package dev.vigil.notify;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How long the current Lambda invocation has left, for the thread that runs it. {@link NotifierFunction}
 * sets it around a dispatch from the Lambda context; {@link HttpDelivery} never plans a call past it, so
 * slow channels cannot run an invocation into its timeout (a call that no longer fits fails as
 * retryable and is retried by the next invocation).
 */
final class InvocationTime {
    private static final ThreadLocal<Long> ENDS_AT = new ThreadLocal<>();

    private InvocationTime() {
    }

    /** Runs {@code work} knowing that the invocation ends {@code remaining} from now (unbounded when empty). */
    static <T> T within(Optional<Duration> remaining, Supplier<T> work) {
        Long outer = ENDS_AT.get();
        remaining.ifPresent(r -> ENDS_AT.set(System.nanoTime() + r.toNanos()));
        try {
            return work.get();
        } finally {
            if (outer == null) {
                ENDS_AT.remove();
            } else {
                ENDS_AT.set(outer);
            }
        }
    }

    /** What is left of the invocation, or empty when its end is unknown (tests, priming). */
    static Optional<Duration> remaining() {
        Long end = ENDS_AT.get();
        return end == null ? Optional.empty() : Optional.of(Duration.ofNanos(end - System.nanoTime()));
    }
}
