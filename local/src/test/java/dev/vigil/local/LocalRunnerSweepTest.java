package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.checks.Check;
import dev.vigil.checks.CheckTypes;
import dev.vigil.checks.Conditions;
import dev.vigil.checks.Settings;
import dev.vigil.checks.SweepExecution;
import dev.vigil.checks.SweepTrigger;
import dev.vigil.checks.Tier;
import dev.vigil.checks.store.CheckStore;
import dev.vigil.checks.store.CheckTables;
import dev.vigil.checks.store.SweepLog;
import dev.vigil.domain.ActiveHours;
import dev.vigil.domain.Ids;
import dev.vigil.domain.Tenant;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Json;
import dev.vigil.store.TenantStore;
import dev.vigil.testkit.CapturingHttpServer;
import dev.vigil.testkit.SamTemplate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The tenant sweep in the local runner: on its timer, and through the in-process sweep queue when the
 * runner is told to sweep no tenant itself; its pulse is then served at {@code /system/health}.
 */
class LocalRunnerSweepTest {
    @Test
    void theSweepRunsOnItsTimerAndQueuedTenantsAreSweptThroughTheInProcessQueue() throws Exception {
        RunnerConfig parsed = RunnerConfig.fromArgs(new String[] {"--port", "0", "--sweep-seconds", "1"}, Map.of());
        assertEquals("rate(1 seconds)", parsed.parameters().get("SweepSchedule"));
        Map<String, String> parameters = Map.of("SweepSchedule", "rate(1 seconds)", "SweepInlineTenants", "0",
                "RecoverySchedule", "rate(1 days)");
        RunnerConfig config = new RunnerConfig(0, parameters, "local-sweep-admin-key-01", Optional.empty(),
                Map.of("OUTBOUND_ALLOW_PRIVATE", "true"));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (CapturingHttpServer target = new CapturingHttpServer();
             LocalRunner runner = new LocalRunner(config, SamTemplate.load(), new PrintStream(console, true, StandardCharsets.UTF_8))
                     .start()) {
            runner.printBanner(Duration.ZERO);
            assertTrue(console.toString(StandardCharsets.UTF_8).contains("Tenant sweep:   every 1 s"));
            Env env = Env.of(Map.of("TENANTS_TABLE", "TenantsTable", "CHECKS_TABLE", "ChecksTable",
                    "CHECK_RESULTS_TABLE", "CheckResultsTable", SweepLog.TABLE_SETTING, "SweepExecutionsTable"));
            TenantStore tenants = new TenantStore(runner.db().client(), "TenantsTable");
            CheckStore checks = CheckTables.from(env, runner.db().client()).checks();
            Instant monthAgo = Instant.now().minus(Duration.ofDays(30));
            Tenant tenant = new Tenant(Ids.TENANT.next(), "Acme", ZoneId.of("UTC"), 5, ActiveHours.parse("00:00", "00:00"),
                    Optional.empty(), false, monthAgo, monthAgo, Optional.empty(), 1);
            Settings settings = CheckTypes.settings("http", Json.object().put("url", target.url("/health").toString()));
            checks.create(Check.define(Ids.CHECK.next(), tenant.id(), "http", "Acme API", Tier.CORE, settings, Conditions.of(),
                    Instant.now()), settings.secretHints());
            tenants.create(tenant);

            SweepLog log = SweepLog.fromEnv(env, runner.db().client());
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (log.latest(tenant.id()).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            SweepExecution execution = log.latest(tenant.id()).orElseThrow(() -> new AssertionError("not swept within 20 s"));
            assertEquals(SweepTrigger.SCHEDULE, execution.trigger());
            assertEquals(List.of("healthy"), execution.checks().stream().map(c -> c.status().wire()).toList());
            assertEquals(1, target.requests().size());
            Thread.sleep(2500);
            assertEquals(1, log.since(tenant.id(), Instant.EPOCH).size(), "swept once: the next is due in 5 minutes");

            // The runner's scheduled functions record their pulse, which /system/health serves without a key.
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + runner.port() + "/system/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());
            JsonNode pulse = Json.parse(health.body()).path("components").path("tenant-sweep");
            assertEquals("alive", pulse.path("pulse").asText(), health.body());
            assertTrue(pulse.path("counts").path("tenantsSwept").asInt() >= 0, health.body());
            assertFalse(health.body().contains(tenant.id()), "the pulse names no tenant");
        }
    }
}
