package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/**
 * A public status page in a real browser (headless Chromium), through the local runner, with no key: its
 * components by display name, the one under maintenance shown as such, an incident with its updates, the
 * maintenance notice; nothing the Content-Security-Policy refused; no internal name, id or ping URL anywhere
 * in the page; no sideways scroll on a phone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatusPageBrowserTest {
    private static final String KEY = "status-page-browser-admin-key-0001";

    @RegisterExtension
    final DashboardSession session = new DashboardSession(new RunnerConfig(0, Map.of("CheckIntervalSeconds", "1"), KEY, Optional.empty()));

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
    }
}
