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
import org.junit.jupiter.api.AfterAll;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator's pages in a real browser (headless Chromium), through the local runner: create a tenant
 * and issue it a read-only key that is shown once; sign in with that key and get a read-only UI of that
 * tenant; revoke the key and see it refused; switch tenant with the header's picker; read the API
 * reference (Swagger UI, under the dashboard's strict Content-Security-Policy). Screenshots go under {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardTenantsBrowserTest {
    private static final String KEY = "dashboard-tenants-admin-key-0001";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(25);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private LocalRunner runner;
    private ChromeDriver browser;
    private String base;
    /** Set by the first test: the tenant it created, its read-only key, and that key's id. */
    private String tenantId;
    private String readOnlyKey;

    @BeforeAll
    void start() throws Exception {
        RunnerConfig config = new RunnerConfig(0, Map.of("RecoverySchedule", "rate(10 minutes)"), KEY, Optional.empty());
        runner = new LocalRunner(config, SamTemplate.load(), new PrintStream(new ByteArrayOutputStream())).start();
        base = "http://localhost:" + runner.port();
        Files.createDirectories(SCREENSHOTS);
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
    @Order(1)
    void theOperatorCreatesATenantAndIssuesAReadOnlyKeyThatIsShownOnce() throws Exception {
        signIn(KEY);
        browser.findElement(By.cssSelector("[data-nav='tenants']")).click();
        waitFor(By.id("tenants"));
        screenshot("tenants");

        browser.findElement(By.id("new-tenant")).click();
        type(By.id("new-tenant-name"), "Acme <i>labs</i>");
        type(By.id("new-timezone"), "Mars/Olympus");
        browser.findElement(By.id("new-tenant-submit")).click();
        WebElement refused = waitFor(By.cssSelector("#new-tenant-form .message--error"));
        assertTrue(refused.getText().toLowerCase().contains("timezone"), "the API's own message: " + refused.getText());

        type(By.id("new-timezone"), "Europe/Paris");
        type(By.id("new-sweep"), "15");
        browser.findElement(By.id("new-tenant-submit")).click();
        assertEquals("Acme <i>labs</i>", waitFor(By.cssSelector("#tenant-name")).getText().replace("active", "").trim(),
                "a name is shown as text, never as markup");
        tenantId = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
        assertTrue(tenantId.startsWith("tn_"), browser.getCurrentUrl());
        JsonNode stored = api(KEY, "GET", "/api/tenants/" + tenantId, null, null);
        assertEquals("Europe/Paris", stored.path("timezone").asText());
        assertEquals(15, stored.path("sweepIntervalMinutes").asInt());
        assertTrue(waitFor(By.cssSelector("#keys .empty")).getText().contains("Issue a key"));

        type(By.id("key-name"), "wall screen");
        new Select(browser.findElement(By.id("key-role"))).selectByValue("read-only");
        browser.findElement(By.id("issue-submit")).click();
        readOnlyKey = waitFor(By.id("issued-key")).getText();
        assertTrue(readOnlyKey.startsWith("vk_"), readOnlyKey);
        assertTrue(browser.findElement(By.id("issued-note")).getText().contains("won't see it again"));
        String prefix = readOnlyKey.substring(0, 8);
        WebElement row = waitFor(By.cssSelector("#keys tr[data-state='active']"));
        assertTrue(row.getText().contains(prefix) && row.getText().contains("read-only"), row.getText());
        screenshot("tenant-key-issued");

        // Reloaded, the page has the key's prefix and nothing more: the key itself is gone for good.
        browser.navigate().refresh();
        waitFor(By.cssSelector("#keys tr[data-state='active']"));
        assertTrue(browser.findElements(By.id("issued-key")).isEmpty(), "the key is shown once only");
        assertFalse(browser.getPageSource().contains(readOnlyKey), "the key is nowhere on the page after a reload");
        String storage = (String) ((JavascriptExecutor) browser).executeScript("return JSON.stringify(sessionStorage);");
        assertFalse(storage.contains(readOnlyKey), "the issued key is not kept in the tab");
        screenshot("tenant");
    }

    @Test
    @Order(2)
    void theReadOnlyKeySeesItsTenantReadOnlyAndNoOperatorPages() throws Exception {
        api(KEY, "POST", "/api/applications", "{\"name\":\"acme-nightly\",\"intervalSeconds\":3600}", tenantId);
        api(KEY, "POST", "/api/applications", "{\"name\":\"default-nightly\",\"intervalSeconds\":3600}", null);

        signIn(readOnlyKey);
        WebElement who = waitFor(By.id("who"));
        assertEquals("tenant " + tenantId + " (read-only)", who.getText());
        waitFor(By.xpath("//table//a[normalize-space()='acme-nightly']"));
        assertTrue(browser.findElements(By.xpath("//a[normalize-space()='default-nightly']")).isEmpty(), "only its tenant");
        assertTrue(browser.findElements(By.id("new-application")).isEmpty(), "no register button for a read-only key");
        assertTrue(browser.findElements(By.cssSelector("[data-action]")).isEmpty(), "no edit buttons");
        assertFalse(browser.findElement(By.cssSelector("[data-nav='tenants']")).isDisplayed(), "no Tenants link");
        assertFalse(browser.findElement(By.id("tenant-pick")).isDisplayed(), "no tenant picker");

        browser.get(base + "/#/tenants");
        assertTrue(waitFor(By.cssSelector("main .empty")).getText().contains("Only the operator manages tenants"));
        assertTrue(browser.findElements(By.id("new-tenant")).isEmpty());
        screenshot("tenants-not-operator");
    }

    @Test
    @Order(3)
    void aRevokedKeyIsRefusedAtSignInWithTheApisMessage() throws Exception {
        signIn(KEY);
        browser.get(base + "/#/tenants/" + tenantId);
        waitFor(By.cssSelector("#keys tr[data-state='active'] [data-action='revoke']")).click();
        browser.switchTo().alert().accept();
        WebElement revoked = waitFor(By.cssSelector("#keys tr[data-state='revoked']"));
        assertTrue(revoked.getText().contains("revoked"), revoked.getText());
        assertTrue(browser.findElements(By.cssSelector("#keys [data-action='revoke']")).isEmpty(), "nothing left to revoke");
        assertEquals(401, send(readOnlyKey, "GET", "/api/applications", null, null).statusCode());

        browser.findElement(By.id("sign-out")).click();
        waitFor(By.id("api-key")).sendKeys(readOnlyKey);
        browser.findElement(By.id("sign-in")).click();
        WebElement message = waitFor(By.cssSelector("#signin-form .message--error"));
        assertTrue(message.getText().contains("missing or invalid key"), "the API's message: " + message.getText());
        assertTrue(browser.getCurrentUrl().endsWith("#/signin"), browser.getCurrentUrl());
        screenshot("signin-revoked-key");
    }

    @Test
    @Order(4)
    void theOperatorSwitchesTenantWithThePicker() {
        signIn(KEY);
        waitFor(By.xpath("//table//a[normalize-space()='default-nightly']"));
        Select picker = new Select(waitFor(By.id("tenant-picker")));
        assertEquals("default", picker.getFirstSelectedOption().getAttribute("value"));

        picker.selectByValue(tenantId);
        waitFor(By.xpath("//table//a[normalize-space()='acme-nightly']"));
        assertTrue(browser.findElements(By.xpath("//a[normalize-space()='default-nightly']")).isEmpty(), "the other tenant's list");
        screenshot("tenant-picker");

        // The choice holds across a reload (this tab's session storage) and the live refresh.
        browser.navigate().refresh();
        waitFor(By.xpath("//table//a[normalize-space()='acme-nightly']"));
        assertEquals(tenantId, new Select(waitFor(By.id("tenant-picker"))).getFirstSelectedOption().getAttribute("value"));

        new Select(browser.findElement(By.id("tenant-picker"))).selectByValue("default");
        waitFor(By.xpath("//table//a[normalize-space()='default-nightly']"));
    }

    @Test
    @Order(5)
    void theApiReferenceIsSwaggerUiUnderTheStrictContentSecurityPolicy() {
        signIn(KEY);
        browser.manage().logs().get(LogType.BROWSER);
        browser.findElement(By.cssSelector("[data-nav='api']")).click();
        WebElement path = waitFor(By.cssSelector("#api-reference .opblock-get .opblock-summary-path[data-path='/api/applications']"));
        WebElement operation = path.findElement(By.xpath("ancestor::div[contains(@class,'opblock-get')]"));
        assertTrue(operation.getText().contains("List applications"), operation.getText());
        assertFalse(browser.findElements(By.cssSelector("#api-reference .opblock-post .opblock-summary-path[data-path='/api/tenants/{id}/keys']"))
                .isEmpty(), "every route of the document");
        screenshot("api-reference");
        path.click();
        waitFor(By.cssSelector("#api-reference .opblock-get.is-open tr.response[data-code='200']"));

        ((JavascriptExecutor) browser).executeScript("console.error('console-probe: the log is read');");
        List<String> console = browser.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).toList();
        assertTrue(console.stream().anyMatch(line -> line.contains("console-probe")), "the console is read: " + console);
        assertTrue(console.stream().noneMatch(line -> line.contains("Content Security Policy") || line.contains("Uncaught")),
                "nothing refused by the Content-Security-Policy, no script error: " + console);

        // Its dark theme follows the system setting while it is shown, and goes when the page does.
        browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        try {
            new WebDriverWait(browser, WAIT).until(ExpectedConditions.attributeContains(By.tagName("html"), "class", "dark-mode"));
            assertEquals("rgb(28, 32, 34)", ((JavascriptExecutor) browser).executeScript(
                    "return getComputedStyle(document.querySelector('#api-reference .swagger-ui')).backgroundColor;"));
            screenshot("api-reference-dark");
            browser.findElement(By.cssSelector("[data-nav='applications']")).click();
            waitFor(By.id("applications"));
            assertFalse(browser.findElement(By.tagName("html")).getAttribute("class").contains("dark-mode"));
        } finally {
            browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        }
    }

    @Test
    @Order(6)
    void atPhoneWidthTheTenantPagesAndThePickerDoNotScrollSideways() throws Exception {
        browser().manage().window().setSize(new Dimension(375, 812));
        try {
            signIn(KEY);
            waitFor(By.id("tenant-picker"));
            assertNoSidewaysScroll("applications");

            browser.get(base + "/#/tenants/" + tenantId);
            type(By.id("key-name"), "deploys from the pipeline of the platform team");
            browser.findElement(By.id("issue-submit")).click();
            waitFor(By.id("issued-key"));
            assertNoSidewaysScroll("tenant");
            screenshot("tenant-key-issued-375px");

            browser.get(base + "/#/tenants");
            waitFor(By.cssSelector("#tenants tbody tr"));
            assertNoSidewaysScroll("tenants");
            screenshot("tenants-375px");

            browser.get(base + "/#/api");
            waitFor(By.cssSelector("#api-reference .opblock-summary-path"));
            assertNoSidewaysScroll("api");
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 900));
        }
    }

    /** The page is no wider than the screen; wide tables and the reference scroll inside their own boxes. */
    private void assertNoSidewaysScroll(String page) {
        long overflow = (Long) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        Object wide = ((JavascriptExecutor) browser).executeScript("return [...document.querySelectorAll('body *')]"
                + ".filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth"
                + " && !e.closest('.table-wrap') && !e.closest('.api-reference'))"
                + ".map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ');");
        assertTrue(overflow <= 0, page + ": the page is " + overflow + " px wider than the screen: " + wide);
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

    private JsonNode api(String key, String method, String path, String body, String tenant) throws Exception {
        HttpResponse<String> response = send(key, method, path, body, tenant);
        assertTrue(response.statusCode() < 300, method + " " + path + ": " + response.statusCode() + " " + response.body());
        return Json.parse(response.body());
    }

    private HttpResponse<String> send(String key, String method, String path, String body, String tenant) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (tenant != null) {
            request.header("X-Vigil-Tenant", tenant);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), BodyHandlers.ofString());
    }
}
