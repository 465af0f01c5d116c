package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.runtime.Log;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * API keys: shown once, stored only as their hash, listed by prefix, revoked for good; a read-only key
 * reads its tenant without ping UUIDs, ping URLs or secret hints, and may not write.
 */
class ApiKeysApiTest {
    private final AdminApiHarness api = new AdminApiHarness();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

    @AfterEach
    void logsBackToStandardOut() {
        Log.redirect(System.out);
    }

    @Test
    void aKeyIsShownOnceStoredOnlyAsItsHashAndListedByItsPrefix() throws Exception {
        Log.redirect(new PrintStream(logs, true, StandardCharsets.UTF_8));
        String tenant = api.tenant("Acme");

        AdminApiHarness.Answer created = api.call("POST", "/api/tenants/" + tenant + "/keys",
                "{\"name\":\"deploy bot\",\"role\":\"admin\"}", Map.of());

        assertEquals(201, created.status(), created.toString());
        String key = created.json().path("key").asText();
        assertTrue(key.matches("vk_[a-z2-9]{40}"), key);
        String keyId = created.json().path("id").asText();
        assertTrue(keyId.matches("key_[a-z0-9]{12}"), keyId);
        assertEquals(key.substring(0, 8), created.json().path("prefix").asText());
        assertEquals("/api/tenants/" + tenant + "/keys/" + keyId, created.headers().get("location"));
        assertEquals("no-store", created.headers().get("cache-control"));

        JsonNode listed = api.send("GET", "/api/tenants/" + tenant + "/keys", null, 200).path("keys");
        assertEquals(1, listed.size());
        assertFalse(listed.get(0).has("key"), "listed without the key: " + listed);
        assertEquals(((com.fasterxml.jackson.databind.node.ObjectNode) created.json().deepCopy()).without("key"), listed.get(0));
        assertFalse(listed.toString().contains(key.substring(8)), listed.toString());

        List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> items =
                api.db.client().scan(s -> s.tableName("ApiKeysTable")).items();
        assertEquals(1, items.size());
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        assertEquals(sha256, items.get(0).get("keyHash").s(), "keyed by the SHA-256 of the key");
        assertFalse(items.get(0).toString().contains(key.substring(8)), "the key itself is stored nowhere: " + items);
        assertFalse(logs.toString(StandardCharsets.UTF_8).contains(key.substring(8)), "nor logged");

        assertEquals(200, api.callAs(key, "GET", "/api/applications", null).status(), "and it works");
    }

    @Test
    void aRevokedKeyIsRefusedAndListedAsRevoked() throws IOException {
        String tenant = api.tenant("Acme");
        String key = api.key(tenant, "admin");
        String other = api.key(tenant, "admin");
        String keyId = keyOf(tenant, key).path("id").asText();
        assertEquals(200, api.callAs(key, "GET", "/api/channels", null).status());

        api.clock.advance(Duration.ofMinutes(1));
        assertEquals(204, api.call("DELETE", "/api/tenants/" + tenant + "/keys/" + keyId, null, Map.of()).status());

        AdminApiHarness.Answer refused = api.callAs(key, "GET", "/api/channels", null);
        assertEquals(401, refused.status(), refused.toString());
        assertEquals(200, api.callAs(other, "GET", "/api/channels", null).status(), "the tenant's other keys still work");
        JsonNode listed = keyOf(tenant, key);
        assertEquals(api.clock.instant().toString(), listed.path("revokedAt").asText());
        assertEquals(AdminApiHandlerTest.NOW.toString(), listed.path("lastUsedAt").asText(), "when it was last used");
        assertEquals(204, api.call("DELETE", "/api/tenants/" + tenant + "/keys/" + keyId, null, Map.of()).status(),
                "revoking again changes nothing");
        assertEquals(api.clock.instant().toString(), keyOf(tenant, key).path("revokedAt").asText());
        assertTrue(keyOf(tenant, other).path("revokedAt").isNull());
    }

    /** The listing's entry of {@code key}, found by its prefix. */
    private JsonNode keyOf(String tenant, String key) throws IOException {
        for (JsonNode listed : api.send("GET", "/api/tenants/" + tenant + "/keys", null, 200).path("keys")) {
            if (listed.path("prefix").asText().equals(key.substring(0, 8))) {
                return listed;
            }
        }
        throw new AssertionError("no key with the prefix of " + key.substring(0, 8));
    }

    @Test
    void aKeyIsRevokedOnlyThroughItsOwnTenant() throws IOException {
        String acme = api.tenant("Acme");
        String globex = api.tenant("Globex");
        String key = api.key(acme, "admin");
        String keyId = api.send("GET", "/api/tenants/" + acme + "/keys", null, 200).path("keys").get(0).path("id").asText();

        assertEquals(404, api.call("DELETE", "/api/tenants/" + globex + "/keys/" + keyId, null, Map.of()).status());
        assertEquals(404, api.call("DELETE", "/api/tenants/" + acme + "/keys/key_zzzzzzzzzzzz", null, Map.of()).status());
        assertEquals(404, api.call("DELETE", "/api/tenants/" + acme + "/keys/not-a-key", null, Map.of()).status());
        assertEquals(200, api.callAs(key, "GET", "/api/channels", null).status());
    }

    @Test
    void aKeyNeedsANameAndARole() throws IOException {
        String tenant = api.tenant("Acme");
        for (String body : new String[] {"{}", "{\"name\":\"ci\"}", "{\"name\":\"ci\",\"role\":\"owner\"}", "{\"role\":\"admin\"}",
                "{\"name\":\"ci\",\"role\":\"admin\",\"key\":\"vk_mine\"}", "{\"name\":\"\\u0000\",\"role\":\"admin\"}", "\"admin\""}) {
            AdminApiHarness.Answer answer = api.call("POST", "/api/tenants/" + tenant + "/keys", body, Map.of());
            assertEquals(400, answer.status(), body + ": " + answer);
        }
        assertEquals(0, api.count("ApiKeysTable"));
    }

    @Test
    void aReadOnlyKeyReadsWithoutPingUuidsOrSecretHints() throws IOException {
        String tenant = api.tenant("Acme");
        String admin = api.key(tenant, "admin");
        String reader = api.key(tenant, "read-only");
        JsonNode app = api.callAs(admin, "POST", "/api/applications", "{\"name\":\"billing\",\"intervalSeconds\":60}").json();
        JsonNode channel = api.callAs(admin, "POST", "/api/channels", "{\"type\":\"slack\",\"name\":\"ops\",\"settings\":"
                + "{\"webhookUrl\":\"https://hooks.slack.com/services/T0001/B0001/abcdefghijklmnopWXYZ\"}}").json();
        assertTrue(app.has("uuid") && app.has("pingUrl"), "an admin key sees them: " + app);
        assertEquals("****WXYZ", channel.path("settings").path("webhookUrl").asText());

        JsonNode listed = api.callAs(reader, "GET", "/api/applications", null).json().path("applications").get(0);
        JsonNode one = api.callAs(reader, "GET", "/api/applications/" + app.path("id").asText(), null).json();
        JsonNode channels = api.callAs(reader, "GET", "/api/channels", null).json();
        JsonNode oneChannel = api.callAs(reader, "GET", "/api/channels/" + channel.path("id").asText(), null).json();

        for (JsonNode shown : List.of(listed, one)) {
            assertFalse(shown.has("uuid") || shown.has("pingUrl"), shown.toString());
            assertFalse(shown.toString().contains(app.path("uuid").asText()), shown.toString());
            assertEquals("billing", shown.path("name").asText());
        }
        for (JsonNode shown : List.of(channels, oneChannel)) {
            assertFalse(shown.toString().contains("WXYZ") || shown.toString().contains("webhookUrl"), shown.toString());
        }
        assertEquals(200, api.callAs(reader, "GET", "/api/applications/" + app.path("id").asText() + "/heartbeats", null).status());
        assertEquals(200, api.callAs(reader, "GET", "/api/notifications", null).status());
    }

    @Test
    void aReadOnlyKeyMayNotWriteAnything() throws IOException {
        String tenant = api.tenant("Acme");
        String admin = api.key(tenant, "admin");
        String reader = api.key(tenant, "read-only");
        String app = api.callAs(admin, "POST", "/api/applications", "{\"name\":\"billing\",\"intervalSeconds\":60}").json()
                .path("id").asText();
        int items = api.count("ApplicationsTable") + api.count("ChannelsTable");

        for (String[] write : new String[][] {{"POST", "/api/applications", "{\"name\":\"x\",\"intervalSeconds\":60}"},
                {"PUT", "/api/applications/" + app, "{\"name\":\"renamed\"}"}, {"DELETE", "/api/applications/" + app, null},
                {"POST", "/api/applications/" + app + "/acknowledge", null},
                {"POST", "/api/channels", "{\"type\":\"sns\",\"name\":\"x\"}"}}) {
            AdminApiHarness.Answer answer = api.callAs(reader, write[0], write[1], write[2]);
            assertEquals(403, answer.status(), write[0] + " " + write[1] + ": " + answer);
            assertTrue(answer.error().contains("read-only"), answer.toString());
        }
        assertEquals(items, api.count("ApplicationsTable") + api.count("ChannelsTable"));
        assertEquals("billing", api.callAs(admin, "GET", "/api/applications/" + app, null).json().path("name").asText());
    }
}
