package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.Application;
import dev.vigil.store.ApplicationStore;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Severity, quiet hours, reminders and acknowledgement as the admin API offers them. */
class AlertPolicyApiTest {
    private AdminApiHarness api;

    @BeforeEach
    void emptyTables() {
        api = new AdminApiHarness();
    }

    @Test
    void severityAndQuietHoursAreStoredShownAndCleared() throws IOException {
        JsonNode app = send("POST", "/api/applications", "{\"name\":\"etl\",\"intervalSeconds\":300,\"severity\":\"warning\","
                + "\"quietHours\":{\"start\":\"22:00\",\"end\":\"07:00\",\"timezone\":\"Europe/Paris\"}}", 201);
        assertEquals("warning", app.path("severity").asText());
        assertEquals("Europe/Paris", app.path("quietHours").path("timezone").asText());
        assertEquals("22:00", app.path("quietHours").path("start").asText());
        assertFalse(app.path("acknowledged").asBoolean());

        JsonNode read = send("GET", "/api/applications/" + app.path("id").asText(), null, 200);
        assertEquals("07:00", read.path("quietHours").path("end").asText());
        JsonNode cleared = send("PUT", "/api/applications/" + app.path("id").asText(), "{\"quietHours\":null}", 200);
        assertTrue(cleared.path("quietHours").isNull());
        assertEquals("warning", cleared.path("severity").asText(), "what the update left out is kept");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"name\":\"a\",\"intervalSeconds\":60,\"severity\":\"urgent\"}",
        "{\"name\":\"a\",\"intervalSeconds\":60,\"quietHours\":{\"start\":\"22:00\",\"end\":\"07:00\"}}",
        "{\"name\":\"a\",\"intervalSeconds\":60,\"quietHours\":{\"start\":\"25:00\",\"end\":\"07:00\",\"timezone\":\"UTC\"}}",
        "{\"name\":\"a\",\"intervalSeconds\":60,\"quietHours\":{\"start\":\"22:00\",\"end\":\"07:00\",\"timezone\":\"Mars/Base\"}}",
        "{\"name\":\"a\",\"intervalSeconds\":60,\"quietHours\":\"nights\"}"
    })
    void badAlertPolicyGets400AndNothingIsStored(String body) throws IOException {
        JsonNode error = send("POST", "/api/applications", body, 400);
        assertTrue(error.path("error").asText().length() > 5);
        assertEquals(0, api.count("ApplicationsTable"));
    }

    @Test
    void channelsTakeAnOptionalRepeatInterval() throws IOException {
        JsonNode channel = send("POST", "/api/channels", "{\"type\":\"slack\",\"name\":\"ops\",\"repeatMinutes\":15,"
                + "\"settings\":{\"webhookUrl\":\"https://hooks.slack.com/services/abcdefgh\"}}", 201);
        assertEquals(15, channel.path("repeatMinutes").asInt());
        JsonNode off = send("PUT", "/api/channels/" + channel.path("id").asText(), "{\"repeatMinutes\":null}", 200);
        assertTrue(off.path("repeatMinutes").isNull());
        send("PUT", "/api/channels/" + channel.path("id").asText(), "{\"repeatMinutes\":0}", 400);
        send("PUT", "/api/channels/" + channel.path("id").asText(), "{\"repeatMinutes\":\"15\"}", 400);
    }

    @Test
    void onlyAnOutageCanBeAcknowledged() throws IOException {
        JsonNode app = send("POST", "/api/applications", "{\"name\":\"etl\",\"intervalSeconds\":60}", 201);
        String id = app.path("id").asText();
        JsonNode notDown = send("POST", "/api/applications/" + id + "/acknowledge", null, 409);
        assertTrue(notDown.path("error").asText().contains("only an outage can be acknowledged"));
        send("POST", "/api/applications/app_zzzzzzzzzzzz/acknowledge", null, 404);

        api.clock.advance(Duration.ofSeconds(61));
        // The detector's flip, as it records it.
        ApplicationStore applications = api.platform.tables().applications();
        Application overdue = applications.findById(id).orElseThrow();
        AlertEvent down = Alerts.down(overdue, overdue.dueAt().orElseThrow(), api.clock.instant());
        api.platform.ledger().record(down, applications.markDown(overdue, down));

        JsonNode acknowledged = send("POST", "/api/applications/" + id + "/acknowledge", null, 200);
        assertEquals("down", acknowledged.path("status").asText());
        assertTrue(acknowledged.path("acknowledged").asBoolean());
    }

    private JsonNode send(String method, String path, String body, int expectedStatus) throws IOException {
        return api.send(method, path, body, expectedStatus);
    }
}
