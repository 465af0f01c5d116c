package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.runtime.Json;
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
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A public status page in a real browser (headless Chromium), through the local runner, with no key: its
 * components by display name, the one under maintenance shown as such, an incident with its updates, the
 * maintenance notice; nothing the Content-Security-Policy refused; no internal name, id or ping URL anywhere
 * in the page; no sideways scroll on a phone; each component's uptime figures and its bar of 90 days. Then, with the
 * database gone, the page still renders from its last-good rendering, saying as of when.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatusPageBrowserTest {
    private static final String KEY = "status-page-browser-admin-key-0001";
    private final HttpClient http = HttpClient.newHttpClient();

    /** The page is read afresh on every load (no 30 s cache), so that a load after the database went reads it, and fails. */
    @RegisterExtension
    final DashboardSession session = new DashboardSession(new RunnerConfig(0, Map.of("CheckIntervalSeconds", "1"), KEY, Optional.empty(),
            Map.of("STATUS_PAGE_CACHE_SECONDS", "0")));

    @Test
    void aVisitorSeesComponentsAnIncidentWithUpdatesAndMaintenanceButNothingInternal() throws Exception {
        var app = session.api(KEY, "POST", "/api/applications", "{\"name\":\"ledger-writer-internal\",\"intervalSeconds\":3600}");
        String appId = app.path("id").asText();
        String uuid = app.path("uuid").asText();
        session.post(session.base() + "/heartbeat/" + uuid);
        String checkId = session.api(KEY, "POST", "/api/checks", "{\"type\":\"tcp\",\"name\":\"redis-cache-internal\",\"enabled\":false,"
                + "\"settings\":{\"host\":\"cache.internal.example\",\"port\":6379}}").path("id").asText();
        String pageId = session.api(KEY, "POST", "/api/status-pages", "{\"slug\":\"example\",\"title\":\"Example Corp status\","
                + "\"groups\":[{\"name\":\"Platform\",\"components\":[{\"kind\":\"application\",\"id\":\"" + appId
                + "\",\"displayName\":\"Payments\"},{\"kind\":\"check\",\"id\":\"" + checkId + "\",\"displayName\":\"Cache\"}]}]}")
                .path("id").asText();
        String incident = session.api(KEY, "POST", "/api/incidents", "{\"title\":\"Card payments failing\",\"message\":\"Investigating.\","
                + "\"affected\":[{\"kind\":\"application\",\"id\":\"" + appId + "\"}]}").path("id").asText();
        session.api(KEY, "POST", "/api/incidents/" + incident + "/updates", "{\"status\":\"identified\",\"message\":\"An expired certificate.\"}");
        Instant now = Instant.now();
        String notice = session.api(KEY, "POST", "/api/maintenances", "{\"title\":\"Cache resize\",\"start\":\"" + now.minus(Duration.ofMinutes(1))
                + "\",\"end\":\"" + now.plus(Duration.ofHours(2)) + "\",\"affected\":[{\"kind\":\"check\",\"id\":\"" + checkId + "\"}]}")
                .path("id").asText();

        // The beat's rollup is written from the applications' stream: wait until the page's JSON shows it.
        JsonNode payments = Json.MAPPER.createObjectNode();
        for (int attempt = 0; attempt < 100 && !payments.path("days").path(89).path("uptime").isNumber(); attempt++) {
            Thread.sleep(200);
            payments = Json.parse(http.send(HttpRequest.newBuilder(URI.create(session.base() + "/status/example.json")).build(),
                    BodyHandlers.ofString()).body()).path("groups").get(0).path("components").get(0);
        }
        String today = payments.path("days").path(89).path("date").asText();

        session.browser().get(session.base() + "/status/example");

        assertEquals("Example Corp status", session.waitFor(By.tagName("h1")).getText());
        List<WebElement> components = session.browser().findElements(By.cssSelector("li.component"));
        assertEquals(List.of("Payments operational", "Cache maintenance"), components.stream()
                .map(c -> c.findElement(By.className("name")).getText() + " " + c.findElement(By.className("status")).getText()).toList());
        WebElement shown = session.browser().findElement(By.cssSelector("article.incident"));
        assertTrue(shown.getText().contains("Card payments failing"), shown.getText());
        assertEquals(2, shown.findElements(By.cssSelector("ol.updates li")).size(), "both updates");
        assertTrue(session.browser().findElement(By.cssSelector("article.maintenance")).getText().contains("Cache resize"));
        assertEquals("rgba(21, 101, 192, 1)", session.browser().findElement(By.cssSelector("li.component[data-status=maintenance] .status"))
                .getCssValue("color"), "the stylesheet is applied");
        List<WebElement> paymentsDays = components.get(0).findElements(By.cssSelector("ol.bar li.day"));
        List<WebElement> cacheDays = components.get(1).findElements(By.cssSelector("ol.bar li.day"));
        assertEquals(List.of(90, 90), List.of(paymentsDays.size(), cacheDays.size()), "a segment per day of the last 90");
        WebElement lastDay = paymentsDays.getLast();
        assertEquals(today + ": 100.00 % up", lastDay.getAttribute("textContent"), "today, up since its beat");
        assertEquals(today + ": 100.00 % up", lastDay.getAttribute("title"));
        assertEquals("rgba(46, 125, 50, 1)", lastDay.getCssValue("background-color"), "an all-up day is green");
        assertTrue(paymentsDays.getFirst().getAttribute("class").contains("day-none"), "no data 90 days ago: grey");
        assertTrue(cacheDays.stream().allMatch(day -> day.getAttribute("class").contains("day-none")), "a disabled check has no data");
        assertTrue(lastDay.getSize().getWidth() > 0 && lastDay.getSize().getHeight() > 0, "the segment is drawn");
        assertEquals("24 hours 100.00 %", components.get(0).findElement(By.cssSelector(".figure[data-window='24h']")).getText());
        assertEquals("90 days no data", components.get(1).findElement(By.cssSelector(".figure[data-window='90d']")).getText());
        assertTrue(session.browser().findElements(By.cssSelector(".stale")).isEmpty(), "live: no notice");
        session.screenshot("status-page");
        session.assertConsoleClean();
        String source = session.browser().getPageSource();
        for (String internal : List.of(appId, uuid, checkId, "ledger-writer-internal", "redis-cache-internal", "cache.internal.example",
                pageId, incident, notice, "/heartbeat/")) {
            assertFalse(source.contains(internal), "the page shows " + internal);
        }
        session.phoneWidth();
        session.assertNoSidewaysScroll("status page");
        session.normalWidth();

        // The database goes away (every table dropped): the page still renders, from its last-good rendering.
        DynamoDbClient db = session.runner().db().client();
        db.listTables().tableNames().forEach(table -> db.deleteTable(d -> d.tableName(table)));
        // A reload asks the runner again (a plain visit could be answered from the browser's cache for 30 s).
        session.browser().navigate().refresh();

        WebElement staleNotice = session.waitFor(By.cssSelector("p.stale"));
        assertTrue(staleNotice.getText().matches("Showing the status as of \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC; live data is unavailable\\."),
                staleNotice.getText());
        assertEquals("Example Corp status", session.browser().findElement(By.tagName("h1")).getText());
        assertEquals(List.of("Payments", "Cache"), session.browser().findElements(By.cssSelector("li.component .name")).stream()
                .map(WebElement::getText).toList());
        assertEquals(180, session.browser().findElements(By.cssSelector("li.day")).size(), "the bars as they were");
        assertTrue(session.browser().findElement(By.cssSelector("article.incident")).getText().contains("Card payments failing"));
        session.screenshot("status-page-stale");
        session.assertConsoleClean();
        HttpResponse<String> json = http.send(HttpRequest.newBuilder(URI.create(session.base() + "/status/example.json")).build(),
                BodyHandlers.ofString());
        assertEquals(200, json.statusCode(), json.body());
        assertTrue(Json.parse(json.body()).path("stale").asBoolean(), json.body());
        String stale = session.browser().getPageSource() + json.body();
        for (String internal : List.of(appId, uuid, checkId, "ledger-writer-internal", "redis-cache-internal", "cache.internal.example",
                pageId, incident, notice, "/heartbeat/")) {
            assertFalse(stale.contains(internal), "the stale page shows " + internal);
        }
    }
}
