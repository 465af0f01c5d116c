package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.runtime.Json;
import dev.vigil.testkit.MotoServer;
import dev.vigil.testkit.SamTemplate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Drives the local runner over HTTP as a client would: register, beat, stop beating, see the alert
 * recorded once, recover, and the 404 / 401 answers; a tenant and its key. Runs once with the runner's own
 * bus and topic, and once with SNS and EventBridge on moto_server.
 */
class LocalRunnerEndToEndTest {
    private static final String KEY = "end-to-end-admin-key-0001";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void passiveHeartbeatLifecycleWithLocalBusAndTopic() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (LocalRunner runner = start(Optional.empty(), new PrintStream(console, true, StandardCharsets.UTF_8))) {
            lifecycle(runner);
        }
        String printed = console.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("[email] Subject: [Vigil] DOWN: e2e-backup"), printed);
        assertTrue(printed.contains("[sms]   Vigil: UP e2e-backup"), printed);
    }

    @Test
    void passiveHeartbeatLifecycleWithSnsAndEventBridgeOnMoto() throws Exception {
        assumeTrue(MotoServer.available(), "moto_server not on PATH: the SNS/EventBridge variant is skipped");
        MotoServer moto = MotoServer.shared();
        moto.reset();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (LocalRunner runner = start(Optional.of(moto.endpoint()), new PrintStream(console, true, StandardCharsets.UTF_8))) {
            lifecycle(runner);
            waitFor(() -> console.toString(StandardCharsets.UTF_8), text -> text.contains("[sns] [Vigil] UP: e2e-backup"),
                    Duration.ofSeconds(15));
        }
        String printed = console.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("[sns] [Vigil] DOWN: e2e-backup | Vigil: DOWN e2e-backup"), printed);
    }

    @Test
    void runnerServesExactlyTheTemplatesRoutes() throws Exception {
        try (LocalRunner runner = start(Optional.empty(), new PrintStream(new ByteArrayOutputStream()))) {
            SamTemplate template = SamTemplate.load();
            List<String> declared = template.functions().stream()
                    .flatMap(f -> f.triggers().stream())
                    .filter(t -> t.type().equals("HttpApi"))
                    .map(t -> t.properties().path("Method").asText() + " " + t.properties().path("Path").asText())
                    .sorted().toList();
            List<String> served = runner.routes().stream().map(r -> r.method() + " " + r.pathTemplate()).sorted().toList();
            assertEquals(declared, served);
            assertEquals(404, send("GET", runner, "/not/a/route", null, true).statusCode());
        }
    }

    @Test
    void aTenantsKeyOverHttpSeesItsOwnTenantOnly() throws Exception {
        try (LocalRunner runner = start(Optional.empty(), new PrintStream(new ByteArrayOutputStream()))) {
            HttpResponse<String> tenant = send("POST", runner, "/api/tenants", "{\"name\":\"Acme\"}", true);
            assertEquals(201, tenant.statusCode(), tenant.body());
            String tenantId = json(tenant).path("id").asText();
            HttpResponse<String> created = send("POST", runner, "/api/tenants/" + tenantId + "/keys",
                    "{\"name\":\"ci\",\"role\":\"admin\"}", true);
            assertEquals(201, created.statusCode(), created.body());
            String key = json(created).path("key").asText();

            HttpResponse<String> app = sendAs(key, "POST", runner, "/api/applications", "{\"name\":\"acme-backup\",\"intervalSeconds\":60}");
            assertEquals(201, app.statusCode(), app.body());
            assertEquals(200, send("POST", runner, "/heartbeat/" + json(app).path("uuid").asText(), null, false).statusCode());

            assertEquals(1, json(sendAs(key, "GET", runner, "/api/applications", null)).path("applications").size());
            assertEquals(0, json(send("GET", runner, "/api/applications", null, true)).path("applications").size(),
                    "the admin key acts on the default tenant");
            assertEquals(403, sendAs(key, "GET", runner, "/api/tenants", null).statusCode());
            assertEquals(404, send("GET", runner, "/api/applications/" + json(app).path("id").asText(), null, true).statusCode());
        }
    }

    private HttpResponse<String> sendAs(String key, String method, LocalRunner runner, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + runner.port() + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + key)
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        try {
            return http.send(request.build(), BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    private LocalRunner start(Optional<String> awsEndpoint, PrintStream out) throws Exception {
        RunnerConfig config = new RunnerConfig(0, Map.of("CheckIntervalSeconds", "1"), KEY, awsEndpoint);
        return new LocalRunner(config, SamTemplate.load(), out).start();
    }

    private void lifecycle(LocalRunner runner) throws Exception {
        // Without the key: 401 and nothing is created.
        HttpResponse<String> denied = send("POST", runner, "/api/applications",
                "{\"name\":\"sneaky\",\"intervalSeconds\":60}", false);
        assertEquals(401, denied.statusCode());
        assertEquals(0, json(send("GET", runner, "/api/applications", null, true)).path("applications").size());

        // Register.
        HttpResponse<String> created = send("POST", runner, "/api/applications",
                "{\"name\":\"e2e-backup\",\"intervalSeconds\":2,\"graceSeconds\":1}", true);
        assertEquals(201, created.statusCode(), created.body());
        JsonNode app = json(created);
        String id = app.path("id").asText();
        String uuid = app.path("uuid").asText();
        assertEquals("new", app.path("status").asText());
        assertEquals("http://localhost:" + runner.port() + "/heartbeat/" + uuid, app.path("pingUrl").asText());

        // Beat: 200 and up. Unknown and malformed UUIDs: 404.
        assertEquals(200, send("POST", runner, "/heartbeat/" + uuid, null, false).statusCode());
        assertEquals("up", json(send("GET", runner, "/api/applications/" + id, null, true)).path("status").asText());
        assertEquals(404, send("POST", runner, "/heartbeat/6b1d0e6c-2f6a-4c1e-8a5e-0d8f1e2a3b4c", null, false).statusCode());
        assertEquals(404, send("POST", runner, "/heartbeat/not-a-uuid", null, false).statusCode());

        // Stop beating: the detector flips it down and one DOWN alert is recorded as sent.
        waitFor(() -> status(runner, id), "down"::equals, Duration.ofSeconds(20));
        waitFor(() -> notifications(runner), list -> list.size() == 1 && "sent".equals(list.get(0).path("status").asText()),
                Duration.ofSeconds(20));
        Thread.sleep(2500); // several more detector passes: still exactly one alert
        List<JsonNode> afterDown = notifications(runner);
        assertEquals(1, afterDown.size(), afterDown.toString());
        assertEquals("ApplicationDown", afterDown.get(0).path("type").asText());
        assertEquals("sns", afterDown.get(0).path("channel").asText());

        // Recover: a beat flips it up and one UP alert follows.
        assertEquals(200, send("POST", runner, "/heartbeat/" + uuid, null, false).statusCode());
        waitFor(() -> notifications(runner), list -> list.size() == 2 && "sent".equals(list.get(0).path("status").asText()),
                Duration.ofSeconds(20));
        List<JsonNode> all = notifications(runner);
        assertEquals("ApplicationUp", all.get(0).path("type").asText());
        assertEquals("up", status(runner, id));

        // Every alert is also in the in-app list, once.
        waitFor(() -> notifications(runner, "inapp"), list -> list.size() == 2, Duration.ofSeconds(10));
        assertEquals(List.of("ApplicationUp", "ApplicationDown"),
                notifications(runner, "inapp").stream().map(n -> n.path("type").asText()).toList());

        // The history follows from the table's stream, moments after the beats.
        waitFor(() -> json(send("GET", runner, "/api/applications/" + id + "/heartbeats", null, true)).path("heartbeats"),
                beats -> beats.size() == 2, Duration.ofSeconds(10));
    }

    private String status(LocalRunner runner, String id) {
        return json(send("GET", runner, "/api/applications/" + id, null, true)).path("status").asText();
    }

    private List<JsonNode> notifications(LocalRunner runner) {
        return notifications(runner, "sns");
    }

    private List<JsonNode> notifications(LocalRunner runner, String channel) {
        JsonNode body = json(send("GET", runner, "/api/notifications?channel=" + channel, null, true));
        return java.util.stream.StreamSupport.stream(body.path("notifications").spliterator(), false).toList();
    }

    private HttpResponse<String> send(String method, LocalRunner runner, String path, String body, boolean withKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + runner.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (withKey) {
            request.header("Authorization", "Bearer " + KEY);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return http.send(request.build(), BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.parse(response.body());
        } catch (Exception e) {
            throw new IllegalStateException("Not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    private static <T> T waitFor(java.util.function.Supplier<T> probe, Predicate<T> done, Duration timeout)
            throws InterruptedException {
        Instant until = Instant.now().plus(timeout);
        T value = probe.get();
        while (!done.test(value)) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("Timed out after " + timeout + "; last value: " + value);
            }
            Thread.sleep(200);
            value = probe.get();
        }
        return value;
    }
}
