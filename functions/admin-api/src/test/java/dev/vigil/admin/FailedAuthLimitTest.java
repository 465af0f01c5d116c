package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.fixtures.InMemoryCheckSecrets;
import dev.vigil.fixtures.InMemorySecretStore;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * At most ten failed authentications per source address and minute: then 429 with Retry-After until
 * the minute ends, whatever key comes; counted in DynamoDB, so every container refuses the source.
 */
class FailedAuthLimitTest {
    private static final String ATTACKER = "203.0.113.50";
    private final AdminApiHarness api = new AdminApiHarness();

    private AdminApiHarness.Answer from(String source, String authorization) throws IOException {
        return api.callFrom(source, "GET", "/api/applications", null, Map.of("authorization", authorization));
    }

    @Test
    void theEleventhRequestAfterTenWrongKeysGets429EvenWithTheRightKey() throws IOException {
        for (int i = 0; i < FailedAuthLimit.MAX_FAILURES; i++) {
            String wrong = i % 2 == 0 ? "Bearer wrong-key-" + i : "Bearer " + TenantKeys.generate();
            assertEquals(401, from(ATTACKER, wrong).status(), "failure " + (i + 1) + " is still answered");
        }

        AdminApiHarness.Answer blocked = from(ATTACKER, "Bearer " + AdminApiHandlerTest.ADMIN_KEY);

        assertEquals(429, blocked.status(), blocked.toString());
        assertEquals("58", blocked.headers().get("retry-after"), "until the minute ends (it is 12:04:02.377)");
        assertTrue(blocked.error().contains("at most 10 a minute"), blocked.toString());
        assertEquals(200, from("203.0.113.51", "Bearer " + AdminApiHandlerTest.ADMIN_KEY).status(), "other sources are not affected");
    }

    @Test
    void everyContainerRefusesTheSourceAndTheMinuteEndsIt() throws IOException {
        for (int i = 0; i < FailedAuthLimit.MAX_FAILURES; i++) {
            from(ATTACKER, "Bearer wrong-key");
        }
        AdminApiHandler otherContainer = new AdminApiHandler(api.platform, new InMemorySecretStore(), new InMemoryCheckSecrets(),
                new AdminKey(AdminApiHandlerTest.ADMIN_KEY));
        var event = api.event("GET", "/api/applications", null, Map.of());
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.path("requestContext").path("http")).put("sourceIp", ATTACKER);
        var out = new java.io.ByteArrayOutputStream();
        otherContainer.handleRequest(new java.io.ByteArrayInputStream(dev.vigil.runtime.Json.write(event).getBytes()), out, null);
        assertEquals(429, dev.vigil.runtime.Json.MAPPER.readTree(out.toByteArray()).path("statusCode").asInt(),
                "the count is in DynamoDB, not in one container");

        api.clock.advance(Duration.ofSeconds(58));

        assertEquals(200, from(ATTACKER, "Bearer " + AdminApiHandlerTest.ADMIN_KEY).status(), "a new minute, a new count");
    }

    @Test
    void requestsWithoutAnyKeyAreNotCounted() throws IOException {
        for (int i = 0; i < 3 * FailedAuthLimit.MAX_FAILURES; i++) {
            var event = api.event("GET", "/api/applications", null, Map.of());
            ((com.fasterxml.jackson.databind.node.ObjectNode) event.get("headers")).remove("authorization");
            ((com.fasterxml.jackson.databind.node.ObjectNode) event.path("requestContext").path("http")).put("sourceIp", ATTACKER);
            assertEquals(401, api.invoke(event).status());
        }

        assertEquals(200, from(ATTACKER, "Bearer " + AdminApiHandlerTest.ADMIN_KEY).status(), "they guessed nothing");
    }

    @Test
    void successfulRequestsDoNotCountAndNineFailuresStillLetTheRightKeyIn() throws IOException {
        for (int i = 0; i < 50; i++) {
            assertEquals(200, from(ATTACKER, "Bearer " + AdminApiHandlerTest.ADMIN_KEY).status());
        }
        for (int i = 0; i < FailedAuthLimit.MAX_FAILURES - 1; i++) {
            from(ATTACKER, "Bearer wrong-key");
        }

        assertEquals(200, from(ATTACKER, "Bearer " + AdminApiHandlerTest.ADMIN_KEY).status());
    }
}
