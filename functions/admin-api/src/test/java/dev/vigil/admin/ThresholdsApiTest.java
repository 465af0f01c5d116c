package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.Tenant;
import dev.vigil.runtime.Json;
import dev.vigil.store.TenantStore;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code /api/tenants/{id}/thresholds} and {@code privateTargets}: a tenant's condition overrides by
 * check type, validated per type and stored on the tenant, which its own admin key may write too; and
 * the operator's permission for a tenant's checks to reach private addresses, which only the operator
 * can give.
 */
class ThresholdsApiTest {
    private final AdminApiHarness api = new AdminApiHarness();

    private Tenant stored(String id) {
        return new TenantStore(api.db.client(), "TenantsTable").find(id).orElseThrow();
    }

    @Test
    void theOperatorSetsATenantsOverridesWhichAreStoredInTheirCanonicalTextAndReadBack() throws IOException {
        String tenant = api.tenant("acme");
        assertEquals("{}", api.send("GET", "/api/tenants/" + tenant + "/thresholds", null, 200).toString(), "none at first");

        AdminApiHarness.Answer put = api.call("PUT", "/api/tenants/" + tenant + "/thresholds",
                "{\"http\":[\"latencyMs<800\",\"warn:  status in [200,204]\"],\"tls\":[\"certificateDays > 21\"],\"dns\":[]}",
                Map.of("if-match", "\"1\""));

        assertEquals(200, put.status(), put.toString());
        assertEquals("\"2\"", put.etag(), "a versioned write of the tenant");
        JsonNode expected = Json.MAPPER.readTree("""
                {"http":["latencyMs < 800","warn: status in [200, 204]"],"tls":["certificateDays > 21"]}""");
        assertEquals(expected, put.json(), "a type without conditions has no overrides");
        AdminApiHarness.Answer read = api.call("GET", "/api/tenants/" + tenant + "/thresholds", null, Map.of());
        assertEquals(expected, read.json());
        assertEquals("\"2\"", read.etag());
        assertEquals(Map.of("http", List.of("latencyMs < 800", "warn: status in [200, 204]"), "tls", List.of("certificateDays > 21")),
                stored(tenant).thresholds());

        api.send("PUT", "/api/tenants/" + tenant + "/thresholds", "{\"tls\":[\"certificateDays > 30\"]}", 200);
        assertEquals(Map.of("tls", List.of("certificateDays > 30")), stored(tenant).thresholds(), "a PUT replaces them all");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "{\"gopher\":[\"latencyMs < 5\"]}|'gopher' is no check type; the types are http, tcp, dns, tls, statuspage, mcp, dynamodb-freshness, heartbeats, postgres, redis",
        "{\"http\":[\"latencyMs <\"]}|http: condition \"latencyMs <\": ",
        "{\"tls\":[\"status == 200\"]}|tls: condition \"status == 200\": tls checks measure no 'status'",
        "{\"http\":[\"latencyMs < \\\"fast\\\"\"]}|http: condition \"latencyMs < \"fast\"\": ",
        "{\"http\":\"latencyMs < 5\"}|http must be a list of at most 20 conditions",
        "{\"http\":[5]}|http: conditions must be strings",
        "{\"privateTargets\":true}|'privateTargets' is no check type",
        "[]|body must be a JSON object of check types"
    })
    void badOverridesGet400NamingTheTypeAndTheProblemAndNothingIsWritten(String body, String problem) throws IOException {
        String tenant = api.tenant("acme");
        api.send("PUT", "/api/tenants/" + tenant + "/thresholds", "{\"http\":[\"latencyMs < 900\"]}", 200);

        String error = api.send("PUT", "/api/tenants/" + tenant + "/thresholds", body, 400).path("error").asText();

        assertTrue(error.startsWith(problem), error);
        assertEquals(Map.of("http", List.of("latencyMs < 900")), stored(tenant).thresholds());
        assertEquals(2, stored(tenant).version());
    }

    @Test
    void aTenantsAdminKeyWritesItsOwnOverridesAReadOnlyKeyReadsThemAndNeitherReachesAnotherTenants() throws IOException {
        String acme = api.tenant("acme");
        String globex = api.tenant("globex");
        String admin = api.key(acme, "admin");
        String readOnly = api.key(acme, "read-only");
        api.send("PUT", "/api/tenants/" + globex + "/thresholds", "{\"http\":[\"latencyMs < 100\"]}", 200);

        assertEquals(200, api.callAs(admin, "PUT", "/api/tenants/" + acme + "/thresholds", "{\"http\":[\"latencyMs < 800\"]}").status());
        AdminApiHarness.Answer read = api.callAs(readOnly, "GET", "/api/tenants/" + acme + "/thresholds", null);
        assertEquals("{\"http\":[\"latencyMs < 800\"]}", read.json().toString());
        assertEquals(403, api.callAs(readOnly, "PUT", "/api/tenants/" + acme + "/thresholds", "{}").status());

        for (String key : List.of(admin, readOnly)) {
            AdminApiHarness.Answer other = api.callAs(key, "GET", "/api/tenants/" + globex + "/thresholds", null);
            assertEquals(404, other.status(), other.toString());
            assertEquals("no tenant with id '" + globex + "'", other.error(), "as a tenant nobody has");
        }
        assertEquals(404, api.callAs(admin, "PUT", "/api/tenants/" + globex + "/thresholds", "{}").status());
        assertEquals(Map.of("http", List.of("latencyMs < 100")), stored(globex).thresholds());
        assertEquals(403, api.callAs(admin, "GET", "/api/tenants/" + acme, null).status(), "the tenant itself stays the operator's");
    }

    @Test
    void aStaleIfMatchGets412AndAnUnknownTenant404() throws IOException {
        String tenant = api.tenant("acme");
        api.send("PUT", "/api/tenants/" + tenant, "{\"name\":\"Acme Corp\"}", 200);

        AdminApiHarness.Answer stale = api.call("PUT", "/api/tenants/" + tenant + "/thresholds", "{\"http\":[\"latencyMs < 800\"]}",
                Map.of("if-match", "\"1\""));

        assertEquals(412, stale.status(), stale.toString());
        assertEquals("\"2\"", stale.etag());
        assertEquals(Map.of(), stored(tenant).thresholds());
        api.send("GET", "/api/tenants/tn_zzzzzzzzzzzz/thresholds", null, 404);
        api.send("PUT", "/api/tenants/tn_zzzzzzzzzzzz/thresholds", "{}", 404);
        api.send("GET", "/api/tenants/not-a-tenant/thresholds", null, 404);
    }

    @Test
    void onlyTheOperatorAllowsPrivateTargetsAndChangingATenantKeepsItsOverrides() throws IOException {
        JsonNode created = api.send("POST", "/api/tenants", "{\"name\":\"VPC Co\",\"privateTargets\":true}", 201);
        String tenant = created.path("id").asText();
        assertTrue(created.path("privateTargets").asBoolean());
        api.send("PUT", "/api/tenants/" + tenant + "/thresholds", "{\"postgres\":[\"value < 30\"]}", 200);

        JsonNode renamed = api.send("PUT", "/api/tenants/" + tenant, "{\"name\":\"VPC Corp\"}", 200);
        assertTrue(renamed.path("privateTargets").asBoolean(), "kept");
        assertEquals(Map.of("postgres", List.of("value < 30")), stored(tenant).thresholds(), "kept");
        assertFalse(api.send("PUT", "/api/tenants/" + tenant, "{\"privateTargets\":false}", 200).path("privateTargets").asBoolean());
        assertFalse(stored(tenant).privateTargets());
        assertEquals("privateTargets must be true or false",
                api.send("PUT", "/api/tenants/" + tenant, "{\"privateTargets\":\"yes\"}", 400).path("error").asText());
        assertFalse(api.send("POST", "/api/tenants", "{\"name\":\"Plain\"}", 201).path("privateTargets").asBoolean(), "off by default");

        String key = api.key(tenant, "admin");
        assertEquals(403, api.callAs(key, "PUT", "/api/tenants/" + tenant, "{\"privateTargets\":true}").status());
        assertEquals(400, api.callAs(key, "PUT", "/api/tenants/" + tenant + "/thresholds", "{\"privateTargets\":true}").status());
        assertFalse(stored(tenant).privateTargets(), "a tenant's key never sets it");
    }
}
