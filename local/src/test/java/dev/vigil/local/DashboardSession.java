package dev.vigil.local;

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
import java.util.concurrent.Callable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What every dashboard browser test does: a local runner started with a config, a headless browser (started on
 * first use), signing in with a key, waiting for elements, the phone-width check, screenshots under
 * {@code target/screenshots/}, and admin API calls with a key. A test class registers it as an extension
 * (with {@code @TestInstance(PER_CLASS)}): the runner starts before its tests, the window is back to the
 * desktop's after each, and the browser and runner stop after the last.
 */
final class DashboardSession implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** Longer than the dashboard's refresh (7 s) and the detector's flip (interval + grace + a pass). */
    static final Duration WAIT = Duration.ofSeconds(25);
    private static final Dimension NORMAL = new Dimension(1280, 900);
    private static final Dimension PHONE = new Dimension(375, 812);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final RunnerConfig config;
    private final String adminKey;
    private LocalRunner runner;
    private String base;
    private ChromeDriver browser;

    /** A session on a local runner started with {@code config}, whose admin key {@link #key} issues keys with. */
    DashboardSession(RunnerConfig config) {
        this.config = config;
        this.adminKey = config.adminKey();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        runner = new LocalRunner(config, SamTemplate.load(), new PrintStream(new ByteArrayOutputStream())).start();
        base = "http://localhost:" + runner.port();
        Files.createDirectories(SCREENSHOTS);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        normalWidth();
    }

    LocalRunner runner() {
        return runner;
    }

    HttpClient http() {
        return http;
    }

    /** The runner's address, {@code http://localhost:PORT}. */
    String base() {
        return base;
    }

    /** The browser, started on first use; skips (or, in CI, fails) without Chromium. */
    ChromeDriver browser() {
        if (browser == null) {
            browser = Chromium.start(NORMAL.getWidth(), NORMAL.getHeight());
        }
        return browser;
    }

    /** Opens the dashboard's {@code route} ({@code "alerts"}, {@code "checks/ID"}, ...). */
    void open(String route) {
        browser().get(base + "/#/" + route);
    }

    /** Signs out whoever was signed in, then signs in with {@code key} on the sign-in page. */
    void signIn(String key) {
        browser().get(base + "/#/signin");
        browser.executeScript("sessionStorage.clear();");
        browser.navigate().refresh();
        WebElement field = waitFor(By.id("api-key"));
        if (!Files.exists(SCREENSHOTS.resolve("signin.png"))) {
            screenshot("signin");
        }
        field.sendKeys(key);
        browser.findElement(By.id("sign-in")).click();
        waitFor(By.id("applications"));
        assertFalse(browser.getCurrentUrl().contains(key), "the key is never in a URL");
    }

    WebDriverWait waiting() {
        return new WebDriverWait(browser(), WAIT);
    }

    WebElement waitFor(By by) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Clicks what {@code by} finds, finding it again when the live refresh rebuilt it in between. */
    void click(By by) {
        waiting().ignoring(StaleElementReferenceException.class).until(driver -> {
            driver.findElement(by).click();
            return true;
        });
    }

    /** Waits until {@code condition} holds, asking every 300 ms; its exceptions fail the wait. */
    void until(Callable<Boolean> condition) {
        waiting().pollingEvery(Duration.ofMillis(300)).until(driver -> {
            try {
                return condition.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    void type(By by, String text) {
        WebElement field = browser().findElement(by);
        field.clear();
        field.sendKeys(text);
    }

    void screenshot(String name) {
        try {
            Files.copy(browser().getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("could not write the screenshot " + name, e);
        }
    }

    /** A phone's screen, 375 px wide. */
    void phoneWidth() {
        browser().manage().window().setSize(PHONE);
    }

    /** Back to the desktop window, if a browser was started. */
    void normalWidth() {
        if (browser != null) {
            browser.manage().window().setSize(NORMAL);
        }
    }

    /** The page is no wider than the screen; wide tables and the API reference scroll inside their own boxes. */
    void assertNoSidewaysScroll(String page) {
        long overflow = (Long) browser().executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        Object wide = browser.executeScript("return [...document.querySelectorAll('body *')]"
                + ".filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth"
                + " && !e.closest('.table-wrap') && !e.closest('.api-reference'))"
                + ".map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ');");
        assertTrue(overflow <= 0, page + ": the page is " + overflow + " px wider than the screen: " + wide);
    }

    /** The browser's console is read, and it holds nothing the Content-Security-Policy refused and no script error. */
    void assertConsoleClean() {
        browser().executeScript("console.error('console-probe: the log is read');");
        List<String> console = browser.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).toList();
        assertTrue(console.stream().anyMatch(line -> line.contains("console-probe")), "the console is read: " + console);
        assertTrue(console.stream().noneMatch(line -> line.contains("Content Security Policy") || line.contains("Uncaught")),
                "nothing refused by the Content-Security-Policy, no script error: " + console);
    }

    /** A new key with {@code role} for {@code tenant}, issued with the admin key. */
    String key(String tenant, String role) throws Exception {
        return api(adminKey, "POST", "/api/tenants/" + tenant + "/keys", "{\"name\":\"" + role + " key\",\"role\":\"" + role + "\"}")
                .path("key").asText();
    }

    /** A bodiless POST to an absolute {@code url}, as a heartbeat is sent. */
    void post(String url) throws IOException, InterruptedException {
        http.send(HttpRequest.newBuilder(URI.create(url)).POST(BodyPublishers.noBody()).build(), BodyHandlers.discarding());
    }

    /** A call that must succeed; its JSON answer. */
    JsonNode api(String key, String method, String path, String body) throws Exception {
        return api(key, method, path, body, Map.of());
    }

    JsonNode api(String key, String method, String path, String body, Map<String, String> headers) throws Exception {
        HttpResponse<String> response = send(key, method, path, body, headers);
        assertTrue(response.statusCode() < 300, method + " " + path + ": " + response.statusCode() + " " + response.body());
        return Json.parse(response.body());
    }

    HttpResponse<String> send(String key, String method, String path, String body) throws Exception {
        return send(key, method, path, body, Map.of());
    }

    HttpResponse<String> send(String key, String method, String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return http.send(request.build(), BodyHandlers.ofString());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (browser != null) {
            browser.quit();
        }
        if (runner != null) {
            runner.close();
        }
    }
}
