package dev.vigil.local;

import static dev.vigil.local.RunnerApi.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.local.RunnerApi.Answer;
import dev.vigil.testkit.SamTemplate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Schedules through the local runner's HTTP API, on its real clock and detector: a cron-scheduled
 * application goes down at its next firing, and a maintenance window holds an overdue application's
 * alert until it ends, then the restarted deadline alerts once.
 */
class LocalRunnerScheduleEndToEndTest {
    private static final String KEY = "schedule-e2e-admin-key-0001";
    /** How long any one step may take before the test gives up: more than it needs. */
    private static final Duration PATIENCE = Duration.ofSeconds(100);

    private static LocalRunner start() throws Exception {
        RunnerConfig config = new RunnerConfig(0, Map.of("CheckIntervalSeconds", "1"), KEY, Optional.empty());
        return new LocalRunner(config, SamTemplate.load(), new PrintStream(new ByteArrayOutputStream())).start();
    }

    @Test
    void overdueApplicationInAMaintenanceWindowIsAlertedOnlyAfterTheWindowEnds() throws Exception {
        try (LocalRunner runner = start()) {
            Instant windowEnd = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(8);
            Answer created = call(runner, KEY, "POST", "/api/applications", "{\"name\":\"maintained\",\"intervalSeconds\":1,"
                    + "\"graceSeconds\":1,\"maintenance\":[{\"start\":\"" + windowEnd.minusSeconds(600) + "\",\"end\":\""
                    + windowEnd + "\"}]}");
            assertEquals(201, created.status(), created.toString());
            String id = created.json().path("id").asText();

            // The detector found it overdue in the window: no flip, its deadline moved to the window's end + 2 s.
            JsonNode held = await(() -> application(runner, id),
                    app -> app.path("deadline").asText().equals(windowEnd.plusSeconds(2).toString()), "the restarted deadline");
            assertEquals("new", held.path("status").asText(), held.toString());
            assertEquals(List.of(), notifications(runner, id), "nothing was sent during the window");

            await(() -> application(runner, id), app -> "down".equals(app.path("status").asText()), "down after the window");
            List<JsonNode> sent = await(() -> notifications(runner, id), list -> !list.isEmpty(), "the down alert");
            assertTrue(sent.stream().allMatch(n -> "ApplicationDown".equals(n.path("type").asText())), sent.toString());
            JsonNode alert = alert(runner, id);
            assertFalse(Instant.parse(alert.path("openedAt").asText()).isBefore(windowEnd.plusSeconds(2)), alert.toString());
        }
    }

    @Test
    void cronApplicationGoesDownAtItsNextFiring() throws Exception {
        try (LocalRunner runner = start()) {
            // Not in the last seconds of a minute, so that the beat and the read below fall before the same firing.
            long intoMinute = Instant.now().getEpochSecond() % 60;
            if (intoMinute > 55) {
                Thread.sleep((61 - intoMinute) * 1000);
            }
            Answer created = call(runner, KEY, "POST", "/api/applications",
                    "{\"name\":\"every-minute\",\"cron\":\"* * * * *\",\"timezone\":\"UTC\",\"graceSeconds\":0}");
            assertEquals(201, created.status(), created.toString());
            String id = created.json().path("id").asText();
            assertEquals(200, call(runner, KEY, "POST", "/heartbeat/" + created.json().path("uuid").asText(), null).status());
            JsonNode up = application(runner, id);
            assertEquals("up", up.path("state").asText(), up.toString());
            Instant firing = Instant.parse(up.path("deadline").asText());
            assertEquals(0, firing.getEpochSecond() % 60, "the deadline is the next minute's firing: " + firing);

            JsonNode down = await(() -> application(runner, id), app -> "down".equals(app.path("status").asText()),
                    "down at the firing");
            assertEquals("down", down.path("state").asText());
            JsonNode alert = alert(runner, id);
            assertFalse(Instant.parse(alert.path("openedAt").asText()).isBefore(firing), alert.toString());
        }
    }

    private static JsonNode application(LocalRunner runner, String id) throws Exception {
        return call(runner, KEY, "GET", "/api/applications/" + id, null).json();
    }

    private static List<JsonNode> notifications(LocalRunner runner, String applicationId) throws Exception {
        JsonNode body = call(runner, KEY, "GET", "/api/notifications", null).json();
        return StreamSupport.stream(body.path("notifications").spliterator(), false)
                .filter(n -> applicationId.equals(n.path("applicationId").asText())).toList();
    }

    private static JsonNode alert(LocalRunner runner, String applicationId) throws Exception {
        return call(runner, KEY, "GET", "/api/alerts?subject=" + applicationId, null).json().path("alerts").path(0);
    }

    private static <T> T await(Callable<T> probe, Predicate<T> done, String what) throws Exception {
        Instant until = Instant.now().plus(PATIENCE);
        T value = probe.call();
        while (!done.test(value)) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("gave up waiting for " + what + "; last: " + value);
            }
            Thread.sleep(200);
            value = probe.call();
        }
        return value;
    }
}
