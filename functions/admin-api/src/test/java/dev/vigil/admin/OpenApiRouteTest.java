package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.runtime.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/openapi.json}: the document kept in the repository, as the jar holds it; public (no
 * key, no failed-authentication limit, as it holds no data) and cacheable for five minutes. Whether
 * the document tells the truth is the system tests' {@code OpenApiDocumentTest}.
 */
class OpenApiRouteTest {
    private final AdminApiHarness api = new AdminApiHarness();

    private AdminApiHarness.Answer anonymous() throws IOException {
        ObjectNode event = api.event("GET", "/api/openapi.json", null, Map.of());
        ((ObjectNode) event.get("headers")).remove("authorization");
        ((ObjectNode) event.path("requestContext").path("http")).put("sourceIp", "203.0.113.9");
        return api.invoke(event);
    }

    @Test
    void withoutAKeyItAnswersTheDocumentOfTheJarCacheableForFiveMinutes() throws IOException {
        AdminApiHarness.Answer answer = anonymous();

        assertEquals(200, answer.status(), answer.toString());
        assertEquals("application/json", answer.headers().get("content-type"));
        assertEquals("public, max-age=300", answer.headers().get("cache-control"));
        try (InputStream in = AdminApiHandler.class.getResourceAsStream("/openapi.json")) {
            JsonNode kept = Json.MAPPER.readTree(in);
            assertEquals(kept, answer.json(), "the document as kept in the repository");
        }
        assertEquals("3.1.0", answer.json().path("openapi").asText());
    }

    @Test
    void aSourceOverTheFailedAuthenticationLimitStillGetsTheDocument() throws IOException {
        for (int i = 0; i <= FailedAuthLimit.MAX_FAILURES; i++) {
            api.callFrom("203.0.113.9", "GET", "/api/applications", null, Map.of("authorization", "Bearer wrong-key-" + i));
        }
        assertEquals(429, api.callFrom("203.0.113.9", "GET", "/api/applications", null, Map.of()).status(), "the limit holds elsewhere");

        assertEquals(200, anonymous().status());
        assertEquals(200, api.callFrom("203.0.113.9", "GET", "/api/openapi.json", null, Map.of("authorization", "Bearer wrong")).status());
    }
}
