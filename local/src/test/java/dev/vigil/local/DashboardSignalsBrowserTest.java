package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard with the heartbeat semantics, in a real browser through the local runner: a cron application with
 * thresholds and a maintenance window registered through the form; start, success (with a run id and a body longer
 * than the limit) and failing exit-code signals sent over HTTP showing in the beats table and the run-duration
 * chart; pause and resume with the page's buttons; the tenant's ping key rotated on its page and the application's
 * slug URL shown (and beating) after it; a tenant's admin key rotating its own ping key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardSignalsBrowserTest {
    private static final String KEY = "dashboard-signals-admin-key-0001";

    @RegisterExtension
    final DashboardSession dashboard = new DashboardSession(new RunnerConfig(0, Map.of("CheckIntervalSeconds", "1"), KEY, Optional.empty()));

    @Test
    void aCronApplicationWithThresholdsAndAMaintenanceWindowIsRegisteredThroughTheForm() throws Exception {
        dashboard.signIn(KEY);
        dashboard.browser().findElement(By.id("new-application")).click();
        dashboard.type(By.id("new-name"), "Nightly export");
        assertFalse(dashboard.browser().findElement(By.id("new-cron")).isDisplayed(), "the cron field waits for the cron choice");
        dashboard.browser().findElement(By.id("new-kind-cron")).click();
        assertFalse(dashboard.browser().findElement(By.id("new-interval")).isDisplayed(), "a cron schedule has no interval field");
        dashboard.type(By.id("new-cron"), "30 2 * * *");
        dashboard.type(By.id("new-timezone"), "Europe/Paris");
        dashboard.type(By.id("new-failure-threshold"), "3");
        dashboard.type(By.id("new-recovery-threshold"), "2");
        dashboard.type(By.id("new-max-runtime"), "3600");
        dashboard.browser().findElement(By.id("new-manual-resume")).click();
        dashboard.browser().findElement(By.id("new-add-recurring")).click();
        dashboard.type(By.cssSelector("#new-maintenance .mw-cron"), "0 3 * * SUN");
        dashboard.type(By.cssSelector("#new-maintenance .mw-timezone"), "Europe/Paris");
        dashboard.type(By.cssSelector("#new-maintenance .mw-minutes"), "90");
        dashboard.screenshot("application-create-cron");
        dashboard.browser().findElement(By.id("create-submit")).click();

        WebElement schedule = dashboard.waitFor(By.id("app-schedule"));
        assertTrue(schedule.getText().startsWith("cron 30 2 * * * (Europe/Paris)"), schedule.getText());
        assertTrue(dashboard.browser().findElement(By.id("app-thresholds")).getText().contains("down after 3 misses or failures in a row"));
        assertTrue(dashboard.browser().findElement(By.id("app-thresholds")).getText().contains("up after 2 successes in a row"));
        assertEquals("at most 1 h", dashboard.browser().findElement(By.id("app-runtime")).getText());
        assertTrue(dashboard.browser().findElement(By.id("app-manual-resume")).getText().startsWith("stays paused"));
        assertEquals("cron 0 3 * * SUN (Europe/Paris) for 1 h",
                dashboard.browser().findElement(By.cssSelector("#app-maintenance li[data-kind='recurring']")).getText());
        String id = idInUrl();
        JsonNode stored = dashboard.api(KEY, "GET", "/api/applications/" + id, null);
        assertEquals("30 2 * * *", stored.path("cron").asText());
        assertEquals(3, stored.path("failureThreshold").asInt());
        assertEquals(2, stored.path("recoveryThreshold").asInt());
        assertEquals(90, stored.path("maintenance").get(0).path("durationMinutes").asInt(), stored.toString());
        assertEquals("nightly-export", stored.path("slug").asText(), "the slug comes from the name");
        dashboard.screenshot("application-cron");

        // Editing sends only what changed, and the API's refusal shows in the form in its own words.
        dashboard.browser().findElement(By.id("edit")).click();
        dashboard.waitFor(By.id("edit-cron"));
        dashboard.type(By.id("edit-cron"), "not a cron");
        dashboard.browser().findElement(By.id("edit-submit")).click();
        WebElement refusal = dashboard.waitFor(By.cssSelector("#edit-form .message--error"));
        assertTrue(refusal.getText().toLowerCase().contains("cron"), refusal.getText());
        dashboard.type(By.id("edit-cron"), "45 3 * * *");
        dashboard.browser().findElement(By.id("edit-submit")).click();
        dashboard.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("app-schedule"), "cron 45 3 * * * (Europe/Paris)"));
        assertEquals(3, dashboard.api(KEY, "GET", "/api/applications/" + id, null).path("failureThreshold").asInt());

        dashboard.open("applications");
        WebElement row = dashboard.waitFor(By.cssSelector("tr[data-id='" + id + "'] td.schedule"));
        assertEquals("cron 45 3 * * * (Europe/Paris)", row.getText());
        dashboard.assertConsoleClean();
    }

    @Test
    void signalsShowInTheBeatsTableAndEndedRunsInTheDurationChart() throws Exception {
        JsonNode app = dashboard.api(KEY, "POST", "/api/applications", "{\"name\":\"warehouse load\",\"intervalSeconds\":3600}");
        String ping = app.path("pingUrl").asText();
        dashboard.signIn(KEY);
        dashboard.open("applications/" + app.path("id").asText());
        dashboard.waitFor(By.id("ping-url"));
        WebElement note = dashboard.waitFor(By.cssSelector("#duration-chart .hint"));
        assertTrue(note.getText().contains("once a run has ended"), note.getText());

        String first = UUID.randomUUID().toString();
        assertEquals(200, beat(ping + "/start?rid=" + first, null));
        dashboard.waitFor(By.cssSelector("h1 [data-started='true']"));
        String output = "exported 1200 rows\n" + "x".repeat(12_000);
        assertEquals(200, beat(ping + "?rid=" + first + "&msg=nightly+export", output));
        String second = UUID.randomUUID().toString();
        assertEquals(200, beat(ping + "/start?rid=" + second, null));
        assertEquals(200, beat(ping + "/3?rid=" + second + "&msg=disk+full", null));

        WebElement failed = dashboard.waitFor(By.cssSelector("#beats-table tr[data-signal='fail']"));
        assertEquals("3", failed.findElement(By.cssSelector("td.exit-code")).getText());
        assertEquals("disk full", failed.findElement(By.cssSelector("td.msg")).getText());
        assertFalse(failed.findElement(By.cssSelector("td.duration")).getText().isBlank(), "a failed run has its duration");
        assertEquals(second.substring(0, 8) + "…", failed.findElement(By.cssSelector("td.rid")).getText());
        WebElement succeeded = dashboard.browser().findElement(By.cssSelector("#beats-table tr[data-signal='success']"));
        assertFalse(succeeded.findElement(By.cssSelector("td.duration")).getText().isBlank(), "a paired success has its duration");
        WebElement body = succeeded.findElement(By.cssSelector("pre.beat-body"));
        assertTrue(body.getText().startsWith("exported 1200 rows"), body.getText().substring(0, 40));
        assertEquals("(truncated)", succeeded.findElement(By.cssSelector(".truncated")).getText());
        // Starts (no body) reach the history through the table's stream, the ends with a body or message directly.
        dashboard.waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#beats-table tr[data-signal='start']"), 2));
        dashboard.waitFor(By.cssSelector("h1 [data-status='down']"));
        dashboard.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("h1 [data-started='true']")));

        WebElement chart = dashboard.waitFor(By.cssSelector("#duration-chart canvas"));
        assertEquals(2L, dashboard.browser().executeScript(
                "return [...document.querySelectorAll('#duration-chart .u-legend .u-series')].filter(s => /succeeded|failed/.test(s.textContent)).length;"),
                "both the succeeded and the failed series are drawn");
        dashboard.browser().executeScript("arguments[0].scrollIntoView({block: 'center'});", chart);
        dashboard.screenshot("application-run-durations");
        dashboard.browser().executeScript("document.getElementById('beats').scrollIntoView({block: 'start'});");
        dashboard.screenshot("application-signals");
        dashboard.assertConsoleClean();
    }

    @Test
    void pauseAndResumeWithTheButtons() throws Exception {
        JsonNode app = dashboard.api(KEY, "POST", "/api/applications", "{\"name\":\"reports\",\"intervalSeconds\":3600}");
        String id = app.path("id").asText();
        String other = dashboard.api(KEY, "POST", "/api/applications", "{\"name\":\"invoices\",\"intervalSeconds\":3600}").path("id").asText();
        dashboard.signIn(KEY);
        dashboard.open("applications/" + id);
        dashboard.waitFor(By.id("pause")).click();
        dashboard.waitFor(By.cssSelector("h1 [data-status='paused']"));
        assertFalse(dashboard.api(KEY, "GET", "/api/applications/" + id, null).path("active").asBoolean());
        dashboard.screenshot("application-paused");
        dashboard.waitFor(By.id("resume")).click();
        dashboard.waitFor(By.cssSelector("h1 [data-status='new']"));
        dashboard.waitFor(By.id("pause"));
        JsonNode resumed = dashboard.api(KEY, "GET", "/api/applications/" + id, null);
        assertTrue(resumed.path("active").asBoolean(), resumed.toString());
        assertEquals("new", resumed.path("state").asText());

        dashboard.open("applications");
        dashboard.waitFor(By.cssSelector("tr[data-id='" + id + "'] [data-action='pause']")).click();
        dashboard.waitFor(By.cssSelector("tr[data-id='" + id + "'][data-status='paused']"));
        dashboard.waitFor(By.cssSelector("tr[data-id='" + other + "'][data-status='new']"));
        new Select(dashboard.browser().findElement(By.id("status-filter"))).selectByValue("paused");
        dashboard.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("tr[data-id='" + other + "']")));
        assertTrue(dashboard.browser().findElements(By.cssSelector("#applications tbody tr:not([data-status='paused'])")).isEmpty(),
                "the state filter keeps only paused applications");
        dashboard.waitFor(By.cssSelector("tr[data-id='" + id + "'][data-status='paused']"));
        dashboard.browser().findElement(By.cssSelector("tr[data-id='" + id + "'] [data-action='resume']")).click();
        dashboard.waitFor(By.cssSelector("#applications .empty"));
        assertTrue(dashboard.api(KEY, "GET", "/api/applications/" + id, null).path("active").asBoolean());
    }

    @Test
    void aRotatedPingKeyShowsTheSlugUrlThatBeats() throws Exception {
        JsonNode app = dashboard.api(KEY, "POST", "/api/applications", "{\"name\":\"db dump\",\"slug\":\"db-dump\",\"intervalSeconds\":3600}");
        dashboard.api(KEY, "DELETE", "/api/tenants/default/ping-key", null);
        dashboard.signIn(KEY);
        dashboard.open("applications/" + app.path("id").asText());
        dashboard.waitFor(By.id("ping-url"));
        assertTrue(dashboard.browser().findElements(By.id("slug-url")).isEmpty(), "no slug URL without a ping key");
        assertEquals("db-dump", dashboard.browser().findElement(By.id("app-slug")).getText());
        dashboard.browser().findElement(By.cssSelector("#slug-hint a")).click();

        dashboard.waitFor(By.id("ping-key-none"));
        dashboard.browser().findElement(By.id("rotate-ping-key")).click();
        WebElement shown = dashboard.waitFor(By.id("ping-key-value"));
        String pingKey = shown.getText();
        assertEquals(22, pingKey.length(), pingKey);
        dashboard.waitFor(By.id("reveal-ping-key")).click();
        dashboard.waiting().until(ExpectedConditions.textToBe(By.id("ping-key-value"), "****" + pingKey.substring(18)));
        dashboard.screenshot("tenant-ping-key");
        assertEquals(pingKey, dashboard.api(KEY, "GET", "/api/tenants/default", null).path("pingKey").asText());

        dashboard.open("applications/" + app.path("id").asText());
        String slugUrl = dashboard.waitFor(By.id("slug-url")).getText();
        assertEquals(dashboard.base() + "/heartbeat/" + pingKey + "/db-dump", slugUrl);
        dashboard.browser().executeScript("document.getElementById('ping').scrollIntoView({block: 'start'});");
        dashboard.screenshot("application-slug-url");
        assertEquals(200, beat(slugUrl, null));
        dashboard.waitFor(By.cssSelector("h1 [data-status='up']"));

        // Rotating again replaces the key, and the page's slug URL follows.
        dashboard.open("tenants/default");
        dashboard.waitFor(By.id("rotate-ping-key")).click();
        dashboard.browser().switchTo().alert().accept();
        dashboard.waitFor(By.cssSelector("#ping-key .message--ok"));
        String rotated = dashboard.browser().findElement(By.id("ping-key-value")).getText();
        assertEquals(22, rotated.length(), rotated);
        assertFalse(rotated.equals(pingKey), "a new key");
        assertEquals(404, beat(slugUrl, null), "the old key stops working at once");
        dashboard.assertConsoleClean();
    }

    @Test
    void aTenantsAdminKeyRotatesItsOwnPingKeyAndSeesTheNewOneOnce() throws Exception {
        String tenant = dashboard.api(KEY, "POST", "/api/tenants", "{\"name\":\"Ping keys\"}").path("id").asText();
        String admin = dashboard.key(tenant, "admin");
        dashboard.signIn(admin);
        dashboard.open("tenants/" + tenant);
        dashboard.waitFor(By.id("ping-key-hidden"));
        dashboard.browser().findElement(By.id("rotate-ping-key")).click();
        dashboard.browser().switchTo().alert().accept();
        String shown = dashboard.waitFor(By.id("ping-key-value")).getText();
        assertEquals(dashboard.api(KEY, "GET", "/api/tenants/" + tenant, null).path("pingKey").asText(), shown);
        dashboard.browser().navigate().refresh();
        dashboard.waitFor(By.id("ping-key-hidden"));
        assertTrue(dashboard.browser().findElements(By.id("ping-key-value")).isEmpty(), "shown once: a reload forgets it");
    }

    private String idInUrl() {
        String url = dashboard.browser().getCurrentUrl();
        return url.substring(url.lastIndexOf('/') + 1);
    }

    /** A beat as a job sends it: POST, with body as text/plain when given; its HTTP status. */
    private int beat(String url, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        request = body == null ? request.POST(BodyPublishers.noBody())
                : request.header("Content-Type", "text/plain").POST(BodyPublishers.ofString(body));
        HttpResponse<String> response = dashboard.http().send(request.build(), BodyHandlers.ofString());
        return response.statusCode();
    }
}
