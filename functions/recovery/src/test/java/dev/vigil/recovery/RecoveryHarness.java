package dev.vigil.recovery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.checks.CheckStatus;
import dev.vigil.checks.SweepExecution;
import dev.vigil.checks.SweepStatus;
import dev.vigil.checks.SweepTrigger;
import dev.vigil.checks.Tier;
import dev.vigil.checks.recovery.Backoff;
import dev.vigil.checks.recovery.Recovery;
import dev.vigil.checks.store.RecoveryLog;
import dev.vigil.checks.store.SweepLog;
import dev.vigil.checks.sweep.SweepInvoker;
import dev.vigil.domain.ActiveHours;
import dev.vigil.domain.Ids;
import dev.vigil.domain.Tenant;
import dev.vigil.fixtures.Fixture;
import dev.vigil.store.TenantStore;
import dev.vigil.testkit.DynamoLocal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The recovery function's world on DynamoDB Local with the template's environment for RecoveryFunction: a
 * hand-moved clock at {@link Fixture#START}, a recording bus, and a stand-in for the tenant-sweep function
 * that records what it was asked and stores the execution it answers, as the real one does.
 */
final class RecoveryHarness {
    final Fixture f = new Fixture("RecoveryFunction", DynamoLocal.shared().client());
    final TenantStore tenants = new TenantStore(f.platform.dynamo(), f.platform.env().require("TENANTS_TABLE"));
    final SweepLog sweeps = SweepLog.fromEnv(f.platform.env(), f.platform.dynamo());
    final RecoveryLog log = RecoveryLog.fromEnv(f.platform.env(), f.platform.dynamo());
    /** Every sweep the recovery asked for: tenant and trigger. */
    final List<String> asked = new CopyOnWriteArrayList<>();
    /** How the sweep function's forced sweep of a tenant ends (default: all clear). */
    volatile Function<String, SweepStatus> outcome = tenantId -> SweepStatus.ALL_CLEAR;
    /** The tier of the check the forced sweeps run (default: critical, so an alert is a p1 incident). */
    volatile Tier tier = Tier.CRITICAL;

    final SweepInvoker invoker = (tenantId, trigger) -> {
        asked.add(tenantId + " " + trigger.wire());
        return Optional.of(execute(tenantId, trigger, outcome.apply(tenantId)));
    };

    Recovery recovery(SweepInvoker sweeps) {
        return recovery(sweeps, 5);
    }

    /** With at most {@code parallel} forced sweeps at once. */
    Recovery recovery(SweepInvoker sweeps, int parallel) {
        return new Recovery(tenants, this.sweeps, log, sweeps, f.ledger(), f.clock,
                new Recovery.Settings(new Backoff(Duration.ofSeconds(60), Duration.ofHours(1)), 2, parallel), new Random(7));
    }

    Recovery recovery() {
        return recovery(invoker);
    }

    /** A tenant watched around the clock, swept every 30 minutes, created {@code age} ago. */
    Tenant tenant(String name, Duration age) {
        return tenant(name, age, false);
    }

    /** {@link #tenant(String, Duration)}, paused or not. */
    Tenant tenant(String name, Duration age, boolean paused) {
        Instant created = f.clock.instant().minus(age);
        Tenant tenant = new Tenant(Ids.TENANT.next(), name, ZoneOffset.UTC, 30, ActiveHours.parse("00:00", "00:00"),
                Optional.empty(), paused, created, created, Optional.empty(), 1);
        tenants.create(tenant);
        return tenant;
    }

    /** A sweep of {@code tenantId} stored as having started {@code ago}, ending in {@code status}. */
    SweepExecution swept(String tenantId, Duration ago, SweepStatus status) {
        SweepExecution execution = execution(tenantId, SweepTrigger.SCHEDULE, f.clock.instant().minus(ago), status);
        sweeps.save(execution);
        return execution;
    }

    private JsonNode execute(String tenantId, SweepTrigger trigger, SweepStatus status) {
        SweepExecution execution = execution(tenantId, trigger, f.clock.instant(), status);
        sweeps.save(execution);
        return execution.toJson();
    }

    /**
     * An execution with one http check whose status makes {@code status}: healthy, degraded (slow) for a
     * {@code warning}, unhealthy (its service refused the connection) for an {@code alert}, and one that
     * could not tell (a timeout) for an {@code error}.
     */
    SweepExecution execution(String tenantId, SweepTrigger trigger, Instant at, SweepStatus status) {
        SweepExecution.CheckOutcome check = switch (status) {
            case ALL_CLEAR -> outcome(CheckStatus.HEALTHY, 85, "200 OK", Optional.empty());
            case WARNING -> outcome(CheckStatus.DEGRADED, 2_400, "200 OK in 2400 ms", Optional.of("latency < 2000"));
            case ALERT -> outcome(CheckStatus.UNHEALTHY, 3, "connection refused by api.example.com:443",
                    Optional.of("connected == true"));
            case ERROR -> outcome(CheckStatus.UNKNOWN, 10_000, "timed out after 10000 ms connecting to api.example.com",
                    Optional.empty());
        };
        return new SweepExecution(Ids.SWEEP.next(), tenantId, trigger, at, 120, List.of(check), 0, status);
    }

    /** The check's run, confirmed at once (threshold 1): an unknown result leaves it healthy. */
    private SweepExecution.CheckOutcome outcome(CheckStatus status, long latencyMs, String reason, Optional<String> threshold) {
        return new SweepExecution.CheckOutcome("chk_api000000001", "Public API", "http", status, latencyMs, reason, threshold, false,
                Optional.of(tier), Optional.of(status == CheckStatus.UNKNOWN ? CheckStatus.HEALTHY : status));
    }
}
