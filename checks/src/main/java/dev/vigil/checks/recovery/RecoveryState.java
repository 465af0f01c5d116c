package dev.vigil.checks.recovery;

import java.time.Instant;
import java.util.Optional;

/**
 * A tenant's recovery episode: from its first failed forced sweep until one succeeds (or its own sweeps
 * turn healthy again). {@code failures} counts the failed forced sweeps in a row, {@code nextAttemptAt}
 * is when the backoff lets the next one run, {@code escalated} says the episode was escalated (once per
 * episode), {@code version} counts the writes, for compare-and-set. A tenant with no episode has no state.
 */
public record RecoveryState(
        String tenantId,
        Instant episodeStartedAt,
        int failures,
        Instant nextAttemptAt,
        boolean escalated,
        Optional<String> lastError,
        long version) {

    /** Whether the backoff lets a forced sweep run at {@code now}. */
    public boolean due(Instant now) {
        return !now.isBefore(nextAttemptAt);
    }

    /** The state after one more failed attempt at {@code now}, to retry at {@code next}; escalated once {@code escalate}. */
    public RecoveryState failedAgain(Instant next, boolean escalate, Optional<String> error) {
        return new RecoveryState(tenantId, episodeStartedAt, failures + 1, next, escalated || escalate, error, version + 1);
    }

    /** The state after the first failed attempt of an episode, at {@code now}. */
    public static RecoveryState firstFailure(String tenantId, Instant now, Instant next, boolean escalate, Optional<String> error) {
        return new RecoveryState(tenantId, now, 1, next, escalate, error, 1);
    }
}
