package dev.vigil.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.checks.CheckRunner;
import dev.vigil.checks.ProbeContext;
import dev.vigil.checks.datastores.DatastoreProbes;
import dev.vigil.domain.ActiveHours;
import dev.vigil.domain.Component;
import dev.vigil.domain.Pulse;
import dev.vigil.domain.Tenant;
import dev.vigil.runtime.Json;
import dev.vigil.store.PulseRecorder;
import dev.vigil.store.PulseStore;
import dev.vigil.store.TenantStore;
import dev.vigil.testkit.LambdaContext;
import dev.vigil.testkit.SamTemplate;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The handler, built by its composition root from the template's environment, fed the sample events
 * of events/: the schedule tick, a batch from the sweep queue, and a request to sweep one tenant.
 */
class TenantSweepHandlerTest {
    private static final ActiveHours ALWAYS = ActiveHours.parse("00:00", "00:00");
    private final Targets targets = new Targets();

    @AfterEach
    void stop() {
        targets.close();
    }

    private static String event(String name) throws IOException {
        return Files.readString(SamTemplate.locate().getParent().resolve("events").resolve(name));
    }

    private static JsonNode invoke(TenantSweepHandler handler, String event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                new LambdaContext("TenantSweepFunction", 120, 1024));
        return Json.parse(out.toString(StandardCharsets.UTF_8));
    }

    private static TenantSweepHandler handler(SweepHarness h) {
        return new TenantSweepHandler(h.f.platform, h.secrets, h.queue);
    }

    /** A tenant with the id a sample event names, created {@code age} ago, loopback targets allowed. */
    private static Tenant tenant(SweepHarness h, String id, Duration age, boolean paused) {
        Instant created = h.f.clock.instant().minus(age);
        Tenant tenant = new Tenant(id, id, ZoneId.of("UTC"), 30, ALWAYS, Optional.empty(), paused, created, created,
                Optional.empty(), 1).withPrivateTargets(true);
        h.tenants.create(tenant);
        return tenant;
    }

    @Test
    void theScheduleTickSweepsTheDueTenants() throws IOException {
        SweepHarness h = new SweepHarness();
        Tenant due = tenant(h, "tn_k3v9x2m7q4pa", Duration.ofDays(30), false);
        h.http(due, targets.url("/ok"));

        JsonNode answer = invoke(handler(h), event("schedule-tick.json"));

        assertEquals(Json.object().put("due", 1).put("swept", 1).put("queued", 0).put("postponed", 0).put("failed", 0), answer);
        assertEquals(1, targets.hits("/ok"));
    }

    @Test
    void aScheduledRunRecordsAHealthyPulseWithItsCountsOnTheSweepsSchedule() throws IOException {
        SweepHarness h = new SweepHarness();
        h.http(tenant(h, "tn_k3v9x2m7q4pa", Duration.ofDays(30), false), targets.url("/ok"));

        invoke(handler(h), event("schedule-tick.json"));

        Pulse pulse = pulses(h).find(Component.TENANT_SWEEP).orElseThrow();
        assertEquals(Pulse.Outcome.HEALTHY, pulse.outcome());
        assertEquals(Map.of("tenantsDue", 1L, "tenantsSwept", 1L, "tenantsQueued", 0L, "tenantsPostponed", 0L, "tenantsFailed", 0L),
                pulse.counts());
        assertEquals(Duration.ofMinutes(5), pulse.schedule(), "the template's SweepSchedule");
        assertEquals(h.f.clock.instant(), pulse.at());
        assertEquals(h.f.clock.instant().plus(Duration.ofMinutes(5)), pulse.nextExpected());
    }

    @Test
    void aFailedScheduledRunRecordsAnErrorPulseNamingNoTenantAndStillFails() throws IOException {
        SweepHarness h = new SweepHarness();
        tenant(h, "tn_k3v9x2m7q4pa", Duration.ofDays(30), false);
        TenantSweep broken = new TenantSweep(new TenantStore(h.f.platform.dynamo(), "NoSuchTable-tn_k3v9x2m7q4pa"), h.checks,
                h.secrets, new CheckRunner(DatastoreProbes.all(), ProbeContext.fromEnv(h.f.platform.env(), h.f.clock)), h.f.ledger(),
                h.log, h.queue, h.f.clock, TenantSweep.Settings.fromEnv(h.f.platform.env()), h.metrics, h.rollups);
        PulseRecorder recorder = new PulseRecorder(pulses(h), Component.TENANT_SWEEP, Duration.ofMinutes(5), h.f.clock);
        String tick = event("schedule-tick.json");

        assertThrows(RuntimeException.class, () -> invoke(new TenantSweepHandler(broken, h.f.clock, true, recorder, h.metrics), tick));

        Pulse pulse = pulses(h).find(Component.TENANT_SWEEP).orElseThrow();
        assertEquals(Pulse.Outcome.ERROR, pulse.outcome());
        assertTrue(pulse.errors().get(0).startsWith("run failed: "), pulse.errors().toString());
        assertFalse(pulse.errors().toString().contains("tn_k3v9x2m7q4pa"), pulse.errors().toString());
    }

    @Test
    void aScheduledRunWithTheKillSwitchOffRecordsAHealthyDisabledPulse() throws IOException {
        SweepHarness h = new SweepHarness(Map.of("HeartbeatEnabled", "false"));

        assertEquals(Json.object().put("disabled", true), invoke(handler(h), event("schedule-tick.json")));

        Pulse pulse = pulses(h).find(Component.TENANT_SWEEP).orElseThrow();
        assertEquals(Pulse.Outcome.HEALTHY, pulse.outcome());
        assertTrue(pulse.disabled());
    }

    @Test
    void onlyScheduledRunsRecordAPulse() throws IOException {
        SweepHarness h = new SweepHarness();
        h.http(tenant(h, "tn_k3v9x2m7q4pa", Duration.ofDays(1), false), targets.url("/ok"));

        invoke(handler(h), event("sweep-tenant-manual.json"));

        assertEquals(Optional.empty(), pulses(h).find(Component.TENANT_SWEEP));
    }

    private static PulseStore pulses(SweepHarness h) {
        return new PulseStore(h.f.platform.dynamo(), h.f.platform.env().require(PulseStore.TABLE_SETTING));
    }

    @Test
    void aBatchFromTheQueueSweepsItsTenantsAndReportsOnlyTheMessageWhoseSweepFailed() throws IOException {
        SweepHarness h = new SweepHarness();
        h.f.clock.set(Instant.parse("2026-11-24T12:01:00Z"));
        h.http(tenant(h, "tn_k3v9x2m7q4pa", Duration.ofDays(30), false), targets.url("/a"));
        TenantSweepTest.brokenCheck(h, tenant(h, "tn_p8r2w6y4z9qe", Duration.ofDays(30), false));
        h.http(tenant(h, "tn_c4d7f2h9j3ka", Duration.ofDays(30), false), targets.url("/c"));

        JsonNode answer = invoke(handler(h), event("sweep-batch-sqs.json"));

        assertEquals(Json.parse("{\"batchItemFailures\": [{\"itemIdentifier\": \"2e1424d4-f796-459a-8184-9c92662be6da\"}]}"), answer);
        assertEquals(List.of(1, 1), List.of(targets.hits("/a"), targets.hits("/c")), "the failed tenant's neighbour was swept too");
        JsonNode retried = invoke(handler(h), event("sweep-batch-sqs.json"));
        assertEquals(1, retried.path("batchItemFailures").size());
        assertEquals(1, targets.hits("/a"), "a retried message skips the tenants swept since it was queued");
    }

    @Test
    void aRequestForOneTenantSweepsItAtOnceAndAnswersTheExecutionRecord() throws IOException {
        SweepHarness h = new SweepHarness();
        Tenant young = tenant(h, "tn_k3v9x2m7q4pa", Duration.ofDays(1), false);
        h.http(young, targets.url("/ok"));
        targets.answer("/down", 500);
        h.http(young, targets.url("/down"));

        JsonNode execution = invoke(handler(h), event("sweep-tenant-manual.json"));

        assertEquals("tn_k3v9x2m7q4pa", execution.path("tenantId").asText());
        assertEquals("manual", execution.path("trigger").asText());
        assertEquals("alert", execution.path("status").asText());
        assertEquals(Json.parse("{\"checks\": 2, \"healthy\": 1, \"degraded\": 0, \"unhealthy\": 1, \"unknown\": 0, \"notDue\": 0}"),
                execution.path("counts"));
        assertTrue(execution.path("executionId").asText().startsWith("sw_"));
        assertEquals(execution.path("executionId").asText(), h.tenants.lastSweep(young.id()).orElseThrow().executionId());
        assertEquals(1, h.f.bus.published.size(), "the failing check's change was announced");
    }

    @Test
    void aRequestForAPausedUnknownOrMalformedTenantIsRefused() throws IOException {
        SweepHarness h = new SweepHarness();
        tenant(h, "tn_k3v9x2m7q4pa", Duration.ofDays(30), true);
        TenantSweepHandler handler = handler(h);

        assertEquals("paused", invoke(handler, event("sweep-tenant-manual.json")).path("error").asText());
        assertEquals("not_found", invoke(handler, "{\"tenantId\": \"tn_zzzzzzzzzzzz\", \"trigger\": \"recovery\"}").path("error").asText());
        assertEquals("bad_request", invoke(handler, "{\"tenantId\": \"tn_zzzzzzzzzzzz\", \"trigger\": \"schedule\"}").path("error").asText());
        assertEquals("bad_request", invoke(handler, "{\"tenantId\": \"../etc\"}").path("error").asText());
        assertEquals("bad_request", invoke(handler, "{\"hello\": 1}").path("error").asText());
        assertEquals(0, h.log.since("tn_k3v9x2m7q4pa", Instant.EPOCH).size());
    }

    @Test
    void theKillSwitchTurnsEveryEventIntoANoOpThatSucceeds() throws IOException {
        SweepHarness h = new SweepHarness(Map.of("HeartbeatEnabled", "false"));
        Tenant due = tenant(h, "tn_k3v9x2m7q4pa", Duration.ofDays(30), false);
        h.http(due, targets.url("/ok"));
        TenantSweepHandler handler = handler(h);

        assertEquals(Json.object().put("disabled", true), invoke(handler, event("schedule-tick.json")));
        assertEquals(Json.parse("{\"batchItemFailures\": []}"), invoke(handler, event("sweep-batch-sqs.json")));
        assertEquals("disabled", invoke(handler, event("sweep-tenant-manual.json")).path("error").asText());
        assertEquals(0, targets.hits("/ok"));
        assertEquals(Optional.empty(), h.tenants.lastSweep(due.id()));
        assertEquals(1, h.tenants.dueForSweep(h.f.clock.instant(), 10).size(), "still due, for when it is switched on again");
    }
}
