package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.runtime.Json;
import dev.vigil.testkit.SamTemplate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Through the local runner over HTTP, as a tenant and its customers meet a status page: the tenant publishes a
 * page of an application and a check, opens an incident and updates it, schedules maintenance of the check;
 * anyone then reads the page as HTML, JSON and Atom without a key, and finds display names only; and still can, from the
 * page's last-good rendering, once the database has gone.
 */
class LocalRunnerStatusPageEndToEndTest {
    private static final String KEY = "status-page-admin-key-0001";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> anonymous(LocalRunner runner, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + runner.port() + path)).timeout(Duration.ofSeconds(10))
                .GET().build(), BodyHandlers.ofString());
    }

    @Test
    void aPublishedPageIsReadWithoutAKeyAndShowsNoInternalName() throws Exception {
        // No 30 s cache: every request reads live, so that one after the database went tries, fails, and falls back.
        RunnerConfig config = new RunnerConfig(0, Map.of("CheckIntervalSeconds", "1"), KEY, Optional.empty(),
                Map.of("STATUS_PAGE_CACHE_SECONDS", "0"));
        try (LocalRunner runner = new LocalRunner(config, SamTemplate.load(), new PrintStream(new ByteArrayOutputStream())).start()) {
            RunnerApi.TenantKey acme = RunnerApi.acmeWithAdminKey(runner, KEY, "ci");
            RunnerApi.Answer app = RunnerApi.call(runner, acme.key(), "POST", "/api/applications",
                    "{\"name\":\"billing-worker-internal\",\"intervalSeconds\":3600}");
            String appId = app.json().path("id").asText();
            String uuid = app.json().path("uuid").asText();
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + runner.port() + "/heartbeat/" + uuid))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), BodyHandlers.ofString()).statusCode());
            RunnerApi.Answer check = RunnerApi.call(runner, acme.key(), "POST", "/api/checks",
                    "{\"type\":\"tcp\",\"name\":\"pg-primary-internal\",\"enabled\":false,\"settings\":{\"host\":\"db.acme.example\",\"port\":5432}}");
            String checkId = check.json().path("id").asText();
            RunnerApi.Answer page = RunnerApi.call(runner, acme.key(), "POST", "/api/status-pages", "{\"slug\":\"acme\",\"title\":\"Acme\","
                    + "\"groups\":[{\"name\":\"Services\",\"components\":[{\"kind\":\"application\",\"id\":\"" + appId
                    + "\",\"displayName\":\"Billing\"},{\"kind\":\"check\",\"id\":\"" + checkId + "\",\"displayName\":\"Database\"}]}]}");
            assertEquals(201, page.status(), page.toString());
            String incident = RunnerApi.call(runner, acme.key(), "POST", "/api/incidents", "{\"title\":\"Slow invoices\","
                    + "\"message\":\"Looking into it.\",\"affected\":[{\"kind\":\"application\",\"id\":\"" + appId + "\"}]}").json().path("id").asText();
            assertEquals(200, RunnerApi.call(runner, acme.key(), "POST", "/api/incidents/" + incident + "/updates",
                    "{\"status\":\"monitoring\",\"message\":\"A fix is out.\"}").status());
            Instant now = Instant.now();
            RunnerApi.Answer maintenance = RunnerApi.call(runner, acme.key(), "POST", "/api/maintenances", "{\"title\":\"Database upgrade\","
                    + "\"start\":\"" + now.minus(Duration.ofMinutes(5)) + "\",\"end\":\"" + now.plus(Duration.ofHours(1))
                    + "\",\"affected\":[{\"kind\":\"check\",\"id\":\"" + checkId + "\"}]}");
            assertEquals(201, maintenance.status(), maintenance.toString());

            HttpResponse<String> json = anonymous(runner, "/status/acme.json");
            HttpResponse<String> html = anonymous(runner, "/status/acme");
            HttpResponse<String> feed = anonymous(runner, "/status/acme/feed.atom");

            assertEquals(List.of(200, 200, 200), List.of(json.statusCode(), html.statusCode(), feed.statusCode()), json.body());
            assertEquals("public, max-age=30, stale-while-revalidate=30, stale-if-error=86400",
                    json.headers().firstValue("cache-control").orElse(""));
            JsonNode body = Json.parse(json.body());
            JsonNode components = body.path("groups").get(0).path("components");
            assertEquals("operational", components.get(0).path("status").asText(), "it beat: " + body);
            assertEquals("maintenance", components.get(1).path("status").asText(), "under maintenance: " + body);
            assertEquals(90, components.get(0).path("days").size(), "a bar of the last 90 days: " + body);
            assertTrue(components.get(1).path("uptime").path("90d").isNull(), "a disabled check has no figure, not 100 %: " + body);
            assertEquals("monitoring", body.path("incidents").get(0).path("status").asText());
            assertTrue(html.body().contains("Slow invoices") && html.body().contains("A fix is out."), html.body());
            assertTrue(feed.body().contains("<title>Slow invoices (monitoring)</title>"), feed.body());
            for (String internal : List.of(appId, uuid, checkId, "billing-worker-internal", "pg-primary-internal", "db.acme.example",
                    acme.tenantId(), incident, page.json().path("id").asText(), maintenance.json().path("id").asText())) {
                for (HttpResponse<String> answer : List.of(json, html, feed)) {
                    assertFalse(answer.body().contains(internal), "the public page shows " + internal + ": " + answer.body());
                }
            }
            assertEquals(404, anonymous(runner, "/status/nobody").statusCode());

            // The database goes away: the page is still served, from its last-good rendering, and says so.
            runner.db().client().listTables().tableNames().forEach(table -> runner.db().client().deleteTable(d -> d.tableName(table)));
            HttpResponse<String> staleJson = anonymous(runner, "/status/acme.json");
            HttpResponse<String> staleHtml = anonymous(runner, "/status/acme");
            HttpResponse<String> staleFeed = anonymous(runner, "/status/acme/feed.atom");
            assertEquals(List.of(200, 200, 200), List.of(staleJson.statusCode(), staleHtml.statusCode(), staleFeed.statusCode()),
                    staleJson.body());
            JsonNode stale = Json.parse(staleJson.body());
            assertTrue(stale.path("stale").asBoolean(), staleJson.body());
            assertEquals(body.path("groups"), stale.path("groups"), "the components as last read");
            assertTrue(staleHtml.body().contains("live data is unavailable"), staleHtml.body());
            assertTrue(staleFeed.body().contains("<title>Slow invoices (monitoring)</title>"), staleFeed.body());
            assertEquals(503, anonymous(runner, "/status/other").statusCode(), "a page never read: nothing to fall back on");
            for (String internal : List.of(appId, uuid, checkId, "billing-worker-internal", "pg-primary-internal", "db.acme.example",
                    acme.tenantId(), incident, page.json().path("id").asText(), maintenance.json().path("id").asText())) {
                for (HttpResponse<String> answer : List.of(staleJson, staleHtml, staleFeed)) {
                    assertFalse(answer.body().contains(internal), "the stale page shows " + internal + ": " + answer.body());
                }
            }
        }
    }
}
