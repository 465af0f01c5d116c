package dev.vigil.sweep;

import dev.vigil.checks.Check;
import dev.vigil.checks.CheckRunner;
import dev.vigil.checks.CheckTypes;
import dev.vigil.checks.Conditions;
import dev.vigil.checks.Probe;
import dev.vigil.checks.ProbeContext;
import dev.vigil.checks.Settings;
import dev.vigil.checks.Tier;
import dev.vigil.checks.datastores.DatastoreProbes;
import dev.vigil.checks.store.CheckStore;
import dev.vigil.checks.store.CheckTables;
import dev.vigil.checks.store.SweepLog;
import dev.vigil.domain.ActiveHours;
import dev.vigil.domain.Ids;
import dev.vigil.domain.Tenant;
import dev.vigil.fixtures.Fixture;
import dev.vigil.fixtures.InMemoryCheckSecrets;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.Metrics;
import dev.vigil.store.RollupStore;
import dev.vigil.store.TenantStore;
import dev.vigil.testkit.DynamoLocal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * The sweep's world on DynamoDB Local with the template's environment for TenantSweepFunction: a
 * hand-moved clock (at {@link Fixture#START}, a Tuesday 12:00 UTC), a recording bus, in-memory check
 * secrets and an in-process queue; tenants and checks created as the admin API creates them.
 */
final class SweepHarness {
    final Fixture f;
    final TenantStore tenants;
    final CheckStore checks;
    final SweepLog log;
    final RollupStore rollups;
    final InMemoryCheckSecrets secrets = new InMemoryCheckSecrets();
    final RecordingQueue queue = new RecordingQueue();
    /** What the sweeps' metrics write when flushed. */
    final List<String> metricLines = new CopyOnWriteArrayList<>();
    final Metrics metrics;

    SweepHarness() {
        this(Map.of());
    }

    /** With template {@code parameters} other than the defaults. */
    SweepHarness(Map<String, String> parameters) {
        f = new Fixture("TenantSweepFunction", DynamoLocal.shared().client(), parameters);
        tenants = new TenantStore(f.platform.dynamo(), f.platform.env().require("TENANTS_TABLE"));
        checks = CheckTables.from(f.platform.env(), f.platform.dynamo()).checks();
        log = SweepLog.fromEnv(f.platform.env(), f.platform.dynamo());
        rollups = new RollupStore(f.platform.dynamo(), f.platform.env().require(RollupStore.TABLE_SETTING));
        metrics = new Metrics(Metrics.DEFAULT_NAMESPACE, TenantSweepHandler.FUNCTION, f.clock, metricLines::add);
    }

    TenantSweep sweep(TenantSweep.Settings settings) {
        return sweep(settings, DatastoreProbes.all());
    }

    TenantSweep sweep(TenantSweep.Settings settings, Map<String, Probe> probes) {
        ProbeContext context = ProbeContext.fromEnv(f.platform.env(), f.clock).withApplications(f.applications())
                .withDynamo(f.platform.dynamo(), Set.of("TenantsTable", "ChecksTable"));
        return new TenantSweep(tenants, checks, secrets, new CheckRunner(probes, context), f.ledger(), log, queue, f.clock, settings,
                metrics, rollups);
    }

    /** A tenant created {@code age} ago, in {@code zone} with {@code hours}, swept every 30 minutes, private targets allowed. */
    Tenant tenant(String zone, ActiveHours hours, Duration age) {
        Instant created = f.clock.instant().minus(age);
        Tenant tenant = new Tenant(Ids.TENANT.next(), "Tenant in " + zone, ZoneId.of(zone), 30, hours, Optional.empty(), false,
                created, created, Optional.empty(), 1).withPrivateTargets(true);
        tenants.create(tenant);
        return tenant;
    }

    /** A month-old tenant watched around the clock. */
    Tenant tenant() {
        return tenant("UTC", ActiveHours.parse("00:00", "00:00"), Duration.ofDays(30));
    }

    /** A core-tier check of {@code type}, with its own {@code conditions}, stored as the admin API stores one. */
    Check check(Tenant tenant, String type, String settings, String... conditions) {
        return check(tenant, type, settings, UnaryOperator.identity(), conditions);
    }

    /** {@link #check(Tenant, String, String, String...)} with {@code adjust} applied to the definition before it is stored. */
    Check check(Tenant tenant, String type, String settings, UnaryOperator<Check> adjust, String... conditions) {
        Settings split = CheckTypes.settings(type, json(settings));
        Check check = adjust.apply(Check.define(Ids.CHECK.next(), tenant.id(), type, type + " " + Ids.CHECK.next().substring(4),
                Tier.CORE, split, Conditions.of(conditions), f.clock.instant()));
        checks.create(check, split.secretHints());
        secrets.put(check.id(), split.secrets());
        return check;
    }

    /** An http check of {@code url}. */
    Check http(Tenant tenant, String url, String... conditions) {
        return check(tenant, "http", "{'url': '" + url + "'}", conditions);
    }

    Check http(Tenant tenant, String url, UnaryOperator<Check> adjust) {
        return check(tenant, "http", "{'url': '" + url + "'}", adjust);
    }

    static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return Json.parse(text.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> sweptTenantIds(List<Tenant> among) {
        return among.stream().filter(t -> tenants.lastSweep(t.id()).isPresent()).map(Tenant::id).toList();
    }
}
