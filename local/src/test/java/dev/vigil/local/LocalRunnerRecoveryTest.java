package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.checks.Check;
import dev.vigil.checks.CheckTypes;
import dev.vigil.checks.Conditions;
import dev.vigil.checks.Settings;
import dev.vigil.checks.SweepExecution;
import dev.vigil.checks.SweepTrigger;
import dev.vigil.checks.Tier;
import dev.vigil.checks.recovery.RecoveryAttempt;
import dev.vigil.checks.store.CheckTables;
import dev.vigil.checks.store.RecoveryLog;
import dev.vigil.checks.store.SweepLog;
import dev.vigil.domain.ActiveHours;
import dev.vigil.domain.Component;
import dev.vigil.domain.Ids;
import dev.vigil.domain.Tenant;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Json;
import dev.vigil.store.PulseStore;
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
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Recovery in the local runner, on its own timer: a tenant whose sweep schedule will not come round
 * again for a day is forced through the in-process sweep function; the API's recovery routes and the
 * pulse at {@code /system/health} show it.
 */
class LocalRunnerRecoveryTest {
    private static final String KEY = "local-recovery-admin-key-01";

    @Test
    void aStaleTenantIsRecoveredOnTheRecoveryTimerWhileTheSweepScheduleIsSilent() throws Exception {
        RunnerConfig parsed = RunnerConfig.fromArgs(new String[] {"--port", "0", "--recovery-seconds", "2"}, Map.of());
        assertEquals("rate(2 seconds)", parsed.parameters().get("RecoverySchedule"));
        Map<String, String> parameters = Map.of("SweepSchedule", "rate(1 days)", "RecoverySchedule", "rate(1 seconds)");
        RunnerConfig config = new RunnerConfig(0, parameters, KEY, Optional.empty(), Map.of("OUTBOUND_ALLOW_PRIVATE", "true"));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (CapturingHttpServer target = new CapturingHttpServer();
             LocalRunner runner = new LocalRunner(config, SamTemplate.load(), new PrintStream(console, true, StandardCharsets.UTF_8))
                     .start()) {
            runner.printBanner(Duration.ZERO);
            assertTrue(console.toString(StandardCharsets.UTF_8).contains("Recovery:       every 1 s"), console.toString());
            PulseStore pulses = new PulseStore(runner.db().client(), "PulseTable");
            // The sweep's first (and, at rate(1 days), only) scheduled run finishes before the tenant exists.
            waitFor(() -> pulses.find(Component.TENANT_SWEEP).isPresent(), "the sweep's first run");
            Env env = Env.of(Map.of("TENANTS_TABLE", "TenantsTable", "CHECKS_TABLE", "ChecksTable",
                    "CHECK_RESULTS_TABLE", "CheckResultsTable", SweepLog.TABLE_SETTING, "SweepExecutionsTable",
                    RecoveryLog.TABLE_SETTING, "RecoveryTable"));
            Instant monthAgo = Instant.now().minus(Duration.ofDays(30));
            Tenant tenant = new Tenant(Ids.TENANT.next(), "Acme", ZoneId.of("UTC"), 5, ActiveHours.parse("00:00", "00:00"),
                    Optional.empty(), false, monthAgo, monthAgo, Optional.empty(), 1);
            Settings settings = CheckTypes.settings("http", Json.object().put("url", target.url("/health").toString()));
            CheckTables.from(env, runner.db().client()).checks().create(Check.define(Ids.CHECK.next(), tenant.id(), "http",
                    "Acme API", Tier.CORE, settings, Conditions.of(), Instant.now()), settings.secretHints());
            new TenantStore(runner.db().client(), "TenantsTable").create(tenant);

            SweepLog log = SweepLog.fromEnv(env, runner.db().client());
            RecoveryLog recoveries = RecoveryLog.fromEnv(env, runner.db().client());
            waitFor(() -> !recoveries.attempts(tenant.id(), 1).isEmpty(), "a recovery attempt");
            RecoveryAttempt attempt = recoveries.attempts(tenant.id(), 1).getFirst();
            assertEquals(RecoveryAttempt.Outcome.RECOVERED, attempt.outcome(), attempt.toString());
            SweepExecution execution = log.latest(tenant.id()).orElseThrow();
            assertEquals(SweepTrigger.RECOVERY, execution.trigger(), "forced by recovery, not by the silent sweep schedule");
            assertEquals(execution.executionId(), attempt.executionId().orElseThrow());
            assertEquals(List.of("healthy"), execution.checks().stream().map(c -> c.status().wire()).toList());

            JsonNode status = get(runner, "/api/recovery/status");
            assertTrue(status.path("successfulRecoveries24h").asInt() >= 1, status.toString());
            JsonNode recovered = post(runner, "/api/tenants/" + tenant.id() + "/recover");
            assertEquals("recovered", recovered.path("outcome").asText(), recovered.toString());
            assertEquals("manual", recovered.path("trigger").asText());
            waitFor(() -> pulses.find(Component.RECOVERY).isPresent(), "the recovery pulse");
            JsonNode health = get(runner, "/system/health");
            assertEquals("alive", health.path("components").path("recovery").path("pulse").asText(), health.toString());
        }
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not happen within 30 s");
            }
            Thread.sleep(100);
        }
    }

    private static JsonNode get(LocalRunner runner, String path) throws Exception {
        return send(runner, HttpRequest.newBuilder(URI.create("http://localhost:" + runner.port() + path)).GET());
    }

    private static JsonNode post(LocalRunner runner, String path) throws Exception {
        return send(runner, HttpRequest.newBuilder(URI.create("http://localhost:" + runner.port() + path))
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    private static JsonNode send(LocalRunner runner, HttpRequest.Builder request) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(request.header("authorization", "Bearer " + KEY).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        return Json.parse(answer.body());
    }
}
