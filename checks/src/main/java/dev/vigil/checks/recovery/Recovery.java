package dev.vigil.checks.recovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.bus.AlertLedger;
import dev.vigil.checks.CheckStatus;
import dev.vigil.checks.SweepDiagnosis;
import dev.vigil.checks.SweepExecution;
import dev.vigil.checks.SweepHealth;
import dev.vigil.checks.SweepTrigger;
import dev.vigil.checks.store.RecoveryLog;
import dev.vigil.checks.store.SweepLog;
import dev.vigil.checks.sweep.SweepInvoker;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.AlertType;
import dev.vigil.domain.Ids;
import dev.vigil.domain.Severity;
import dev.vigil.domain.Status;
import dev.vigil.domain.Tenant;
import dev.vigil.runtime.Bounded;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.Log;
import dev.vigil.store.Page;
import dev.vigil.store.TenantStore;
import dev.vigil.wiring.Platform;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The recovery use case. A run computes every tenant's {@link SweepHealth} from its execution records,
 * and forces a sweep ({@code trigger recovery}: every enabled check, whatever the hour) of each unhealthy
 * tenant whose backoff has elapsed, at most {@link Settings#parallel} at once. Each attempt is recorded;
 * a successful forced sweep ({@link SweepHealth#successful}: no check in {@code error}, no {@code critical}
 * check confirmed {@code unhealthy}) marks the tenant recovered and closes its episode; a failed one (a check
 * could not tell, or a critical check is confirmed down: a p1) counts a failure and draws the next wait ({@link Backoff}). After
 * {@link Settings#escalateAfter} failures in a row the episode is escalated once: a
 * {@link AlertType#RECOVERY_ESCALATED} event with the tenant's diagnosis is recorded through the
 * {@link AlertLedger} in the same transaction as the state change, so it is announced once however many
 * runs race. An episode whose tenant turned healthy by its own sweeps is closed without an attempt. A sweep
 * that does not run because the sweep function is switched off ({@code disabled}) or the tenant was paused or
 * deleted meanwhile ({@code paused}, {@code not_found}) is no attempt: it is answered as {@code skipped} and
 * leaves the episode as it was.
 */
public final class Recovery {
    private static final Log LOG = Log.of(Recovery.class);
    private static final int TENANT_PAGE = 100;
    /** How many of a tenant's latest attempts an escalation's diagnosis lists. */
    private static final int ATTEMPTS_SHOWN = 10;
    /** The sweep function's answer when the kill switch is off. */
    public static final String SWEEP_DISABLED = "disabled";
    /** The sweep function's answers that mean no sweep ran, through no fault of the tenant's checks. */
    private static final java.util.Set<String> NOT_RUN = java.util.Set.of(SWEEP_DISABLED, "paused", "not_found");

    private final TenantStore tenants;
    private final SweepLog sweeps;
    private final RecoveryLog log;
    private final SweepInvoker invoker;
    private final AlertLedger ledger;
    private final Clock clock;
    private final Settings settings;
    private final RandomGenerator random;

    /**
     * {@code backoff} between forced sweeps of one tenant, escalation after {@code escalateAfter} failed ones
     * in a row, at most {@code parallel} forced sweeps at once.
     */
    public record Settings(Backoff backoff, int escalateAfter, int parallel) {
        public static final int DEFAULT_ESCALATE_AFTER = 2;
        public static final int DEFAULT_PARALLEL = 5;

        public Settings {
            if (escalateAfter < 1 || parallel < 1) {
                throw new IllegalArgumentException("escalateAfter and parallel must be at least 1");
            }
        }

        /** {@code RECOVERY_BACKOFF_BASE_SECONDS} (60), {@code RECOVERY_BACKOFF_CAP_SECONDS} (3600), {@code RECOVERY_ESCALATE_AFTER} (2), {@code RECOVERY_PARALLEL} (5). */
        public static Settings fromEnv(Env env) {
            return new Settings(new Backoff(Duration.ofSeconds(env.getLong("RECOVERY_BACKOFF_BASE_SECONDS", Backoff.DEFAULT_BASE.toSeconds())),
                    Duration.ofSeconds(env.getLong("RECOVERY_BACKOFF_CAP_SECONDS", Backoff.DEFAULT_CAP.toSeconds()))),
                    (int) env.getLong("RECOVERY_ESCALATE_AFTER", DEFAULT_ESCALATE_AFTER),
                    (int) env.getLong("RECOVERY_PARALLEL", DEFAULT_PARALLEL));
        }
    }

    public Recovery(TenantStore tenants, SweepLog sweeps, RecoveryLog log, SweepInvoker invoker, AlertLedger ledger, Clock clock,
                    Settings settings, RandomGenerator random) {
        this.tenants = tenants;
        this.sweeps = sweeps;
        this.log = log;
        this.invoker = invoker;
        this.ledger = ledger;
        this.clock = clock;
        this.settings = settings;
        this.random = random;
    }

    /**
     * As every caller builds it from a platform (the recovery function on its schedule, the admin API on
     * request): the tables {@code TENANTS_TABLE}, {@code SWEEP_EXECUTIONS_TABLE} and {@code RECOVERY_TABLE}
     * name, the platform's ledger and clock, {@link Settings#fromEnv}, and the sweeps forced through {@code sweeps}.
     */
    public static Recovery from(Platform platform, SweepInvoker sweeps) {
        return new Recovery(new TenantStore(platform.dynamo(), platform.env().require("TENANTS_TABLE")),
                SweepLog.fromEnv(platform.env(), platform.dynamo()), RecoveryLog.fromEnv(platform.env(), platform.dynamo()),
                sweeps, platform.ledger(), platform.clock(), Settings.fromEnv(platform.env()), new SecureRandom());
    }

    /** What a run did: the tenants it looked at, found unhealthy, left to their backoff, and the attempts it made. */
    public record Run(Instant at, int tenants, int unhealthy, int deferred, int closed, List<Attempted> attempts) {
        public long count(RecoveryAttempt.Outcome outcome) {
            return attempts.stream().filter(a -> a.attempt().outcome() == outcome).count();
        }

        public long escalated() {
            return attempts.stream().filter(Attempted::escalated).count();
        }

        public ObjectNode toJson() {
            ObjectNode node = Json.object().put("at", at.toString()).put("tenants", tenants).put("unhealthy", unhealthy)
                    .put("deferred", deferred).put("closed", closed).put("attempted", attempts.size())
                    .put("recovered", count(RecoveryAttempt.Outcome.RECOVERED)).put("failed", count(RecoveryAttempt.Outcome.FAILED))
                    .put("running", count(RecoveryAttempt.Outcome.RUNNING))
                    .put("skipped", count(RecoveryAttempt.Outcome.SKIPPED)).put("escalated", escalated());
            ArrayNode list = node.putArray("attempts");
            attempts.forEach(a -> list.add(a.toJson()));
            return node;
        }
    }

    /** One attempt and whether it escalated the tenant's episode. */
    public record Attempted(RecoveryAttempt attempt, boolean escalated) {
        public ObjectNode toJson() {
            return attempt.toJson().put("escalated", escalated);
        }
    }

    /** The answer for one tenant asked for by id. */
    public sealed interface One {
        record Done(Attempted attempted) implements One {
        }

        record NoSuchTenant(String tenantId) implements One {
        }

        record Paused(String tenantId) implements One {
        }
    }

    /** {@link #run(RecoveryTrigger, boolean, Instant)} without a time limit. */
    public Run run(RecoveryTrigger trigger, boolean force) {
        return run(trigger, force, Instant.MAX);
    }

    /**
     * Every tenant: each unhealthy one whose backoff has elapsed is forced ({@code force}: every tenant
     * that is not paused, healthy or not, whatever its backoff). No forced sweep starts after
     * {@code startBefore}: the tenants left are counted {@code deferred}, for the next run.
     */
    public Run run(RecoveryTrigger trigger, boolean force, Instant startBefore) {
        return run(trigger, force, readDone -> startBefore);
    }

    /**
     * {@link #run(RecoveryTrigger, boolean, Instant)} whose forced sweeps start within {@code startWithin}
     * of the end of its reads (the tenants, their executions and episodes), however long those took.
     */
    public Run run(RecoveryTrigger trigger, boolean force, Duration startWithin) {
        return run(trigger, force, readDone -> readDone.plus(startWithin));
    }

    /** A tenant as a run reads it: its sweep health and its open episode. */
    private record Read(Tenant tenant, SweepHealth health, Optional<RecoveryState> state) {
    }

    private Run run(RecoveryTrigger trigger, boolean force, java.util.function.UnaryOperator<Instant> deadline) {
        Instant now = clock.instant();
        List<Tenant> all = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            Page<Tenant> page = tenants.list(TENANT_PAGE, token);
            all.addAll(page.items());
            token = page.nextToken();
        } while (token.isPresent());
        // Each tenant's executions and episode, read for at most "parallel" tenants at once.
        List<Read> reads = Bounded.map(all, settings.parallel(), tenant -> new Read(tenant,
                SweepHealth.of(tenant, sweeps.forHealth(tenant, now), now), log.state(tenant.id())));
        Instant startBefore = deadline.apply(clock.instant());
        List<Candidate> due = new ArrayList<>();
        int unhealthy = 0;
        int deferred = 0;
        int closed = 0;
        for (Read read : reads) {
            Tenant tenant = read.tenant();
            SweepHealth health = read.health();
            Optional<RecoveryState> state = read.state();
            if (!health.healthy()) {
                unhealthy++;
            }
            if (tenant.paused()) {
                continue;
            }
            if (health.healthy() && state.isPresent() && !force) {
                closed += close(state.get()) ? 1 : 0;
            } else if (!health.healthy() || force) {
                if (force || state.isEmpty() || state.get().due(now)) {
                    due.add(new Candidate(tenant, state));
                } else {
                    deferred++;
                }
            }
        }
        int count = all.size();
        List<Attempted> attempts = attemptAll(due, trigger, startBefore);
        deferred += due.size() - attempts.size();
        Run run = new Run(now, count, unhealthy, deferred, closed, attempts);
        LOG.info("Recovery run", "trigger", trigger.wire(), "tenants", count, "unhealthy", unhealthy, "attempted", attempts.size(),
                "recovered", run.count(RecoveryAttempt.Outcome.RECOVERED), "failed", run.count(RecoveryAttempt.Outcome.FAILED),
                "skipped", run.count(RecoveryAttempt.Outcome.SKIPPED), "deferred", deferred);
        return run;
    }

    /** For SnapStart priming: the reads of a run for the default tenant, which write nothing. */
    public void prime() {
        log.state(Tenant.DEFAULT_ID);
        sweeps.latest(Tenant.DEFAULT_ID);
        tenants.find(Tenant.DEFAULT_ID);
    }

    /** One tenant, forced now whatever its health and backoff. */
    public One recover(String tenantId, RecoveryTrigger trigger) {
        Optional<Tenant> tenant = tenants.find(tenantId);
        if (tenant.isEmpty()) {
            return new One.NoSuchTenant(tenantId);
        }
        if (tenant.get().paused()) {
            return new One.Paused(tenantId);
        }
        return new One.Done(attempt(new Candidate(tenant.get(), log.state(tenantId)), trigger));
    }

    private record Candidate(Tenant tenant, Optional<RecoveryState> state) {
    }

    /**
     * The candidates' attempts, at most {@link Settings#parallel} at once, in virtual threads; one whose turn
     * comes after {@code startBefore} is not made.
     */
    private List<Attempted> attemptAll(List<Candidate> due, RecoveryTrigger trigger, Instant startBefore) {
        List<Optional<Attempted>> attempted = Bounded.map(due, settings.parallel(),
                candidate -> clock.instant().isBefore(startBefore) ? Optional.of(attempt(candidate, trigger)) : Optional.empty(),
                failure -> {
                    if (failure instanceof InterruptedException interrupted) {
                        throw new IllegalStateException("interrupted while recovering tenants", interrupted);
                    }
                    LOG.error("A recovery attempt could not be recorded", failure);
                    return Optional.empty();
                });
        return attempted.stream().flatMap(Optional::stream).toList();
    }

    /** Forces one sweep of the candidate, records the attempt and the episode's new state, escalating when due. */
    private Attempted attempt(Candidate candidate, RecoveryTrigger trigger) {
        Tenant tenant = candidate.tenant();
        Instant started = clock.instant();
        RecoveryAttempt.Outcome outcome;
        Optional<String> executionId = Optional.empty();
        Optional<String> error = Optional.empty();
        try {
            Optional<JsonNode> answer = invoker.sweepNow(tenant.id(), SweepTrigger.RECOVERY);
            if (answer.isEmpty()) {
                outcome = RecoveryAttempt.Outcome.RUNNING;
            } else if (NOT_RUN.contains(answer.get().path("error").asText(""))) {
                outcome = RecoveryAttempt.Outcome.SKIPPED;
                error = Optional.of(answer.get().path("error").asText() + ": " + answer.get().path("message").asText());
            } else if (answer.get().hasNonNull("error")) {
                outcome = RecoveryAttempt.Outcome.FAILED;
                error = Optional.of(answer.get().path("error").asText() + ": " + answer.get().path("message").asText());
            } else {
                SweepExecution execution = SweepExecution.fromJson(answer.get());
                executionId = Optional.of(execution.executionId());
                if (SweepHealth.successful(execution)) {
                    outcome = RecoveryAttempt.Outcome.RECOVERED;
                } else {
                    outcome = RecoveryAttempt.Outcome.FAILED;
                    error = Optional.of(failureOf(execution));
                }
            }
        } catch (RuntimeException e) {
            outcome = RecoveryAttempt.Outcome.FAILED;
            error = Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        Instant now = clock.instant();
        Optional<RecoveryState> read = candidate.state();
        int number = read.map(RecoveryState::failures).orElse(0) + 1;
        RecoveryAttempt attempt = new RecoveryAttempt(Ids.RECOVERY.next(), tenant.id(), started, trigger, number, outcome,
                executionId, error, Duration.between(started, now).toMillis());
        if (outcome == RecoveryAttempt.Outcome.SKIPPED) {
            LOG.warn("No recovery sweep ran; the tenant's episode is left as it was", "tenantId", tenant.id(),
                    "reason", error.orElse(""));
            return new Attempted(attempt, false);
        }
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(log.attemptPut(attempt));
        boolean escalated = false;
        switch (outcome) {
            case RECOVERED -> read.ifPresent(s -> writes.add(log.stateDelete(s)));
            case RUNNING -> {
                // The sweep goes on; the next run judges the tenant by the execution it records.
            }
            case FAILED -> {
                Instant next = now.plus(settings.backoff().delay(number, random));
                boolean escalate = number >= settings.escalateAfter() && read.map(s -> !s.escalated()).orElse(true);
                RecoveryState state = read.map(s -> s.failedAgain(next, escalate, attempt.error()))
                        .orElseGet(() -> RecoveryState.firstFailure(tenant.id(), now, next, escalate, attempt.error()));
                writes.add(log.statePut(read, state));
                if (escalate) {
                    AlertEvent event = escalation(tenant, attempt, state, now);
                    escalated = ledger.record(event, writes) != AlertLedger.Outcome.LOST_RACE;
                    if (!escalated) {
                        LOG.warn("Another recovery run changed the tenant's episode first; this attempt is not recorded",
                                "tenantId", tenant.id());
                    }
                    LOG.info("Recovery attempt", "tenantId", tenant.id(), "attempt", number, "outcome", outcome.wire(),
                            "escalated", escalated);
                    return new Attempted(attempt, escalated);
                }
            }
        }
        if (!log.write(writes)) {
            LOG.warn("Another recovery run changed the tenant's episode first; this attempt is not recorded", "tenantId", tenant.id());
        }
        LOG.info("Recovery attempt", "tenantId", tenant.id(), "attempt", number, "outcome", outcome.wire());
        return new Attempted(attempt, escalated);
    }

    /** Closes an episode whose tenant turned healthy on its own. */
    private boolean close(RecoveryState state) {
        return log.write(List.of(log.stateDelete(state)));
    }

    /**
     * Why a forced sweep failed: its status, and up to three of its checks that could not tell or found
     * their service down, with their reasons.
     */
    static String failureOf(SweepExecution execution) {
        List<String> reasons = execution.checks().stream()
                .filter(c -> c.status() == CheckStatus.UNKNOWN || c.status() == CheckStatus.UNHEALTHY)
                .map(c -> c.name() + " " + c.status().wire() + ": " + c.reason()).limit(3).toList();
        return "the forced sweep ended in " + execution.status().wire()
                + (reasons.isEmpty() ? "" : " (" + String.join("; ", reasons) + ")");
    }

    /**
     * The escalation of {@code tenant}'s episode: a {@link AlertType#RECOVERY_ESCALATED} event whose
     * diagnosis holds the tenant's sweep health, failing checks (errors, latencies), last good execution,
     * error samples, the attempts made and the API operations that act on it.
     */
    private AlertEvent escalation(Tenant tenant, RecoveryAttempt attempt, RecoveryState state, Instant now) {
        List<SweepExecution> executions = sweeps.forHealth(tenant, now);
        SweepDiagnosis diagnosis = SweepDiagnosis.of(SweepHealth.of(tenant, executions, now), executions);
        ObjectNode detail = diagnosis.toJson();
        detail.put("attemptsMade", state.failures());
        detail.put("episodeStartedAt", state.episodeStartedAt().toString());
        ArrayNode attempts = detail.putArray("attempts");
        attempts.add(attempt.toJson());
        log.attempts(tenant.id(), ATTEMPTS_SHOWN - 1).forEach(a -> attempts.add(a.toJson()));
        ArrayNode operations = detail.withArray("operations");
        operations.addObject().put("method", "POST").put("path", "/api/tenants/" + tenant.id() + "/recover")
                .put("purpose", "force a recovery sweep of the tenant now");
        operations.addObject().put("method", "GET").put("path", "/api/recovery/status")
                .put("purpose", "the recovery function's status: pending recoveries, successes and failures in 24 h");
        String note = state.failures() + " forced sweep" + (state.failures() == 1 ? "" : "s") + " failed"
                + attempt.error().map(e -> "; last: " + e).orElse("");
        return new AlertEvent("recovery-escalated-" + tenant.id() + "-" + state.episodeStartedAt().toEpochMilli(), AlertType.RECOVERY_ESCALATED, tenant.id(), tenant.name(),
                Status.DOWN, Status.DOWN, Optional.empty(), Optional.empty(), (long) tenant.sweepIntervalMinutes() * 60, 0, now,
                List.of(), Severity.CRITICAL, Optional.empty(), Optional.of(note), state.version(), 0, tenant.id(),
                Optional.empty(), Optional.of(Json.write(detail)));
    }
}
