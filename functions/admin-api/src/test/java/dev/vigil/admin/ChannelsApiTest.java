package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.ChannelType;
import dev.vigil.runtime.Json;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code /api/channels}: channels are created, routed to and changed; their secrets are write-only. */
class ChannelsApiTest {
    static final String SLACK_URL = "https://hooks.slack.com/services/T0001/B0001/abcdefghijklmnopWXYZ";

    private AdminApiHarness api;

    @BeforeEach
    void emptyTables() {
        api = new AdminApiHarness();
    }

    @Test
    void createdChannelShowsItsSecretsOnlyAsTheirLastFourCharacters() throws IOException {
        JsonNode created = send("POST", "/api/channels",
                "{\"type\":\"slack\",\"name\":\"ops\",\"default\":true,\"settings\":{\"webhookUrl\":\"" + SLACK_URL + "\"}}", 201);
        String id = created.path("id").asText();

        assertEquals("slack", created.path("type").asText());
        assertTrue(created.path("default").asBoolean());
        assertTrue(created.path("enabled").asBoolean());
        assertEquals("****WXYZ", created.path("settings").path("webhookUrl").asText());
        assertEquals(Map.of("webhookUrl", SLACK_URL), api.secrets.get(ChannelType.SLACK, id), "the secret itself is in the secret store");
        String listed = Json.write(send("GET", "/api/channels", null, 200));
        assertFalse(listed.contains("abcdefghijklmnop"), listed);
        assertFalse(Json.write(send("GET", "/api/channels/" + id, null, 200)).contains("abcdefghijklmnop"));
        String stored = api.db.client().scan(s -> s.tableName("ChannelsTable")).items().toString();
        assertFalse(stored.contains("abcdefghijklmnop"), "no secret in the channels table: " + stored);
    }

    @Test
    void updateKeepsSecretsThatAreLeftOutAndReplacesThoseThatAreSent() throws IOException {
        String id = send("POST", "/api/channels", "{\"type\":\"webhook\",\"name\":\"hook\",\"settings\":"
                + "{\"url\":\"https://example.com/hook\",\"signingSecret\":\"0123456789abcdef0123\"}}", 201).path("id").asText();

        JsonNode renamed = send("PUT", "/api/channels/" + id, "{\"name\":\"renamed\",\"enabled\":false}", 200);
        assertEquals("renamed", renamed.path("name").asText());
        assertFalse(renamed.path("enabled").asBoolean());
        assertEquals("0123456789abcdef0123", api.secrets.get(ChannelType.WEBHOOK, id).get("signingSecret"));

        send("PUT", "/api/channels/" + id, "{\"settings\":{\"signingSecret\":\"a-brand-new-secret-value\"}}", 200);
        assertEquals("a-brand-new-secret-value", api.secrets.get(ChannelType.WEBHOOK, id).get("signingSecret"));
        assertEquals("https://example.com/hook", api.secrets.get(ChannelType.WEBHOOK, id).get("url"));
    }

    @Test
    void deletingAChannelRemovesItsSecrets() throws IOException {
        String id = send("POST", "/api/channels", "{\"type\":\"discord\",\"name\":\"d\",\"settings\":"
                + "{\"webhookUrl\":\"https://discord.com/api/webhooks/1/abc\"}}", 201).path("id").asText();
        send("DELETE", "/api/channels/" + id, null, 204);
        send("GET", "/api/channels/" + id, null, 404);
        assertEquals(Map.of(), api.secrets.get(ChannelType.DISCORD, id));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"name\":\"x\",\"settings\":{}}",
        "{\"type\":\"telegram\",\"name\":\"x\",\"settings\":{}}",
        "{\"type\":\"inapp\",\"name\":\"x\"}",
        "{\"type\":\"slack\",\"settings\":{\"webhookUrl\":\"https://hooks.slack.com/x\"}}",
        "{\"type\":\"slack\",\"name\":\"x\",\"settings\":{}}",
        "{\"type\":\"slack\",\"name\":\"x\",\"settings\":{\"webhookUrl\":\"ftp://hooks.slack.com/x\"}}",
        "{\"type\":\"slack\",\"name\":\"x\",\"settings\":{\"webhookUrl\":\"https://h/x\",\"extra\":\"1\"}}",
        "{\"type\":\"webhook\",\"name\":\"x\",\"settings\":{\"url\":\"https://e.com\",\"signingSecret\":\"short\"}}",
        "{\"type\":\"whatsapp\",\"name\":\"x\",\"settings\":{\"phoneNumberId\":\"1\",\"accessToken\":\"t\",\"to\":\"0612\"}}",
        "{\"type\":\"pagerduty\",\"name\":\"x\",\"settings\":{\"routingKey\":7}}",
        "{\"type\":\"slack\",\"name\":\"x\",\"default\":\"yes\",\"settings\":{\"webhookUrl\":\"https://h/x\"}}",
        "[]"
    })
    void invalidChannelsGet400AndNothingIsStored(String body) throws IOException {
        JsonNode error = send("POST", "/api/channels", body, 400);
        assertTrue(error.path("error").asText().length() > 5, error.toString());
        assertEquals(0, api.count("ChannelsTable"));
    }

    @Test
    void typeCannotChangeOnUpdate() throws IOException {
        String id = send("POST", "/api/channels", "{\"type\":\"discord\",\"name\":\"d\",\"settings\":"
                + "{\"webhookUrl\":\"https://discord.com/api/webhooks/1/abc\"}}", 201).path("id").asText();
        JsonNode error = send("PUT", "/api/channels/" + id, "{\"type\":\"slack\"}", 400);
        assertTrue(error.path("error").asText().contains("type cannot be changed"));
    }

    @Test
    void applicationsRouteToExistingChannelsOnly() throws IOException {
        String id = send("POST", "/api/channels", "{\"type\":\"slack\",\"name\":\"ops\",\"settings\":"
                + "{\"webhookUrl\":\"" + SLACK_URL + "\"}}", 201).path("id").asText();

        JsonNode app = send("POST", "/api/applications",
                "{\"name\":\"billing\",\"intervalSeconds\":60,\"channels\":[\"" + id + "\"]}", 201);
        assertEquals(id, app.path("channels").path(0).asText());

        JsonNode unknown = send("POST", "/api/applications",
                "{\"name\":\"billing\",\"intervalSeconds\":60,\"channels\":[\"ch_zzzzzzzzzzzz\"]}", 400);
        assertTrue(unknown.path("error").asText().contains("ch_zzzzzzzzzzzz"), unknown.toString());
        send("POST", "/api/applications", "{\"name\":\"b\",\"intervalSeconds\":60,\"channels\":\"" + id + "\"}", 400);

        JsonNode cleared = send("PUT", "/api/applications/" + app.path("id").asText(), "{\"channels\":[]}", 200);
        assertEquals(0, cleared.path("channels").size(), "an empty list routes to the default channels");
    }

    private JsonNode send(String method, String path, String body, int expectedStatus) throws IOException {
        return api.send(method, path, body, expectedStatus);
    }
}
