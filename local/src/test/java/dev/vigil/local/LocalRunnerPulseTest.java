package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.ScheduledTask;
import dev.vigil.runtime.Json;
import dev.vigil.store.TaskStore;
import dev.vigil.testkit.CapturingHttpServer;
import dev.vigil.testkit.SamTemplate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The pulse in the local runner: on its timer it runs the scheduled tasks that are due, a webhook task
 * created through {@code /api/tasks} calls its receiver, its runs are served, and its own pulse is at
 * {@code /system/health}.
 */
class LocalRunnerPulseTest {
    private static final String KEY = "local-pulse-admin-key-01";
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> call(LocalRunner runner, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + runner.port() + path))
                .header("authorization", "Bearer " + KEY).header("content-type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePulseRunsDueTasksOnItsTimerAndRecordsItsOwnPulse() throws Exception {
        RunnerConfig parsed = RunnerConfig.fromArgs(new String[] {"--port", "0", "--pulse-seconds", "1"}, Map.of());
        assertEquals("rate(1 seconds)", parsed.parameters().get("PulseSchedule"));
        RunnerConfig config = new RunnerConfig(0, Map.of("PulseSchedule", "rate(1 seconds)"), KEY, Optional.empty(),
                Map.of("OUTBOUND_ALLOW_PRIVATE", "true"));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (CapturingHttpServer receiver = new CapturingHttpServer();
             LocalRunner runner = new LocalRunner(config, SamTemplate.load(), new PrintStream(console, true, StandardCharsets.UTF_8))
                     .start()) {
            runner.printBanner(Duration.ZERO);
            assertTrue(console.toString(StandardCharsets.UTF_8).contains("Pulse:          every 1 s"));

            HttpResponse<String> created = call(runner, "POST", "/api/tasks", "{\"name\":\"ping receiver\",\"cron\":\"0 3 * * *\","
                    + "\"timezone\":\"Europe/Paris\",\"target\":{\"type\":\"webhook\",\"url\":\"" + receiver.url("/hooks/ping") + "\"}}");
            assertEquals(201, created.statusCode(), created.body());
            String id = Json.parse(created.body()).path("id").asText();
            // As if the runner had been stopped over the task's 03:00 firing: it is overdue now.
            TaskStore tasks = new TaskStore(runner.db().client(), "TasksTable", "TaskRunsTable", Duration.ofDays(30));
            ScheduledTask task = tasks.find("default", id).orElseThrow();
            ScheduledTask overdue = new ScheduledTask(task.id(), task.tenantId(), task.name(), task.cron(), task.zone(), true,
                    task.target(), 1, task.status(), 0, 0, Optional.of(Instant.now().minusSeconds(5)), Optional.empty(),
                    task.createdAt(), task.updatedAt(), task.version() + 1);
            assertTrue(tasks.updateSettings(task, overdue));

            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (receiver.requests().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertEquals(1, receiver.requests().size(), "the overdue task called its webhook once");
            assertEquals("ScheduledTaskDue", receiver.requests().getFirst().header("X-Vigil-Event"));

            // The run is recorded once the webhook has answered: wait for the record, not just the call.
            JsonNode runs = Json.parse(call(runner, "GET", "/api/tasks/" + id + "/runs", null).body());
            while (runs.path("runs").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(200);
                runs = Json.parse(call(runner, "GET", "/api/tasks/" + id + "/runs", null).body());
            }
            assertEquals("executed", runs.path("runs").path(0).path("outcome").asText(), runs.toString());
            JsonNode shown = Json.parse(call(runner, "GET", "/api/tasks/" + id, null).body());
            assertEquals("ok", shown.path("status").asText());
            assertTrue(Instant.parse(shown.path("nextRunAt").asText()).isAfter(Instant.now()), "the next 03:00 in Paris");

            HttpRequest healthRequest = HttpRequest.newBuilder(URI.create("http://localhost:" + runner.port() + "/system/health")).build();
            HttpResponse<String> health = http.send(healthRequest, HttpResponse.BodyHandlers.ofString());
            // The pulse is recorded when its run ends, a moment after the task's run.
            while (!Json.parse(health.body()).path("components").path("pulse").path("counts").has("tasksRun")
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
                health = http.send(healthRequest, HttpResponse.BodyHandlers.ofString());
            }
            JsonNode pulse = Json.parse(health.body()).path("components").path("pulse");
            assertEquals("alive", pulse.path("pulse").asText(), health.body());
            assertTrue(pulse.path("counts").has("tasksRun"), health.body());
        }
    }
}
