package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A miss that Vigil's own ingest trouble may explain, as the dashboard shows it: the application's badge says
 * unknown (not down), its page says why, and the pulse indicator's tooltip says ingest is degraded. The runner's detector counts one newly overdue application as a
 * fleet-wide drop, so the miss is deterministically unknown.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardIngestHealthBrowserTest {
    private static final String KEY = "dashboard-ingest-admin-key-0001";

    @RegisterExtension
    final DashboardSession dashboard = new DashboardSession(new RunnerConfig(0, Map.of("CheckIntervalSeconds", "1"), KEY,
            Optional.empty(), Map.of("FLEET_DROP_MINIMUM", "1", "FLEET_DROP_FRACTION", "0.001", "INGEST_RECOVERY_PASSES", "100")));

    @Test
    void anUnknownMissShowsAnUnknownBadgeAndWhy() throws Exception {
        JsonNode app = dashboard.api(KEY, "POST", "/api/applications", "{\"name\":\"etl\",\"intervalSeconds\":2,\"graceSeconds\":0}");
        dashboard.signIn(KEY);

        WebElement badge = dashboard.waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#applications [data-status='unknown']")));
        assertTrue(badge.getText().contains("unknown"), badge.getText());
        dashboard.open("applications/" + app.path("id").asText());
        WebElement why = dashboard.waitFor(By.id("unknown-miss"));
        assertTrue(why.getText().contains("many applications at once"), why.getText());
        dashboard.waitFor(By.cssSelector("h1 [data-status='unknown']"));
        dashboard.screenshot("application-unknown");
        dashboard.browser().navigate().refresh();
        dashboard.waiting().until(ExpectedConditions.attributeContains(By.id("pulse"), "title", "ingest: degraded since"));
        assertTrue(dashboard.browser().findElement(By.id("pulse")).getAttribute("title").contains("(fleet-drop): misses are unknown"));
        dashboard.assertConsoleClean();
    }
}
