package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.PingKey;
import dev.vigil.store.BeatKeyStore;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Application slugs and tenants' ping keys through the admin API, on DynamoDB Local. */
class SlugsAndPingKeysTest {
    private final AdminApiHarness api = new AdminApiHarness();
    private final BeatKeyStore keys = new BeatKeyStore(api.platform.dynamo(), "BeatKeysTable");

    @Test
    void aNewApplicationGetsASlugFromItsNameAndANumberedOneWhenThatIsTaken() throws IOException {
        JsonNode first = api.send("POST", "/api/applications", "{\"name\":\"Nightly Backup\",\"intervalSeconds\":60}", 201);
        JsonNode second = api.send("POST", "/api/applications", "{\"name\":\"nightly backup!\",\"intervalSeconds\":60}", 201);

        assertEquals("nightly-backup", first.path("slug").asText());
        assertEquals("nightly-backup-2", second.path("slug").asText());
        assertEquals(Optional.of(first.path("uuid").asText()), keys.uuidOfSlug("default", "nightly-backup"));
        assertEquals(Optional.of(second.path("uuid").asText()), keys.uuidOfSlug("default", "nightly-backup-2"));
    }

    @Test
    void anExplicitSlugThatIsTakenGets409AndCreatesNothing() throws IOException {
        api.send("POST", "/api/applications", "{\"name\":\"a\",\"intervalSeconds\":60,\"slug\":\"etl\"}", 201);
        int before = api.count("ApplicationsTable");

        AdminApiHarness.Answer clash = api.call("POST", "/api/applications", "{\"name\":\"b\",\"intervalSeconds\":60,\"slug\":\"etl\"}",
                Map.of());

        assertEquals(409, clash.status(), clash.toString());
        assertTrue(clash.json().path("error").asText().contains("slug 'etl' is taken"), clash.toString());
        assertEquals(before, api.count("ApplicationsTable"));
    }

    @Test
    void aSlugThatIsNotLowerCaseWordsGets400() throws IOException {
        for (String bad : new String[] {"\"Nightly\"", "\"a b\"", "\"\"", "\"" + "x".repeat(101) + "\"", "42"}) {
            AdminApiHarness.Answer answer = api.call("POST", "/api/applications",
                    "{\"name\":\"a\",\"intervalSeconds\":60,\"slug\":" + bad + "}", Map.of());
            assertEquals(400, answer.status(), bad);
            assertTrue(answer.json().path("error").asText().contains("slug"), answer.toString());
        }
        assertEquals(0, api.count("ApplicationsTable"));
    }

    @Test
    void changingTheSlugFreesTheOldOneAndATakenOneGets409() throws IOException {
        JsonNode app = api.send("POST", "/api/applications", "{\"name\":\"a\",\"intervalSeconds\":60,\"slug\":\"old\"}", 201);
        api.send("POST", "/api/applications", "{\"name\":\"b\",\"intervalSeconds\":60,\"slug\":\"taken\"}", 201);
        String path = "/api/applications/" + app.path("id").asText();

        JsonNode renamed = api.send("PUT", path, "{\"slug\":\"new\"}", 200);
        AdminApiHarness.Answer clash = api.call("PUT", path, "{\"slug\":\"taken\",\"name\":\"changed\"}", Map.of());

        assertEquals("new", renamed.path("slug").asText());
        assertEquals(Optional.empty(), keys.uuidOfSlug("default", "old"));
        assertEquals(409, clash.status());
        JsonNode unchanged = api.send("GET", path, null, 200);
        assertEquals("new", unchanged.path("slug").asText());
        assertEquals("a", unchanged.path("name").asText(), "nothing of the refused update was written");
        api.send("POST", "/api/applications", "{\"name\":\"c\",\"intervalSeconds\":60,\"slug\":\"old\"}", 201);
    }

    @Test
    void deletingAnApplicationFreesItsSlug() throws IOException {
        JsonNode app = api.send("POST", "/api/applications", "{\"name\":\"a\",\"intervalSeconds\":60,\"slug\":\"once\"}", 201);

        api.send("DELETE", "/api/applications/" + app.path("id").asText(), null, 204);

        assertEquals(Optional.empty(), keys.uuidOfSlug("default", "once"));
        assertEquals("once", api.send("POST", "/api/applications", "{\"name\":\"b\",\"intervalSeconds\":60,\"slug\":\"once\"}", 201)
                .path("slug").asText());
    }

    @Test
    void aClaimLeftByAnApplicationThatIsGoneDoesNotBlockItsSlug() throws IOException {
        api.platform.dynamo().putItem(p -> p.tableName("BeatKeysTable").item(Map.of(
                "key", AttributeValue.fromS("slug#default#orphan"),
                "uuid", AttributeValue.fromS("9b2e4d61-7c3a-4f58-b0e9-1d6a8c5f2e47"))));

        JsonNode app = api.send("POST", "/api/applications", "{\"name\":\"a\",\"intervalSeconds\":60,\"slug\":\"orphan\"}", 201);

        assertEquals(Optional.of(app.path("uuid").asText()), keys.uuidOfSlug("default", "orphan"));
    }

    @Test
    void aTenantsAdminKeyRotatesItsPingKeyAndTheOldOneStopsWorking() throws IOException {
        String tenant = api.tenant("acme");
        String adminKey = api.key(tenant, "admin");

        AdminApiHarness.Answer first = api.callAs(adminKey, "POST", "/api/tenants/" + tenant + "/ping-key", null);
        AdminApiHarness.Answer second = api.callAs(adminKey, "POST", "/api/tenants/" + tenant + "/ping-key", null);

        assertEquals(200, first.status(), first.toString());
        String old = first.json().path("pingKey").asText();
        String current = second.json().path("pingKey").asText();
        assertTrue(PingKey.isWellFormed(current), current);
        assertFalse(old.equals(current));
        assertTrue(second.json().path("pingUrlPrefix").asText().endsWith("/heartbeat/" + current + "/"), second.toString());
        assertEquals(Optional.empty(), keys.tenantOfPingKey(old));
        assertEquals(Optional.of(tenant), keys.tenantOfPingKey(current));
        assertEquals(current, api.send("GET", "/api/tenants/" + tenant, null, 200).path("pingKey").asText(),
                "the operator sees it with the tenant");
    }

    @Test
    void revokingThePingKeyLeavesTheTenantWithout() throws IOException {
        String tenant = api.tenant("acme");
        String key = api.send("POST", "/api/tenants/" + tenant + "/ping-key", null, 200).path("pingKey").asText();

        api.send("DELETE", "/api/tenants/" + tenant + "/ping-key", null, 204);

        assertEquals(Optional.empty(), keys.tenantOfPingKey(key));
        assertTrue(api.send("GET", "/api/tenants/" + tenant, null, 200).path("pingKey").isNull());
    }

    @Test
    void aReadOnlyKeyOrAnotherTenantsKeyCannotRotateIt() throws IOException {
        String acme = api.tenant("acme");
        String globex = api.tenant("globex");
        String readOnly = api.key(acme, "read-only");
        String globexAdmin = api.key(globex, "admin");

        assertEquals(403, api.callAs(readOnly, "POST", "/api/tenants/" + acme + "/ping-key", null).status());
        assertEquals(404, api.callAs(globexAdmin, "POST", "/api/tenants/" + acme + "/ping-key", null).status());
        assertTrue(api.send("POST", "/api/tenants/tn_nobodynobody/ping-key", null, 404).path("error").isTextual());
        assertEquals(Optional.empty(), keys.pingKeyOf(acme));
    }

    @Test
    void deletingTheTenantRevokesItsPingKey() throws IOException {
        String tenant = api.tenant("acme");
        String key = api.send("POST", "/api/tenants/" + tenant + "/ping-key", null, 200).path("pingKey").asText();

        api.send("DELETE", "/api/tenants/" + tenant, null, 204);

        assertEquals(Optional.empty(), keys.tenantOfPingKey(key));
    }
}
