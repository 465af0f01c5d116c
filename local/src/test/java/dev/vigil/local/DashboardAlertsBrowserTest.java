package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.runtime.Json;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard's Alerts and Channels pages in a real browser (headless Chromium), through the local runner:
 * an alert opened by a real outage is acknowledged and resolved in the page, and the API agrees; a channel
 * created with a secret never shows that secret again, only its hint; a channel that applications route to is
 * detached and deleted; a read-only key gets no edit buttons on either page. Screenshots go under
 * {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardAlertsBrowserTest {
    private static final String KEY = "dashboard-alerts-admin-key-0001";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** Longer than the dashboard's refresh (7 s) and the detector's flip (interval + grace + a pass). */
    private static final Duration WAIT = Duration.ofSeconds(25);
    private static final String SLACK_SECRET = "T0AAAA1/B0BBBB2/s3cretWebhookTokenZx9Q";
    private static final String SLACK_URL = "https://hooks.slack.com/services/" + SLACK_SECRET;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private LocalRunner runner;
    private ChromeDriver browser;
    private String base;

    @BeforeAll
    void start() throws Exception {
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

    @Test
    void anOutagesAlertIsAcknowledgedThenResolvedInThePageAndTheApiAgrees() throws Exception {
        String app = outage(KEY, "payroll-export");

        signIn(KEY);
        browser.get(base + "/#/alerts");
        // An application down is p1 by default; the row names it, as text.
        waitFor(By.xpath("//table[@id='alerts-table']//tr[@data-status='open'][.//*[@data-severity='p1' and text()='P1']]"
                + "[.//a[@href='#/applications/" + app + "' and text()='payroll-export']]"));
        waitFor(By.cssSelector("#alert-count:not([hidden])"));
        screenshot("alerts-open");

        new Select(browser.findElement(By.id("alert-status"))).selectByValue("resolved");
        assertTrue(waitFor(By.cssSelector("#alerts .empty")).getText().contains("No alert matches"));
        new Select(browser.findElement(By.id("alert-status"))).selectByValue("open");
        new Select(browser.findElement(By.id("alert-severity"))).selectByValue("p1");
        click(By.xpath("//table[@id='alerts-table']//tr[@data-status='open'][@data-severity='p1'][.//a[@href='#/applications/" + app + "']]//a[contains(@class, 'alert-link')]"));

        waitFor(By.cssSelector("#alert-summary .facts"));
        String alertId = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
        assertTrue(alertId.startsWith("al_"), browser.getCurrentUrl());
        browser.findElement(By.id("acknowledge")).click();
        waitFor(By.cssSelector("h1 [data-status='acknowledged']"));
        assertTrue(browser.findElement(By.id("timeline")).getText().contains("Acknowledged"));
        assertTrue(browser.findElement(By.id("timeline")).getText().contains("by operator"));
        assertTrue(browser.findElements(By.id("acknowledge")).isEmpty(), "an acknowledged alert cannot be acknowledged again");
        JsonNode acknowledged = api(KEY, "GET", "/api/alerts/" + alertId, null);
        assertEquals("acknowledged", acknowledged.path("status").asText());
        assertEquals("operator", acknowledged.path("acknowledgedBy").asText());
        screenshot("alert-acknowledged");

        browser.findElement(By.id("resolve")).click();
        waitFor(By.cssSelector("h1 [data-status='resolved']"));
        assertTrue(browser.findElement(By.id("timeline")).getText().contains("Resolved"));
        assertTrue(browser.findElements(By.id("resolve")).isEmpty(), "a resolved alert has no buttons left");
        JsonNode resolved = api(KEY, "GET", "/api/alerts/" + alertId, null);
        assertEquals("resolved", resolved.path("status").asText());
        assertEquals("operator", resolved.path("resolvedBy").asText());
        screenshot("alert-resolved");

        // A change the API refuses (409) shows the API's own message.
        String other = outage(KEY, "ledger-sync");
        browser.get(base + "/#/alerts");
        By otherRow = By.xpath("//table[@id='alerts-table']//tr[@data-status='open'][.//a[@href='#/applications/" + other + "']]");
        waitFor(otherRow);
        click(By.xpath("//table[@id='alerts-table']//tr[.//a[@href='#/applications/" + other + "']]//a[contains(@class, 'alert-link')]"));
        waitFor(By.id("resolve"));
        // Held from the page as it was shown, so the live refresh cannot take the button away before the click.
        ((JavascriptExecutor) browser).executeScript("window.shownResolve = document.getElementById('resolve');");
        String otherId = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
        api(KEY, "POST", "/api/alerts/" + otherId + "/resolve", null);
        ((JavascriptExecutor) browser).executeScript("window.shownResolve.click();");
        String error = waitFor(By.cssSelector(".message--error")).getText();
        assertTrue(error.contains("resolved"), error);

        List<String> console = browser.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).toList();
        assertTrue(console.stream().noneMatch(line -> line.contains("Content Security Policy") || line.contains("Uncaught")),
                "nothing refused by the Content-Security-Policy, no script error: " + console);
    }

    @Test
    void aChannelsSecretIsNeverShownAgainOnlyItsHint() throws Exception {
        String tenant = api(KEY, "POST", "/api/tenants", "{\"name\":\"Channel makers\"}").path("id").asText();
        String admin = key(tenant, "admin");
        signIn(admin);
        browser.get(base + "/#/channels");
        assertTrue(waitFor(By.cssSelector("#channels .empty")).getText().contains("Add your first channel"));
        browser.findElement(By.id("new-channel")).click();
        new Select(browser.findElement(By.id("channel-type"))).selectByValue("slack");
        type(By.id("channel-name"), "ops <i>room</i>");
        type(By.id("setting-webhookUrl"), SLACK_URL);
        screenshot("channel-create");
        browser.findElement(By.id("channel-submit")).click();

        WebElement hint = waitFor(By.cssSelector("dd[data-setting='webhookUrl']"));
        assertEquals("****Zx9Q", hint.getText());
        assertEquals("ops <i>room</i>", browser.findElement(By.id("channel-name-heading")).getText(), "a name is text, never markup");
        String channelId = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
        assertTrue(channelId.startsWith("ch_"), browser.getCurrentUrl());
        assertNoSecret();
        screenshot("channel");

        // Edit: the secret field starts empty, shows the hint, and left empty keeps the stored secret.
        browser.findElement(By.id("edit-channel")).click();
        WebElement secret = waitFor(By.id("setting-webhookUrl"));
        assertEquals("", secret.getDomProperty("value"));
        assertTrue(browser.findElement(By.id("setting-webhookUrl-hint")).getText().contains("****Zx9Q"));
        assertNoSecret();
        type(By.id("channel-name"), "ops room");
        browser.findElement(By.id("channel-submit")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBe(By.id("channel-name-heading"), "ops room"));
        JsonNode saved = api(admin, "GET", "/api/channels/" + channelId, null);
        assertEquals("ops room", saved.path("name").asText());
        assertEquals("****Zx9Q", saved.path("settings").path("webhookUrl").asText(), "the secret was kept");

        browser.get(base + "/#/channels");
        waitFor(By.cssSelector("tr[data-id='" + channelId + "']"));
        assertNoSecret();
        click(By.cssSelector("tr[data-id='" + channelId + "'] [data-action='disable']"));
        waitFor(By.cssSelector("tr[data-id='" + channelId + "'][data-enabled='false']"));
        assertFalse(api(admin, "GET", "/api/channels/" + channelId, null).path("enabled").asBoolean());
        screenshot("channels");

        // Deleting a channel that an application routes to offers to take it out of the application first.
        String app = api(admin, "POST", "/api/applications",
                "{\"name\":\"routed\",\"intervalSeconds\":3600,\"channels\":[\"" + channelId + "\"]}").path("id").asText();
        click(By.cssSelector("tr[data-id='" + channelId + "'] a"));
        waitFor(By.id("delete-channel")).click();
        browser.switchTo().alert().accept();
        WebElement inUse = waitFor(By.id("channel-in-use"));
        assertTrue(inUse.getText().contains("routed"), inUse.getText());
        screenshot("channel-in-use");
        browser.findElement(By.id("detach-delete")).click();
        waitFor(By.id("channels"));
        assertEquals(404, send(admin, "GET", "/api/channels/" + channelId, null).statusCode());
        assertEquals(0, api(admin, "GET", "/api/applications/" + app, null).path("channels").size());
    }

    @Test
    void aReadOnlyKeyGetsNoEditButtonsOnAlertsAndChannels() throws Exception {
        String tenant = api(KEY, "POST", "/api/tenants", "{\"name\":\"Watchers\"}").path("id").asText();
        String admin = key(tenant, "admin");
        String reader = key(tenant, "read-only");
        String channel = api(admin, "POST", "/api/channels",
                "{\"type\":\"slack\",\"name\":\"watch\",\"settings\":{\"webhookUrl\":\"" + SLACK_URL + "\"}}").path("id").asText();
        String app = outage(admin, "watched-job");

        signIn(reader);
        browser.get(base + "/#/alerts");
        waitFor(By.xpath("//table[@id='alerts-table']//tr[.//a[@href='#/applications/" + app + "']]"));
        assertTrue(browser.findElements(By.cssSelector("[data-action]")).isEmpty(), "no acknowledge or resolve buttons");
        screenshot("alerts-read-only");
        click(By.xpath("//table[@id='alerts-table']//tr[.//a[@href='#/applications/" + app + "']]//a[contains(@class, 'alert-link')]"));
        waitFor(By.cssSelector("#alert-summary .facts"));
        assertTrue(browser.findElements(By.id("acknowledge")).isEmpty() && browser.findElements(By.id("resolve")).isEmpty());

        browser.get(base + "/#/channels");
        waitFor(By.cssSelector("tr[data-id='" + channel + "']"));
        assertTrue(browser.findElements(By.id("new-channel")).isEmpty(), "no add button");
        assertTrue(browser.findElements(By.cssSelector("[data-action]")).isEmpty(), "no enable, disable or delete buttons");
        click(By.cssSelector("tr[data-id='" + channel + "'] a"));
        waitFor(By.id("channel-settings"));
        for (String button : List.of("edit-channel", "disable", "enable", "delete-channel")) {
            assertTrue(browser.findElements(By.id(button)).isEmpty(), "no " + button + " button");
        }
        assertNoSecret();
        screenshot("channel-read-only");

        HttpResponse<String> refused = send(reader, "PUT", "/api/channels/" + channel, "{\"name\":\"renamed\"}");
        assertEquals(403, refused.statusCode(), refused.body());
    }

    @Test
    void atPhoneWidthAlertsAndChannelsDoNotScrollSideways() throws Exception {
        api(KEY, "POST", "/api/channels", "{\"type\":\"sns\",\"name\":\"a channel with a rather long name for a phone\",\"settings\":{}}");
        browser().manage().window().setSize(new Dimension(375, 812));
        signIn(KEY);
        for (String page : List.of("alerts", "channels")) {
            browser.get(base + "/#/" + page);
            waitFor(By.id(page));
            new WebDriverWait(browser, WAIT).until(d -> !d.findElement(By.id(page)).getText().isEmpty());
            long overflow = (Long) ((JavascriptExecutor) browser).executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertTrue(overflow <= 0, page + " is " + overflow + " px wider than the screen");
            screenshot(page + "-375px");
        }
    }

    /** Registers a short-interval application with {@code key}, beats it until it is up, stops: waits for its open alert. */
    private String outage(String key, String name) throws Exception {
        JsonNode app = api(key, "POST", "/api/applications", "{\"name\":\"" + name + "\",\"intervalSeconds\":2,\"graceSeconds\":1}");
        String id = app.path("id").asText();
        String ping = app.path("pingUrl").asText();
        until(() -> {
            post(ping);
            return "up".equals(api(key, "GET", "/api/applications/" + id, null).path("status").asText());
        });
        until(() -> api(key, "GET", "/api/alerts?status=open&subject=" + id, null).path("alerts").size() == 1);
        return id;
    }

    /** Clicks what by finds, finding it again when the live refresh rebuilt it in between. */
    private void click(By by) {
        new WebDriverWait(browser(), WAIT).ignoring(StaleElementReferenceException.class).until(driver -> {
            driver.findElement(by).click();
            return true;
        });
    }

    private void until(Callable<Boolean> condition) {
        new WebDriverWait(browser(), WAIT).pollingEvery(Duration.ofMillis(300)).until(driver -> {
            try {
                return condition.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private void assertNoSecret() {
        String source = browser.getPageSource();
        assertFalse(source.contains(SLACK_SECRET) || source.contains("s3cretWebhookToken"), "the secret is never in the page");
        Object values = ((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll('input')].map(i => i.value).join(' ');");
        assertFalse(String.valueOf(values).contains("s3cretWebhookToken"), "nor in a field");
    }

    private ChromeDriver browser() {
        if (browser == null) {
            browser = Chromium.start(1280, 900);
        }
        return browser;
    }

    private void signIn(String key) {
        browser().get(base + "/#/signin");
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear();");
        browser.navigate().refresh();
        waitFor(By.id("api-key")).sendKeys(key);
        browser.findElement(By.id("sign-in")).click();
        waitFor(By.id("applications"));
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

    private void post(String url) throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(url)).POST(BodyPublishers.noBody()).build(), BodyHandlers.discarding());
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
