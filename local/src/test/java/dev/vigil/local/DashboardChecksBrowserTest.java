package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.CheckState;
import dev.vigil.checks.CheckStatus;
import dev.vigil.checks.Level;
import dev.vigil.checks.store.CheckStore;
import dev.vigil.checks.store.CheckTables;
import dev.vigil.checks.store.StoredCheck;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Json;
import dev.vigil.testkit.CapturingHttpServer;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard's checks and health pages in a real browser (headless Chromium) through the local runner:
 * add an HTTP check against a local target in the form, run it, see it healthy in the list and the health
 * matrix, make the target fail and see it unhealthy there and on the service's page; a bad condition shows
 * the API's message in the form; a read-only key gets no edit buttons; and the matrix of 100 tenants x 20
 * checks, whose render time is printed (never asserted). Screenshots go to {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardChecksBrowserTest {
    private static final String KEY = "dashboard-checks-admin-key-0001";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** Longer than the dashboard's refresh (7 s). */
    private static final Duration WAIT = Duration.ofSeconds(25);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private LocalRunner runner;
    private CapturingHttpServer target;
    private ChromeDriver browser;
    private String base;

    @BeforeAll
    void start() throws Exception {
        // No scheduled sweep during the test: checks run when the test (or the page's button) asks.
        RunnerConfig config = new RunnerConfig(0, Map.of("SweepSchedule", "rate(86400 seconds)"), KEY, Optional.empty(),
                Map.of("OUTBOUND_ALLOW_PRIVATE", "true"));
        target = new CapturingHttpServer();
        runner = new LocalRunner(config, SamTemplate.load(), new PrintStream(new ByteArrayOutputStream())).start();
        base = "http://localhost:" + runner.port();
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (runner != null) {
            runner.close();
        }
        if (target != null) {
            target.close();
        }
    }

    @Test
    @Order(1)
    void addAnHttpCheckRunItSeeItHealthyThenUnhealthyInTheListAndTheMatrix() throws Exception {
        String tenant = api(KEY, "POST", "/api/tenants", "{\"name\":\"Shop\"}").path("id").asText();
        String admin = key(tenant, "admin");
        target.respondWith(CapturingHttpServer.Response.of(200, "{\"status\":\"UP\"}"));

        signIn(admin);
        browser.get(base + "/#/checks");
        WebElement empty = waitFor(By.cssSelector("#checks .empty"));
        assertTrue(empty.getText().contains("Add your first check"), empty.getText());
        screenshot("checks-empty");

        browser.findElement(By.id("new-check")).click();
        type(By.id("check-name"), "shop-api");
        type(By.id("check-setting-url"), target.url("/health").toString());
        type(By.id("check-conditions"), "latncyMs < 500");
        browser.findElement(By.id("check-submit")).click();
        WebElement problem = waitFor(By.cssSelector("#check-problem .message--error"));
        assertTrue(problem.getText().contains("measure no 'latncyMs'"), "the API's 400 message in the form: " + problem.getText());
        screenshot("check-form-invalid");

        type(By.id("check-conditions"), "status == 200\nwarn: latencyMs < 2000");
        browser.findElement(By.id("check-submit")).click();
        waitFor(By.id("check-title"));
        String id = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
        assertTrue(id.startsWith("chk_"), browser.getCurrentUrl());
        assertEquals(List.of("status == 200", "warn: latencyMs < 2000"),
                Json.MAPPER.convertValue(api(admin, "GET", "/api/checks/" + id, null).path("conditions"), List.class));

        // Run it from the page: the sweep button, then its result in the history.
        browser.findElement(By.id("run-now")).click();
        waitFor(By.cssSelector("#results-table tr[data-status='healthy']"));
        assertEquals(1, target.requests().size(), "the check called the target once");
        screenshot("check-healthy");

        browser.get(base + "/#/checks");
        waitFor(By.cssSelector("#checks tr[data-id='" + id + "'][data-status='healthy']"));
        screenshot("checks");
        browser.get(base + "/#/health");
        waitFor(By.cssSelector("#matrix tr[data-tenant='" + tenant + "'] td[data-service='shop-api'][data-status='healthy']"));
        assertEquals("1", waitFor(By.id("count-healthy")).findElement(By.className("tile__value")).getText());

        // The target fails; a sweep through the API; the matrix shows it on its next refresh, without a reload.
        target.respondWith(CapturingHttpServer.Response.of(503, "{\"status\":\"DOWN\"}"));
        JsonNode sweep = api(admin, "POST", "/api/tenants/" + tenant + "/sweep", null);
        assertEquals(1, sweep.path("counts").path("unhealthy").asInt(), sweep.toString());
        waitFor(By.cssSelector("#matrix tr[data-tenant='" + tenant + "'] td[data-service='shop-api'][data-status='unhealthy']"));
        screenshot("health-matrix-unhealthy");

        browser.findElement(By.cssSelector("#matrix td[data-service='shop-api'] a")).click();
        waitFor(By.cssSelector("#service-checks tr[data-tenant='" + tenant + "'][data-status='unhealthy'] svg.sparkline polyline"));
        assertEquals("shop-api", browser.findElement(By.id("service-name")).getText());
        screenshot("health-service");

        browser.get(base + "/#/checks");
        waitFor(By.cssSelector("#checks tr[data-id='" + id + "'][data-status='unhealthy']"));
        browser.findElement(By.cssSelector("#checks tr[data-id='" + id + "'] a")).click();
        WebElement failed = waitFor(By.cssSelector("#results-table tr[data-status='unhealthy']"));
        assertTrue(failed.getText().contains("status == 200"), "the failed condition is listed: " + failed.getText());
        waitFor(By.cssSelector("#latency-chart canvas"));
        screenshot("check-unhealthy");

        ((JavascriptExecutor) browser).executeScript("console.error('console-probe: the log is read');");
        List<String> console = browser.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).toList();
        assertTrue(console.stream().anyMatch(line -> line.contains("console-probe")), "the console is read: " + console);
        assertTrue(console.stream().noneMatch(line -> line.contains("Content Security Policy") || line.contains("Uncaught")),
                "nothing refused by the Content-Security-Policy, no script error: " + console);
    }

    @Test
    @Order(3)
    void atPhoneWidthAndInDarkModeTheChecksAndHealthPagesFit() throws Exception {
        String tenant = api(KEY, "POST", "/api/tenants", "{\"name\":\"Phones\"}").path("id").asText();
        String admin = key(tenant, "admin");
        String id = api(admin, "POST", "/api/checks", "{\"type\":\"http\",\"name\":\"a-check-with-quite-a-long-name-for-a-phone\","
                + "\"settings\":{\"url\":\"https://status.example.com/health\"}}").path("id").asText();
        browser().manage().window().setSize(new Dimension(375, 812));
        try {
            signIn(admin);
            for (String page : List.of("checks", "checks/" + id, "health", "thresholds")) {
                browser.get(base + "/#/" + page);
                waitFor(By.cssSelector("main h1"));
                waitFor(By.cssSelector(page.equals("health") ? "#health-matrix table, #health-matrix .empty" : "main .card, main .table"));
                long overflow = (Long) ((JavascriptExecutor) browser).executeScript(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
                Object wide = ((JavascriptExecutor) browser).executeScript("return [...document.querySelectorAll('body *')]"
                        + ".filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth && !e.closest('.table-wrap'))"
                        + ".map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ');");
                assertTrue(overflow <= 0, "#/" + page + " is " + overflow + " px wider than the screen: " + wide);
            }
            browser.get(base + "/#/checks");
            waitFor(By.cssSelector("#checks tr[data-id='" + id + "']"));
            screenshot("checks-375px");
            browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                    List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
            assertEquals("rgb(20, 23, 28)", ((JavascriptExecutor) browser).executeScript(
                    "return getComputedStyle(document.body).backgroundColor;"));
            assertEquals("rgb(29, 47, 75)", ((JavascriptExecutor) browser).executeScript(
                    "return getComputedStyle(document.querySelector('#checks tr[data-id=\\'" + id + "\\'] .badge')).backgroundColor;"),
                    "the status badge takes its dark colours");
            screenshot("checks-dark");
        } finally {
            browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
            browser.manage().window().setSize(new Dimension(1280, 900));
        }
    }

    @Test
    @Order(2)
    void thresholdOverridesAreSavedAndABadOneShowsTheApisMessage() throws Exception {
        String tenant = api(KEY, "POST", "/api/tenants", "{\"name\":\"Tuners\"}").path("id").asText();
        signIn(key(tenant, "admin"));
        browser.get(base + "/#/thresholds");
        waitFor(By.id("thresholds-tls"));
        type(By.id("thresholds-tls"), "status == 200");
        browser.findElement(By.id("thresholds-submit")).click();
        WebElement problem = waitFor(By.cssSelector("#thresholds-problem .message--error"));
        assertTrue(problem.getText().contains("tls checks measure no 'status'"), problem.getText());

        type(By.id("thresholds-tls"), "certificateDays > 21");
        type(By.id("thresholds-http"), "latencyMs < 800");
        browser.findElement(By.id("thresholds-submit")).click();
        waitFor(By.cssSelector("#thresholds-problem [role='status']"));
        JsonNode saved = api(KEY, "GET", "/api/tenants/" + tenant + "/thresholds", null);
        assertEquals("latencyMs < 800", saved.path("http").path(0).asText(), saved.toString());
        assertEquals("certificateDays > 21", saved.path("tls").path(0).asText(), saved.toString());
        screenshot("thresholds");
    }

    @Test
    @Order(3)
    void aCheckIsEditedAndDeletedFromItsPage() throws Exception {
        String tenant = api(KEY, "POST", "/api/tenants", "{\"name\":\"Editors\"}").path("id").asText();
        String admin = key(tenant, "admin");
        String id = api(admin, "POST", "/api/checks", "{\"type\":\"tls\",\"name\":\"cert\",\"settings\":{\"host\":\"shop.example.com\"}}")
                .path("id").asText();
        signIn(admin);
        browser.get(base + "/#/checks/" + id);
        waitFor(By.id("edit-check")).click();
        assertEquals("shop.example.com", waitFor(By.id("check-setting-host")).getAttribute("value"));
        assertFalse(browser.findElement(By.id("check-type")).isEnabled(), "a check's type cannot change");
        type(By.id("check-setting-port"), "8443");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("check-tier"))).selectByValue("critical");
        type(By.id("check-failure"), "3");
        type(By.id("check-conditions"), "warn: certificateDays > 30");
        browser.findElement(By.id("check-submit")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.invisibilityOfElementLocated(By.id("check-form")));
        JsonNode saved = api(admin, "GET", "/api/checks/" + id, null);
        assertEquals(8443, saved.path("settings").path("port").asInt(), saved.toString());
        assertEquals("critical", saved.path("tier").asText());
        assertEquals(3, saved.path("failureThreshold").asInt());
        assertEquals("warn: certificateDays > 30", saved.path("conditions").path(0).asText());
        assertEquals(2, saved.path("version").asInt());
        assertTrue(waitFor(By.id("check-summary")).getText().contains("alerts after 3 failing"));

        browser.findElement(By.id("delete-check")).click();
        browser.switchTo().alert().accept();
        waitFor(By.cssSelector("#checks .empty"));
        HttpRequest gone = HttpRequest.newBuilder(URI.create(base + "/api/checks/" + id)).header("Authorization", "Bearer " + admin).build();
        assertEquals(404, http.send(gone, BodyHandlers.discarding()).statusCode());
    }

    @Test
    @Order(4)
    void aReadOnlyKeyGetsNoCheckEditButtons() throws Exception {
        String tenant = api(KEY, "POST", "/api/tenants", "{\"name\":\"Watchers\"}").path("id").asText();
        String admin = key(tenant, "admin");
        String id = api(admin, "POST", "/api/checks", "{\"type\":\"tcp\",\"name\":\"db\",\"settings\":{\"host\":\"db.example.com\",\"port\":5432}}")
                .path("id").asText();
        signIn(key(tenant, "read-only"));
        browser.get(base + "/#/checks");
        waitFor(By.cssSelector("#checks tr[data-id='" + id + "'][data-status='new']"));
        assertTrue(browser.findElements(By.id("new-check")).isEmpty(), "no add button");
        assertTrue(browser.findElements(By.id("sweep-now")).isEmpty(), "no run button");
        browser.findElement(By.cssSelector("#checks tr[data-id='" + id + "'] a")).click();
        waitFor(By.cssSelector("#check-summary .facts"));
        for (String button : List.of("edit-check", "run-now", "delete-check")) {
            assertTrue(browser.findElements(By.id(button)).isEmpty(), "no " + button + " button");
        }
    }

    /** Last: it adds 100 tenants, which every later matrix would show. */
    @Test
    @Order(5)
    void theMatrixOfAHundredTenantsByTwentyChecksRendersAndItsTimeIsPrinted() throws Exception {
        int tenants = 100;
        int checks = 20;
        seed(tenants, checks);
        signIn(KEY);
        browser.get(base + "/#/health");
        WebElement grid = new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> {
            WebElement found = d.findElement(By.id("health-matrix"));
            String cells = found.getAttribute("data-cells");
            return cells != null && Integer.parseInt(cells) >= tenants * checks ? found : null;
        });
        assertTrue(Integer.parseInt(grid.getAttribute("data-cells")) >= tenants * checks);
        assertTrue(browser.findElements(By.cssSelector("#matrix tbody tr")).size() >= tenants);
        Object render = ((JavascriptExecutor) browser).executeScript(
                "const m = performance.getEntriesByName('matrix-render'); return m.length ? m[m.length - 1].duration : null;");
        assertFalse(render == null, "the page measured its render");
        System.out.printf("[dashboard] health matrix of %d tenants x %d checks (%s cells): rendered in %.1f ms%n",
                tenants, checks, grid.getAttribute("data-cells"), ((Number) render).doubleValue());
        screenshot("health-matrix");
    }

    /** Tenants and their HTTP checks through the admin API, one recorded run each through the check store. */
    private void seed(int tenants, int checks) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int t = 0; t < tenants; t++) {
            ids.add(api(KEY, "POST", "/api/tenants", "{\"name\":\"Tenant " + t + "\"}").path("id").asText());
        }
        SamTemplate template = SamTemplate.load();
        CheckStore store = CheckTables.from(Env.of(template.environment(template.function("AdminApiFunction").orElseThrow(), Map.of())),
                runner.db().client()).checks();
        Instant now = Instant.now();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < ids.size(); t++) {
                String tenantId = ids.get(t);
                Random random = new Random(t);
                work.add(pool.submit(() -> {
                    for (int c = 0; c < checks; c++) {
                        String name = String.format("svc-%02d", c);
                        String body = "{\"type\":\"http\",\"name\":\"" + name + "\",\"settings\":{\"url\":\"https://" + name + ".example.com/\"}}";
                        String checkId = send(KEY, "POST", "/api/checks", body, Map.of("x-vigil-tenant", tenantId)).path("id").asText();
                        int roll = random.nextInt(100);
                        record(store, checkId, roll < 85 ? CheckStatus.HEALTHY : roll < 93 ? CheckStatus.DEGRADED
                                : roll < 98 ? CheckStatus.UNHEALTHY : CheckStatus.UNKNOWN, 20 + random.nextInt(400), now);
                    }
                    return null;
                }));
            }
            for (Future<?> done : work) {
                done.get();
            }
        }
    }

    private static void record(CheckStore store, String checkId, CheckStatus status, long latencyMs, Instant at) {
        StoredCheck before = store.find(checkId).orElseThrow();
        boolean healthy = status == CheckStatus.HEALTHY;
        CheckResult result = new CheckResult(checkId, before.check().tenantId(), at, status, latencyMs,
                Json.object().put("status", healthy ? 200 : 503).put("latencyMs", latencyMs),
                healthy ? List.of() : List.of(new CheckResult.FailedCondition("status in [200..299]", Level.CRITICAL, "was 503")),
                healthy ? "all conditions hold" : "status in [200..299] failed: was 503");
        CheckState next = before.state().next(status, before.check().failureThreshold(), before.check().recoveryThreshold()).state();
        assertTrue(store.recordRun(before, result, next), "the run of " + checkId + " was recorded");
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

    private String key(String tenant, String role) throws Exception {
        return api(KEY, "POST", "/api/tenants/" + tenant + "/keys", "{\"name\":\"" + role + " key\",\"role\":\"" + role + "\"}")
                .path("key").asText();
    }

    private JsonNode api(String key, String method, String path, String body) throws Exception {
        return send(key, method, path, body, Map.of());
    }

    private JsonNode send(String key, String method, String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        HttpResponse<String> response = http.send(request.build(), BodyHandlers.ofString());
        assertTrue(response.statusCode() < 300, method + " " + path + ": " + response.statusCode() + " " + response.body());
        return Json.parse(response.body());
    }
}
