package dev.vigil.admin;

import static dev.vigil.admin.AdminApiHandlerTest.request;
import static dev.vigil.admin.AdminApiHandlerTest.withBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.auth.AdminKey;
import dev.vigil.channels.InMemorySecretStore;
import dev.vigil.channels.SecretStore;
import dev.vigil.config.Env;
import dev.vigil.config.Services;
import dev.vigil.events.EventPublisher;
import dev.vigil.json.Json;
import dev.vigil.monitor.AlertOutbox;
import dev.vigil.monitor.MissedBeatScan;
import dev.vigil.store.Stores;
import dev.vigil.testkit.DynamoLocal;
import dev.vigil.testkit.SamTemplate;
import dev.vigil.testkit.TestClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Severity, quiet hours, reminders and acknowledgement as the admin API offers them. */
class AlertPolicyApiTest {
    final DynamoLocal db = DynamoLocal.shared();
    final TestClock clock = new TestClock(AdminApiHandlerTest.NOW);
    Services services;
    AdminApiHandler handler;

    @BeforeEach
    void emptyTables() {
        db.reset();
        SamTemplate template = SamTemplate.load();
        Map<String, String> env = new HashMap<>(template.environment(template.function("AdminApiFunction").orElseThrow(), Map.of()));
        services = Services.builder(Env.of(env)).clock(clock).dynamo(db.client())
                .port(AdminKey.class, new AdminKey(AdminApiHandlerTest.ADMIN_KEY))
                .port(SecretStore.class, new InMemorySecretStore()).build();
        handler = new AdminApiHandler(services);
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
        assertEquals(0, db.client().scan(s -> s.tableName("ApplicationsTable")).count());
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
        send("GET", "/api/applications/" + id + "/acknowledge", null, 405);

        clock.advance(Duration.ofSeconds(61));
        EventPublisher noBus = event -> {
        };
        new MissedBeatScan(Stores.applications(services), new AlertOutbox(Stores.events(services), noBus, clock), clock).runPass();

        JsonNode acknowledged = send("POST", "/api/applications/" + id + "/acknowledge", null, 200);
        assertEquals("down", acknowledged.path("status").asText());
        assertTrue(acknowledged.path("acknowledged").asBoolean());
    }

    private JsonNode send(String method, String path, String body, int expectedStatus) throws IOException {
        ObjectNode event = request(method, path);
        if (body != null) {
            withBody(event, body);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)), out, null);
        JsonNode response = Json.MAPPER.readTree(out.toByteArray());
        assertEquals(expectedStatus, response.path("statusCode").asInt(), response.toString());
        String text = response.path("body").asText();
        return text.isEmpty() ? Json.object() : Json.MAPPER.readTree(text);
    }
}
