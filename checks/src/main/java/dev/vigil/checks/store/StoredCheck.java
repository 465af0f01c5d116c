package dev.vigil.checks.store;

import dev.vigil.checks.Check;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.CheckState;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A check as stored: its definition, the names of its secret settings that are set (never their
 * values), how many runs were recorded, when it last ran, its alerting state, and its latest result
 * with the time until which that result may be served from the cache.
 */
public record StoredCheck(
        Check check,
        Set<String> secretNames,
        long runs,
        Optional<Instant> lastRunAt,
        CheckState state,
        Optional<CheckResult> latest,
        Instant cachedUntil) {

    public StoredCheck {
        secretNames = Set.copyOf(secretNames);
    }

    /** Whether the check's tier interval has elapsed since its last run ({@link dev.vigil.checks.Tier#isDue}). */
    public boolean isDue(Instant now) {
        return check.tier().isDue(lastRunAt, now);
    }

    /**
     * The latest result while it is fresh: within its tier's cache lifetime, and only if it was healthy
     * and nothing invalidated it since; otherwise empty, and the caller runs the check (or shows the
     * latest result as stale).
     */
    public Optional<CheckResult> cached(Instant now) {
        return now.isBefore(cachedUntil) ? latest : Optional.empty();
    }
}
