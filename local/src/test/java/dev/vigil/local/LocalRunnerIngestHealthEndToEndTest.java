package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testkit.SamTemplate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Our own outage is not the user's outage, through the local runner over HTTP. The runner's detector is told
 * that one newly overdue application already makes a fleet-wide drop ({@code FLEET_DROP_MINIMUM=1}, a tiny
 * fraction), so a miss is deterministically the fleet's: the application is reported unknown with its
 * reason, nobody is paged for it, {@code /system/health} says ingest is degraded and one system alert
 * stands; a beat ends the unknown miss, and once no miss comes for ten passes the system alert is resolved.
 */
class LocalRunnerIngestHealthEndToEndTest {
    private static final String KEY = "ingest-health-admin-key-01";

    @Test
    void aFleetWideDropIsUnknownNotDownAndRaisesOneSystemAlertThatHealthyIngestResolves() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        RunnerConfig config = new RunnerConfig(0, Map.of("CheckIntervalSeconds", "1"), KEY, Optional.empty(),
                // Ten clean passes end the episode: time enough to beat before a repeated miss could be judged.
                Map.of("FLEET_DROP_MINIMUM", "1", "FLEET_DROP_FRACTION", "0.001", "INGEST_RECOVERY_PASSES", "10"));
        try (LocalRunner runner = new LocalRunner(config, SamTemplate.load(), new PrintStream(console, true, StandardCharsets.UTF_8))
                .start()) {
            RunnerApi.Answer created = RunnerApi.call(runner, KEY, "POST", "/api/applications",
                    "{\"name\":\"e2e-etl\",\"intervalSeconds\":2,\"graceSeconds\":0}");
            assertEquals(201, created.status(), created.json().toString());
            String id = created.json().path("id").asText();
            String uuid = created.json().path("uuid").asText();

            JsonNode unknown = waitFor(() -> get(runner, "/api/applications/" + id), app -> app.has("unknown"));
            assertEquals("fleet-drop", unknown.path("unknown").path("reason").asText(), unknown.toString());
            assertFalse("down".equals(unknown.path("status").asText()), "not flipped down: " + unknown);

            JsonNode ingest = waitFor(() -> get(runner, "/system/health").path("ingest"),
                    health -> "degraded".equals(health.path("status").asText()));
            assertEquals("fleet-drop", ingest.path("reason").asText(), ingest.toString());
            List<JsonNode> system = alerts(runner);
            assertEquals(1, system.size(), system.toString());
            assertEquals("p2", system.get(0).path("severity").asText());
            assertEquals("system", system.get(0).path("kind").asText());
            assertEquals("open", system.get(0).path("status").asText());

            assertEquals(200, RunnerApi.call(runner, KEY, "POST", "/heartbeat/" + uuid, null).status());
            JsonNode beaten = get(runner, "/api/applications/" + id);
            assertFalse(beaten.has("unknown"), "a beat ends the unknown miss: " + beaten);
            assertEquals("up", beaten.path("status").asText());
            assertEquals(204, RunnerApi.call(runner, KEY, "DELETE", "/api/applications/" + id, null).status(),
                    "no application left to miss: the next passes are clean");

            waitFor(() -> get(runner, "/system/health").path("ingest"), health -> "healthy".equals(health.path("status").asText()));
            List<JsonNode> after = alerts(runner);
            assertEquals(1, after.size(), "one system alert for the episode: " + after);
            assertEquals("resolved", after.get(0).path("status").asText());
            assertEquals(List.of(), sentAbout(runner, "ApplicationDown"), "nobody was paged for the unknown miss");
            List<JsonNode> told = waitFor(() -> sentAbout(runner, "IngestHealthChanged"), sent -> sent.size() == 2);
            assertEquals(List.of("sent", "sent"), told.stream().map(n -> n.path("status").asText()).toList(),
                    "the operator's default channel heard of the episode twice: degraded, then healthy");
        }
        assertFalse(console.toString(StandardCharsets.UTF_8).contains("DOWN: e2e-etl"));
    }

    private static JsonNode get(LocalRunner runner, String path) {
        try {
            RunnerApi.Answer answer = RunnerApi.call(runner, KEY, "GET", path, null);
            assertEquals(200, answer.status(), path + ": " + answer.json());
            return answer.json();
        } catch (Exception e) {
            throw new IllegalStateException("GET " + path + " failed", e);
        }
    }

    private static List<JsonNode> alerts(LocalRunner runner) {
        return StreamSupport.stream(get(runner, "/api/alerts?subject=system%23ingest").path("alerts").spliterator(), false)
                .toList();
    }

    private static List<JsonNode> sentAbout(LocalRunner runner, String type) {
        return StreamSupport.stream(get(runner, "/api/notifications?channel=sns").path("notifications").spliterator(), false)
                .filter(n -> type.equals(n.path("type").asText())).toList();
    }

    /** Polls {@code probe} until {@code done} holds (the detector runs on its own timer); fails after a generous wait. */
    private static <T> T waitFor(java.util.function.Supplier<T> probe, Predicate<T> done) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofSeconds(30));
        T value = probe.get();
        while (!done.test(value)) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("Still not there; last value: " + value);
            }
            Thread.sleep(200);
            value = probe.get();
        }
        return value;
    }
}
