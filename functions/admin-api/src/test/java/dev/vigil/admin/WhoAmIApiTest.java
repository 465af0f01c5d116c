package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /api/whoami}: what a client shows the caller depends on it, so each kind of key is told what it is. */
class WhoAmIApiTest {
    private final AdminApiHarness api = new AdminApiHarness();

    @Test
    void theOperatorsKeyIsTheOperatorOnTheDefaultTenantAndMayWrite() throws IOException {
        JsonNode me = api.send("GET", "/api/whoami", null, 200);
        assertEquals("admin", me.path("role").asText());
        assertEquals("default", me.path("tenantId").asText());
        assertEquals(true, me.path("operator").asBoolean());
        assertEquals(false, me.path("readOnly").asBoolean());
    }

    @Test
    void aTenantsReadOnlyKeyIsToldItIsReadOnlyOnItsTenant() throws IOException {
        String tenant = api.tenant("Acme");
        JsonNode me = api.callAs(api.key(tenant, "read-only"), "GET", "/api/whoami", null).json();
        assertEquals("read-only", me.path("role").asText());
        assertEquals(tenant, me.path("tenantId").asText());
        assertEquals(false, me.path("operator").asBoolean());
        assertEquals(true, me.path("readOnly").asBoolean());
    }

    @Test
    void aTenantsAdminKeyMayWriteOnItsTenant() throws IOException {
        String tenant = api.tenant("Acme");
        JsonNode me = api.callAs(api.key(tenant, "admin"), "GET", "/api/whoami", null).json();
        assertEquals("admin", me.path("role").asText());
        assertEquals(tenant, me.path("tenantId").asText());
        assertEquals(false, me.path("readOnly").asBoolean());
    }

    @Test
    void withoutAValidKeyTheAnswerIs401() throws IOException {
        AdminApiHarness.Answer answer = api.call("GET", "/api/whoami", null, Map.of("authorization", "Bearer vk_wrong"));
        assertEquals(401, answer.status(), answer.toString());
    }
}
