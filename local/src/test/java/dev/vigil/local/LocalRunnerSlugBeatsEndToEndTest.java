package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.runtime.Json;
import dev.vigil.testkit.SamTemplate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Slug URLs and bulk beats through the local runner over HTTP, as a client would send them: a tenant's
 * ping key, a beat of an unknown slug with {@code ?create=1} that creates the application, a second beat
 * of it, and a bulk request.
 */
class LocalRunnerSlugBeatsEndToEndTest {
    private static final String KEY = "slug-beats-admin-key-0001";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aSlugUrlWithCreateMakesTheApplicationThenBeatsItAndABulkRequestBeatsIt() throws Exception {
        RunnerConfig config = new RunnerConfig(0, Map.of(), KEY, Optional.empty());
        try (LocalRunner runner = new LocalRunner(config, SamTemplate.load(), new PrintStream(new ByteArrayOutputStream())).start()) {
            String tenant = json(send(runner, "POST", "/api/tenants", "{\"name\":\"Acme\"}", KEY, 201)).path("id").asText();
            String tenantKey = json(send(runner, "POST", "/api/tenants/" + tenant + "/keys", "{\"name\":\"ci\",\"role\":\"admin\"}",
                    KEY, 201)).path("key").asText();
            JsonNode pingKey = json(send(runner, "POST", "/api/tenants/" + tenant + "/ping-key", null, tenantKey, 200));
            String prefix = pingKey.path("pingUrlPrefix").asText();
            assertTrue(prefix.startsWith("http://localhost:" + runner.port() + "/heartbeat/"), prefix);
            String slugPath = "/heartbeat/" + pingKey.path("pingKey").asText() + "/nightly-backup";

            assertEquals(404, send(runner, "POST", slugPath, null, null, 404).statusCode(), "unknown without ?create=1");
            JsonNode created = json(send(runner, "POST", slugPath + "?create=1", null, null, 200));
            JsonNode again = json(send(runner, "GET", slugPath, null, null, 200));

            assertEquals("up", created.path("status").asText());
            assertEquals("up", again.path("status").asText());
            JsonNode apps = json(send(runner, "GET", "/api/applications", null, tenantKey, 200)).path("applications");
            assertEquals(1, apps.size(), apps.toString());
            JsonNode app = apps.get(0);
            assertEquals("nightly-backup", app.path("slug").asText());
            assertEquals(86400, app.path("intervalSeconds").asLong());
            assertEquals(3600, app.path("graceSeconds").asLong());
            String history = "/api/applications/" + app.path("id").asText() + "/heartbeats";
            waitFor(() -> json(send(runner, "GET", history, null, tenantKey, 200)).path("heartbeats").size(), n -> n == 2,
                    Duration.ofSeconds(20));

            String bulk = "{\"uuids\":[\"" + app.path("uuid").asText() + "\",\"9b2e4d61-7c3a-4f58-b0e9-1d6a8c5f2e47\",\"nope\"]}";
            JsonNode answer = json(send(runner, "POST", "/heartbeats", bulk, null, 200));

            assertEquals(List.of(app.path("uuid").asText()), texts(answer.path("recorded")));
            assertEquals(List.of("9b2e4d61-7c3a-4f58-b0e9-1d6a8c5f2e47"), texts(answer.path("unknown")));
            assertEquals(List.of("nope"), texts(answer.path("invalid")));
            waitFor(() -> json(send(runner, "GET", history, null, tenantKey, 200)).path("heartbeats").size(), n -> n == 3,
                    Duration.ofSeconds(20));
            assertEquals(400, send(runner, "POST", "/heartbeats", "{\"uuids\":[]}", null, 400).statusCode());
        }
    }

    private HttpResponse<String> send(LocalRunner runner, String method, String path, String body, String key, int expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + runner.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
        assertEquals(expected, response.statusCode(), method + " " + path + ": " + response.body());
        return response;
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.parse(response.body());
        } catch (Exception e) {
            throw new IllegalStateException("Not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static <T> void waitFor(Supplier<T> probe, Predicate<T> done, Duration timeout) throws InterruptedException {
        Instant until = Instant.now().plus(timeout);
        T value = probe.get();
        while (!done.test(value)) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("still " + value + " after " + timeout);
            }
            Thread.sleep(100);
            value = probe.get();
        }
    }
}
