package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.checks.CheckStatus;
import dev.vigil.runtime.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The checks' health views on results recorded in DynamoDB Local: tenant "acme" has a healthy API check
 * with a secret header, a degraded database check and a critical payments check whose healthy result is
 * past its 30 s cache lifetime; tenant "globex" has an API check that went unhealthy after two healthy
 * runs. The operator sees every tenant; a tenant's key sees its own alone.
 */
class HealthViewsApiTest {
    private final AdminApiHarness api = new AdminApiHarness();
    private String acme;
    private String globex;
    private String acmeKey;
    private String acmeApi;
    private String globexApi;

    private String check(String tenant, String type, String name, String tier, String settings) throws IOException {
        AdminApiHarness.Answer created = api.call("POST", "/api/checks", "{\"type\":\"" + type + "\",\"name\":\"" + name + "\",\"tier\":\""
                + tier + "\",\"failureThreshold\":1,\"settings\":" + settings + "}", Map.of("x-vigil-tenant", tenant));
        assertEquals(201, created.status(), created.toString());
        return created.json().path("id").asText();
    }

    @BeforeEach
    void setUp() throws IOException {
        acme = api.tenant("acme");
        globex = api.tenant("globex");
        acmeKey = api.key(acme, "read-only");
        String http = "{\"url\":\"https://api.acme.example.com/health\",\"secretHeaders\":{\"Authorization\":\"Bearer topsecretWXYZ\"}}";
        acmeApi = check(acme, "http", "api", "core", http);
        String acmeDb = check(acme, "tcp", "db", "core", "{\"host\":\"db.acme.example.com\",\"port\":5432}");
        String acmePayments = check(acme, "http", "payments", "critical", "{\"url\":\"https://pay.acme.example.com/\"}");
        globexApi = check(globex, "http", "api", "core", "{\"url\":\"https://api.globex.example.com/health\"}");

        api.recordRun(acmePayments, CheckStatus.HEALTHY, 90);
        api.clock.advance(Duration.ofSeconds(60));
        api.recordRun(acmeApi, CheckStatus.HEALTHY, 120);
        api.recordRun(acmeDb, CheckStatus.DEGRADED, 700);
        api.recordRun(globexApi, CheckStatus.HEALTHY, 100);
        api.recordRun(globexApi, CheckStatus.HEALTHY, 150);
        api.recordRun(globexApi, CheckStatus.UNHEALTHY, 2500);
    }

    @Test
    void theMasterViewRollsUpEveryTenantForTheOperator() throws IOException {
        JsonNode health = api.send("GET", "/api/health", null, 200);

        assertEquals("unhealthy", health.path("status").asText(), health.toString());
        assertEquals(Json.MAPPER.readTree("{\"total\":4,\"unhealthy\":1,\"degraded\":1,\"unknown\":0,\"healthy\":2}"), health.path("counts"));
        assertEquals(Json.MAPPER.readTree("{\"degraded\":1,\"unhealthy\":1}"), health.path("alerting"));
        assertEquals(1, health.path("stale").asInt(), "the payments result is past its 30 s cache lifetime");
        assertTrue(health.path("complete").asBoolean());
        List<String> tenants = new ArrayList<>();
        health.path("tenants").forEach(t -> tenants.add(t.path("tenantId").asText()));
        assertTrue(tenants.containsAll(List.of(acme, globex, "default")), tenants.toString());
        for (JsonNode tenant : health.path("tenants")) {
            if (tenant.path("tenantId").asText().equals("default")) {
                assertEquals("healthy", tenant.path("status").asText(), "a tenant without checks is healthy");
            }
        }
    }

    @Test
    void theMasterViewPagesOverTenants() throws IOException {
        JsonNode first = api.send("GET", "/api/health?limit=1", null, 200);
        assertEquals(1, first.path("tenants").size());
        assertFalse(first.path("complete").asBoolean());

        int seen = 1;
        JsonNode page = first;
        while (page.has("nextToken")) {
            page = api.send("GET", "/api/health?limit=1&nextToken=" + page.path("nextToken").asText(), null, 200);
            seen += page.path("tenants").size();
        }
        assertEquals(3, seen, "default, acme and globex, a page each");
    }

    @Test
    void aTenantsKeySeesOnlyItsOwnRollup() throws IOException {
        AdminApiHarness.Answer answer = api.callAs(acmeKey, "GET", "/api/health", null);

        assertEquals(200, answer.status(), answer.toString());
        JsonNode health = answer.json();
        assertEquals("degraded", health.path("status").asText());
        assertEquals(3, health.path("counts").path("total").asInt());
        assertEquals(1, health.path("stale").asInt());
        assertEquals(1, health.path("tenants").size());
        assertFalse(answer.body().contains(globex), answer.body());
    }

    @Test
    void theMatrixHasARowPerServiceAndACellPerTenant() throws IOException {
        JsonNode matrix = api.send("GET", "/api/health/matrix", null, 200);

        assertTrue(matrix.path("tenants").toString().contains(acme), matrix.toString());
        JsonNode apiRow = matrix.path("services").get(0);
        assertEquals("api", apiRow.path("service").asText());
        assertEquals("http", apiRow.path("type").asText());
        assertEquals(Json.MAPPER.readTree("{\"checkId\":\"" + acmeApi + "\",\"status\":\"healthy\",\"latencyMs\":120,\"at\":\""
                + AdminApiHandlerTest.NOW.plusSeconds(62) + "\",\"stale\":false}"), apiRow.path("cells").path(acme));
        assertEquals("unhealthy", apiRow.path("cells").path(globex).path("status").asText());
        assertEquals(2500, apiRow.path("cells").path(globex).path("latencyMs").asInt());
        assertEquals(List.of("api", "db", "payments"), matrix.path("services").findValuesAsText("service"));
        JsonNode payments = matrix.path("services").get(2).path("cells");
        assertTrue(payments.path(acme).path("stale").asBoolean());
        assertFalse(payments.has(globex), "globex has no payments check");
    }

    @Test
    void aTenantsKeySeesOnlyItsOwnColumnOfTheMatrix() throws IOException {
        AdminApiHarness.Answer answer = api.callAs(acmeKey, "GET", "/api/health/matrix", null);

        assertEquals(200, answer.status(), answer.toString());
        assertEquals("[\"" + acme + "\"]", answer.json().path("tenants").toString());
        assertEquals(3, answer.json().path("services").size());
        assertFalse(answer.body().contains(globex) || answer.body().contains(globexApi), answer.body());
    }

    @Test
    void aServiceAcrossTenantsShowsEachChecksLatestResultAndLatencyHistory() throws IOException {
        JsonNode service = api.send("GET", "/api/health/services/api?limit=2", null, 200);

        assertEquals(2, service.path("checks").size(), service.toString());
        JsonNode globexCheck = null;
        for (JsonNode check : service.path("checks")) {
            if (check.path("tenantId").asText().equals(globex)) {
                globexCheck = check;
            }
        }
        assertEquals(globexApi, globexCheck.path("checkId").asText());
        assertEquals("unhealthy", globexCheck.path("status").asText());
        assertEquals("unhealthy", globexCheck.path("confirmed").asText());
        assertEquals("status in [200..299] failed: was 503", globexCheck.path("latestResult").path("reason").asText());
        assertEquals(List.of(2500, 150), List.of(globexCheck.path("history").get(0).path("latencyMs").asInt(),
                globexCheck.path("history").get(1).path("latencyMs").asInt()), "the last 2, newest first");
        assertEquals(2, globexCheck.path("history").size());
        assertEquals(400, api.call("GET", "/api/health/services/api?limit=51", null, Map.of()).status(), "at most 50 results");
    }

    @Test
    void aServiceSeenWithATenantsKeyCoversOnlyItsTenant() throws IOException {
        AdminApiHarness.Answer answer = api.callAs(acmeKey, "GET", "/api/health/services/api", null);

        assertEquals(200, answer.status(), answer.toString());
        assertEquals(1, answer.json().path("checks").size());
        assertEquals(acmeApi, answer.json().path("checks").get(0).path("checkId").asText());
        assertEquals(0, api.send("GET", "/api/health/services/nothing-by-this-name", null, 200).path("checks").size());
    }

    @Test
    void aTenantsViewShowsItsChecksWithTheirLatestResultsAndConfirmedStates() throws IOException {
        JsonNode tenant = api.send("GET", "/api/health/tenants/" + acme, null, 200);

        assertEquals("degraded", tenant.path("status").asText(), tenant.toString());
        assertEquals("acme", tenant.path("name").asText());
        assertEquals(List.of("api", "db", "payments"), tenant.path("checks").findValuesAsText("name"));
        JsonNode db = tenant.path("checks").get(1);
        assertEquals("degraded", db.path("status").asText());
        assertEquals("degraded", db.path("confirmed").asText());
        assertEquals(700, db.path("latestResult").path("latencyMs").asInt());
        assertTrue(tenant.path("checks").get(2).path("stale").asBoolean());
        assertEquals(200, api.callAs(acmeKey, "GET", "/api/health/tenants/" + acme, null).status(), "a tenant's key, its own tenant");
    }

    @Test
    void anotherTenantIsNotFoundForATenantsKey() throws IOException {
        AdminApiHarness.Answer other = api.callAs(acmeKey, "GET", "/api/health/tenants/" + globex, null);
        AdminApiHarness.Answer nobody = api.callAs(acmeKey, "GET", "/api/health/tenants/tn_zzzzzzzzzzzz", null);

        assertEquals(404, other.status(), other.toString());
        assertEquals(404, nobody.status());
        assertEquals(nobody.error().replace("tn_zzzzzzzzzzzz", globex), other.error(), "as a tenant nobody has");
    }

    @Test
    void noViewShowsSettingsOrSecrets() throws IOException {
        for (String path : List.of("/api/health", "/api/health/matrix", "/api/health/services/api", "/api/health/tenants/" + acme)) {
            String body = api.call("GET", path, null, Map.of()).body();
            for (String hidden : List.of("topsecret", "WXYZ", "api.acme.example.com", "settings")) {
                assertFalse(body.contains(hidden), path + " shows " + hidden + ": " + body);
            }
        }
    }
}
