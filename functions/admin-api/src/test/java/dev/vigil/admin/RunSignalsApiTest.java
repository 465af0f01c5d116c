package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.BeatDetail;
import dev.vigil.domain.SignalKind;
import dev.vigil.store.HeartbeatLog;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runtime limits on applications, and the signals, runs, bodies and metadata the heartbeats API lists. */
class RunSignalsApiTest {
    private AdminApiHarness api;

    @BeforeEach
    void emptyTables() {
        api = new AdminApiHarness();
    }

    @Test
    void runtimeLimitsAreStoredShownAndCleared() throws IOException {
        JsonNode app = api.send("POST", "/api/applications",
                "{\"name\":\"backup\",\"intervalSeconds\":3600,\"minRuntimeSeconds\":30,\"maxRuntimeSeconds\":900}", 201);
        assertEquals(30, app.path("minRuntimeSeconds").asLong());
        assertEquals(900, app.path("maxRuntimeSeconds").asLong());

        JsonNode cleared = api.send("PUT", "/api/applications/" + app.path("id").asText(), "{\"minRuntimeSeconds\":null}", 200);

        assertTrue(cleared.path("minRuntimeSeconds").isNull(), cleared.toString());
        assertEquals(900, cleared.path("maxRuntimeSeconds").asLong());
    }

    @Test
    void minimumRuntimeNotBelowTheMaximumIs400() throws IOException {
        AdminApiHarness.Answer answer = api.call("POST", "/api/applications",
                "{\"name\":\"backup\",\"intervalSeconds\":3600,\"minRuntimeSeconds\":900,\"maxRuntimeSeconds\":900}", Map.of());

        assertEquals(400, answer.status());
        assertTrue(answer.body().contains("minRuntimeSeconds must be less than maxRuntimeSeconds"), answer.body());
    }

    @Test
    void updateThatWouldPutTheMinimumAboveTheStoredMaximumIs400() throws IOException {
        JsonNode app = api.send("POST", "/api/applications",
                "{\"name\":\"backup\",\"intervalSeconds\":3600,\"maxRuntimeSeconds\":60}", 201);

        AdminApiHarness.Answer answer = api.call("PUT", "/api/applications/" + app.path("id").asText(),
                "{\"minRuntimeSeconds\":120}", Map.of());

        assertEquals(400, answer.status());
    }

    @Test
    void nonNumericOrZeroMaximumRuntimeIs400() throws IOException {
        assertEquals(400, api.call("POST", "/api/applications",
                "{\"name\":\"backup\",\"intervalSeconds\":3600,\"maxRuntimeSeconds\":\"long\"}", Map.of()).status());
        assertEquals(400, api.call("POST", "/api/applications",
                "{\"name\":\"backup\",\"intervalSeconds\":3600,\"maxRuntimeSeconds\":0}", Map.of()).status());
    }

    @Test
    void heartbeatsListTheSignalRunBodyAndMetadataOfEachBeat() throws IOException {
        JsonNode app = api.send("POST", "/api/applications", "{\"name\":\"backup\",\"intervalSeconds\":3600}", 201);
        String rid = "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b";
        api.platform.tables().heartbeats().appendWithPayload(new HeartbeatLog.Entry(app.path("id").asText(), 1,
                new HeartbeatLog.Beat(api.clock.instant(), "POST", Optional.of("203.0.113.24"), Optional.of("curl/8.5.0"),
                        new BeatDetail(SignalKind.FAIL, Optional.of(3), Optional.of(rid), Optional.of(4200L),
                                Optional.of(new BeatDetail.Body("disk full", Optional.of("text/plain"), true)),
                                Optional.of("nightly run"), Optional.of(4.1), Map.of("rows", 42.0)))));

        JsonNode beat = api.send("GET", "/api/applications/" + app.path("id").asText() + "/heartbeats", null, 200)
                .path("heartbeats").get(0);

        assertEquals("fail", beat.path("signal").asText());
        assertEquals(3, beat.path("exitCode").asInt());
        assertEquals(rid, beat.path("rid").asText());
        assertEquals(4200, beat.path("durationMs").asLong());
        assertEquals("disk full", beat.path("body").asText());
        assertEquals("text/plain", beat.path("contentType").asText());
        assertTrue(beat.path("truncated").asBoolean());
        assertEquals("nightly run", beat.path("msg").asText());
        assertEquals(4.1, beat.path("reportedDurationSeconds").asDouble());
        assertEquals(42.0, beat.path("metrics").path("rows").asDouble());
    }

    @Test
    void plainBeatIsListedAsASuccessWithNothingElse() throws IOException {
        JsonNode app = api.send("POST", "/api/applications", "{\"name\":\"backup\",\"intervalSeconds\":3600}", 201);
        api.platform.tables().heartbeats().appendAll(List.of(new HeartbeatLog.Entry(app.path("id").asText(), 1,
                new HeartbeatLog.Beat(api.clock.instant(), "GET", Optional.empty(), Optional.empty()))));

        JsonNode beat = api.send("GET", "/api/applications/" + app.path("id").asText() + "/heartbeats", null, 200)
                .path("heartbeats").get(0);

        assertEquals("success", beat.path("signal").asText());
        assertTrue(beat.path("exitCode").isNull());
        assertTrue(beat.path("durationMs").isNull());
        assertTrue(beat.path("body").isNull());
        assertEquals(0, beat.path("metrics").size());
    }
}
