package dev.vigil.local;

import static dev.vigil.local.RunnerApi.acmeWithAdminKey;
import static dev.vigil.local.RunnerApi.call;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.local.RunnerApi.Answer;
import dev.vigil.local.RunnerApi.TenantKey;
import dev.vigil.runtime.Json;
import dev.vigil.testkit.CapturingHttpServer;
import dev.vigil.testkit.SamTemplate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Active monitoring end to end, through the local runner's HTTP API as a user would drive it: the
 * operator creates a tenant and gives it an admin key; with that key the tenant adds a signed-webhook
 * channel and an HTTP check of a service on this machine, and asks for sweeps. The service then fails:
 * the sweep finds it unhealthy, and the check's alert reaches the webhook; it recovers, and the recovery
 * does too. Nothing is stubbed: the sweep function, the bus, the webhook notifier and the stores are the
 * ones the runner loads from the template.
 */
class LocalRunnerChecksEndToEndTest {
    private static final String OPERATOR_KEY = "checks-e2e-operator-key-01";

    @Test
    void aTenantsCheckFailsItsAlertIsDeliveredAndItsRecoveryToo() throws Exception {
        RunnerConfig config = new RunnerConfig(0, Map.of(), OPERATOR_KEY, Optional.empty(), Map.of("OUTBOUND_ALLOW_PRIVATE", "true"));
        try (CapturingHttpServer service = new CapturingHttpServer();
             CapturingHttpServer receiver = new CapturingHttpServer();
             LocalRunner runner = new LocalRunner(config, SamTemplate.load(), new PrintStream(new ByteArrayOutputStream())).start()) {
            TenantKey acme = acmeWithAdminKey(runner, OPERATOR_KEY, "ci");
            String tenantId = acme.tenantId();
            String tenantKey = acme.key();

            Answer channel = call(runner, tenantKey, "POST", "/api/channels", Json.write(Json.object().put("type", "webhook")
                    .put("name", "on-call hook").put("default", true).set("settings", Json.object()
                            .put("url", receiver.url("/hooks/vigil").toString()).put("signingSecret", "a-signing-secret-of-some-length"))));
            assertEquals(201, channel.status(), channel.toString());
            Answer check = call(runner, tenantKey, "POST", "/api/checks", Json.write(Json.object().put("type", "http")
                    .put("name", "Acme API").put("tier", "critical")
                    .<com.fasterxml.jackson.databind.node.ObjectNode>set("settings", Json.object().put("url", service.url("/health").toString()))
                    .set("conditions", Json.MAPPER.createArrayNode().add("status == 200").add("body.$.status == \"UP\""))));
            assertEquals(201, check.status(), check.toString());
            String checkId = check.json().path("id").asText();

            service.respondWith(CapturingHttpServer.Response.of(200, "{\"status\":\"UP\"}"));
            JsonNode first = sweep(runner, tenantKey, tenantId);
            assertEquals("all_clear", first.path("status").asText(), first.toString());
            assertEquals("healthy", first.path("checks").path(0).path("status").asText());
            Thread.sleep(500);
            assertEquals(0, receiver.requests().size(), "a healthy check alerts nothing");

            service.respondWith(CapturingHttpServer.Response.of(503, "{\"status\":\"DOWN\"}"));
            JsonNode failing = sweep(runner, tenantKey, tenantId);
            assertEquals("alert", failing.path("status").asText(), failing.toString());
            assertEquals("status == 200", failing.path("checks").path(0).path("threshold").asText());
            JsonNode down = delivered(receiver, 1);
            assertEquals("CheckStatusChanged", down.path("type").asText(), down.toString());
            assertEquals(checkId, down.path("applicationId").asText());
            assertEquals(tenantId, down.path("tenantId").asText());
            assertEquals("unhealthy", down.path("check").path("status").asText());
            assertEquals("healthy", down.path("check").path("previousStatus").asText());
            assertEquals("status == 200", down.path("check").path("threshold").asText());

            service.respondWith(CapturingHttpServer.Response.of(200, "{\"status\":\"UP\"}"));
            JsonNode recovered = sweep(runner, tenantKey, tenantId);
            assertEquals("all_clear", recovered.path("status").asText(), recovered.toString());
            JsonNode up = delivered(receiver, 2);
            assertEquals("healthy", up.path("check").path("status").asText(), up.toString());
            assertEquals("unhealthy", up.path("check").path("previousStatus").asText());

            Answer results = call(runner, tenantKey, "GET", "/api/checks/" + checkId + "/results", null);
            List<String> statuses = new ArrayList<>();
            results.json().path("results").forEach(r -> statuses.add(r.path("status").asText()));
            assertEquals(List.of("healthy", "unhealthy", "healthy"), statuses, "newest first");
            Answer sweeps = call(runner, tenantKey, "GET", "/api/tenants/" + tenantId + "/sweeps", null);
            assertEquals(3, sweeps.json().path("sweeps").size(), sweeps.toString());
            Answer checkNow = call(runner, tenantKey, "GET", "/api/checks/" + checkId, null);
            assertEquals("healthy", checkNow.json().path("status").asText(), checkNow.toString());
            Thread.sleep(500);
            assertEquals(2, receiver.requests().size(), "one alert per change, nothing more");
        }
    }

    private JsonNode sweep(LocalRunner runner, String key, String tenantId) throws Exception {
        Answer answer = call(runner, key, "POST", "/api/tenants/" + tenantId + "/sweep", null);
        assertEquals(200, answer.status(), answer.toString());
        assertEquals("manual", answer.json().path("trigger").asText());
        return answer.json();
    }

    private static JsonNode delivered(CapturingHttpServer receiver, int count) throws Exception {
        Instant until = Instant.now().plus(Duration.ofSeconds(20));
        while (receiver.requests().size() < count) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("no alert number " + count + " within 20 s; the receiver got " + receiver.requests());
            }
            Thread.sleep(100);
        }
        return Json.parse(receiver.requests().get(count - 1).body());
    }
}
