package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.Component;
import dev.vigil.domain.Pulse;
import dev.vigil.runtime.Json;
import dev.vigil.store.PulseStore;
import dev.vigil.testkit.SamTemplate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web dashboard in a real browser (headless Chromium), through the local runner as a user meets it:
 * sign in with a key, register an application, beat its ping URL, watch it go up and, once the beats stop,
 * down with its alert, acknowledge it; a read-only key and a tenant's key; the pulse indicator against
 * {@code /system/health}. Every page's screenshot is written under {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    private static final String KEY = "dashboard-browser-admin-key-0001";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** Longer than the dashboard's refresh (7 s) and the detector's flip (interval + grace + a pass). */
    private static final Duration WAIT = Duration.ofSeconds(25);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private LocalRunner runner;
    private ChromeDriver browser;
    private String base;

    @BeforeAll
    void start() throws Exception {
        // The detector passes every second; recovery (whose pulse the pulse test writes) waits ten minutes.
        RunnerConfig config = new RunnerConfig(0, Map.of("CheckIntervalSeconds", "1", "RecoverySchedule", "rate(10 minutes)"),
                KEY, Optional.empty());
        runner = new LocalRunner(config, SamTemplate.load(), new PrintStream(new ByteArrayOutputStream())).start();
        base = "http://localhost:" + runner.port();
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void normalWindow() {
        if (browser != null) {
            browser.manage().window().setSize(new Dimension(1280, 900));
        }
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (runner != null) {
            runner.close();
        }
    }

    /** First: the operator's default tenant is still empty. */
    @Test
    @Order(1)
    void signInRegisterBeatSeeItUpThenDownWithItsAlertAndAcknowledge() throws Exception {
        signIn(KEY);
        WebElement empty = waitFor(By.cssSelector("#applications .empty"));
        assertTrue(empty.getText().contains("Register your first application"), empty.getText());
        screenshot("applications-empty");

        browser.findElement(By.id("new-application")).click();
        type(By.id("new-name"), "nightly-backup <b>bold</b>");
        type(By.id("new-interval"), "2");
        type(By.id("new-grace"), "1");
        screenshot("application-create");
        browser.findElement(By.id("create-submit")).click();

        String pingUrl = waitFor(By.id("ping-url")).getText();
        assertTrue(pingUrl.startsWith(base + "/heartbeat/"), pingUrl);
        String id = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
        assertTrue(id.startsWith("app_"), browser.getCurrentUrl());
        assertEquals("nightly-backup <b>bold</b>", browser.findElement(By.id("app-name")).getText(),
                "a name is shown as text, never as markup");
        assertTrue(browser.findElements(By.cssSelector("h1 b")).isEmpty(), "no element came from the name");
        assertFalse(browser.findElements(By.className("one-liner")).isEmpty(), "curl, wget, PowerShell and cron lines");

        // Beat the ping URL as a job would until the list shows it up; the pages refresh on their own.
        ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
        try {
            beats.scheduleAtFixedRate(() -> post(pingUrl), 0, 500, TimeUnit.MILLISECONDS);
            waitFor(By.cssSelector("h1 [data-status='up']"));
            waitFor(By.cssSelector("#beats-table tbody tr"));
            screenshot("application-up");
            WebElement chart = waitFor(By.cssSelector("#beat-chart canvas"));
            ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'});", chart);
            screenshot("application-beat-history");
            browser.get(base + "/#/applications");
            waitFor(By.cssSelector("tr[data-id='" + id + "'][data-status='up']"));
            screenshot("applications");
        } finally {
            beats.shutdownNow();
            beats.awaitTermination(5, TimeUnit.SECONDS);
        }

        // Beats stop: the detector flips it down, and the list shows it without a reload.
        waitFor(By.cssSelector("tr[data-id='" + id + "'][data-status='down']"));
        screenshot("applications-down");

        // Search and filter work on what is listed.
        type(By.id("search"), "no such name");
        assertTrue(waitFor(By.cssSelector("#applications .empty")).getText().contains("No application matches"));
        type(By.id("search"), "nightly");
        waitFor(By.cssSelector("tr[data-id='" + id + "']"));

        browser.findElement(By.cssSelector("tr[data-id='" + id + "'] a")).click();
        waitFor(By.cssSelector("#alerts-table tr[data-status='open']"));
        screenshot("application-down");
        browser.findElement(By.cssSelector("[data-action='acknowledge-alert']")).click();
        waitFor(By.cssSelector("#alerts-table tr[data-status='acknowledged']"));
        JsonNode alerts = api(KEY, "GET", "/api/alerts?subject=" + id, null).path("alerts");
        assertEquals("acknowledged", alerts.get(0).path("status").asText(), alerts.toString());

        ((JavascriptExecutor) browser).executeScript("console.error('console-probe: the log is read');");
        List<String> console = browser.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).toList();
        assertTrue(console.stream().anyMatch(line -> line.contains("console-probe")), "the console is read: " + console);
        assertTrue(console.stream().noneMatch(line -> line.contains("Content Security Policy") || line.contains("Uncaught")),
                "nothing refused by the Content-Security-Policy, no script error: " + console);
    }

    @Test
    void aReadOnlyKeyGetsNoEditButtonsAndTheApiRefusesItsEdits() throws Exception {
        String tenant = api(KEY, "POST", "/api/tenants", "{\"name\":\"Readers\"}").path("id").asText();
        String admin = key(tenant, "admin");
        String reader = key(tenant, "read-only");
        JsonNode app = api(admin, "POST", "/api/applications", "{\"name\":\"reports\",\"intervalSeconds\":3600}");

        signIn(reader);
        waitFor(By.cssSelector("tr[data-id='" + app.path("id").asText() + "']"));
        assertTrue(browser.findElement(By.id("who")).getText().contains("read-only"));
        assertTrue(browser.findElements(By.id("new-application")).isEmpty(), "no register button");
        assertTrue(browser.findElements(By.cssSelector("[data-action]")).isEmpty(), "no pause, resume or delete buttons");
        screenshot("applications-read-only");

        browser.findElement(By.cssSelector("tr[data-id='" + app.path("id").asText() + "'] a")).click();
        waitFor(By.cssSelector("#summary .facts"));
        for (String button : List.of("edit", "pause", "resume", "delete", "acknowledge")) {
            assertTrue(browser.findElements(By.id(button)).isEmpty(), "no " + button + " button");
        }
        assertTrue(browser.findElement(By.id("ping")).getText().contains("read-only key does not see ping URLs"));

        HttpResponse<String> refused = send(reader, "PUT", "/api/applications/" + app.path("id").asText(), "{\"name\":\"renamed\"}");
        assertEquals(403, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("read-only"), refused.body());
    }

    @Test
    void aTenantsKeySeesOnlyItsOwnTenantsApplications() throws Exception {
        api(KEY, "POST", "/api/applications", "{\"name\":\"operator-only\",\"intervalSeconds\":3600}");
        String tenant = api(KEY, "POST", "/api/tenants", "{\"name\":\"Globex\"}").path("id").asText();
        String admin = key(tenant, "admin");
        api(admin, "POST", "/api/applications", "{\"name\":\"globex-sync\",\"intervalSeconds\":3600}");

        signIn(admin);
        waitFor(By.cssSelector("#applications tbody tr"));
        Set<String> names = browser.findElements(By.cssSelector("#applications .app-name")).stream().map(WebElement::getText)
                .collect(Collectors.toSet());
        assertEquals(Set.of("globex-sync"), names);
        assertFalse(browser.findElements(By.id("new-application")).isEmpty(), "a tenant's admin key may register");
        assertTrue(browser.findElement(By.id("who")).getText().contains(tenant));
    }

    @Test
    void thePulseIndicatorShowsWhatSystemHealthSays() throws Exception {
        PulseStore pulses = new PulseStore(runner.db().client(), "PulseTable");
        Instant now = Instant.now();
        for (Component component : Component.values()) {
            pulses.record(Pulse.healthy(component, now, Duration.ofHours(1), Map.of("tasksRun", 3L)));
        }
        pulses.record(Pulse.failed(Component.RECOVERY, now, Duration.ofHours(1), new IllegalStateException("table unavailable")));
        signIn(KEY);
        assertEquals("error", pulseState("error"));
        assertEquals("error", api(null, "GET", "/system/health", null).path("pulse").asText());
        String title = browser.findElement(By.id("pulse")).getAttribute("title");
        assertTrue(title.contains("recovery: error") && title.contains("tasks run 3") && title.contains("next expected"), title);
        screenshot("pulse-error");

        // The failed component runs again, but its last pulse is long past its schedule: stale.
        pulses.record(Pulse.healthy(Component.RECOVERY, now.minus(Duration.ofHours(3)), Duration.ofMinutes(1), Map.of()));
        browser.navigate().refresh();
        assertEquals("warning", pulseState("warning"));
        assertEquals("warning", api(null, "GET", "/system/health", null).path("pulse").asText());

        pulses.record(Pulse.healthy(Component.RECOVERY, Instant.now(), Duration.ofHours(1), Map.of()));
        browser.navigate().refresh();
        String health = api(null, "GET", "/system/health", null).path("pulse").asText();
        assertEquals(health, pulseState(health));
    }

    @Test
    void atPhoneWidthThePageDoesNotScrollSideways() throws Exception {
        api(KEY, "POST", "/api/applications", "{\"name\":\"phone-width-check-with-a-long-name\",\"intervalSeconds\":3600}");
        browser().manage().window().setSize(new Dimension(375, 812));
        signIn(KEY);
        waitFor(By.cssSelector("#applications tbody tr"));
        long overflow = (Long) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        Object wide = ((JavascriptExecutor) browser).executeScript("return [...document.querySelectorAll('body *')]"
                + ".filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth && !e.closest('.table-wrap'))"
                + ".map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ');");
        assertTrue(overflow <= 0, "the page is " + overflow + " px wider than the screen: " + wide);
        screenshot("applications-375px");
    }

    @Test
    void keyboardFocusStaysOnItsButtonAcrossTheLiveRefresh() throws Exception {
        String id = api(KEY, "POST", "/api/applications", "{\"name\":\"focus-keeper\",\"intervalSeconds\":3600}").path("id").asText();
        signIn(KEY);
        WebElement pause = waitFor(By.cssSelector("tr[data-id='" + id + "'] [data-action='pause']"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].focus();", pause);

        new WebDriverWait(browser, WAIT).until(ExpectedConditions.stalenessOf(pause));
        waitFor(By.cssSelector("tr[data-id='" + id + "'] [data-action='pause']"));
        assertEquals(id + ":active", ((JavascriptExecutor) browser).executeScript("return document.activeElement.dataset.focus;"),
                "the rebuilt row's button has the focus again");
        screenshot("applications-focus");
    }

    @Test
    void darkModeFollowsTheSystemSetting() throws Exception {
        signIn(KEY);
        String light = (String) ((JavascriptExecutor) browser).executeScript("return getComputedStyle(document.body).backgroundColor;");
        browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        try {
            String dark = (String) ((JavascriptExecutor) browser).executeScript("return getComputedStyle(document.body).backgroundColor;");
            assertEquals("rgb(246, 247, 249)", light);
            assertEquals("rgb(20, 23, 28)", dark);
            screenshot("applications-dark");
        } finally {
            browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        }
    }

    @Test
    void theDashboardIsServedWithItsSecurityHeadersGzippedAndNothingElseIsFound() throws Exception {
        HttpResponse<byte[]> page = http.send(HttpRequest.newBuilder(URI.create(base + "/")).header("Accept-Encoding", "gzip").build(),
                BodyHandlers.ofByteArray());
        assertEquals(200, page.statusCode());
        assertEquals("gzip", page.headers().firstValue("content-encoding").orElse(""));
        assertEquals("no-cache", page.headers().firstValue("cache-control").orElse(""));
        assertTrue(page.headers().firstValue("content-security-policy").orElse("").contains("frame-ancestors 'none'"));
        assertEquals("DENY", page.headers().firstValue("x-frame-options").orElse(""));
        assertEquals("nosniff", page.headers().firstValue("x-content-type-options").orElse(""));
        assertEquals("no-referrer", page.headers().firstValue("referrer-policy").orElse(""));

        String html = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(), BodyHandlers.ofString()).body();
        String script = html.replaceAll("(?s).*src=\"/ui/(main\\.[0-9a-f]{10}\\.js)\".*", "$1");
        HttpResponse<String> module = http.send(HttpRequest.newBuilder(URI.create(base + "/ui/" + script)).build(), BodyHandlers.ofString());
        assertEquals(200, module.statusCode(), script);
        assertEquals("public, max-age=31536000, immutable", module.headers().firstValue("cache-control").orElse(""));
        assertTrue(module.headers().firstValue("content-type").orElse("").startsWith("text/javascript"));

        for (String path : List.of("/ui/main.js", "/ui/..%2f..%2fpom.xml", "/ui/dashboard/assets.list", "/ui/x/../index.html")) {
            HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), BodyHandlers.ofString());
            assertEquals(404, missing.statusCode(), path);
        }
    }

    private ChromeDriver browser() {
        if (browser == null) {
            browser = Chromium.start(1280, 900);
        }
        return browser;
    }

    /** Signs out whoever was signed in, then signs in with {@code key} on the sign-in page. */
    private void signIn(String key) {
        browser().get(base + "/#/signin");
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear();");
        browser.navigate().refresh();
        WebElement field = waitFor(By.id("api-key"));
        if (!new java.io.File(SCREENSHOTS.resolve("signin.png").toString()).exists()) {
            screenshot("signin");
        }
        field.sendKeys(key);
        browser.findElement(By.id("sign-in")).click();
        waitFor(By.id("applications"));
        assertFalse(browser.getCurrentUrl().contains(key), "the key is never in a URL");
    }

    private String pulseState(String expected) {
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.attributeToBe(By.id("pulse"), "data-state", expected));
        return browser.findElement(By.id("pulse")).getAttribute("data-state");
    }

    private WebElement waitFor(By by) {
        return new WebDriverWait(browser(), WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private void type(By by, String text) {
        WebElement field = browser.findElement(by);
        field.clear();
        field.sendKeys(text);
    }

    private void screenshot(String name) {
        try {
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("could not write the screenshot " + name, e);
        }
    }

    private String key(String tenant, String role) throws Exception {
        return api(KEY, "POST", "/api/tenants/" + tenant + "/keys", "{\"name\":\"" + role + " key\",\"role\":\"" + role + "\"}")
                .path("key").asText();
    }

    private void post(String url) {
        try {
            http.send(HttpRequest.newBuilder(URI.create(url)).POST(BodyPublishers.noBody()).build(), BodyHandlers.discarding());
        } catch (IOException e) {
            // The next beat tries again.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private JsonNode api(String key, String method, String path, String body) throws Exception {
        HttpResponse<String> response = send(key, method, path, body);
        assertTrue(response.statusCode() < 300, method + " " + path + ": " + response.statusCode() + " " + response.body());
        return Json.parse(response.body());
    }

    private HttpResponse<String> send(String key, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), BodyHandlers.ofString());
    }
}
