package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.runtime.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@code /api/tenants}: the operator creates, reads, changes and deletes tenants; the default tenant exists from the first request. */
class TenantsApiTest {
    private final AdminApiHarness api = new AdminApiHarness();

    @Test
    void createAnswers201WithDefaultsAndTheTenantIsListedWithTheDefaultTenant() throws IOException {
        AdminApiHarness.Answer created = api.call("POST", "/api/tenants", "{\"name\":\"Acme\"}", Map.of());

        assertEquals(201, created.status(), created.toString());
        JsonNode tenant = created.json();
        assertTrue(tenant.path("id").asText().matches("tn_[a-z0-9]{12}"), tenant.toString());
        assertEquals("/api/tenants/" + tenant.path("id").asText(), created.headers().get("location"));
        assertEquals("\"1\"", created.etag());
        assertEquals(Json.MAPPER.readTree("""
                {"name":"Acme","timezone":"UTC","sweepIntervalMinutes":30,"activeHours":{"start":"09:00","end":"21:00"},
                 "quietHours":null,"paused":false,"privateTargets":false,"lastSweepAt":null,"version":1,"pingKey":null}"""), without(tenant, "id", "createdAt", "updatedAt",
                "nextSweepAt"));
        assertEquals(AdminApiHandlerTest.NOW.plus(Duration.ofMinutes(30)).toString(), tenant.path("nextSweepAt").asText());

        JsonNode list = api.send("GET", "/api/tenants", null, 200).path("tenants");
        assertEquals(2, list.size(), list.toString());
        assertEquals("default", list.get(0).path("id").asText(), "created on first use, before Acme");
        assertEquals(without(tenant, "pingKey"), list.get(1), "listed as shown, but for the ping key (one read per tenant)");
    }

    @Test
    void everySettingIsStoredAndAnUpdateChangesOnlyWhatItNames() throws IOException {
        String id = api.send("POST", "/api/tenants", """
                {"name":"Acme","timezone":"Europe/Paris","sweepIntervalMinutes":15,"activeHours":{"start":"07:30","end":"19:00"},
                 "quietHours":{"start":"22:00","end":"06:00"},"paused":true}""", 201).path("id").asText();

        JsonNode got = api.send("GET", "/api/tenants/" + id, null, 200);
        assertEquals("Europe/Paris", got.path("timezone").asText());
        assertEquals(15, got.path("sweepIntervalMinutes").asInt());
        assertEquals("07:30", got.path("activeHours").path("start").asText());
        assertEquals("22:00", got.path("quietHours").path("start").asText());
        assertTrue(got.path("paused").asBoolean());
        assertTrue(got.path("nextSweepAt").isNull(), "a paused tenant is not due");

        api.clock.advance(Duration.ofMinutes(1));
        JsonNode changed = api.send("PUT", "/api/tenants/" + id, "{\"paused\":false,\"quietHours\":null}", 200);

        assertEquals("Europe/Paris", changed.path("timezone").asText());
        assertEquals(15, changed.path("sweepIntervalMinutes").asInt());
        assertTrue(changed.path("quietHours").isNull());
        assertFalse(changed.path("paused").asBoolean());
        assertEquals(2, changed.path("version").asInt());
        assertEquals(changed, api.send("GET", "/api/tenants/" + id, null, 200));
        JsonNode again = api.send("PUT", "/api/tenants/" + id, Json.write(changed), 200);
        assertEquals(without(changed, "version", "updatedAt"), without(again, "version", "updatedAt"), "what it read can be sent back");
    }

    @Test
    void aStaleIfMatchGets412AndChangesNothing() throws IOException {
        String id = api.tenant("Acme");
        api.send("PUT", "/api/tenants/" + id, "{\"name\":\"Acme Corp\"}", 200);

        AdminApiHarness.Answer stale = api.call("PUT", "/api/tenants/" + id, "{\"name\":\"Old\"}", Map.of("if-match", "\"1\""));

        assertEquals(412, stale.status(), stale.toString());
        assertEquals("\"2\"", stale.etag());
        assertEquals("Acme Corp", api.send("GET", "/api/tenants/" + id, null, 200).path("name").asText());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{}", "{\"name\":\"\"}", "{\"name\":\"a\\u202eb\"}", "{\"name\":\"x\",\"timezone\":\"Mars/Olympus\"}",
            "{\"name\":\"x\",\"timezone\":\"+02:00\"}", "{\"name\":\"x\",\"sweepIntervalMinutes\":4}",
            "{\"name\":\"x\",\"sweepIntervalMinutes\":1441}", "{\"name\":\"x\",\"sweepIntervalMinutes\":\"30\"}",
            "{\"name\":\"x\",\"activeHours\":{\"start\":\"9\",\"end\":\"21:00\"}}", "{\"name\":\"x\",\"activeHours\":\"always\"}",
            "{\"name\":\"x\",\"quietHours\":{\"start\":\"22:00\",\"end\":\"22:00\"}}", "{\"name\":\"x\",\"paused\":\"no\"}",
            "{\"name\":\"x\",\"id\":\"tn_k3v9x2m7q4pa\"}", "{\"name\":\"x\",\"owner\":\"me\"}", "[]"})
    void badInputGets400AndCreatesNoTenant(String body) throws IOException {
        api.send("GET", "/api/tenants", null, 200);
        int before = api.count("TenantsTable");

        AdminApiHarness.Answer answer = api.call("POST", "/api/tenants", body, Map.of());

        assertEquals(400, answer.status(), answer.toString());
        assertFalse(answer.error().isBlank());
        assertEquals(before, api.count("TenantsTable"));
    }

    @Test
    void theDefaultTenantIsNeverDeletedAndATenantWithApplicationsIsNotDeleted() throws IOException {
        String id = api.tenant("Acme");
        String key = api.key(id, "admin");
        String app = api.callAs(key, "POST", "/api/applications", "{\"name\":\"billing\",\"intervalSeconds\":60}").json()
                .path("id").asText();

        assertEquals(409, api.call("DELETE", "/api/tenants/default", null, Map.of()).status());
        AdminApiHarness.Answer inUse = api.call("DELETE", "/api/tenants/" + id, null, Map.of());
        assertEquals(409, inUse.status(), inUse.toString());
        assertTrue(inUse.error().contains("applications, channels or checks"), inUse.toString());
        assertEquals(200, api.callAs(key, "GET", "/api/applications", null).status(), "its keys still work");

        assertEquals(204, api.callAs(key, "DELETE", "/api/applications/" + app, null).status());
        assertEquals(204, api.call("DELETE", "/api/tenants/" + id, null, Map.of()).status());

        assertEquals(404, api.call("GET", "/api/tenants/" + id, null, Map.of()).status());
        assertEquals(401, api.callAs(key, "GET", "/api/applications", null).status(), "its keys went with it");
        assertEquals(0, api.count("ApiKeysTable"));
    }

    @Test
    void unknownAndMalformedTenantIdsGet404() throws IOException {
        for (String id : new String[] {"tn_zzzzzzzzzzzz", "acme", "app_k3v9x2m7q4pa", "tn_%2e%2e"}) {
            for (String method : new String[] {"GET", "PUT", "DELETE"}) {
                AdminApiHarness.Answer answer = api.call(method, "/api/tenants/" + id, method.equals("PUT") ? "{\"name\":\"x\"}" : null,
                        Map.of());
                assertEquals(404, answer.status(), method + " " + id + ": " + answer);
            }
            assertEquals(404, api.call("GET", "/api/tenants/" + id + "/keys", null, Map.of()).status());
            assertEquals(404, api.call("POST", "/api/tenants/" + id + "/keys", "{\"name\":\"ci\",\"role\":\"admin\"}", Map.of()).status());
        }
        assertEquals(0, api.count("ApiKeysTable"));
    }

    @Test
    void theOperatorActsOnTheTenantItNamesInXVigilTenant() throws IOException {
        String acme = api.tenant("Acme");
        String acmeKey = api.key(acme, "read-only");

        JsonNode created = api.call("POST", "/api/applications", "{\"name\":\"acme billing\",\"intervalSeconds\":60}",
                Map.of("x-vigil-tenant", acme)).json();
        api.send("POST", "/api/applications", "{\"name\":\"house billing\",\"intervalSeconds\":60}", 201);

        JsonNode acmeSees = api.callAs(acmeKey, "GET", "/api/applications", null).json().path("applications");
        assertEquals(1, acmeSees.size(), acmeSees.toString());
        assertEquals(created.path("id"), acmeSees.get(0).path("id"), "the operator created it in Acme");
        JsonNode defaultSees = api.send("GET", "/api/applications", null, 200).path("applications");
        assertEquals(1, defaultSees.size());
        assertEquals("house billing", defaultSees.get(0).path("name").asText(), "without the header: the default tenant");
        assertEquals(defaultSees, api.call("GET", "/api/applications", null, Map.of("x-vigil-tenant", "default")).json()
                .path("applications"));
        assertEquals(200, api.call("GET", "/api/applications/" + created.path("id").asText(), null, Map.of("x-vigil-tenant", acme))
                .status());
        assertEquals(404, api.call("GET", "/api/applications/" + created.path("id").asText(), null, Map.of()).status());
    }

    @Test
    void anUnknownOrMalformedXVigilTenantIsRefusedAndWritesNothing() throws IOException {
        AdminApiHarness.Answer unknown = api.call("POST", "/api/applications", "{\"name\":\"x\",\"intervalSeconds\":60}",
                Map.of("x-vigil-tenant", "tn_zzzzzzzzzzzz"));
        AdminApiHarness.Answer malformed = api.call("GET", "/api/applications", null, Map.of("x-vigil-tenant", "../acme"));

        assertEquals(404, unknown.status(), unknown.toString());
        assertEquals("no tenant with id 'tn_zzzzzzzzzzzz'", unknown.error());
        assertEquals(400, malformed.status(), malformed.toString());
        assertEquals(0, api.count("ApplicationsTable"));
    }

    private static JsonNode without(JsonNode node, String... fields) {
        var copy = node.deepCopy();
        for (String field : fields) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove(field);
        }
        return copy;
    }
}
