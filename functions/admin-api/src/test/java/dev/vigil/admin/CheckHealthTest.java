package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.checks.Check;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.CheckState;
import dev.vigil.checks.CheckStatus;
import dev.vigil.checks.Tier;
import dev.vigil.checks.store.StoredCheck;
import dev.vigil.runtime.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the health views judge a check and roll a set of checks up, from stored facts alone. */
class CheckHealthTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    private static StoredCheck stored(Tier tier, boolean enabled, Optional<CheckStatus> latest, Duration age, CheckStatus confirmed) {
        Check check = new Check("chk_k3v9x2m7q4pa", "tn_k3v9x2m7q4pa", "http", "api", tier, Json.object(), List.of(),
                tier.defaultTimeout(), enabled, 1, 1, 1, NOW.minusSeconds(3600), NOW.minusSeconds(3600));
        Optional<CheckResult> result = latest.map(s -> new CheckResult(check.id(), check.tenantId(), NOW.minus(age), s, 100,
                Json.object(), List.of(), "reason"));
        return new StoredCheck(check, Map.of(), latest.isPresent() ? 1 : 0, result.map(CheckResult::at),
                new CheckState(confirmed, 0, 0, 0, 0), result, NOW.minus(age).plus(tier.cacheTtl()));
    }

    private static CheckHealth health(CheckStatus latest, CheckStatus confirmed) {
        return CheckHealth.of(stored(Tier.CORE, true, Optional.of(latest), Duration.ofSeconds(10), confirmed), NOW);
    }

    @Test
    void noChecksIsHealthy() {
        CheckHealth.Rollup rollup = CheckHealth.Rollup.of(List.of());

        assertEquals(CheckStatus.HEALTHY, rollup.status());
        assertEquals(0, rollup.counts().values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void theWorstLatestStatusWinsWithUnknownBetweenHealthyAndDegraded() {
        CheckHealth healthy = health(CheckStatus.HEALTHY, CheckStatus.HEALTHY);
        CheckHealth unknown = health(CheckStatus.UNKNOWN, CheckStatus.HEALTHY);
        CheckHealth degraded = health(CheckStatus.DEGRADED, CheckStatus.HEALTHY);
        CheckHealth unhealthy = health(CheckStatus.UNHEALTHY, CheckStatus.HEALTHY);

        assertEquals(CheckStatus.UNKNOWN, CheckHealth.Rollup.of(List.of(healthy, unknown)).status());
        assertEquals(CheckStatus.DEGRADED, CheckHealth.Rollup.of(List.of(unknown, degraded, healthy)).status());
        assertEquals(CheckStatus.UNHEALTHY, CheckHealth.Rollup.of(List.of(unhealthy, degraded, unknown)).status());
    }

    @Test
    void alertingCountsTheConfirmedStateNotTheLatestResult() {
        CheckHealth.Rollup rollup = CheckHealth.Rollup.of(List.of(health(CheckStatus.UNHEALTHY, CheckStatus.HEALTHY),
                health(CheckStatus.HEALTHY, CheckStatus.DEGRADED), health(CheckStatus.UNHEALTHY, CheckStatus.UNHEALTHY)));

        assertEquals(2, rollup.counts().get(CheckStatus.UNHEALTHY));
        assertEquals(1, rollup.alertingDegraded());
        assertEquals(1, rollup.alertingUnhealthy());
    }

    @Test
    void aLatestResultIsStaleOnceItsTiersCacheLifetimeHasPassed() {
        assertFalse(CheckHealth.of(stored(Tier.CRITICAL, true, Optional.of(CheckStatus.HEALTHY), Duration.ofSeconds(29),
                CheckStatus.HEALTHY), NOW).stale());
        assertTrue(CheckHealth.of(stored(Tier.CRITICAL, true, Optional.of(CheckStatus.HEALTHY), Duration.ofSeconds(30),
                CheckStatus.HEALTHY), NOW).stale());
        assertFalse(CheckHealth.of(stored(Tier.CORE, true, Optional.of(CheckStatus.HEALTHY), Duration.ofSeconds(60),
                CheckStatus.HEALTHY), NOW).stale(), "a core result is kept 120 s");
    }

    @Test
    void aCheckThatNeverRanIsUnknownAndNotStale() {
        CheckHealth never = CheckHealth.of(stored(Tier.CORE, true, Optional.empty(), Duration.ZERO, CheckStatus.HEALTHY), NOW);

        assertEquals(CheckStatus.UNKNOWN, never.status());
        assertFalse(never.stale());
        assertFalse(never.alerting());
    }

    @Test
    void aDisabledCheckJudgesNothingAndIsCountedApart() {
        CheckHealth off = CheckHealth.of(stored(Tier.CORE, false, Optional.of(CheckStatus.UNHEALTHY), Duration.ofHours(5),
                CheckStatus.UNHEALTHY), NOW);

        CheckHealth.Rollup rollup = CheckHealth.Rollup.of(List.of(off, health(CheckStatus.HEALTHY, CheckStatus.HEALTHY)));

        assertEquals(CheckStatus.HEALTHY, rollup.status());
        assertEquals(1, rollup.disabled());
        assertEquals(0, rollup.alertingUnhealthy());
        assertEquals(0, rollup.stale());
    }
}
