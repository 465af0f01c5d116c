package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.checks.SweepExecution;
import dev.vigil.checks.SweepStatus;
import dev.vigil.checks.SweepTrigger;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/recovery/run}, {@code POST /api/tenants/{id}/recover} and {@code GET /api/recovery/status}
 * on DynamoDB Local, the tenant-sweep function stood in for: what runs, what is recorded, who may call them,
 * and bad bodies refused before anything is swept.
 */
class RecoveryApiTest {
    private final AdminApiHarness api = new AdminApiHarness();

    private static Optional<JsonNode> attemptOf(JsonNode run, String tenantId) {
        return StreamSupport.stream(run.path("attempts").spliterator(), false)
                .filter(a -> a.path("tenantId").asText().equals(tenantId)).findFirst();
    }

    @Test
    void theOperatorRecoversEveryUnhealthyTenantAndReadsTheCountsInTheStatus() throws IOException {
        String acme = api.roundTheClockTenant("acme");

        JsonNode run = api.send("POST", "/api/recovery/run", null, 200);

        JsonNode attempt = attemptOf(run, acme).orElseThrow(() -> new AssertionError(run.toString()));
        assertEquals("recovered", attempt.path("outcome").asText());
        assertEquals("api", attempt.path("trigger").asText());
        assertTrue(api.sweepsRequested.contains(acme));
        JsonNode status = api.send("GET", "/api/recovery/status", null, 200);
        assertEquals(run.path("recovered").asInt(), status.path("successfulRecoveries24h").asInt(), status.toString());
        assertEquals(0, status.path("failedRecoveries24h").asInt());
        assertEquals(0, status.path("pendingRecoveries").asInt());
        assertEquals(AdminApiHandlerTest.NOW.toString(), status.path("lastRecoveryTime").asText());

        api.sweepAnswer = id -> Optional.of(new SweepExecution("sw_failed0000001", id, SweepTrigger.RECOVERY, AdminApiHandlerTest.NOW, 3,
                List.of(), 0, SweepStatus.ERROR).toJson());
        JsonNode failed = api.send("POST", "/api/tenants/" + acme + "/recover", null, 200);
        assertEquals("failed", failed.path("outcome").asText(), failed.toString());
        assertEquals("manual", failed.path("trigger").asText());
        JsonNode after = api.send("GET", "/api/recovery/status", null, 200);
        assertEquals(1, after.path("failedRecoveries24h").asInt(), after.toString());
        assertEquals(1, after.path("pendingRecoveries").asInt());
        assertEquals(acme, after.path("pending").path(0).path("tenantId").asText());
    }

    @Test
    void aForcedRunAlsoSweepsAHealthyTenant() throws IOException {
        String acme = api.tenant("acme");

        JsonNode plain = api.send("POST", "/api/recovery/run", "{}", 200);
        assertTrue(attemptOf(plain, acme).isEmpty(), "a new tenant is not unhealthy: " + plain);
        JsonNode forced = api.send("POST", "/api/recovery/run", "{\"force\": true}", 200);

        assertEquals("recovered", attemptOf(forced, acme).orElseThrow().path("outcome").asText(), forced.toString());
    }

    @Test
    void aTenantKeyRecoversItsOwnTenantOnlyAndNeverRunsOrReadsRecoveryForAll() throws IOException {
        String acme = api.roundTheClockTenant("acme");
        String globex = api.roundTheClockTenant("globex");
        String key = api.key(acme, "admin");

        assertEquals(200, api.callAs(key, "POST", "/api/tenants/" + acme + "/recover", null).status());
        AdminApiHarness.Answer other = api.callAs(key, "POST", "/api/tenants/" + globex + "/recover", null);
        assertEquals(404, other.status(), "as a tenant nobody has: " + other);
        assertEquals(403, api.callAs(key, "POST", "/api/recovery/run", null).status());
        assertEquals(403, api.callAs(key, "GET", "/api/recovery/status", null).status());
        assertEquals(List.of(acme), api.sweepsRequested, "only its own tenant was swept");
        assertEquals(403, api.callAs(api.key(acme, "read-only"), "POST", "/api/tenants/" + acme + "/recover", null).status());
    }

    @Test
    void aBadBodyIsRefusedWithA400AndNothingIsSwept() throws IOException {
        api.roundTheClockTenant("acme");
        for (String body : List.of("{\"force\": \"yes\"}", "[true]", "{\"forse\": true}", "not json")) {
            AdminApiHarness.Answer answer = api.call("POST", "/api/recovery/run", body, java.util.Map.of());
            assertEquals(400, answer.status(), body + ": " + answer);
            assertTrue(!answer.error().isBlank(), answer.toString());
        }
        assertEquals(404, api.call("POST", "/api/tenants/tn_nobody00000/recover", null, java.util.Map.of()).status());
        assertTrue(api.sweepsRequested.isEmpty());
    }

    @Test
    void withTheKillSwitchOffForcingIsA503AndNothingIsSwept() throws IOException {
        AdminApiHarness off = new AdminApiHarness(java.util.Map.of("HEARTBEAT_ENABLED", "false"), null);
        String acme = off.tenant("acme");
        for (String path : List.of("/api/recovery/run", "/api/tenants/" + acme + "/recover")) {
            AdminApiHarness.Answer answer = off.call("POST", path, null, java.util.Map.of());
            assertEquals(503, answer.status(), path + ": " + answer);
            assertTrue(answer.error().contains("HEARTBEAT_ENABLED=false"), answer.error());
        }
        assertTrue(off.sweepsRequested.isEmpty());
        assertEquals(0, off.send("GET", "/api/recovery/status", null, 200).path("failedRecoveries24h").asInt());
    }

    @Test
    void aSweepTheSweepFunctionDidNotRunIsNotAFailedRecovery() throws IOException {
        String acme = api.roundTheClockTenant("acme");
        api.sweepAnswer = id -> Optional.of(dev.vigil.runtime.Json.object().put("error", "paused")
                .put("message", "tenant " + id + " is paused; resume it to sweep it"));
        AdminApiHarness.Answer one = api.call("POST", "/api/tenants/" + acme + "/recover", null, java.util.Map.of());
        assertEquals(409, one.status(), one.toString());
        JsonNode run = api.send("POST", "/api/recovery/run", null, 200);
        assertEquals("skipped", attemptOf(run, acme).orElseThrow().path("outcome").asText(), run.toString());
        JsonNode status = api.send("GET", "/api/recovery/status", null, 200);
        assertEquals(0, status.path("failedRecoveries24h").asInt(), status.toString());
        assertEquals(0, status.path("pendingRecoveries").asInt());
    }
}
