package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.Application;
import dev.vigil.domain.UnknownReason;
import dev.vigil.runtime.Json;
import dev.vigil.store.ApplicationStore;
import dev.vigil.store.IngestHealthStore;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the API says when Vigil's own ingest had trouble: the unknown miss on the application, and the system's health. */
class IngestHealthApiTest {
    private final AdminApiHarness api = new AdminApiHarness();
    private final IngestHealthStore health = new IngestHealthStore(api.db.client(),
            api.platform.env().require(IngestHealthStore.TABLE_SETTING));

    private JsonNode systemHealth() throws IOException {
        ObjectNode event = api.event("GET", "/system/health", null, Map.of());
        ((ObjectNode) event.get("headers")).remove("authorization");
        AdminApiHarness.Answer answer = api.invoke(event);
        assertEquals(200, answer.status(), answer.toString());
        return answer.json().path("ingest");
    }

    @Test
    void ingestIsHealthyWhenNothingWasRecorded() throws IOException {
        JsonNode ingest = systemHealth();

        assertEquals("healthy", ingest.path("status").asText(), ingest.toString());
        assertEquals(0, ingest.path("failuresLastHour").asLong());
        assertFalse(ingest.has("since"));
    }

    @Test
    void anOpenEpisodeShowsIngestDegradedWithItsReasonAndTheFailuresOfTheLastHour() throws IOException {
        Instant now = AdminApiHandlerTest.NOW;
        health.recordFailure(now.minusSeconds(90 * 60));
        health.recordFailure(now.minusSeconds(600));
        health.recordFailure(now.minusSeconds(590));
        Instant since = now.minusSeconds(540);
        api.db.client().transactWriteItems(t -> t.transactItems(health.openEpisode(since, UnknownReason.INGEST_ERRORS)));

        JsonNode ingest = systemHealth();

        assertEquals("degraded", ingest.path("status").asText(), ingest.toString());
        assertEquals(since.toString(), ingest.path("since").asText());
        assertEquals("ingest-errors", ingest.path("reason").asText());
        assertEquals(2, ingest.path("failuresLastHour").asLong(), "the failure 90 minutes ago is not in the last hour");
    }

    @Test
    void anApplicationWhoseMissIsUnknownSaysSoWithTheReason() throws IOException {
        JsonNode created = api.send("POST", "/api/applications", "{\"name\":\"etl\",\"intervalSeconds\":60}", 201);
        ApplicationStore apps = api.platform.tables().applications();
        Application app = apps.findById(created.path("id").asText()).orElseThrow();
        Instant marked = AdminApiHandlerTest.NOW.plusSeconds(61);
        apps.markUnknown(app, app.withWatchRestarted(marked), UnknownReason.FLEET_DROP, marked);

        JsonNode shown = api.send("GET", "/api/applications/" + app.id(), null, 200);
        JsonNode listed = api.send("GET", "/api/applications", null, 200);

        assertEquals(marked.toString(), shown.path("unknown").path("since").asText(), shown.toString());
        assertEquals("fleet-drop", shown.path("unknown").path("reason").asText());
        assertEquals(UnknownReason.FLEET_DROP.explanation(), shown.path("unknown").path("explanation").asText());
        assertEquals(marked.plusSeconds(60).toString(), shown.path("deadline").asText(), "the watch restarted");
        assertEquals(List.of("fleet-drop"), List.of(listed.path("applications").path(0).path("unknown").path("reason").asText()));
    }

    @Test
    void anApplicationThatNeverMissedHasNoUnknownField() throws IOException {
        JsonNode created = api.send("POST", "/api/applications", "{\"name\":\"etl\",\"intervalSeconds\":60}", 201);

        assertFalse(api.send("GET", "/api/applications/" + created.path("id").asText(), null, 200).has("unknown"));
    }

    @Test
    void anApplicationWhoseMissIsUnknownCanBeSentBackAsItWasRead() throws IOException {
        JsonNode created = api.send("POST", "/api/applications", "{\"name\":\"etl\",\"intervalSeconds\":60,"
                + "\"tags\":[\"nightly\"],\"maxRuntimeSeconds\":600,\"failureThreshold\":2}", 201);
        ApplicationStore apps = api.platform.tables().applications();
        Application app = apps.findById(created.path("id").asText()).orElseThrow();
        Instant marked = AdminApiHandlerTest.NOW.plusSeconds(61);
        apps.markUnknown(app, app.withWatchRestarted(marked), UnknownReason.FLEET_DROP, marked);
        JsonNode shown = api.send("GET", "/api/applications/" + app.id(), null, 200);
        assertTrue(shown.has("unknown"), shown.toString());

        JsonNode updated = api.send("PUT", "/api/applications/" + app.id(), Json.write(shown), 200);

        assertEquals(shown.path("name").asText(), updated.path("name").asText());
    }
}
