package dev.vigil.notify;

import java.util.Optional;

/**
 * A delivery that did not succeed. {@code retryable} failures (timeouts, 429, 5xx) are retried; the
 * others (a 4xx: wrong URL, revoked token) would fail again and are only recorded.
 */
public final class DeliveryException extends RuntimeException {
    private final boolean retryable;
    private final Optional<Integer> httpStatus;

    public DeliveryException(boolean retryable, Optional<Integer> httpStatus, String message) {
        super(message);
        this.retryable = retryable;
        this.httpStatus = httpStatus;
    }

    public boolean retryable() {
        return retryable;
    }

    public Optional<Integer> httpStatus() {
        return httpStatus;
    }
}
