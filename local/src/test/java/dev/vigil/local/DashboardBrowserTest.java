package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.Component;
import dev.vigil.domain.Pulse;
import dev.vigil.store.PulseStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The web dashboard in a real browser (headless Chromium), through the local runner as a user meets it:
 * sign in with a key, register an application, beat its ping URL, watch it go up and, once the beats stop,
 * down with its alert, acknowledge it; a read-only key and a tenant's key; the pulse indicator against
 * {@code /system/health} in its four states (unknown before a component's first pulse, error, stale, alive). Every page's screenshot is written under {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    private static final String KEY = "dashboard-browser-admin-key-0001";

    /**
     * The detector passes every second; recovery (whose pulse the pulse test writes) waits ten minutes; every beat is
     * stored (the first test beats twice a second, above the default beat rate, whose coalesced beats would leave it late).
     */
    @RegisterExtension
    final DashboardSession dashboard = new DashboardSession(new RunnerConfig(0,
            Map.of("CheckIntervalSeconds", "1", "RecoverySchedule", "rate(10 minutes)", "BeatRateLimit", "0"), KEY, Optional.empty()));

    /** First: the operator's default tenant is still empty. */
    @Test
    @Order(1)
    void signInRegisterBeatSeeItUpThenDownWithItsAlertAndAcknowledge() throws Exception {
        dashboard.signIn(KEY);
        WebElement empty = dashboard.waitFor(By.cssSelector("#applications .empty"));
        assertTrue(empty.getText().contains("Register your first application"), empty.getText());
        dashboard.screenshot("applications-empty");

        dashboard.browser().findElement(By.id("new-application")).click();
        dashboard.type(By.id("new-name"), "nightly-backup <b>bold</b>");
        dashboard.type(By.id("new-interval"), "2");
        dashboard.type(By.id("new-grace"), "1");
        dashboard.screenshot("application-create");
        dashboard.browser().findElement(By.id("create-submit")).click();

        String pingUrl = dashboard.waitFor(By.id("ping-url")).getText();
        assertTrue(pingUrl.startsWith(dashboard.base() + "/heartbeat/"), pingUrl);
        String id = dashboard.browser().getCurrentUrl().substring(dashboard.browser().getCurrentUrl().lastIndexOf('/') + 1);
        assertTrue(id.startsWith("app_"), dashboard.browser().getCurrentUrl());
        assertEquals("nightly-backup <b>bold</b>", dashboard.browser().findElement(By.id("app-name")).getText(),
                "a name is shown as text, never as markup");
        assertTrue(dashboard.browser().findElements(By.cssSelector("h1 b")).isEmpty(), "no element came from the name");
        assertFalse(dashboard.browser().findElements(By.className("one-liner")).isEmpty(), "curl, wget, PowerShell and cron lines");

        // Beat the ping URL as a job would until the list shows it up; the pages refresh on their own.
        ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
        try {
            beats.scheduleAtFixedRate(() -> post(pingUrl), 0, 500, TimeUnit.MILLISECONDS);
            dashboard.waitFor(By.cssSelector("h1 [data-status='up']"));
            dashboard.waitFor(By.cssSelector("#beats-table tbody tr"));
            dashboard.screenshot("application-up");
            WebElement chart = dashboard.waitFor(By.cssSelector("#beat-chart canvas"));
            dashboard.browser().executeScript("arguments[0].scrollIntoView({block: 'center'});", chart);
            dashboard.screenshot("application-beat-history");
            dashboard.open("applications");
            dashboard.waitFor(By.cssSelector("tr[data-id='" + id + "'][data-status='up']"));
            dashboard.screenshot("applications");
        } finally {
            beats.shutdownNow();
            beats.awaitTermination(5, TimeUnit.SECONDS);
        }

        // Beats stop: the detector flips it down, and the list shows it without a reload.
        dashboard.waitFor(By.cssSelector("tr[data-id='" + id + "'][data-status='down']"));
        dashboard.screenshot("applications-down");

        // Search and filter work on what is listed.
        dashboard.type(By.id("search"), "no such name");
        assertTrue(dashboard.waitFor(By.cssSelector("#applications .empty")).getText().contains("No application matches"));
        dashboard.type(By.id("search"), "nightly");
        dashboard.waitFor(By.cssSelector("tr[data-id='" + id + "']"));

        dashboard.browser().findElement(By.cssSelector("tr[data-id='" + id + "'] a")).click();
        dashboard.waitFor(By.cssSelector("#alerts-table tr[data-status='open']"));
        dashboard.screenshot("application-down");
        dashboard.browser().findElement(By.cssSelector("[data-action='acknowledge-alert']")).click();
        dashboard.waitFor(By.cssSelector("#alerts-table tr[data-status='acknowledged']"));
        JsonNode alerts = dashboard.api(KEY, "GET", "/api/alerts?subject=" + id, null).path("alerts");
        assertEquals("acknowledged", alerts.get(0).path("status").asText(), alerts.toString());

        dashboard.assertConsoleClean();
    }

    @Test
    void aReadOnlyKeyGetsNoEditButtonsAndTheApiRefusesItsEdits() throws Exception {
        String tenant = dashboard.api(KEY, "POST", "/api/tenants", "{\"name\":\"Readers\"}").path("id").asText();
        String admin = dashboard.key(tenant, "admin");
        String reader = dashboard.key(tenant, "read-only");
        JsonNode app = dashboard.api(admin, "POST", "/api/applications", "{\"name\":\"reports\",\"intervalSeconds\":3600}");

        dashboard.signIn(reader);
        dashboard.waitFor(By.cssSelector("tr[data-id='" + app.path("id").asText() + "']"));
        assertTrue(dashboard.browser().findElement(By.id("who")).getText().contains("read-only"));
        assertTrue(dashboard.browser().findElements(By.id("new-application")).isEmpty(), "no register button");
        assertTrue(dashboard.browser().findElements(By.cssSelector("[data-action]")).isEmpty(), "no pause, resume or delete buttons");
        dashboard.screenshot("applications-read-only");

        dashboard.browser().findElement(By.cssSelector("tr[data-id='" + app.path("id").asText() + "'] a")).click();
        dashboard.waitFor(By.cssSelector("#summary .facts"));
        for (String button : List.of("edit", "pause", "resume", "delete", "acknowledge")) {
            assertTrue(dashboard.browser().findElements(By.id(button)).isEmpty(), "no " + button + " button");
        }
        assertTrue(dashboard.browser().findElement(By.id("ping")).getText().contains("read-only key does not see ping URLs"));

        HttpResponse<String> refused = dashboard.send(reader, "PUT", "/api/applications/" + app.path("id").asText(), "{\"name\":\"renamed\"}");
        assertEquals(403, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("read-only"), refused.body());
    }

    @Test
    void aTenantsKeySeesOnlyItsOwnTenantsApplications() throws Exception {
        dashboard.api(KEY, "POST", "/api/applications", "{\"name\":\"operator-only\",\"intervalSeconds\":3600}");
        String tenant = dashboard.api(KEY, "POST", "/api/tenants", "{\"name\":\"Globex\"}").path("id").asText();
        String admin = dashboard.key(tenant, "admin");
        dashboard.api(admin, "POST", "/api/applications", "{\"name\":\"globex-sync\",\"intervalSeconds\":3600}");

        dashboard.signIn(admin);
        dashboard.waitFor(By.cssSelector("#applications tbody tr"));
        Set<String> names = dashboard.browser().findElements(By.cssSelector("#applications .app-name")).stream().map(WebElement::getText)
                .collect(Collectors.toSet());
        assertEquals(Set.of("globex-sync"), names);
        assertFalse(dashboard.browser().findElements(By.id("new-application")).isEmpty(), "a tenant's admin key may register");
        assertTrue(dashboard.browser().findElement(By.id("who")).getText().contains(tenant));
    }

    @Test
    void theTagFilterKeepsWhatCarriesTheTagAndTagsShowAsChips() throws Exception {
        String tenant = dashboard.api(KEY, "POST", "/api/tenants", "{\"name\":\"Tagged\"}").path("id").asText();
        String admin = dashboard.key(tenant, "admin");
        String prod = dashboard.api(admin, "POST", "/api/applications",
                "{\"name\":\"billing\",\"intervalSeconds\":3600,\"tags\":[\"prod\",\"team:core\"]}").path("id").asText();
        String staging = dashboard.api(admin, "POST", "/api/applications",
                "{\"name\":\"billing-staging\",\"intervalSeconds\":3600,\"tags\":[\"staging\"]}").path("id").asText();
        String check = dashboard.api(admin, "POST", "/api/checks", "{\"type\":\"tcp\",\"name\":\"db\",\"enabled\":false,"
                + "\"settings\":{\"host\":\"db.example.com\",\"port\":5432},\"tags\":[\"prod\"]}").path("id").asText();
        dashboard.api(admin, "POST", "/api/checks", "{\"type\":\"tcp\",\"name\":\"cache\",\"enabled\":false,"
                + "\"settings\":{\"host\":\"cache.example.com\",\"port\":6379}}");

        dashboard.signIn(admin);
        dashboard.waitFor(By.cssSelector("tr[data-id='" + staging + "']"));
        List<String> chips = dashboard.browser().findElements(By.cssSelector("tr[data-id='" + prod + "'] .chip")).stream()
                .map(WebElement::getText).toList();
        assertEquals(List.of("prod", "team:core"), chips);
        new Select(dashboard.waitFor(By.id("tag-filter"))).selectByValue("prod");
        dashboard.waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#applications tbody tr"), 1));
        assertFalse(dashboard.browser().findElements(By.cssSelector("tr[data-id='" + prod + "']")).isEmpty());
        dashboard.screenshot("applications-tag-filter");

        dashboard.open("applications/" + staging);
        dashboard.waitFor(By.id("edit")).click();
        dashboard.waitFor(By.id("edit-tags"));
        dashboard.type(By.id("edit-tags"), "Staging, eu");
        dashboard.browser().findElement(By.id("edit-submit")).click();
        dashboard.waitFor(By.cssSelector("#app-tags .chip[data-tag='eu']"));
        assertEquals("[\"staging\",\"eu\"]", dashboard.api(admin, "GET", "/api/applications/" + staging, null).path("tags").toString(),
                "edited tags are stored lower-cased");

        dashboard.open("checks");
        dashboard.waitFor(By.cssSelector("#checks tr[data-id='" + check + "'] .chip[data-tag='prod']"));
        new Select(dashboard.waitFor(By.id("check-tag-filter"))).selectByValue("prod");
        dashboard.waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#checks tbody tr"), 1));
        assertFalse(dashboard.browser().findElements(By.cssSelector("#checks tr[data-id='" + check + "']")).isEmpty());
        dashboard.assertConsoleClean();
    }

    @Test
    void thePulseIndicatorShowsWhatSystemHealthSays() throws Exception {
        PulseStore pulses = new PulseStore(dashboard.runner().db().client(), "PulseTable");
        // Recovery's first run is ten minutes away, so it has never recorded a pulse: Vigil's pulse is unknown, grey.
        assertTrue(pulses.find(Component.RECOVERY).isEmpty(), "recovery has not run yet");
        JsonNode fresh = dashboard.api(null, "GET", "/system/health", null);
        assertEquals("unknown", fresh.path("components").path("recovery").path("pulse").asText(), fresh.toString());
        assertEquals("unknown", fresh.path("pulse").asText(), "the other components ran and are alive: " + fresh);
        dashboard.signIn(KEY);
        assertEquals("unknown", pulseState("unknown"));
        WebElement indicator = dashboard.browser().findElement(By.id("pulse"));
        assertTrue(indicator.getAttribute("class").contains("pulse--unknown"), indicator.getAttribute("class"));
        assertEquals("unknown", dashboard.browser().findElement(By.id("pulse-label")).getText());
        String unknownTitle = indicator.getAttribute("title");
        assertTrue(unknownTitle.startsWith("Vigil's pulse: unknown") && unknownTitle.contains("recovery: unknown"), unknownTitle);
        assertFalse(unknownTitle.contains("recovery: unknown, last pulse"), "a component that never ran has no last pulse: " + unknownTitle);
        assertEquals("rgb(138, 143, 152)", dashboard.browser().executeScript(
                "return getComputedStyle(document.querySelector('#pulse .pulse__dot')).backgroundColor;"), "grey");
        dashboard.screenshot("pulse-unknown");

        Instant now = Instant.now();
        for (Component component : Component.values()) {
            pulses.record(Pulse.healthy(component, now, Duration.ofHours(1), Map.of("tasksRun", 3L)));
        }
        pulses.record(Pulse.failed(Component.RECOVERY, now, Duration.ofHours(1), new IllegalStateException("table unavailable")));
        dashboard.browser().navigate().refresh();
        assertEquals("error", pulseState("error"));
        assertEquals("error", dashboard.api(null, "GET", "/system/health", null).path("pulse").asText());
        String title = dashboard.browser().findElement(By.id("pulse")).getAttribute("title");
        assertTrue(title.contains("recovery: error") && title.contains("tasks run 3") && title.contains("next expected"), title);
        dashboard.screenshot("pulse-error");

        // The failed component runs again, but its last pulse is long past its schedule: stale.
        pulses.record(Pulse.healthy(Component.RECOVERY, now.minus(Duration.ofHours(3)), Duration.ofMinutes(1), Map.of()));
        dashboard.browser().navigate().refresh();
        assertEquals("warning", pulseState("warning"));
        assertEquals("warning", dashboard.api(null, "GET", "/system/health", null).path("pulse").asText());

        // Every component ran a moment ago and is due again within the hour: alive (the runner's own runs
        // in the meantime are healthy too).
        for (Component component : Component.values()) {
            pulses.record(Pulse.healthy(component, Instant.now(), Duration.ofHours(1), Map.of("tasksRun", 1L)));
        }
        dashboard.browser().navigate().refresh();
        assertEquals("alive", pulseState("alive"));
        assertEquals("alive", dashboard.api(null, "GET", "/system/health", null).path("pulse").asText());
    }

    @Test
    void atPhoneWidthThePageDoesNotScrollSideways() throws Exception {
        dashboard.api(KEY, "POST", "/api/applications", "{\"name\":\"phone-width-check-with-a-long-name\",\"intervalSeconds\":3600}");
        dashboard.phoneWidth();
        dashboard.signIn(KEY);
        dashboard.waitFor(By.cssSelector("#applications tbody tr"));
        dashboard.assertNoSidewaysScroll("applications");
        dashboard.screenshot("applications-375px");
    }

    @Test
    void keyboardFocusStaysOnItsButtonAcrossTheLiveRefresh() throws Exception {
        String id = dashboard.api(KEY, "POST", "/api/applications", "{\"name\":\"focus-keeper\",\"intervalSeconds\":3600}").path("id").asText();
        dashboard.signIn(KEY);
        WebElement pause = dashboard.waitFor(By.cssSelector("tr[data-id='" + id + "'] [data-action='pause']"));
        dashboard.browser().executeScript("arguments[0].focus();", pause);

        dashboard.waiting().until(ExpectedConditions.stalenessOf(pause));
        dashboard.waitFor(By.cssSelector("tr[data-id='" + id + "'] [data-action='pause']"));
        assertEquals(id + ":active", dashboard.browser().executeScript("return document.activeElement.dataset.focus;"),
                "the rebuilt row's button has the focus again");
        dashboard.screenshot("applications-focus");
    }

    @Test
    void darkModeFollowsTheSystemSetting() throws Exception {
        dashboard.signIn(KEY);
        String light = (String) dashboard.browser().executeScript("return getComputedStyle(document.body).backgroundColor;");
        dashboard.browser().executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        try {
            String dark = (String) dashboard.browser().executeScript("return getComputedStyle(document.body).backgroundColor;");
            assertEquals("rgb(246, 247, 249)", light);
            assertEquals("rgb(20, 23, 28)", dark);
            dashboard.screenshot("applications-dark");
        } finally {
            dashboard.browser().executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        }
    }

    @Test
    void theDashboardIsServedWithItsSecurityHeadersGzippedAndNothingElseIsFound() throws Exception {
        HttpResponse<byte[]> page = dashboard.http().send(HttpRequest.newBuilder(URI.create(dashboard.base() + "/")).header("Accept-Encoding", "gzip").build(),
                BodyHandlers.ofByteArray());
        assertEquals(200, page.statusCode());
        assertEquals("gzip", page.headers().firstValue("content-encoding").orElse(""));
        assertEquals("no-cache", page.headers().firstValue("cache-control").orElse(""));
        assertTrue(page.headers().firstValue("content-security-policy").orElse("").contains("frame-ancestors 'none'"));
        assertEquals("DENY", page.headers().firstValue("x-frame-options").orElse(""));
        assertEquals("nosniff", page.headers().firstValue("x-content-type-options").orElse(""));
        assertEquals("no-referrer", page.headers().firstValue("referrer-policy").orElse(""));

        String html = dashboard.http().send(HttpRequest.newBuilder(URI.create(dashboard.base() + "/")).build(), BodyHandlers.ofString()).body();
        String script = html.replaceAll("(?s).*src=\"/ui/(main\\.[0-9a-f]{10}\\.js)\".*", "$1");
        HttpResponse<String> module = dashboard.http().send(HttpRequest.newBuilder(URI.create(dashboard.base() + "/ui/" + script)).build(), BodyHandlers.ofString());
        assertEquals(200, module.statusCode(), script);
        assertEquals("public, max-age=31536000, immutable", module.headers().firstValue("cache-control").orElse(""));
        assertTrue(module.headers().firstValue("content-type").orElse("").startsWith("text/javascript"));

        for (String path : List.of("/ui/main.js", "/ui/..%2f..%2fpom.xml", "/ui/dashboard/assets.list", "/ui/x/../index.html")) {
            HttpResponse<String> missing = dashboard.http().send(HttpRequest.newBuilder(URI.create(dashboard.base() + path)).build(), BodyHandlers.ofString());
            assertEquals(404, missing.statusCode(), path);
        }
    }

    private String pulseState(String expected) {
        dashboard.waiting().until(ExpectedConditions.attributeToBe(By.id("pulse"), "data-state", expected));
        return dashboard.browser().findElement(By.id("pulse")).getAttribute("data-state");
    }

    private void post(String url) {
        try {
            dashboard.post(url);
        } catch (IOException e) {
            // The next beat tries again.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
