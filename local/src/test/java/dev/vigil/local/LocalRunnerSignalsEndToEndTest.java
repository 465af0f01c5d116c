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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each signal of the heartbeat URL driven through the local runner over HTTP, as a cron job's wrapper
 * would send it: the applications are hourly, so no detector pass has a deadline to act on, and what
 * changes comes from the signal itself (a timeout excepted, which the detector finds by design).
 */
class LocalRunnerSignalsEndToEndTest {
    private static final String KEY = "signals-e2e-admin-key-0001";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ByteArrayOutputStream CONSOLE = new ByteArrayOutputStream();
    private static LocalRunner runner;

    @BeforeAll
    static void start() throws Exception {
        RunnerConfig config = new RunnerConfig(0, Map.of("CheckIntervalSeconds", "1"), KEY, Optional.empty());
        runner = new LocalRunner(config, SamTemplate.load(), new PrintStream(CONSOLE, true, StandardCharsets.UTF_8)).start();
    }

    @AfterAll
    static void stop() throws Exception {
        runner.close();
    }

    @Test
    void startThenSuccessWithTheSameRidListsTheRunsDuration() throws Exception {
        JsonNode app = register("signals-duration", "");
        String rid = "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b";

        assertEquals(200, send("POST", "/heartbeat/" + app.path("uuid").asText() + "/start?rid=" + rid, null, false).statusCode());
        HttpResponse<String> end = send("GET", "/heartbeat/" + app.path("uuid").asText() + "?rid=" + rid, null, false);

        assertEquals(200, end.statusCode(), end.body());
        List<JsonNode> beats = waitFor(() -> heartbeats(app), list -> list.size() == 2, Duration.ofSeconds(15));
        JsonNode success = beats.get(0);
        assertEquals("success", success.path("signal").asText());
        assertEquals(rid, success.path("rid").asText());
        assertTrue(success.path("durationMs").isIntegralNumber() && success.path("durationMs").asLong() >= 0, success.toString());
        assertEquals("start", beats.get(1).path("signal").asText());
        assertEquals("up", status(app));
    }

    @Test
    void failFlipsDownAndTheAlertArrivesWithoutADetectorDeadline() throws Exception {
        JsonNode app = register("signals-fail", "");
        send("POST", "/heartbeat/" + app.path("uuid").asText(), null, false);

        HttpResponse<String> fail = send("POST", "/heartbeat/" + app.path("uuid").asText() + "/fail", "backup: disk full", false);

        assertEquals(200, fail.statusCode(), fail.body());
        waitFor(() -> status(app), "down"::equals, Duration.ofSeconds(15));
        List<JsonNode> alerts = waitFor(() -> notifications(app), list -> !list.isEmpty(), Duration.ofSeconds(15));
        assertEquals("ApplicationDown", alerts.get(0).path("type").asText());
        assertEquals("backup: disk full", waitFor(() -> heartbeats(app), list -> list.size() == 2, Duration.ofSeconds(15))
                .get(0).path("body").asText());
        waitFor(() -> CONSOLE.toString(StandardCharsets.UTF_8), text -> text.contains("the job sent a fail signal"),
                Duration.ofSeconds(15));
    }

    @Test
    void exitCodeThreeFailsAndTheAlertNamesIt() throws Exception {
        JsonNode app = register("signals-exit", "");

        assertEquals(200, send("HEAD", "/heartbeat/" + app.path("uuid").asText() + "/3", null, false).statusCode());

        waitFor(() -> status(app), "down"::equals, Duration.ofSeconds(15));
        assertEquals(3, waitFor(() -> heartbeats(app), list -> list.size() == 1, Duration.ofSeconds(15)).get(0).path("exitCode").asInt());
        waitFor(() -> CONSOLE.toString(StandardCharsets.UTF_8), text -> text.contains("the job exited with code 3"),
                Duration.ofSeconds(15));
    }

    @Test
    void logIsRecordedAndChangesNothing() throws Exception {
        JsonNode app = register("signals-log", "");

        HttpResponse<String> log = send("POST", "/heartbeat/" + app.path("uuid").asText() + "/log?msg=halfway&m.rows=42", null, false);

        assertEquals(200, log.statusCode(), log.body());
        JsonNode beat = waitFor(() -> heartbeats(app), list -> list.size() == 1, Duration.ofSeconds(15)).get(0);
        assertEquals("log", beat.path("signal").asText());
        assertEquals("halfway", beat.path("msg").asText());
        assertEquals(42.0, beat.path("metrics").path("rows").asDouble());
        JsonNode read = json(send("GET", "/api/applications/" + app.path("id").asText(), null, true));
        assertEquals("new", read.path("status").asText());
        assertTrue(read.path("lastHeartbeat").isNull(), read.toString());
        assertEquals(java.time.Instant.parse(app.path("deadline").asText()).toEpochMilli(),
                java.time.Instant.parse(read.path("deadline").asText()).toEpochMilli(), "the deadline did not move");
    }

    @Test
    void runPastItsMaximumRuntimeTimesOutAndAlerts() throws Exception {
        JsonNode app = register("signals-timeout", ",\"maxRuntimeSeconds\":1");

        assertEquals(200, send("POST", "/heartbeat/" + app.path("uuid").asText() + "/start", null, false).statusCode());

        waitFor(() -> status(app), "down"::equals, Duration.ofSeconds(20));
        assertEquals("ApplicationDown", waitFor(() -> notifications(app), list -> !list.isEmpty(), Duration.ofSeconds(15))
                .get(0).path("type").asText());
        waitFor(() -> CONSOLE.toString(StandardCharsets.UTF_8), text -> text.contains("has not ended within the maximum runtime of 1 s"),
                Duration.ofSeconds(15));
    }

    @Test
    void malformedRunIdIs400() throws Exception {
        JsonNode app = register("signals-bad-rid", "");

        HttpResponse<String> answer = send("POST", "/heartbeat/" + app.path("uuid").asText() + "/start?rid=nightly", null, false);

        assertEquals(400, answer.statusCode());
        assertTrue(answer.body().contains("rid must be a UUID"), answer.body());
    }

    // --- helpers -------------------------------------------------------------------------------

    /** An hourly application named {@code name}, with {@code extra} JSON fields. */
    private static JsonNode register(String name, String extra) {
        HttpResponse<String> created = send("POST", "/api/applications",
                "{\"name\":\"" + name + "\",\"intervalSeconds\":3600,\"graceSeconds\":60" + extra + "}", true);
        assertEquals(201, created.statusCode(), created.body());
        return json(created);
    }

    private static String status(JsonNode app) {
        return json(send("GET", "/api/applications/" + app.path("id").asText(), null, true)).path("status").asText();
    }

    private static List<JsonNode> heartbeats(JsonNode app) {
        JsonNode body = json(send("GET", "/api/applications/" + app.path("id").asText() + "/heartbeats", null, true));
        return StreamSupport.stream(body.path("heartbeats").spliterator(), false).toList();
    }

    /** The in-app notifications about {@code app}, newest first. */
    private static List<JsonNode> notifications(JsonNode app) {
        JsonNode body = json(send("GET", "/api/notifications?channel=inapp", null, true));
        return StreamSupport.stream(body.path("notifications").spliterator(), false)
                .filter(n -> n.path("applicationId").asText().equals(app.path("id").asText())).toList();
    }

    private static HttpResponse<String> send(String method, String path, String body, boolean withKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + runner.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (withKey) {
            request.header("Authorization", "Bearer " + KEY);
        }
        if (body != null) {
            request.header("Content-Type", withKey ? "application/json" : "text/plain");
        }
        try {
            return HTTP.send(request.build(), BodyHandlers.ofString());
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

    /** Polls until {@code done} holds: the stream consumer and the detector act moments after the request. */
    private static <T> T waitFor(Supplier<T> probe, Predicate<T> done, Duration timeout) throws InterruptedException {
        Instant until = Instant.now().plus(timeout);
        T value = probe.get();
        while (!done.test(value)) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("Not so after " + timeout + "; last value: " + value);
            }
            Thread.sleep(200);
            value = probe.get();
        }
        return value;
    }
}
