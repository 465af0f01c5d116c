package dev.vigil.sweep;

import dev.vigil.bus.AlertLedger;
import dev.vigil.checks.Check;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.CheckRun;
import dev.vigil.checks.CheckRunner;
import dev.vigil.checks.CheckState;
import dev.vigil.checks.CheckStatus;
import dev.vigil.checks.Condition;
import dev.vigil.checks.SweepExecution;
import dev.vigil.checks.SweepExecution.CheckOutcome;
import dev.vigil.checks.SweepStatus;
import dev.vigil.checks.SweepTrigger;
import dev.vigil.checks.Tier;
import dev.vigil.checks.store.CheckSecrets;
import dev.vigil.checks.store.CheckStore;
import dev.vigil.checks.store.StoredCheck;
import dev.vigil.checks.store.SweepLog;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.CheckFacts;
import dev.vigil.domain.Ids;
import dev.vigil.domain.InvalidInput;
import dev.vigil.domain.Tenant;
import dev.vigil.domain.UptimeState;
import dev.vigil.runtime.Bounded;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.Log;
import dev.vigil.runtime.Metrics;
import dev.vigil.store.Page;
import dev.vigil.store.RollupStore;
import dev.vigil.store.TenantStore;
import dev.vigil.store.TenantStore.LastSweep;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The tenant sweep. A scheduled run ({@link #runScheduled}) reads the due tenants from the tenants'
 * {@code due} index, never a scan; postpones those it must not sweep yet — outside their active hours
 * (in their own time zone) until the hours next start, younger than the minimum age until they reach
 * it — so the index stops returning them; sweeps up to {@code inlineTenants} of the rest itself, all at
 * once; and hands the others to the {@link SweepQueue}, ten to a message, leasing each for
 * {@link #LEASE} so that the next run does not hand it on again. The same function consumes the queue
 * ({@link #sweepQueued}). A paused tenant is not in the index at all.
 *
 * <p>Sweeping a tenant ({@link #sweep}) runs its enabled checks that are due (every enabled one when
 * forced) in parallel, each under its own timeout, with its secrets, the tenant's threshold overrides
 * and its private-target permission; records each run with the check's next alerting state, and a
 * confirmed status change together with its alert in one transaction (racing sweeps announce a change
 * once); publishes the alerts; saves the execution record; and records the sweep on the tenant.
 */
public final class TenantSweep {
    private static final Log LOG = Log.of(TenantSweep.class);
    /** How long a tenant handed to the queue stays out of the due index unless its sweep is recorded first. */
    static final Duration LEASE = Duration.ofMinutes(15);
    /** The longest one tenant's sweep takes: its slowest check's timeout, plus the writes around the runs. */
    static final Duration ONE_SWEEP = Arrays.stream(Tier.values()).map(Tier::maxTimeout).max(Comparator.naturalOrder())
            .orElseThrow().plusSeconds(15);
    /** Store writes at once when leasing tenants or postponing them. */
    static final int WRITE_CONCURRENCY = 16;

    /**
     * What an operator sets: how many due tenants a scheduled run sweeps itself ({@code SWEEP_INLINE_TENANTS},
     * default 25), how old a tenant must be to be swept on schedule ({@code SWEEP_MIN_TENANT_AGE_DAYS},
     * default 7) and how many due tenants one run reads at most ({@code SWEEP_MAX_DUE}, default 2000).
     */
    public record Settings(int inlineTenants, Duration minTenantAge, int maxDue) {
        public static final Settings DEFAULTS = new Settings(25, Duration.ofDays(7), 2000);

        public Settings {
            if (inlineTenants < 0 || maxDue < 1 || minTenantAge.isNegative()) {
                throw new IllegalStateException("SWEEP_INLINE_TENANTS and SWEEP_MIN_TENANT_AGE_DAYS must not be negative,"
                        + " SWEEP_MAX_DUE must be positive");
            }
        }

        public static Settings fromEnv(Env env) {
            return new Settings((int) env.getLong("SWEEP_INLINE_TENANTS", DEFAULTS.inlineTenants()),
                    Duration.ofDays(env.getLong("SWEEP_MIN_TENANT_AGE_DAYS", DEFAULTS.minTenantAge().toDays())),
                    (int) env.getLong("SWEEP_MAX_DUE", DEFAULTS.maxDue()));
        }
    }

    /** What a scheduled run did: tenants read from the index, swept here, queued, postponed, and whose sweep failed. */
    public record ScheduledRun(int due, int swept, int queued, int postponed, int failed) {
    }

    /** The answer to a request to sweep one tenant now. */
    public sealed interface Requested {
        record Swept(SweepExecution execution) implements Requested {
        }

        record NoSuchTenant(String tenantId) implements Requested {
        }

        /** A paused tenant is not swept, not even on request: it may be paused because its targets are down on purpose. */
        record Paused(String tenantId) implements Requested {
        }
    }

    private final TenantStore tenants;
    private final CheckStore checks;
    private final CheckSecrets secrets;
    private final CheckRunner runner;
    private final AlertLedger ledger;
    private final SweepLog log;
    private final SweepQueue queue;
    private final Clock clock;
    private final Settings settings;
    private final Metrics metrics;
    private final RollupStore rollups;

    public TenantSweep(TenantStore tenants, CheckStore checks, CheckSecrets secrets, CheckRunner runner, AlertLedger ledger,
                       SweepLog log, SweepQueue queue, Clock clock, Settings settings, Metrics metrics, RollupStore rollups) {
        this.tenants = tenants;
        this.checks = checks;
        this.secrets = secrets;
        this.runner = runner;
        this.ledger = ledger;
        this.log = log;
        this.queue = queue;
        this.clock = clock;
        this.settings = settings;
        this.metrics = metrics;
        this.rollups = rollups;
    }

    /**
     * When a tenant that is due at {@code now} may be swept on schedule: now (empty), or the first moment
     * it is at least {@code minAge} old and inside its active hours.
     */
    static Optional<Instant> waitUntil(Tenant tenant, Instant now, Duration minAge) {
        Instant at = now;
        Instant oldEnough = tenant.createdAt().plus(minAge);
        if (oldEnough.isAfter(at)) {
            at = oldEnough;
        }
        if (!tenant.activeHours().includes(at, tenant.timezone())) {
            at = tenant.activeHours().nextStart(at, tenant.timezone());
        }
        return at.equals(now) ? Optional.empty() : Optional.of(at);
    }

    /**
     * One scheduled run. Tenants are swept here only while {@code deadline} leaves time for a whole sweep
     * ({@link #ONE_SWEEP}); otherwise they go to the queue too.
     */
    public ScheduledRun runScheduled(Instant deadline) {
        Instant now = clock.instant();
        int perShard = Math.max(1, (settings.maxDue() + TenantStore.SWEEP_SHARDS - 1) / TenantStore.SWEEP_SHARDS);
        List<Tenant> due = new ArrayList<>(tenants.dueForSweep(now, perShard));
        due.sort(Comparator.comparing((Tenant t) -> t.nextSweepAt().orElse(now)).thenComparing(Tenant::id));
        List<Tenant> ready = new ArrayList<>();
        Map<Tenant, Instant> waiting = new LinkedHashMap<>();
        for (Tenant tenant : due) {
            if (tenant.paused()) {
                continue;
            }
            waitUntil(tenant, now, settings.minTenantAge()).ifPresentOrElse(at -> waiting.put(tenant, at), () -> ready.add(tenant));
        }
        int postponed = count(inParallel(List.copyOf(waiting.keySet()), WRITE_CONCURRENCY,
                tenant -> tenants.postponeSweep(tenant, waiting.get(tenant))));
        int inline = now.plus(ONE_SWEEP).isAfter(deadline) ? 0 : Math.min(settings.inlineTenants(), ready.size());
        int queued = handOn(ready.subList(inline, ready.size()), now);
        List<Boolean> swept = inParallel(ready.subList(0, inline), Math.max(1, inline), tenant -> sweepLogged(tenant, now));
        ScheduledRun run = new ScheduledRun(due.size(), count(swept), queued, postponed, swept.size() - count(swept));
        if (run.due() > 0) {
            LOG.info("Scheduled sweep", "due", run.due(), "swept", run.swept(), "queued", run.queued(), "postponed", run.postponed(),
                    "failed", run.failed());
        }
        return run;
    }

    /** Leases the tenants and sends them to the queue; how many were sent. */
    private int handOn(List<Tenant> rest, Instant now) {
        List<Boolean> leased = inParallel(rest, WRITE_CONCURRENCY, tenant -> tenants.postponeSweep(tenant, now.plus(LEASE)));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < rest.size(); i++) {
            if (leased.get(i)) {
                ids.add(rest.get(i).id());
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        try {
            queue.send(SweepMessage.batches(ids, now));
            return ids.size();
        } catch (RuntimeException e) {
            LOG.error("Due tenants could not be queued; they are due again when their lease ends", e, "tenants", ids.size(),
                    "leaseMinutes", LEASE.toMinutes());
            return 0;
        }
    }

    /**
     * Sweeps the tenants of queued messages (by an id of the caller's choosing), all at once, and returns
     * the ids of the messages in which a tenant's sweep failed: those are retried whole, and their tenants
     * swept since the message was queued are skipped then. A tenant deleted, paused or swept since it was
     * queued is skipped; one outside its active hours is postponed as on schedule.
     */
    public Set<String> sweepQueued(Map<String, SweepMessage> messages) {
        Instant now = clock.instant();
        record Job(String messageId, String tenantId, Instant queuedAt) {
        }
        List<Job> jobs = new ArrayList<>();
        messages.forEach((id, message) -> message.tenantIds().forEach(tenant -> jobs.add(new Job(id, tenant, message.queuedAt()))));
        List<Boolean> done = inParallel(jobs, Math.max(1, jobs.size()), job -> {
            Optional<Tenant> tenant;
            try {
                tenant = tenants.find(job.tenantId());
            } catch (RuntimeException e) {
                LOG.error("A queued tenant could not be read", e, "tenantId", job.tenantId());
                return false;
            }
            if (tenant.isEmpty() || tenant.get().paused()
                    || tenant.get().lastSweepAt().filter(at -> !at.isBefore(job.queuedAt())).isPresent()) {
                return true;
            }
            Optional<Instant> wait = waitUntil(tenant.get(), now, settings.minTenantAge());
            if (wait.isPresent()) {
                tenants.postponeSweep(tenant.get(), wait.get());
                return true;
            }
            return sweepLogged(tenant.get(), now);
        });
        Set<String> failed = new TreeSet<>();
        for (int i = 0; i < jobs.size(); i++) {
            if (!done.get(i)) {
                failed.add(jobs.get(i).messageId());
            }
        }
        return failed;
    }

    /**
     * Sweeps one tenant now, forced (every enabled check, whatever the hour or the tenant's age): what
     * an operator's request or the recovery function asks for. A paused or unknown tenant is refused.
     */
    public Requested sweepNow(String tenantId, SweepTrigger trigger) {
        if (!trigger.forced()) {
            throw new IllegalArgumentException("a sweep on request is manual or recovery, not " + trigger.wire());
        }
        Optional<Tenant> tenant = tenants.find(tenantId);
        if (tenant.isEmpty()) {
            return new Requested.NoSuchTenant(tenantId);
        }
        if (tenant.get().paused()) {
            return new Requested.Paused(tenantId);
        }
        return new Requested.Swept(sweep(tenant.get(), trigger, clock.instant()));
    }

    private boolean sweepLogged(Tenant tenant, Instant now) {
        try {
            sweep(tenant, SweepTrigger.SCHEDULE, now);
            return true;
        } catch (RuntimeException e) {
            LOG.error("A tenant's sweep failed", e, "tenantId", tenant.id());
            return false;
        }
    }

    /** Sweeps {@code tenant} (as read) at {@code now}; see the class description. */
    public SweepExecution sweep(Tenant tenant, SweepTrigger trigger, Instant now) {
        long began = System.nanoTime();
        Metrics.Stopwatch timer = metrics.start();
        List<StoredCheck> enabled = enabledChecks(tenant.id());
        List<StoredCheck> toRun = trigger.forced() ? enabled : enabled.stream().filter(c -> c.isDue(now)).toList();
        List<CheckResult> results = run(tenant, toRun);
        List<CheckOutcome> outcomes = new ArrayList<>();
        List<AlertEvent> alerts = new ArrayList<>();
        List<CheckStatus> statuses = new ArrayList<>();
        // Each run is its own write (with its alert, if it confirmed a change): all of them at once.
        List<Integer> indices = IntStream.range(0, toRun.size()).boxed().toList();
        List<CheckResult> unchanged = Collections.synchronizedList(new ArrayList<>());
        List<Optional<AlertEvent>> recorded = inParallel(indices, WRITE_CONCURRENCY,
                i -> record(tenant, toRun.get(i), results.get(i), unchanged), Optional.empty());
        try {
            checks.history().appendAll(unchanged);
        } catch (RuntimeException e) {
            LOG.error("Check results could not be added to their history; each is still its check's latest result", e,
                    "tenantId", tenant.id(), "results", unchanged.size());
        }
        for (int i = 0; i < toRun.size(); i++) {
            StoredCheck stored = toRun.get(i);
            CheckResult result = results.get(i);
            Optional<AlertEvent> alert = recorded.get(i);
            alert.ifPresent(alerts::add);
            Check check = stored.check();
            CheckStatus confirmed = stored.state().next(result.status(), check.failureThreshold(), check.recoveryThreshold())
                    .state().confirmed();
            outcomes.add(new CheckOutcome(check.id(), check.name(), check.type(), result.status(), result.latencyMs(), result.reason(),
                    result.decisive().map(CheckResult.FailedCondition::condition), alert.isPresent(), Optional.of(check.tier()),
                    Optional.of(confirmed)));
            statuses.add(result.status());
        }
        Set<String> ran = new TreeSet<>(toRun.stream().map(c -> c.check().id()).toList());
        enabled.stream().filter(c -> !ran.contains(c.check().id()))
                .forEach(c -> c.latest().ifPresent(latest -> statuses.add(latest.status())));
        if (!alerts.isEmpty()) {
            ledger.publishAll(alerts);
        }
        SweepExecution execution = new SweepExecution(Ids.SWEEP.next(), tenant.id(), trigger, now,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began), outcomes, enabled.size() - toRun.size(), SweepStatus.of(statuses));
        log.save(execution);
        recordOnTenant(tenant, new LastSweep(now, execution.status().wire(), execution.executionId()));
        metrics.count("TenantsSwept");
        results.forEach(result -> metrics.count("CheckResults", "Status", result.status().wire(), 1));
        timer.stop("SweepDurationMs");
        LOG.info("Tenant swept", "tenantId", tenant.id(), "trigger", trigger.wire(), "status", execution.status().wire(),
                "ran", toRun.size(), "healthy", execution.count(CheckStatus.HEALTHY), "degraded", execution.count(CheckStatus.DEGRADED),
                "unhealthy", execution.count(CheckStatus.UNHEALTHY), "notDue", execution.notDue(), "alerts", alerts.size(),
                "durationMs", execution.durationMs());
        return execution;
    }

    private List<StoredCheck> enabledChecks(String tenantId) {
        List<StoredCheck> enabled = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            Page<StoredCheck> page = checks.listByTenant(tenantId, CheckStore.MAX_PAGE, token);
            page.items().stream().filter(c -> c.check().enabled()).forEach(enabled::add);
            token = page.nextToken();
        } while (token.isPresent());
        return enabled;
    }

    /**
     * Runs the checks in parallel, in their order. A check whose tenant override does not parse or
     * whose secrets cannot be read is not run: its result is {@code unknown}, saying why.
     */
    private List<CheckResult> run(Tenant tenant, List<StoredCheck> toRun) {
        List<CheckResult> results = new ArrayList<>();
        List<CheckRun> runs = new ArrayList<>();
        List<Integer> runAt = new ArrayList<>();
        for (StoredCheck stored : toRun) {
            Check check = stored.check();
            try {
                List<Condition> overrides = tenant.thresholds().getOrDefault(check.type(), List.of()).stream().map(Condition::parse).toList();
                Map<String, String> secret = stored.secretNames().isEmpty() ? Map.of() : secrets.get(check.id());
                runAt.add(results.size());
                results.add(null);
                runs.add(new CheckRun(check, secret, overrides, tenant.privateTargets()));
            } catch (InvalidInput e) {
                results.add(CheckResult.unknown(check, clock.instant(), 0, "misconfigured: the tenant's " + check.type()
                        + " threshold override: " + e.getMessage()));
            } catch (RuntimeException e) {
                LOG.error("A check's secrets could not be read", e, "checkId", check.id());
                results.add(CheckResult.unknown(check, clock.instant(), 0, "its secret settings could not be read"));
            }
        }
        List<CheckResult> ran = runner.runAll(runs);
        for (int i = 0; i < ran.size(); i++) {
            results.set(runAt.get(i), ran.get(i));
        }
        return results;
    }

    /**
     * Records a run with the check's next state; a confirmed status change is recorded with its alert in
     * the same transaction, and the alert returned for publishing. Nothing is returned when the status
     * did not change, when another sweep recorded a run of the check first, or when the write failed
     * (logged; the check is still due, so the next sweep runs it again). An unchanged run recorded on
     * its check is added to {@code history}, for one batched write of the tenant's history lines.
     */
    private Optional<AlertEvent> record(Tenant tenant, StoredCheck stored, CheckResult result, List<CheckResult> history) {
        Check check = stored.check();
        CheckState.Transition transition = stored.state().next(result.status(), check.failureThreshold(), check.recoveryThreshold());
        try {
            if (!transition.changed()) {
                if (checks.recordOnCheck(stored, result, transition.state())) {
                    history.add(result);
                    rollUp(stored, result, transition);
                } else {
                    LOG.info("Another sweep recorded a run of this check first", "checkId", check.id());
                }
                return Optional.empty();
            }
            CheckFacts facts = new CheckFacts(check.type(), transition.to().wire(), transition.from().wire(), result.latencyMs(),
                    transition.to() == CheckStatus.HEALTHY ? Optional.empty() : result.decisive().map(CheckResult.FailedCondition::condition),
                    result.reason(), Json.write(result.details())).inTier(check.tier().wire());
            AlertEvent event = Alerts.checkChanged(check.id(), tenant.id(), check.name(), stored.runs() + 1, facts, List.of(),
                    tenant.quietHours(), result.at());
            if (!ledger.write(event, checks.runWrites(stored, result, transition.state()))) {
                return Optional.empty();
            }
            rollUp(stored, result, transition);
            return Optional.of(event);
        } catch (RuntimeException e) {
            LOG.error("A check's run could not be recorded; it runs again next sweep", e, "checkId", check.id());
            return Optional.empty();
        }
    }

    /**
     * A run recorded on its check adds to the check's uptime rollups: one more result (and its latency,
     * unless the run could not tell) in its minute, hour and day buckets; its first run, and every change of
     * confirmed status, also rolls the time in the previous status up and moves the watermark. A failed
     * rollup write is logged and does not undo the run (the figures miss that result, or the previous
     * status lasts until the next change).
     */
    private void rollUp(StoredCheck stored, CheckResult result, CheckState.Transition transition) {
        String subject = RollupStore.check(stored.check().id());
        try {
            rollups.result(subject, result.at(), result.status() == CheckStatus.UNKNOWN
                    ? OptionalLong.empty() : OptionalLong.of(result.latencyMs()));
            if (stored.runs() == 0 || transition.changed()) {
                rollups.observe(subject, uptimeState(transition.state().confirmed()), result.at());
            }
        } catch (RuntimeException e) {
            LOG.error("A check's run could not be added to its uptime rollups", e, "checkId", stored.check().id());
        }
    }

    /** What a check's confirmed status counts as in its uptime: degraded is up; unknown is not monitored. */
    static Optional<UptimeState> uptimeState(CheckStatus confirmed) {
        return switch (confirmed) {
            case HEALTHY, DEGRADED -> Optional.of(UptimeState.UP);
            case UNHEALTHY -> Optional.of(UptimeState.DOWN);
            case UNKNOWN -> Optional.empty();
        };
    }

    /** Records the sweep on the tenant; if its settings changed meanwhile, on the tenant as it is now. */
    private void recordOnTenant(Tenant read, LastSweep sweep) {
        if (tenants.recordSweep(read, sweep)) {
            return;
        }
        Optional<Tenant> current = tenants.find(read.id());
        boolean recorded = current.filter(t -> t.lastSweepAt().map(at -> at.isBefore(sweep.at())).orElse(true))
                .map(t -> tenants.recordSweep(t, sweep)).orElse(false);
        if (!recorded) {
            LOG.info("The tenant's last sweep was not recorded: it was deleted, changed again or swept later meanwhile",
                    "tenantId", read.id());
        }
    }

    /** SnapStart priming: the reads of a run at the epoch, when nothing is due and no tenant has checks. */
    public void prime() {
        tenants.dueForSweep(Instant.EPOCH, 1);
        checks.listByTenant(Tenant.DEFAULT_ID + "-priming", 1, Optional.empty());
    }

    private static int count(List<Boolean> outcomes) {
        return (int) outcomes.stream().filter(Boolean::booleanValue).count();
    }

    /**
     * {@code work} on every item, at most {@code concurrency} at a time on virtual threads; whether each
     * succeeded, in the items' order. {@code work} handles its own failures: one that throws counts as false.
     */
    private static <T> List<Boolean> inParallel(List<T> items, int concurrency, Function<T, Boolean> work) {
        return inParallel(items, concurrency, work, false);
    }

    /** {@code work} on every item as above; its results in the items' order, {@code failed} for one that threw. */
    private static <T, R> List<R> inParallel(List<T> items, int concurrency, Function<T, R> work, R failed) {
        return Bounded.map(items, concurrency, work, failure -> {
            if (!(failure instanceof InterruptedException)) {
                LOG.error("Sweep work failed", failure);
            }
            return failed;
        });
    }
}
