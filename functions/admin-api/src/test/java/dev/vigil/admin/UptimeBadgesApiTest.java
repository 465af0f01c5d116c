package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.Badge;
import dev.vigil.domain.UptimeState;
import dev.vigil.store.RollupStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Uptime badges on DynamoDB Local, over rollups written through the rollup store: an application's badge
 * shows its uptime over the window asked for, a tag's badge the combined uptime of what it counts (summed
 * time, not the mean of percentages), never another tenant's; no data is grey, never 100 %; bad windows
 * are 400, unknown or revoked keys 404; the key is masked in logs.
 */
class UptimeBadgesApiTest {
    private final AdminApiHarness api = new AdminApiHarness();
    private final RollupStore rollups = new RollupStore(api.platform.dynamo(), api.platform.env().require(RollupStore.TABLE_SETTING));

    private String app(String name, String tags) throws IOException {
        return api.send("POST", "/api/applications", "{\"name\":\"" + name + "\",\"intervalSeconds\":60,\"tags\":" + tags + "}", 201)
                .path("id").asText();
    }

    private Instant ago(Duration duration) {
        return api.clock.instant().minus(duration);
    }

    /** Up from {@code upAt}, down from {@code downAt} for {@code downFor} (to now if null), up again after. */
    private void watched(String subject, Duration upAt, Duration downAt, Duration downFor) {
        rollups.observe(subject, Optional.of(UptimeState.UP), ago(upAt));
        rollups.observe(subject, Optional.of(UptimeState.DOWN), ago(downAt));
        if (downFor != null) {
            rollups.observe(subject, Optional.of(UptimeState.UP), ago(downAt.minus(downFor)));
        }
    }

    private String applicationBadge(String id) throws IOException {
        return api.send("POST", "/api/applications/" + id + "/badge", null, 201).path("badgeKey").asText();
    }

    /** The public badge, without any key. */
    private AdminApiHarness.Answer badge(String path) throws IOException {
        ObjectNode event = api.event("GET", "/badge/" + path, null, Map.of());
        ((ObjectNode) event.get("headers")).remove("authorization");
        return api.invoke(event);
    }

    @Test
    void anApplicationsBadgeShowsItsThirtyDayUptimeAsSvgJsonAndShields() throws IOException {
        String id = app("billing", "[]");
        watched(RollupStore.application(id), Duration.ofMinutes(120), Duration.ofMinutes(70), Duration.ofMinutes(10));
        String key = applicationBadge(id);

        AdminApiHarness.Answer svg = badge(key + "/uptime.svg");
        assertEquals(200, svg.status(), svg.toString());
        assertEquals("image/svg+xml", svg.headers().get("content-type"));
        assertEquals("public, max-age=60", svg.headers().get("cache-control"));
        assertTrue(svg.body().contains(">uptime 30d</text>") && svg.body().contains(">91.66%</text>"),
                "110 of 120 minutes up, cut to two decimals: " + svg.body());
        assertTrue(svg.body().contains("fill=\"#e05d44\""), "below 95 % is red");

        AdminApiHarness.Answer json = badge(key + "/uptime.json");
        assertEquals("public, max-age=60", json.headers().get("cache-control"));
        assertEquals("91.66%", json.json().path("message").asText());
        assertEquals(110.0 / 120, json.json().path("uptime").asDouble(), 1e-9);
        assertEquals(7200, json.json().path("monitoredSeconds").asLong());
        assertEquals(10, json.json().path("downtimeMinutes").asLong());
        assertEquals(1, json.json().path("subjects").asInt());
        assertEquals("30d", json.json().path("window").asText());
        assertFalse(json.body().contains(id) || json.body().contains("billing"), "the badge names nothing: " + json.body());

        JsonNode shields = badge(key + "/uptime.shields").json();
        assertEquals(1, shields.path("schemaVersion").asInt());
        assertEquals("uptime 30d", shields.path("label").asText());
        assertEquals("91.66%", shields.path("message").asText());
        assertEquals("red", shields.path("color").asText());
        assertEquals(shields, badge(key + "/uptime.json?format=shields").json());
    }

    @Test
    void theWindowDecidesWhichOutagesCount() throws IOException {
        String id = app("billing", "[]");
        watched(RollupStore.application(id), Duration.ofDays(3), Duration.ofDays(2), Duration.ofHours(1));
        String key = applicationBadge(id);

        JsonNode day = badge(key + "/uptime.shields?window=24h").json();
        JsonNode month = badge(key + "/uptime.shields?window=30d").json();
        JsonNode year = badge(key + "/uptime.shields?window=1y").json();

        assertEquals("uptime 24h", day.path("label").asText());
        assertEquals("100.00%", day.path("message").asText(), "the outage two days ago is outside the last 24 hours");
        assertEquals("brightgreen", day.path("color").asText());
        assertEquals("98.61%", month.path("message").asText(), "71 of 72 hours up");
        assertEquals("yellow", month.path("color").asText());
        assertEquals("uptime 1y", year.path("label").asText());
        assertEquals("98.61%", year.path("message").asText());
        assertEquals(month.path("message"), badge(key + "/uptime.shields").json().path("message"), "30 days by default");
    }

    @Test
    void aTagsBadgeCombinesItsSubjectsTimeNotTheMeanOfTheirPercentages() throws IOException {
        String api1 = app("api", "[\"prod\"]");
        watched(RollupStore.application(api1), Duration.ofMinutes(120), Duration.ofMinutes(70), Duration.ofMinutes(10));
        String worker = app("worker", "[\"prod\"]");
        watched(RollupStore.application(worker), Duration.ofMinutes(60), Duration.ofMinutes(30), null);
        String check = api.send("POST", "/api/checks", "{\"type\":\"tcp\",\"name\":\"db\",\"settings\":{\"host\":\"db.example.com\","
                + "\"port\":5432},\"tags\":[\"prod\"]}", 201).path("id").asText();
        rollups.observe(RollupStore.check(check), Optional.of(UptimeState.UP), ago(Duration.ofMinutes(60)));
        String untagged = app("batch", "[]");
        rollups.observe(RollupStore.application(untagged), Optional.of(UptimeState.DOWN), ago(Duration.ofHours(5)));
        String otherKey = api.key(api.tenant("other"), "admin");
        String theirs = api.callAs(otherKey, "POST", "/api/applications", "{\"name\":\"theirs\",\"intervalSeconds\":60,"
                + "\"tags\":[\"prod\"]}").json().path("id").asText();
        rollups.observe(RollupStore.application(theirs), Optional.of(UptimeState.DOWN), ago(Duration.ofHours(5)));
        String key = api.send("POST", "/api/tags/prod/badge", null, 201).path("badgeKey").asText();

        JsonNode json = badge(key + "/uptime.json").json();

        // (110 + 30 + 60) up of (120 + 60 + 60) minutes monitored is 83.33 %; the mean of 91.67, 50 and 100 would be 80.55.
        assertEquals("83.33%", json.path("message").asText(), json.toString());
        assertEquals(200.0 / 240, json.path("uptime").asDouble(), 1e-9);
        assertEquals(240 * 60, json.path("monitoredSeconds").asLong());
        assertEquals(40, json.path("downtimeMinutes").asLong());
        assertEquals(3, json.path("subjects").asInt(), "two tagged applications and a tagged check; not the untagged one, not another tenant's");
        assertTrue(badge(key + "/uptime.svg").body().contains(">83.33%</text>"));
        String theirKey = api.callAs(otherKey, "POST", "/api/tags/prod/badge", null).json().path("badgeKey").asText();
        assertEquals("0.00%", badge(theirKey + "/uptime.json").json().path("message").asText(), "their tag counts only theirs");
    }

    @Test
    void anApplicationsMaintenanceWindowItIsInNowIsLeftOutOfItsAndItsTagsUptime() throws IOException {
        Instant now = api.clock.instant();
        String window = "{\"start\":\"" + now.minus(Duration.ofMinutes(30)) + "\",\"end\":\"" + now.plus(Duration.ofMinutes(30)) + "\"}";
        String id = api.send("POST", "/api/applications", "{\"name\":\"nightly\",\"intervalSeconds\":60,\"tags\":[\"batch\"],"
                + "\"maintenance\":[" + window + "]}", 201).path("id").asText();
        // Up two hours ago, down since an hour ago and still down: the span since is live, not written.
        watched(RollupStore.application(id), Duration.ofMinutes(120), Duration.ofMinutes(60), null);
        String appKey = applicationBadge(id);
        String tagKey = api.send("POST", "/api/tags/batch/badge", null, 201).path("badgeKey").asText();

        for (String key : new String[] {appKey, tagKey}) {
            JsonNode json = badge(key + "/uptime.json?window=24h").json();

            // 60 minutes up and 30 down before the window; its last 30 minutes are maintenance, neither up nor down.
            assertEquals(60.0 / 90, json.path("uptime").asDouble(), 1e-9, json.toString());
            assertEquals(90 * 60, json.path("monitoredSeconds").asLong(), json.toString());
            assertEquals(30, json.path("downtimeMinutes").asLong(), json.toString());
            assertEquals("66.66%", json.path("message").asText());
        }
    }

    @Test
    void nothingMonitoredShowsGreyNoDataNeverAHundredPercent() throws IOException {
        String never = app("never-watched", "[\"quiet\"]");
        String paused = app("paused", "[]");
        rollups.observe(RollupStore.application(paused), Optional.of(UptimeState.PAUSED), ago(Duration.ofDays(2)));

        for (String key : new String[] {applicationBadge(never), applicationBadge(paused),
                api.send("POST", "/api/tags/quiet/badge", null, 201).path("badgeKey").asText(),
                api.send("POST", "/api/tags/nothing-tagged/badge", null, 201).path("badgeKey").asText()}) {
            JsonNode json = badge(key + "/uptime.json").json();
            assertEquals("no data", json.path("message").asText(), json.toString());
            assertTrue(json.path("uptime").isNull(), json.toString());
            assertEquals("lightgrey", json.path("color").asText());
            assertTrue(badge(key + "/uptime.svg").body().contains(">no data</text>"));
        }
    }

    @Test
    void badWindowsAre400AndUnknownOrRevokedKeys404() throws IOException {
        String id = app("billing", "[]");
        String key = applicationBadge(id);

        for (String window : new String[] {"7d", "30D", "1y%20", "24"}) {
            AdminApiHarness.Answer answer = badge(key + "/uptime.svg?window=" + window);
            assertEquals(400, answer.status(), window + ": " + answer);
            assertTrue(answer.json().path("error").asText().contains("window must be one of 24h, 30d, 1y"), answer.toString());
        }
        assertEquals(404, badge(Badge.issue("default", new Badge.OfTag("x"), api.clock.instant()).key() + "/uptime.svg").status());
        assertEquals(404, badge("not-a-key/uptime.json").status());
        assertEquals(404, badge(key + ".svg/uptime.svg").status(), "the key alone, without a format");
        api.send("DELETE", "/api/applications/" + id + "/badge", null, 204);
        assertEquals(404, badge(key + "/uptime.svg").status(), "a revoked key shows nothing");
        String deleted = app("gone", "[]");
        String deletedKey = applicationBadge(deleted);
        api.send("DELETE", "/api/applications/" + deleted, null, 204);
        assertEquals(404, badge(deletedKey + "/uptime.shields").status(), "the badge of a deleted application shows nothing");
    }

    @Test
    void theIssuedBadgeListsItsUptimeUrls() throws IOException {
        String id = app("billing", "[]");
        JsonNode urls = api.send("POST", "/api/applications/" + id + "/badge", null, 201).path("urls");
        String key = api.send("GET", "/api/applications/" + id + "/badge", null, 200).path("badgeKey").asText();

        assertTrue(urls.path("uptimeSvg").asText().endsWith("/badge/" + key + "/uptime.svg"), urls.toString());
        assertTrue(urls.path("uptimeJson").asText().endsWith("/badge/" + key + "/uptime.json"), urls.toString());
        assertTrue(urls.path("uptimeShields").asText().endsWith("/badge/" + key + "/uptime.shields"), urls.toString());
    }

    @Test
    void theBadgeKeyInAnUptimePathIsMaskedInLogs() throws IOException {
        for (String format : new String[] {"svg", "json", "shields"}) {
            ObjectNode event = api.event("GET", "/badge/bdg_7q4pa8b5c6d7e8f9g0h1/uptime." + format, null, Map.of());

            String logged = api.handler.pathForLog(dev.vigil.runtime.HttpRequest.read(new ByteArrayInputStream(
                    dev.vigil.runtime.Json.write(event).getBytes(StandardCharsets.UTF_8))));

            assertEquals("/badge/bdg_****/uptime." + format, logged);
        }
    }
}
