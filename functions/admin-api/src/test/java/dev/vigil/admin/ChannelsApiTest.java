package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.ChannelType;
import dev.vigil.runtime.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
        "{\"type\":\"slack\",\"name\":\"x\",\"escalation\":1,\"settings\":{\"webhookUrl\":\"https://h/x\"}}",
        "[]"
    })
    void invalidChannelsGet400AndNothingIsStored(String body) throws IOException {
        JsonNode error = send("POST", "/api/channels", body, 400);
        assertTrue(error.path("error").asText().length() > 5, error.toString());
        assertEquals(0, api.count("ChannelsTable"));
    }

    @Test
    void aChannelIsFlaggedForEscalationAndKeepsTheFlagUntilItIsChanged() throws IOException {
        JsonNode created = send("POST", "/api/channels", "{\"type\":\"slack\",\"name\":\"pager\",\"escalation\":true,"
                + "\"settings\":{\"webhookUrl\":\"" + SLACK_URL + "\"}}", 201);
        String id = created.path("id").asText();
        assertTrue(created.path("escalation").asBoolean());

        assertTrue(send("PUT", "/api/channels/" + id, "{\"name\":\"pager 2\"}", 200).path("escalation").asBoolean(), "left out: kept");
        assertFalse(send("PUT", "/api/channels/" + id, "{\"escalation\":false}", 200).path("escalation").asBoolean());
        assertFalse(send("GET", "/api/channels/" + id, null, 200).path("escalation").asBoolean());
        assertFalse(send("POST", "/api/channels", "{\"type\":\"slack\",\"name\":\"ops\",\"settings\":{\"webhookUrl\":\""
                + SLACK_URL + "\"}}", 201).path("escalation").asBoolean(), "not an escalation channel unless asked");
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

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            webhook   | https://169.254.169.254/latest/meta-data/     | settings.url points to an address that is link-local (169.254.0.0/16); only public addresses may be called
            webhook   | https://10.0.0.1/hook                         | settings.url points to an address that is private (10.0.0.0/8); only public addresses may be called
            webhook   | https://172.16.0.1/hook                       | settings.url points to an address that is private (172.16.0.0/12); only public addresses may be called
            webhook   | https://192.168.1.1/hook                      | settings.url points to an address that is private (192.168.0.0/16); only public addresses may be called
            webhook   | https://[fc00::1]/hook                        | settings.url points to an address that is unique local (fc00::/7); only public addresses may be called
            webhook   | https://[::1]/hook                            | settings.url points to an address that is loopback (::1); only public addresses may be called
            webhook   | https://[::ffff:127.0.0.1]/hook               | settings.url points to an address that is IPv4-mapped IPv6 (::ffff:0:0/96); only public addresses may be called
            webhook   | https://0.0.0.0/hook                          | settings.url points to an address that is "this network" (0.0.0.0/8); only public addresses may be called
            webhook   | https://100.64.0.1/hook                       | settings.url points to an address that is carrier-grade NAT (100.64.0.0/10); only public addresses may be called
            webhook   | https://2130706433/hook                       | settings.url has a numeric host that is not a dotted-quad IPv4 address
            webhook   | https://localhost/hook                        | settings.url must not point to localhost
            webhook   | https://user:pass@hooks.example.com/hook      | settings.url must not contain user info (user:password@)
            webhook   | http://hooks.example.com/hook                 | settings.url must use https
            webhook   | https://intranet.example.com/hook             | settings.url has a host that resolves to 10.1.2.3, which is private (10.0.0.0/8); only public addresses may be called
            slack     | https://hooks.example.com/services/T/B/X      | settings.webhookUrl must be a Slack webhook URL on https://hooks.slack.com
            slack     | http://hooks.slack.com/services/T/B/X         | settings.webhookUrl must use https
            discord   | https://discord.com.evil.example/api/webhooks/1/x | settings.webhookUrl must be a Discord webhook URL (https://discord.com/api/webhooks/...)
            pagerduty | https://169.254.169.254/v2/enqueue            | settings.eventsUrl must be a PagerDuty Events API URL on https://events.pagerduty.com or https://events.eu.pagerduty.com
            whatsapp  | http://graph.facebook.com/v21.0               | settings.apiBaseUrl must use https
            whatsapp  | https://127.0.0.1/v21.0                       | settings.apiBaseUrl must be a WhatsApp Cloud API URL on https://graph.facebook.com
            """)
    void channelUrlsThatCouldReachAnInternalServiceOrLeakASecretGet400NamingTheRule(String type, String url, String error)
            throws IOException {
        api.dns.put("intranet.example.com", List.of(InetAddress.getByAddress(new byte[] {10, 1, 2, 3})));

        JsonNode answer = send("POST", "/api/channels", channel(type, url), 400);

        assertEquals(error, answer.path("error").asText());
        assertEquals(0, api.count("ChannelsTable"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            webhook   | https://hooks.example.com/vigil
            webhook   | https://not-in-dns-yet.example.com/vigil
            webhook   | https://93.184.216.34:8443/vigil
            webhook   | https://[2606:4700::1]/vigil
            slack     | https://hooks.slack.com/services/T000/B000/XXXX
            discord   | https://discordapp.com/api/webhooks/1/abc
            pagerduty | https://events.eu.pagerduty.com/v2/enqueue
            whatsapp  | https://graph.facebook.com/v21.0
            """)
    void publicAndProviderUrlsAreAccepted(String type, String url) throws IOException {
        api.dns.put("hooks.example.com", List.of(InetAddress.getByAddress(new byte[] {93, (byte) 184, (byte) 216, 34})));

        send("POST", "/api/channels", channel(type, url), 201);
    }

    @Test
    void anUpdateToAPrivateUrlGets400AndKeepsTheStoredUrl() throws IOException {
        String id = send("POST", "/api/channels", channel("webhook", "https://93.184.216.34/vigil"), 201).path("id").asText();

        JsonNode error = send("PUT", "/api/channels/" + id, "{\"settings\":{\"url\":\"https://169.254.169.254/latest\"}}", 400);

        assertTrue(error.path("error").asText().startsWith("settings.url points to an address that is link-local"), error.toString());
        assertEquals("https://93.184.216.34/vigil", api.secrets.get(ChannelType.WEBHOOK, id).get("url"));
    }

    /** A channel of {@code type} whose one URL setting is {@code url}, its other required settings valid. */
    private static String channel(String type, String url) {
        ObjectNode settings = Json.object();
        switch (type) {
            case "webhook" -> settings.put("url", url).put("signingSecret", "0123456789abcdef0123");
            case "pagerduty" -> settings.put("routingKey", "R0UT1NGKEY").put("eventsUrl", url);
            case "whatsapp" -> settings.put("phoneNumberId", "1065").put("accessToken", "t0k3n").put("to", "+15551234567")
                    .put("apiBaseUrl", url);
            default -> settings.put("webhookUrl", url);
        }
        ObjectNode body = Json.object().put("type", type).put("name", "x");
        body.set("settings", settings);
        return Json.write(body);
    }

    private JsonNode send(String method, String path, String body, int expectedStatus) throws IOException {
        return api.send(method, path, body, expectedStatus);
    }
}
