package dev.vigil.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.checks.Check;
import dev.vigil.checks.CheckStatus;
import dev.vigil.checks.Probe;
import dev.vigil.checks.SweepExecution;
import dev.vigil.checks.SweepExecution.CheckOutcome;
import dev.vigil.checks.SweepStatus;
import dev.vigil.checks.SweepTrigger;
import dev.vigil.checks.datastores.DatastoreProbes;
import dev.vigil.checks.store.StoredCheck;
import dev.vigil.domain.ActiveHours;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.AlertSeverity;
import dev.vigil.domain.AlertStatus;
import dev.vigil.domain.AlertType;
import dev.vigil.domain.CheckFacts;
import dev.vigil.domain.Ids;
import dev.vigil.domain.Tenant;
import dev.vigil.fixtures.Fixture;
import dev.vigil.runtime.Json;
import dev.vigil.store.AlertStore;
import dev.vigil.store.TenantStore;
import dev.vigil.domain.Uptime;
import dev.vigil.domain.UptimePlan;
import dev.vigil.domain.UptimeState;
import dev.vigil.store.RollupStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The sweep on DynamoDB Local against real HTTP targets: which tenants a scheduled run sweeps, what a
 * sweep runs and records, the alerts it announces, and the fan-out through the queue.
 */
class TenantSweepTest {
    private static final Instant T = Fixture.START;
    private static final ActiveHours ALWAYS = ActiveHours.parse("00:00", "00:00");
    private static final TenantSweep.Settings SETTINGS = TenantSweep.Settings.DEFAULTS;

    private final SweepHarness h = new SweepHarness();
    private final Targets targets = new Targets();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        targets.close();
    }

    private Instant hours(double h) {
        return T.plusSeconds((long) (h * 3600));
    }

    private Set<String> due(Instant at) {
        return h.tenants.dueForSweep(at, 100).stream().map(Tenant::id).collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void aScheduledRunSweepsDueTenantsInsideTheirActiveHoursAndPostponesTheOthersToTheirNextStart() {
        // 12:00 UTC: 13:00 in Paris (09-21, active); 21:00 in Tokyo, whose night hours 22-06 start at 13:00 UTC;
        // 04:00 in Los Angeles (09-17), which start at 17:00 UTC.
        Tenant paris = h.tenant("Europe/Paris", ActiveHours.DEFAULT, Duration.ofDays(30));
        Tenant tokyo = h.tenant("Asia/Tokyo", ActiveHours.parse("22:00", "06:00"), Duration.ofDays(30));
        Tenant angeles = h.tenant("America/Los_Angeles", ActiveHours.parse("09:00", "17:00"), Duration.ofDays(30));
        List<Tenant> all = List.of(paris, tokyo, angeles);
        TenantSweep sweep = h.sweep(SETTINGS);

        TenantSweep.ScheduledRun noon = sweep.runScheduled(T.plusSeconds(100));

        assertEquals(new TenantSweep.ScheduledRun(3, 1, 0, 2, 0), noon);
        assertEquals(List.of(paris.id()), h.sweptTenantIds(all));
        assertEquals(Set.of(paris.id()), due(hours(0.9)), "the postponed ones leave the index until their hours start");
        assertEquals(Set.of(paris.id(), tokyo.id()), due(hours(1)));

        h.f.clock.set(hours(1));
        assertEquals(new TenantSweep.ScheduledRun(2, 2, 0, 0, 0), sweep.runScheduled(hours(1).plusSeconds(100)),
                "Tokyo's night began; Paris is due again after its 30 minutes");
        assertEquals(List.of(paris.id(), tokyo.id()), h.sweptTenantIds(all));

        // 21:30 UTC: 22:30 in Paris (over), 06:30 in Tokyo (over, past midnight), 13:30 in Los Angeles.
        h.f.clock.set(hours(9.5));
        assertEquals(new TenantSweep.ScheduledRun(3, 1, 0, 2, 0), sweep.runScheduled(hours(9.5).plusSeconds(100)));
        assertEquals(hours(9.5), h.tenants.lastSweep(angeles.id()).orElseThrow().at());
        assertEquals(hours(1), h.tenants.lastSweep(tokyo.id()).orElseThrow().at());
        assertEquals(Set.of(paris.id(), angeles.id()), due(hours(24.9)), "Tokyo waits for 22:00 tomorrow, 13:00 UTC");
        assertTrue(due(hours(25)).contains(tokyo.id()));
    }

    @Test
    void eachSweepCountsTheTenantItsDurationAndItsCheckResultsByStatus() throws Exception {
        targets.answer("/down", 503);
        Tenant tenant = h.tenant();
        h.http(tenant, targets.url("/ok"));
        h.http(tenant, targets.url("/also-ok"));
        h.http(tenant, targets.url("/down"));
        TenantSweep sweep = h.sweep(SETTINGS);

        sweep.sweepNow(tenant.id(), SweepTrigger.MANUAL);
        sweep.sweepNow(tenant.id(), SweepTrigger.MANUAL);
        h.metrics.flush();

        Map<String, JsonNode> byStatus = new HashMap<>();
        JsonNode totals = null;
        for (String text : h.metricLines) {
            JsonNode line = Json.parse(text);
            assertEquals("tenant-sweep", line.path("Function").asText());
            if (line.has("Status")) {
                byStatus.put(line.path("Status").asText(), line);
            } else {
                totals = line;
            }
        }
        assertEquals(Set.of("healthy", "unhealthy"), byStatus.keySet(), String.valueOf(h.metricLines));
        assertEquals(4, byStatus.get("healthy").path("CheckResults").asLong());
        assertEquals(2, byStatus.get("unhealthy").path("CheckResults").asLong());
        assertEquals(2, totals.path("TenantsSwept").asLong());
        assertEquals(2, totals.path("SweepDurationMs").size(), "one duration per tenant swept: " + totals);
    }

    @Test
    void youngAndPausedTenantsAreNotSweptOnScheduleButAYoungOneIsWhenForced() {
        Tenant young = h.tenant("UTC", ALWAYS, Duration.ofDays(2));
        Tenant paused = h.tenant("UTC", ALWAYS, Duration.ofDays(30));
        Tenant pausedRead = h.tenants.find(paused.id()).orElseThrow();
        Tenant pausing = new Tenant(paused.id(), paused.name(), paused.timezone(), 30, ALWAYS, Optional.empty(), true,
                paused.createdAt(), T, Optional.empty(), 2);
        assertTrue(h.tenants.updateSettings(pausedRead, pausing));
        h.http(young, targets.url("/ok"));
        TenantSweep sweep = h.sweep(SETTINGS);

        assertEquals(new TenantSweep.ScheduledRun(1, 0, 0, 1, 0), sweep.runScheduled(T.plusSeconds(100)), "the paused one is not even read");
        assertEquals(List.of(), h.sweptTenantIds(List.of(young, paused)));
        assertEquals(List.of(), h.tenants.dueForSweep(young.createdAt().plus(Duration.ofDays(7)).minusSeconds(1), 100));
        assertEquals(1, h.tenants.dueForSweep(young.createdAt().plus(Duration.ofDays(7)), 100).size(), "due once seven days old");

        TenantSweep.Requested forced = sweep.sweepNow(young.id(), SweepTrigger.MANUAL);
        SweepExecution execution = assertInstanceOf(TenantSweep.Requested.Swept.class, forced).execution();
        assertEquals(SweepTrigger.MANUAL, execution.trigger());
        assertEquals(1, execution.checks().size());
        assertEquals(new TenantSweep.Requested.Paused(paused.id()), sweep.sweepNow(paused.id(), SweepTrigger.RECOVERY));
        assertEquals(new TenantSweep.Requested.NoSuchTenant("tn_zzzzzzzzzzzz"), sweep.sweepNow("tn_zzzzzzzzzzzz", SweepTrigger.MANUAL));
        assertEquals(0, h.log.since(paused.id(), Instant.EPOCH).size());
    }

    @Test
    void aThrowingAndAHangingCheckAreUnknownWhileTheOthersCompleteAndAreRecorded() {
        targets.hang("/slow", 5_000);
        Tenant tenant = h.tenant();
        Check ok = h.http(tenant, targets.url("/ok"));
        // The slow target's probe keeps a reserve of 200 ms before the runner's own stop, ample under load.
        Check slow = h.http(tenant, targets.url("/slow"), c -> c.withTimeout(Duration.ofSeconds(2)));
        Check throwing = h.check(tenant, "tcp", "{'host': '127.0.0.1', 'port': 5432}");
        Check hanging = h.check(tenant, "dns", "{'host': 'example.com'}", c -> c.withTimeout(Duration.ofSeconds(1)));
        Check alsoOk = h.http(tenant, targets.url("/also-ok"));
        Map<String, Probe> probes = new HashMap<>(DatastoreProbes.all());
        probes.put("tcp", call -> {
            throw new IllegalStateException("the driver broke");
        });
        probes.put("dns", call -> {
            release.await();
            throw new IllegalStateException("released");
        });

        SweepExecution execution = h.sweep(SETTINGS, probes).sweep(tenant, SweepTrigger.MANUAL, T);

        Map<String, CheckOutcome> byId = new HashMap<>();
        execution.checks().forEach(c -> byId.put(c.checkId(), c));
        assertEquals(CheckStatus.HEALTHY, byId.get(ok.id()).status());
        assertEquals(CheckStatus.HEALTHY, byId.get(alsoOk.id()).status());
        assertEquals(List.of(CheckStatus.UNHEALTHY, "timed out reaching 127.0.0.1"),
                List.of(byId.get(slow.id()).status(), byId.get(slow.id()).reason()), "a slow target is what the probe measured");
        assertEquals(List.of(CheckStatus.UNKNOWN, "did not finish within 1 s"),
                List.of(byId.get(hanging.id()).status(), byId.get(hanging.id()).reason()), "a probe that hangs is stopped");
        assertEquals(List.of(CheckStatus.UNKNOWN, "the probe failed: IllegalStateException: the driver broke"),
                List.of(byId.get(throwing.id()).status(), byId.get(throwing.id()).reason()));
        assertEquals(SweepStatus.ERROR, execution.status());
        for (Check check : List.of(ok, slow, throwing, hanging, alsoOk)) {
            assertEquals(1, h.checks.find(check.id()).orElseThrow().runs(), "every run is recorded");
        }
    }

    @Test
    void theOverallStatusIsTheWorstOfTheChecksLatestResults() {
        targets.answer("/down", 503);
        Tenant tenant = h.tenant();
        TenantSweep sweep = h.sweep(SETTINGS);
        List<SweepStatus> statuses = new ArrayList<>();
        List<Runnable> additions = List.of(
                () -> h.http(tenant, targets.url("/ok")),
                () -> h.http(tenant, targets.url("/slowish"), "warn: latencyMs < 0"),
                () -> h.http(tenant, targets.url("/down")),
                () -> h.check(tenant, "dynamodb-freshness", "{'table': 'TenantsTable', 'keyName': 'id', 'keyValue': 'x',"
                        + " 'timeAttribute': 'createdAt'}"));
        for (Runnable addCheck : additions) {
            addCheck.run();
            h.f.clock.advance(Duration.ofMinutes(1));
            statuses.add(sweep.sweep(tenant, SweepTrigger.MANUAL, h.f.clock.instant()).status());
        }
        assertEquals(List.of(SweepStatus.ALL_CLEAR, SweepStatus.WARNING, SweepStatus.ALERT, SweepStatus.ERROR), statuses,
                "healthy, then degraded, unhealthy, and a check that could not run (Vigil's own table is refused)");

        h.f.clock.advance(Duration.ofMinutes(1));
        SweepExecution nothingDue = sweep.sweep(tenant, SweepTrigger.SCHEDULE, h.f.clock.instant());
        assertEquals(List.of(), nothingDue.checks(), "core checks ran a minute ago");
        assertEquals(4, nothingDue.notDue());
        assertEquals(SweepStatus.ERROR, nothingDue.status(), "read from the checks' latest results");
    }

    @Test
    void failureAndRecoveryThresholdsAnnounceEachConfirmedChangeOnceAndAnUnchangedStatusNothing() {
        Tenant tenant = h.tenant();
        Check api = h.http(tenant, targets.url("/api"), c -> c.withThresholds(2, 2));
        TenantSweep sweep = h.sweep(SETTINGS);
        List<Boolean> alerted = new ArrayList<>();
        for (int status : new int[] {500, 500, 500, 200, 200, 200}) {
            targets.answer("/api", status);
            h.f.clock.advance(Duration.ofMinutes(5));
            SweepExecution execution = sweep.sweep(tenant, SweepTrigger.SCHEDULE, h.f.clock.instant());
            alerted.add(execution.checks().get(0).alerted());
        }

        assertEquals(List.of(false, true, false, false, true, false), alerted);
        List<AlertEvent> published = h.f.bus.published;
        assertEquals(List.of(AlertType.CHECK_STATUS_CHANGED, AlertType.CHECK_STATUS_CHANGED), h.f.bus.types());
        CheckFacts down = published.get(0).check().orElseThrow();
        assertEquals(List.of(CheckFacts.UNHEALTHY, CheckFacts.HEALTHY, "http"), List.of(down.checkStatus(), down.previousCheckStatus(),
                down.checkType()));
        assertEquals(Optional.of("status in [200..299]"), down.threshold());
        assertEquals(api.id(), published.get(0).applicationId());
        assertEquals(tenant.id(), published.get(0).tenantId());
        CheckFacts up = published.get(1).check().orElseThrow();
        assertEquals(List.of(CheckFacts.HEALTHY, CheckFacts.UNHEALTHY), List.of(up.checkStatus(), up.previousCheckStatus()));
        assertEquals(Optional.empty(), up.threshold());
        assertEquals(6, h.checks.find(api.id()).orElseThrow().runs());
    }

    @Test
    void everyRecordedRunAddsToTheChecksUptimeAndEachConfirmedChangeRollsItsStatusUp() {
        Tenant tenant = h.tenant();
        Check api = h.http(tenant, targets.url("/api"), c -> c.withThresholds(2, 2));
        TenantSweep sweep = h.sweep(SETTINGS);
        for (int status : new int[] {500, 500, 500, 200, 200, 200}) {
            targets.answer("/api", status);
            h.f.clock.advance(Duration.ofMinutes(5));
            sweep.sweep(tenant, SweepTrigger.SCHEDULE, h.f.clock.instant());
        }

        Instant now = h.f.clock.instant().plus(Duration.ofMinutes(1));
        String subject = RollupStore.check(api.id());
        UptimePlan plan = UptimePlan.of(now.minus(Duration.ofHours(24)), now, now);
        Uptime uptime = Uptime.of(plan, h.rollups.readUpTo(subject, plan.buckets(), now).counts());
        assertEquals(Duration.ofMinutes(15).toMillis(), uptime.downMillis(), "confirmed down at the 2nd run, up at the 5th");
        assertEquals(Duration.ofMinutes(11).toMillis(), uptime.upMillis(), "from the first run to the 2nd, and since the 5th");
        assertEquals(6, uptime.results());
        assertEquals(6, uptime.latencyCount());
        assertEquals(Optional.of(new RollupStore.Watermark(T.plus(Duration.ofMinutes(25)), Optional.of(UptimeState.UP))),
                h.rollups.watermark(subject));
    }

    @Test
    void aCheckConfirmedUnhealthyOpensOneAlertOfItsTierAndItsRecoveryResolvesIt() {
        Tenant tenant = h.tenant();
        Check api = h.http(tenant, targets.url("/api"), c -> c.withThresholds(1, 1));
        TenantSweep sweep = h.sweep(SETTINGS);
        targets.answer("/api", 500);
        h.f.clock.advance(Duration.ofMinutes(5));
        sweep.sweep(tenant, SweepTrigger.SCHEDULE, h.f.clock.instant());

        AlertStore alerts = h.f.tables().alerts();
        AlertStore.Alert open = alerts.standing(tenant.id(), api.id()).orElseThrow();
        assertEquals(AlertSeverity.P2, open.severity(), "unhealthy in the core tier");
        assertEquals(Optional.of("core"), h.f.bus.published.get(0).check().orElseThrow().tier(), "the event carries the tier");

        targets.answer("/api", 200);
        h.f.clock.advance(Duration.ofMinutes(5));
        sweep.sweep(tenant, SweepTrigger.SCHEDULE, h.f.clock.instant());
        AlertStore.Alert resolved = alerts.find(open.id()).orElseThrow();
        assertEquals(AlertStatus.RESOLVED, resolved.status());
        assertEquals(Optional.of(AlertStore.AUTO), resolved.resolvedBy());
        assertEquals(Map.of(AlertSeverity.P1, 0, AlertSeverity.P2, 0, AlertSeverity.P3, 0), alerts.standingBySeverity(tenant.id()));
    }

    @Test
    void twoRacingSweepsOfATenantAnnounceAChangeOnce() {
        targets.answer("/api", 500);
        Tenant tenant = h.tenant();
        h.http(tenant, targets.url("/api"));
        TenantSweep sweep = h.sweep(SETTINGS);

        CompletableFuture<SweepExecution> one = CompletableFuture.supplyAsync(() -> sweep.sweep(tenant, SweepTrigger.MANUAL, T));
        CompletableFuture<SweepExecution> other = CompletableFuture.supplyAsync(() -> sweep.sweep(tenant, SweepTrigger.MANUAL, T));
        List<SweepExecution> both = List.of(one.join(), other.join());

        assertEquals(1, h.f.bus.published.size(), "one alert for one change");
        assertEquals(1, both.stream().filter(e -> e.checks().get(0).alerted()).count());
        assertEquals(2, h.log.since(tenant.id(), T).size(), "both sweeps are on record");
    }

    @Test
    void theExecutionIsSavedWithItsRetentionAndTheTenantKeepsItsLastSweep() {
        Tenant tenant = h.tenant();
        h.http(tenant, targets.url("/ok"));
        SweepExecution execution = h.sweep(SETTINGS).sweep(tenant, SweepTrigger.SCHEDULE, T);

        assertEquals(Optional.of(execution), h.log.latest(tenant.id()));
        Map<String, AttributeValue> item = h.f.platform.dynamo().getItem(g -> g.tableName("SweepExecutionsTable").key(Map.of(
                "tenantId", AttributeValue.fromS(tenant.id()), "startedAt", AttributeValue.fromN(Long.toString(T.toEpochMilli()))))).item();
        assertEquals(T.plus(Duration.ofDays(30)).getEpochSecond(), Long.parseLong(item.get("expiresAt").n()), "SweepRetentionDays");
        assertEquals(Optional.of(new TenantStore.LastSweep(T, "all_clear", execution.executionId())), h.tenants.lastSweep(tenant.id()));
        assertEquals(Optional.of(T), h.tenants.find(tenant.id()).orElseThrow().lastSweepAt());
        assertEquals(List.of(), h.tenants.dueForSweep(T.plus(Duration.ofMinutes(29)), 100), "next due one interval later");
        assertEquals(1, h.tenants.dueForSweep(T.plus(Duration.ofMinutes(30)), 100).size());
    }

    @Test
    void aTenantsThresholdOverridesJudgeItsChecksAndABadOneIsReported() {
        Tenant strict = h.tenant();
        Tenant read = h.tenants.find(strict.id()).orElseThrow();
        Tenant overriding = new Tenant(strict.id(), strict.name(), strict.timezone(), 30, ALWAYS, Optional.empty(), false,
                strict.createdAt(), T, Optional.empty(), 2, true, Map.of("http", List.of("latencyMs < 0"), "tcp", List.of("latencyMs <<")));
        assertTrue(h.tenants.updateSettings(read, overriding));
        h.http(strict, targets.url("/ok"));
        h.check(strict, "tcp", "{'host': '127.0.0.1', 'port': 9}");

        SweepExecution execution = h.sweep(SETTINGS).sweep(h.tenants.find(strict.id()).orElseThrow(), SweepTrigger.MANUAL, T);

        CheckOutcome http = execution.checks().stream().filter(c -> c.type().equals("http")).findFirst().orElseThrow();
        assertEquals(CheckStatus.UNHEALTHY, http.status());
        assertEquals(Optional.of("latencyMs < 0"), http.threshold());
        CheckOutcome tcp = execution.checks().stream().filter(c -> c.type().equals("tcp")).findFirst().orElseThrow();
        assertEquals(CheckStatus.UNKNOWN, tcp.status());
        assertTrue(tcp.reason().startsWith("misconfigured: the tenant's tcp threshold override: "), tcp.reason());
    }

    @Test
    void privateTargetsAreRefusedUnlessTheTenantIsAllowedThem() {
        Tenant tenant = h.tenant();
        Tenant read = h.tenants.find(tenant.id()).orElseThrow();
        Tenant publicOnly = new Tenant(tenant.id(), tenant.name(), tenant.timezone(), 30, ALWAYS, Optional.empty(), false,
                tenant.createdAt(), T, Optional.empty(), 2);
        assertTrue(h.tenants.updateSettings(read, publicOnly));
        h.http(tenant, targets.url("/ok"));

        SweepExecution execution = h.sweep(SETTINGS).sweep(h.tenants.find(tenant.id()).orElseThrow(), SweepTrigger.MANUAL, T);

        assertEquals(CheckStatus.UNKNOWN, execution.checks().get(0).status());
        assertTrue(execution.checks().get(0).reason().contains("refused"), execution.checks().get(0).reason());
        assertEquals(0, targets.hits("/ok"), "nothing was sent to the loopback address");
    }

    @Test
    void aTenantWithNoSettingsOfItsOwnIsSweptWithTheDefaults() {
        String id = Ids.TENANT.next();
        h.f.platform.dynamo().putItem(p -> p.tableName("TenantsTable").item(Map.of("id", AttributeValue.fromS(id),
                "createdAt", AttributeValue.fromN(Long.toString(T.minus(Duration.ofDays(30)).toEpochMilli())),
                "sweepShard", AttributeValue.fromS(TenantStore.sweepShard(id)),
                "nextSweepAt", AttributeValue.fromN(Long.toString(T.minus(Duration.ofDays(1)).toEpochMilli())))));
        TenantSweep sweep = h.sweep(SETTINGS);

        assertEquals(1, sweep.runScheduled(T.plusSeconds(100)).swept(), "12:00 UTC is inside the default 09:00-21:00 UTC");
        assertEquals(List.of(), h.tenants.dueForSweep(T.plus(Duration.ofMinutes(29)), 100));
        assertEquals(1, h.tenants.dueForSweep(T.plus(Duration.ofMinutes(30)), 100).size(), "the default interval, 30 minutes");
    }

    @Test
    void moreDueTenantsThanTheInlineLimitGoToTheQueueAndTheConsumerSweepsThem() {
        List<Tenant> fleet = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            Tenant tenant = h.tenant();
            h.http(tenant, targets.url("/t" + i));
            fleet.add(tenant);
        }
        TenantSweep sweep = h.sweep(new TenantSweep.Settings(2, Duration.ofDays(7), 2000));

        assertEquals(new TenantSweep.ScheduledRun(23, 2, 21, 0, 0), sweep.runScheduled(T.plusSeconds(100)));
        assertEquals(List.of(10, 10, 1), h.queue.sent.stream().map(m -> m.tenantIds().size()).toList());
        assertEquals(2, h.sweptTenantIds(fleet).size());
        h.f.clock.advance(Duration.ofMinutes(5));
        assertEquals(0, sweep.runScheduled(h.f.clock.instant().plusSeconds(100)).due(), "the queued tenants are leased");

        Map<String, SweepMessage> delivered = new LinkedHashMap<>();
        h.queue.sent.forEach(m -> delivered.put("m" + delivered.size(), m));
        assertEquals(Set.of(), sweep.sweepQueued(delivered));
        assertEquals(23, h.sweptTenantIds(fleet).size());
        for (int i = 0; i < 23; i++) {
            assertEquals(1, targets.hits("/t" + i), "tenant " + i + " swept once");
        }

        assertEquals(Set.of(), sweep.sweepQueued(delivered), "delivered again");
        assertEquals(23, fleet.stream().mapToInt(t -> h.log.since(t.id(), Instant.EPOCH).size()).sum(),
                "a tenant swept since it was queued is not swept again");
    }

    @Test
    void aQueuedTenantWhoseSweepFailsFailsOnlyItsOwnMessage() {
        Tenant good = h.tenant();
        Tenant broken = h.tenant();
        h.http(good, targets.url("/ok"));
        brokenCheck(h, broken);
        TenantSweep sweep = h.sweep(SETTINGS);

        Set<String> failed = sweep.sweepQueued(Map.of("first", new SweepMessage(List.of(good.id()), T.minusSeconds(1)),
                "second", new SweepMessage(List.of(broken.id()), T.minusSeconds(1))));

        assertEquals(Set.of("second"), failed);
        assertEquals(List.of(good.id()), h.sweptTenantIds(List.of(good, broken)));
    }

    @Test
    void disabledChecksDoNotRun() {
        Tenant tenant = h.tenant();
        Check off = h.http(tenant, targets.url("/off"), c -> c.withEnabled(false));
        SweepExecution execution = h.sweep(SETTINGS).sweep(tenant, SweepTrigger.MANUAL, T);
        assertEquals(List.of(), execution.checks());
        assertEquals(0, targets.hits("/off"));
        assertFalse(h.checks.find(off.id()).map(StoredCheck::latest).orElseThrow().isPresent());
    }

    /** A check item whose settings are not JSON: listing the tenant's checks fails, so its sweep does. */
    static void brokenCheck(SweepHarness h, Tenant tenant) {
        h.f.platform.dynamo().putItem(p -> p.tableName("ChecksTable").item(Map.of("id", AttributeValue.fromS(Ids.CHECK.next()),
                "tenantId", AttributeValue.fromS(tenant.id()), "settings", AttributeValue.fromS("{not json"))));
    }

    @Test
    void waitingFollowsTheTenantsZoneAcrossMidnight() {
        Tenant night = new Tenant("tn_k3v9x2m7q4pa", "Night shift", ZoneId.of("America/New_York"), 30, ActiveHours.parse("22:00", "06:00"),
                Optional.empty(), false, T.minus(Duration.ofDays(30)), T, Optional.empty(), 1);
        // 02:00 New York (07:00 UTC) is inside; 12:00 UTC (07:00) is after the night, which starts again at 03:00 UTC.
        assertEquals(Optional.empty(), TenantSweep.waitUntil(night, Instant.parse("2026-11-24T07:00:00Z"), Duration.ofDays(7)));
        assertEquals(Optional.of(Instant.parse("2026-11-25T03:00:00Z")), TenantSweep.waitUntil(night, T, Duration.ofDays(7)));
        Tenant young = new Tenant("tn_k3v9x2m7q4pb", "New", ZoneId.of("UTC"), 30, ActiveHours.DEFAULT, Optional.empty(), false,
                Instant.parse("2026-11-23T23:00:00Z"), T, Optional.empty(), 1);
        assertEquals(Optional.of(Instant.parse("2026-11-30T23:00:00Z").plus(Duration.ofHours(10))),
                TenantSweep.waitUntil(young, T, Duration.ofDays(7)), "seven days old at 23:00, outside its hours until 09:00");
    }
}
