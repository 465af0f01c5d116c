package dev.vigil.admin;

import dev.vigil.store.AuthFailureLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * At most {@value #MAX_FAILURES} failed authentications per source address and clock minute. A failure
 * is a request whose {@code Authorization} header presents a key that is not valid (a request with no
 * header guesses nothing and is not counted). Once a source reaches the limit, every request from it
 * gets 429 until the minute ends, whatever key it carries: the key is not even looked at, so a blocked
 * source learns nothing. The counts are kept in DynamoDB, so every container of the function sees them.
 */
final class FailedAuthLimit {
    static final int MAX_FAILURES = 10;
    static final Duration WINDOW = Duration.ofMinutes(1);

    private final AuthFailureLog log;
    private final Clock clock;

    FailedAuthLimit(AuthFailureLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /** How long {@code source} stays blocked, if it reached the limit in the current window. */
    Optional<Duration> blocked(String source) {
        Instant now = clock.instant();
        Instant start = windowStart(now);
        if (log.failures(source, start) < MAX_FAILURES) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, start.plus(WINDOW)));
    }

    /** Counts a failed authentication of {@code source}; returns the failures in the current window. */
    long failed(String source) {
        return log.count(source, windowStart(clock.instant()), WINDOW);
    }

    private static Instant windowStart(Instant now) {
        long window = WINDOW.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), window) * window);
    }
}
