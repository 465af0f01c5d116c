package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.checks.CheckStatus;
import dev.vigil.checks.SweepExecution;
import dev.vigil.checks.SweepExecution.CheckOutcome;
import dev.vigil.checks.SweepStatus;
import dev.vigil.checks.SweepTrigger;
import dev.vigil.checks.Tier;
import dev.vigil.checks.store.SweepLog;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/tenants/{id}/health} and {@code GET /api/diagnose} on execution records in DynamoDB
 * Local: healthy, stale and failing tenants, who may read which, what a diagnosis holds, and the
 * diagnosis a page of tenants at a time.
 */
class HealthApiTest {
    private final AdminApiHarness api = new AdminApiHarness();
    private final SweepLog log = SweepLog.fromEnv(api.platform.env(), api.db.client());
    private int ids;

    private SweepExecution save(String tenant, long minutesAgo, SweepStatus status, CheckOutcome... checks) {
        SweepExecution execution = new SweepExecution("sw_health" + (ids++), tenant, SweepTrigger.SCHEDULE,
                AdminApiHandlerTest.NOW.minus(Duration.ofMinutes(minutesAgo)), 250, List.of(checks), 0, status);
        log.save(execution);
        return execution;
    }

    private static CheckOutcome outcome(String checkId, CheckStatus status, long latencyMs, String reason, String threshold) {
        return new CheckOutcome(checkId, "check " + checkId, "http", status, latencyMs, reason, Optional.ofNullable(threshold), false,
                Optional.of(Tier.CRITICAL), Optional.of(status == CheckStatus.UNKNOWN ? CheckStatus.HEALTHY : status));
    }

    @Test
    void aTenantSweptOnTimeIsHealthyWithItsLatestExecution() throws IOException {
        String acme = api.roundTheClockTenant("acme");
        SweepExecution good = save(acme, 50, SweepStatus.ALL_CLEAR);
        SweepExecution latest = save(acme, 20, SweepStatus.ALERT, outcome("chk_a", CheckStatus.UNHEALTHY, 90, "status == 200 failed: was 503",
                "status == 200"));

        JsonNode health = api.send("GET", "/api/tenants/" + acme + "/health", null, 200);

        assertEquals("healthy", health.path("status").asText(), health.toString());
        assertTrue(health.path("isHealthy").asBoolean());
        assertFalse(health.path("stale").asBoolean());
        assertEquals(good.executionId(), health.path("lastSuccessfulExecution").path("executionId").asText(),
                "an alert is a failed sweep: the all-clear before it is the last success");
        assertEquals(50, health.path("minutesSinceLastSuccess").asLong());
        assertEquals(0, health.path("daysSinceExecution").asLong());
        assertEquals(2, health.path("executionCount24h").asInt());
        assertEquals(1, health.path("failures24h").asInt());
        assertEquals(0.5, health.path("failureRate").asDouble(), "one alert in two sweeps is not yet a failing rate");
        assertEquals(60, health.path("allowedGapMinutes").asInt());
        assertEquals(latest.executionId(), health.path("latestExecution").path("executionId").asText());
        assertEquals("alert", health.path("latestExecution").path("status").asText());
        assertEquals(1, health.path("latestExecution").path("counts").path("unhealthy").asInt());
        assertTrue(health.path("latestExecution").path("checks").isMissingNode(), "a summary, without the checks");
    }

    @Test
    void staleAndFailingTenantsAreUnhealthyAndSayWhy() throws IOException {
        String stale = api.roundTheClockTenant("stale");
        save(stale, 75, SweepStatus.ALL_CLEAR);
        String failing = api.roundTheClockTenant("failing");
        save(failing, 50, SweepStatus.ERROR);
        save(failing, 40, SweepStatus.ALL_CLEAR);
        save(failing, 20, SweepStatus.ERROR);

        JsonNode staleHealth = api.send("GET", "/api/tenants/" + stale + "/health", null, 200);
        JsonNode failingHealth = api.send("GET", "/api/tenants/" + failing + "/health", null, 200);

        assertEquals("unhealthy", staleHealth.path("status").asText());
        assertEquals("no successful sweep for 75 min (interval 30 min: at most 60 min of active hours without one)",
                staleHealth.path("reasons").path(0).asText());
        assertEquals("unhealthy", failingHealth.path("status").asText());
        assertFalse(failingHealth.path("stale").asBoolean());
        assertEquals(0.67, failingHealth.path("failureRate").asDouble());
        assertEquals("failure rate 0.67 over 3 sweeps in 24 h (2 in error or with a critical check down; at most 0.5)", failingHealth.path("reasons").path(0).asText());
    }

    @Test
    void theLastSuccessIsFoundBeyondTheLastDay() throws IOException {
        String acme = api.roundTheClockTenant("acme");
        SweepExecution good = save(acme, 30 * 60, SweepStatus.ALL_CLEAR);
        save(acme, 10, SweepStatus.ERROR);

        JsonNode health = api.send("GET", "/api/tenants/" + acme + "/health", null, 200);

        assertEquals(good.executionId(), health.path("lastSuccessfulExecution").path("executionId").asText(), health.toString());
        assertEquals(1, health.path("executionCount24h").asInt(), "only the last day's are counted");
        assertTrue(health.path("stale").asBoolean());
    }

    @Test
    void aTenantsKeyReadsItsOwnHealthOnlyAndNeverTheDiagnosis() throws IOException {
        String acme = api.roundTheClockTenant("acme");
        String globex = api.roundTheClockTenant("globex");
        save(globex, 500, SweepStatus.ERROR, outcome("chk_globexsecret", CheckStatus.UNKNOWN, 5000, "globex-db timed out", null));
        for (String key : List.of(api.key(acme, "admin"), api.key(acme, "read-only"))) {
            assertEquals(200, api.callAs(key, "GET", "/api/tenants/" + acme + "/health", null).status());
            AdminApiHarness.Answer other = api.callAs(key, "GET", "/api/tenants/" + globex + "/health", null);
            assertEquals(404, other.status(), other.toString());
            assertEquals("no tenant with id '" + globex + "'", other.error(), "as a tenant nobody has");
            for (String path : List.of("/api/diagnose", "/api/diagnose?tenant=" + acme, "/api/diagnose?tenant=" + globex)) {
                AdminApiHarness.Answer diagnose = api.callAs(key, "GET", path, null);
                assertEquals(403, diagnose.status(), diagnose.toString());
                assertFalse(diagnose.json().toString().contains("globex-db"), diagnose.toString());
            }
        }
        api.send("GET", "/api/tenants/tn_zzzzzzzzzzzz/health", null, 404);
        api.send("GET", "/api/diagnose?tenant=tn_zzzzzzzzzzzz", null, 404);
        api.send("GET", "/api/diagnose?tenant=not-a-tenant", null, 400);
    }

    @Test
    void theDiagnosisOfAnUnhealthyTenantNamesWhatFailedTheLastGoodSweepErrorsAndOperations() throws IOException {
        String healthy = api.roundTheClockTenant("healthy");
        save(healthy, 10, SweepStatus.ALL_CLEAR);
        save("default", 15, SweepStatus.ALL_CLEAR);
        String broken = api.roundTheClockTenant("broken");
        SweepExecution good = save(broken, 180, SweepStatus.WARNING, outcome("chk_web", CheckStatus.DEGRADED, 950,
                "latencyMs < 800 failed: was 950", "latencyMs < 800"));
        for (int i = 0; i < 6; i++) {
            save(broken, 150 - 20L * i, SweepStatus.ERROR,
                    outcome("chk_db", CheckStatus.UNKNOWN, 5000, "timed out after 5000 ms", null),
                    outcome("chk_api", CheckStatus.UNHEALTHY, 120, "status == 200 failed: was 50" + i, "status == 200"),
                    outcome("chk_web", CheckStatus.HEALTHY, 300, "all 2 conditions hold", null));
        }

        JsonNode answer = api.send("GET", "/api/diagnose", null, 200);

        JsonNode system = answer.path("system");
        assertFalse(system.path("isSystemHealthy").asBoolean());
        assertEquals(List.of(broken), texts(system.path("needsRecovery")));
        assertTrue(answer.path("complete").asBoolean());
        Set<String> listed = new HashSet<>();
        system.path("tenants").forEach(t -> listed.add(t.path("tenantId").asText()));
        assertTrue(listed.containsAll(List.of(healthy, broken, "default")), listed.toString());
        assertEquals(0.29, system.path("averageFailureRate").asDouble(), "(0 + 6/7 + 0) over the three tenants swept in the last day");
        assertEquals(1, answer.path("diagnoses").size(), answer.toString());
        JsonNode diagnosis = answer.path("diagnoses").path(0);
        assertEquals(broken, diagnosis.path("tenantId").asText());
        assertEquals(List.of("failure rate 0.86 over 7 sweeps in 24 h (6 in error or with a critical check down; at most 0.5)",
                "no successful sweep for 180 min (interval 30 min: at most 60 min of active hours without one)").stream().sorted().toList(),
                texts(diagnosis.path("health").path("reasons")).stream().sorted().toList());
        JsonNode failing = diagnosis.path("failingChecks");
        assertEquals(2, failing.size(), failing.toString());
        assertEquals("chk_db", failing.path(0).path("checkId").asText());
        assertEquals("unknown", failing.path(0).path("status").asText());
        assertEquals(5000, failing.path(0).path("latencyMs").asLong());
        assertEquals("timed out after 5000 ms", failing.path(0).path("reason").asText());
        assertEquals("status == 200", failing.path(1).path("threshold").asText());
        assertEquals("status == 200 failed: was 505", failing.path(1).path("reason").asText(), "the latest execution's");
        assertEquals(good.executionId(), diagnosis.path("lastGoodExecution").path("executionId").asText());
        assertEquals(good.startedAt().toString(), diagnosis.path("lastGoodExecution").path("startedAt").asText());
        JsonNode samples = diagnosis.path("errorSamples");
        assertEquals(5, samples.size(), "at most five");
        assertEquals(List.of("timed out after 5000 ms", "status == 200 failed: was 505", "status == 200 failed: was 504",
                "status == 200 failed: was 503", "status == 200 failed: was 502"), reasons(samples), "newest first, each once");
        List<String> operations = new ArrayList<>();
        diagnosis.path("operations").forEach(o -> operations.add(o.path("method").asText() + " " + o.path("path").asText()));
        assertTrue(operations.containsAll(List.of("POST /api/tenants/" + broken + "/sweep", "GET /api/tenants/" + broken + "/sweeps")),
                operations.toString());

        JsonNode one = api.send("GET", "/api/diagnose?tenant=" + healthy, null, 200);
        assertTrue(one.path("system").path("isSystemHealthy").asBoolean());
        assertEquals(1, one.path("system").path("tenants").size());
        assertEquals(0, one.path("diagnoses").size());
    }

    @Test
    void theDiagnosisCoversEveryTenantAPageAtATime() throws IOException {
        Set<String> created = new HashSet<>(Set.of("default"));
        Set<String> late = new HashSet<>(Set.of("default"));
        for (int i = 0; i < 4; i++) {
            String id = api.roundTheClockTenant("tenant-" + i);
            created.add(id);
            save(id, i % 2 == 0 ? 10 : 600, SweepStatus.ALL_CLEAR);
            if (i % 2 == 1) {
                late.add(id);
            }
        }
        Set<String> seen = new HashSet<>();
        Set<String> recover = new HashSet<>();
        String path = "/api/diagnose?limit=2";
        int pages = 0;
        while (true) {
            JsonNode page = api.send("GET", path, null, 200);
            pages++;
            page.path("system").path("tenants").forEach(t -> assertTrue(seen.add(t.path("tenantId").asText()), "listed once"));
            recover.addAll(texts(page.path("system").path("needsRecovery")));
            assertTrue(page.path("system").path("tenants").size() <= 2);
            if (!page.hasNonNull("nextToken")) {
                assertTrue(page.path("complete").asBoolean());
                break;
            }
            assertFalse(page.path("complete").asBoolean(), "a page is not the whole system");
            path = "/api/diagnose?limit=2&nextToken=" + URLEncoder.encode(page.path("nextToken").asText(), StandardCharsets.UTF_8);
        }
        assertEquals(created, seen);
        assertTrue(pages >= 3, "five tenants in pages of two");
        assertEquals(late, recover, "the two tenants last swept 10 h ago, and the default tenant never swept");
        api.send("GET", "/api/diagnose?limit=0", null, 400);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(t -> texts.add(t.asText()));
        return texts;
    }

    private static List<String> reasons(JsonNode samples) {
        List<String> reasons = new ArrayList<>();
        samples.forEach(s -> reasons.add(s.path("reason").asText()));
        return reasons;
    }
}
