package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.checks.CheckStatus;
import dev.vigil.domain.Badge;
import dev.vigil.store.HeartbeatLog;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Badges on DynamoDB Local: a badge key shows only its application's or tag's state, never another
 * tenant's; an unknown or revoked key is 404; issuing is idempotent; keys reveal no id.
 */
class BadgesApiTest {
    private final AdminApiHarness api = new AdminApiHarness();

    private JsonNode app(String name, String tags) throws IOException {
        return api.send("POST", "/api/applications", "{\"name\":\"" + name + "\",\"intervalSeconds\":60,\"graceSeconds\":30,\"tags\":"
                + tags + "}", 201);
    }

    private void beat(JsonNode app) {
        api.platform.tables().applications().recordBeat(app.path("uuid").asText(),
                new HeartbeatLog.Beat(api.clock.instant(), "POST", Optional.empty(), Optional.empty()));
    }

    /** The public badge, without any key. */
    private AdminApiHarness.Answer badge(String path) throws IOException {
        var event = api.event("GET", "/badge/" + path, null, Map.of());
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.get("headers")).remove("authorization");
        return api.invoke(event);
    }

    @Test
    void anApplicationsBadgeShowsItsNameAndStateAsSvgJsonAndShields() throws IOException {
        JsonNode app = app("billing", "[]");
        beat(app);
        AdminApiHarness.Answer issued = api.call("POST", "/api/applications/" + app.path("id").asText() + "/badge", null, Map.of());
        assertEquals(201, issued.status(), issued.toString());
        String key = issued.json().path("badgeKey").asText();
        assertTrue(Badge.wellFormed(key), key);
        assertFalse(key.contains(app.path("id").asText().substring(4)) || key.contains(app.path("uuid").asText()), "the key is no id");
        assertTrue(issued.json().path("urls").path("svg").asText().endsWith("/badge/" + key + ".svg"), issued.toString());

        AdminApiHarness.Answer svg = badge(key + ".svg");
        assertEquals(200, svg.status());
        assertEquals("image/svg+xml", svg.headers().get("content-type"));
        assertEquals("public, max-age=60", svg.headers().get("cache-control"));
        assertTrue(svg.body().contains(">billing</text>") && svg.body().contains(">up</text>"), svg.body());

        api.clock.advance(Duration.ofSeconds(70));
        assertTrue(badge(key + ".svg").body().contains(">up</text>"), "2-state: late shows as up");
        assertTrue(badge(key + ".svg?states=3").body().contains(">late</text>"));
        assertEquals("late", badge(key + ".json").json().path("status").asText());
        api.clock.advance(Duration.ofSeconds(30));
        JsonNode json = badge(key + ".json").json();
        assertEquals("down", json.path("status").asText());
        assertEquals(1, json.path("total").asInt());
        assertEquals(1, json.path("down").asInt());
        JsonNode shields = badge(key + ".shields").json();
        assertEquals(1, shields.path("schemaVersion").asInt());
        assertEquals("down", shields.path("message").asText());
        assertEquals("red", shields.path("color").asText());
        assertEquals(shields, badge(key + ".json?format=shields").json());
    }

    @Test
    void issuingAgainGivesTheSameBadgeAndRevokingEndsIt() throws IOException {
        String id = app("billing", "[]").path("id").asText();
        String key = api.send("POST", "/api/applications/" + id + "/badge", null, 201).path("badgeKey").asText();

        assertEquals(key, api.send("POST", "/api/applications/" + id + "/badge", null, 200).path("badgeKey").asText());
        assertEquals(key, api.send("GET", "/api/applications/" + id + "/badge", null, 200).path("badgeKey").asText());
        api.send("DELETE", "/api/applications/" + id + "/badge", null, 204);

        assertEquals(404, badge(key + ".svg").status(), "a revoked key shows nothing");
        api.send("GET", "/api/applications/" + id + "/badge", null, 404);
        assertNotEquals(key, api.send("POST", "/api/applications/" + id + "/badge", null, 201).path("badgeKey").asText(),
                "a new badge has a new key");
    }

    @Test
    void unknownKeysAndFormatsAre404AndBadStatesAre400() throws IOException {
        String id = app("billing", "[]").path("id").asText();
        String key = api.send("POST", "/api/applications/" + id + "/badge", null, 201).path("badgeKey").asText();

        assertEquals(404, badge(Badge.issue("default", new Badge.OfTag("x"), api.clock.instant()).key() + ".svg").status());
        assertEquals(404, badge("not-a-key.svg").status());
        assertEquals(404, badge(key).status(), "no format");
        assertEquals(404, badge(key + ".png").status());
        assertEquals(400, badge(key + ".svg?states=4").status());
        api.send("DELETE", "/api/applications/" + id, null, 204);
        assertEquals(404, badge(key + ".svg").status(), "the badge of a deleted application shows nothing");
    }

    @Test
    void aTagsBadgeShowsTheWorstOfItsApplicationsAndChecks() throws IOException {
        JsonNode up = app("api", "[\"prod\"]");
        beat(up);
        app("never-beaten", "[\"prod\"]");
        api.send("PUT", "/api/applications/" + app("paused-one", "[\"prod\"]").path("id").asText(), "{\"active\":false}", 200);
        app("untagged", "[]");
        String key = api.send("POST", "/api/tags/Prod/badge", null, 201).path("badgeKey").asText();
        assertEquals("prod", api.send("GET", "/api/tags/prod/badge", null, 200).path("tag").asText());

        JsonNode json = badge(key + ".json").json();
        assertEquals("up", json.path("status").asText(), json.toString());
        assertEquals("prod", json.path("label").asText());
        assertEquals(3, json.path("total").asInt(), "the untagged application is not counted");
        assertEquals(1, json.path("new").asInt());
        assertEquals(1, json.path("paused").asInt());

        String check = api.send("POST", "/api/checks", "{\"type\":\"tcp\",\"name\":\"db\",\"settings\":{\"host\":\"db.example.com\","
                + "\"port\":5432},\"tags\":[\"prod\"]}", 201).path("id").asText();
        api.recordRun(check, CheckStatus.UNHEALTHY, 900);
        assertEquals("down", badge(key + ".json").json().path("status").asText(), "an unhealthy check with the tag makes it down");
        assertTrue(badge(key + ".svg").body().contains(">down</text>"));
        assertEquals(400, api.call("POST", "/api/tags/a%2Fb/badge", null, Map.of()).status());
    }

    @Test
    void aBadgeKeyOfOneTenantShowsNothingOfAnother() throws IOException {
        String other = api.tenant("other");
        String otherKey = api.key(other, "admin");
        api.callAs(otherKey, "POST", "/api/applications", "{\"name\":\"their-secret-app\",\"intervalSeconds\":60,\"tags\":[\"prod\"]}");
        String otherCheck = api.callAs(otherKey, "POST", "/api/checks", "{\"type\":\"tcp\",\"name\":\"their-db\",\"settings\":"
                + "{\"host\":\"db.example.com\",\"port\":5432},\"tags\":[\"prod\"]}").json().path("id").asText();
        api.recordRun(otherCheck, CheckStatus.UNHEALTHY, 900);
        JsonNode ours = app("ours", "[\"prod\"]");
        beat(ours);
        String tagKey = api.send("POST", "/api/tags/prod/badge", null, 201).path("badgeKey").asText();
        String theirTagKey = api.callAs(otherKey, "POST", "/api/tags/prod/badge", null).json().path("badgeKey").asText();

        JsonNode json = badge(tagKey + ".json").json();
        assertEquals("up", json.path("status").asText(), "the other tenant's unhealthy check does not count: " + json);
        assertEquals(1, json.path("total").asInt());
        assertNotEquals(tagKey, theirTagKey);
        assertEquals("down", badge(theirTagKey + ".json").json().path("status").asText());
        assertEquals(404, api.callAs(otherKey, "POST", "/api/applications/" + ours.path("id").asText() + "/badge", null).status(),
                "another tenant's application has no badge for this key");
        assertFalse(badge(tagKey + ".svg").body().contains("their-"), "nothing of the other tenant shows");
    }

    @Test
    void aTagsBadgeOfADeletedTenantShowsNothing() throws IOException {
        String gone = api.tenant("gone");
        String key = api.callAs(api.key(gone, "admin"), "POST", "/api/tags/prod/badge", null).json().path("badgeKey").asText();
        assertEquals(200, badge(key + ".json").status());

        api.send("DELETE", "/api/tenants/" + gone, null, 204);

        assertEquals(404, badge(key + ".json").status());
    }
}
