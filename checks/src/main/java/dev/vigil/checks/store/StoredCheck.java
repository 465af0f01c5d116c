package dev.vigil.checks.store;

import dev.vigil.checks.Check;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.CheckState;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A check as stored: its definition, the hints of its secret settings that are set, by name (their
 * last four characters, never their values: {@link dev.vigil.checks.Settings#secretHints}), how many
 * runs were recorded, when it last ran, its alerting state, and its latest result with the time until
 * which that result may be served from the cache.
 */
public record StoredCheck(
        Check check,
        Map<String, String> secretHints,
        long runs,
        Optional<Instant> lastRunAt,
        CheckState state,
        Optional<CheckResult> latest,
        Instant cachedUntil) {

    public StoredCheck {
        secretHints = Collections.unmodifiableMap(new TreeMap<>(secretHints));
    }

    /** A check as {@link CheckStore#create} stores it: it has not run yet. */
    public static StoredCheck created(Check check, Map<String, String> secretHints) {
        return new StoredCheck(check, secretHints, 0, Optional.empty(), CheckState.INITIAL, Optional.empty(), Instant.EPOCH);
    }

    /** This check as {@link CheckStore#update} leaves it: another definition, the run state kept, the cache invalidated. */
    public StoredCheck redefined(Check after, Map<String, String> hints) {
        return new StoredCheck(after, hints, runs, lastRunAt, state, latest, Instant.EPOCH);
    }

    /** The names of the secret settings that are set: the secret store holds something for this check. */
    public Set<String> secretNames() {
        return secretHints.keySet();
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
