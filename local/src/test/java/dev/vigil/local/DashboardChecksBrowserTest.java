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
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
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
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
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

    private CapturingHttpServer target;

    /** No scheduled sweep during the test: checks run when the test (or the page's button) asks. */
    @RegisterExtension
    final DashboardSession dashboard = new DashboardSession(new RunnerConfig(0,
            Map.of("SweepSchedule", "rate(86400 seconds)"), KEY, Optional.empty(), Map.of("OUTBOUND_ALLOW_PRIVATE", "true")));

    @BeforeAll
    void start() throws Exception {
        target = new CapturingHttpServer();
    }

    @AfterAll
    void stop() throws Exception {
        if (target != null) {
            target.close();
        }
    }

    @Test
    @Order(1)
    void addAnHttpCheckRunItSeeItHealthyThenUnhealthyInTheListAndTheMatrix() throws Exception {
        String tenant = dashboard.api(KEY, "POST", "/api/tenants", "{\"name\":\"Shop\"}").path("id").asText();
        String admin = dashboard.key(tenant, "admin");
        target.respondWith(CapturingHttpServer.Response.of(200, "{\"status\":\"UP\"}"));

        dashboard.signIn(admin);
        dashboard.open("checks");
        WebElement empty = dashboard.waitFor(By.cssSelector("#checks .empty"));
        assertTrue(empty.getText().contains("Add your first check"), empty.getText());
        dashboard.screenshot("checks-empty");

        dashboard.browser().findElement(By.id("new-check")).click();
        dashboard.type(By.id("check-name"), "shop-api");
        dashboard.type(By.id("check-setting-url"), target.url("/health").toString());
        dashboard.type(By.id("check-conditions"), "latncyMs < 500");
        dashboard.browser().findElement(By.id("check-submit")).click();
        WebElement problem = dashboard.waitFor(By.cssSelector("#check-problem .message--error"));
        assertTrue(problem.getText().contains("measure no 'latncyMs'"), "the API's 400 message in the form: " + problem.getText());
        dashboard.screenshot("check-form-invalid");

        dashboard.type(By.id("check-conditions"), "status == 200\nwarn: latencyMs < 2000");
        dashboard.browser().findElement(By.id("check-submit")).click();
        dashboard.waitFor(By.id("check-title"));
        String id = dashboard.browser().getCurrentUrl().substring(dashboard.browser().getCurrentUrl().lastIndexOf('/') + 1);
        assertTrue(id.startsWith("chk_"), dashboard.browser().getCurrentUrl());
        assertEquals(List.of("status == 200", "warn: latencyMs < 2000"),
                Json.MAPPER.convertValue(dashboard.api(admin, "GET", "/api/checks/" + id, null).path("conditions"), List.class));

        // Run it from the page: the sweep button, then its result in the history.
        dashboard.browser().findElement(By.id("run-now")).click();
        dashboard.waitFor(By.cssSelector("#results-table tr[data-status='healthy']"));
        assertEquals(1, target.requests().size(), "the check called the target once");
        dashboard.screenshot("check-healthy");

        dashboard.open("checks");
        dashboard.waitFor(By.cssSelector("#checks tr[data-id='" + id + "'][data-status='healthy']"));
        dashboard.screenshot("checks");
        dashboard.open("health");
        dashboard.waitFor(By.cssSelector("#matrix tr[data-tenant='" + tenant + "'] td[data-service='shop-api'][data-status='healthy']"));
        assertEquals("1", dashboard.waitFor(By.id("count-healthy")).findElement(By.className("tile__value")).getText());

        // The target fails; a sweep through the API; the matrix shows it on its next refresh, without a reload.
        target.respondWith(CapturingHttpServer.Response.of(503, "{\"status\":\"DOWN\"}"));
        JsonNode sweep = dashboard.api(admin, "POST", "/api/tenants/" + tenant + "/sweep", null);
        assertEquals(1, sweep.path("counts").path("unhealthy").asInt(), sweep.toString());
        dashboard.waitFor(By.cssSelector("#matrix tr[data-tenant='" + tenant + "'] td[data-service='shop-api'][data-status='unhealthy']"));
        dashboard.screenshot("health-matrix-unhealthy");

        dashboard.browser().findElement(By.cssSelector("#matrix td[data-service='shop-api'] a")).click();
        // The line is waited for as present, not visible: two equal latencies draw a flat line, which has no height.
        new WebDriverWait(dashboard.browser(), DashboardSession.WAIT).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#service-checks tr[data-tenant='" + tenant + "'][data-status='unhealthy'] svg.sparkline polyline")));
        assertEquals("shop-api", dashboard.browser().findElement(By.id("service-name")).getText());
        dashboard.screenshot("health-service");

        dashboard.open("checks");
        dashboard.waitFor(By.cssSelector("#checks tr[data-id='" + id + "'][data-status='unhealthy']"));
        dashboard.browser().findElement(By.cssSelector("#checks tr[data-id='" + id + "'] a")).click();
        WebElement failed = dashboard.waitFor(By.cssSelector("#results-table tr[data-status='unhealthy']"));
        assertTrue(failed.getText().contains("status == 200"), "the failed condition is listed: " + failed.getText());
        dashboard.waitFor(By.cssSelector("#latency-chart canvas"));
        dashboard.screenshot("check-unhealthy");

        dashboard.assertConsoleClean();
    }

    @Test
    @Order(3)
    void atPhoneWidthAndInDarkModeTheChecksAndHealthPagesFit() throws Exception {
        String tenant = dashboard.api(KEY, "POST", "/api/tenants", "{\"name\":\"Phones\"}").path("id").asText();
        String admin = dashboard.key(tenant, "admin");
        String id = dashboard.api(admin, "POST", "/api/checks", "{\"type\":\"http\",\"name\":\"a-check-with-quite-a-long-name-for-a-phone\","
                + "\"settings\":{\"url\":\"https://status.example.com/health\"}}").path("id").asText();
        dashboard.phoneWidth();
        try {
            dashboard.signIn(admin);
            for (String page : List.of("checks", "checks/" + id, "health", "thresholds")) {
                dashboard.open(page);
                dashboard.waitFor(By.cssSelector("main h1"));
                dashboard.waitFor(By.cssSelector(page.equals("health") ? "#health-matrix table, #health-matrix .empty" : "main .card, main .table"));
                dashboard.assertNoSidewaysScroll("#/" + page);
            }
            dashboard.open("checks");
            dashboard.waitFor(By.cssSelector("#checks tr[data-id='" + id + "']"));
            dashboard.screenshot("checks-375px");
            dashboard.browser().executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                    List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
            assertEquals("rgb(20, 23, 28)", dashboard.browser().executeScript(
                    "return getComputedStyle(document.body).backgroundColor;"));
            assertEquals("rgb(29, 47, 75)", dashboard.browser().executeScript(
                    "return getComputedStyle(document.querySelector('#checks tr[data-id=\\'" + id + "\\'] .badge')).backgroundColor;"),
                    "the status badge takes its dark colours");
            dashboard.screenshot("checks-dark");
        } finally {
            dashboard.browser().executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
            dashboard.normalWidth();
        }
    }

    @Test
    @Order(2)
    void thresholdOverridesAreSavedAndABadOneShowsTheApisMessage() throws Exception {
        String tenant = dashboard.api(KEY, "POST", "/api/tenants", "{\"name\":\"Tuners\"}").path("id").asText();
        dashboard.signIn(dashboard.key(tenant, "admin"));
        dashboard.open("thresholds");
        dashboard.waitFor(By.id("thresholds-tls"));
        dashboard.type(By.id("thresholds-tls"), "status == 200");
        dashboard.browser().findElement(By.id("thresholds-submit")).click();
        WebElement problem = dashboard.waitFor(By.cssSelector("#thresholds-problem .message--error"));
        assertTrue(problem.getText().contains("tls checks measure no 'status'"), problem.getText());

        dashboard.type(By.id("thresholds-tls"), "certificateDays > 21");
        dashboard.type(By.id("thresholds-http"), "latencyMs < 800");
        dashboard.browser().findElement(By.id("thresholds-submit")).click();
        dashboard.waitFor(By.cssSelector("#thresholds-problem [role='status']"));
        JsonNode saved = dashboard.api(KEY, "GET", "/api/tenants/" + tenant + "/thresholds", null);
        assertEquals("latencyMs < 800", saved.path("http").path(0).asText(), saved.toString());
        assertEquals("certificateDays > 21", saved.path("tls").path(0).asText(), saved.toString());
        dashboard.screenshot("thresholds");
    }

    @Test
    @Order(3)
    void aCheckIsEditedAndDeletedFromItsPage() throws Exception {
        String tenant = dashboard.api(KEY, "POST", "/api/tenants", "{\"name\":\"Editors\"}").path("id").asText();
        String admin = dashboard.key(tenant, "admin");
        String id = dashboard.api(admin, "POST", "/api/checks", "{\"type\":\"tls\",\"name\":\"cert\",\"settings\":{\"host\":\"shop.example.com\"}}")
                .path("id").asText();
        dashboard.signIn(admin);
        dashboard.open("checks/" + id);
        dashboard.waitFor(By.id("edit-check")).click();
        assertEquals("shop.example.com", dashboard.waitFor(By.id("check-setting-host")).getAttribute("value"));
        assertFalse(dashboard.browser().findElement(By.id("check-type")).isEnabled(), "a check's type cannot change");
        dashboard.type(By.id("check-setting-port"), "8443");
        new org.openqa.selenium.support.ui.Select(dashboard.browser().findElement(By.id("check-tier"))).selectByValue("critical");
        dashboard.type(By.id("check-failure"), "3");
        dashboard.type(By.id("check-conditions"), "warn: certificateDays > 30");
        dashboard.browser().findElement(By.id("check-submit")).click();
        dashboard.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("check-form")));
        JsonNode saved = dashboard.api(admin, "GET", "/api/checks/" + id, null);
        assertEquals(8443, saved.path("settings").path("port").asInt(), saved.toString());
        assertEquals("critical", saved.path("tier").asText());
        assertEquals(3, saved.path("failureThreshold").asInt());
        assertEquals("warn: certificateDays > 30", saved.path("conditions").path(0).asText());
        assertEquals(2, saved.path("version").asInt());
        assertTrue(dashboard.waitFor(By.id("check-summary")).getText().contains("alerts after 3 failing"));

        dashboard.browser().findElement(By.id("delete-check")).click();
        dashboard.browser().switchTo().alert().accept();
        dashboard.waitFor(By.cssSelector("#checks .empty"));
        HttpRequest gone = HttpRequest.newBuilder(URI.create(dashboard.base() + "/api/checks/" + id)).header("Authorization", "Bearer " + admin).build();
        assertEquals(404, dashboard.http().send(gone, BodyHandlers.discarding()).statusCode());
    }

    @Test
    @Order(4)
    void aReadOnlyKeyGetsNoCheckEditButtons() throws Exception {
        String tenant = dashboard.api(KEY, "POST", "/api/tenants", "{\"name\":\"Watchers\"}").path("id").asText();
        String admin = dashboard.key(tenant, "admin");
        String id = dashboard.api(admin, "POST", "/api/checks", "{\"type\":\"tcp\",\"name\":\"db\",\"settings\":{\"host\":\"db.example.com\",\"port\":5432}}")
                .path("id").asText();
        dashboard.signIn(dashboard.key(tenant, "read-only"));
        dashboard.open("checks");
        dashboard.waitFor(By.cssSelector("#checks tr[data-id='" + id + "'][data-status='new']"));
        assertTrue(dashboard.browser().findElements(By.id("new-check")).isEmpty(), "no add button");
        assertTrue(dashboard.browser().findElements(By.id("sweep-now")).isEmpty(), "no run button");
        dashboard.browser().findElement(By.cssSelector("#checks tr[data-id='" + id + "'] a")).click();
        dashboard.waitFor(By.cssSelector("#check-summary .facts"));
        for (String button : List.of("edit-check", "run-now", "delete-check")) {
            assertTrue(dashboard.browser().findElements(By.id(button)).isEmpty(), "no " + button + " button");
        }
    }

    /** Last: it adds 100 tenants, which every later matrix would show. */
    @Test
    @Order(5)
    void theMatrixOfAHundredTenantsByTwentyChecksRendersAndItsTimeIsPrinted() throws Exception {
        int tenants = 100;
        int checks = 20;
        seed(tenants, checks);
        dashboard.signIn(KEY);
        dashboard.open("health");
        WebElement grid = new WebDriverWait(dashboard.browser(), Duration.ofSeconds(60)).until(d -> {
            WebElement found = d.findElement(By.id("health-matrix"));
            String cells = found.getAttribute("data-cells");
            return cells != null && Integer.parseInt(cells) >= tenants * checks ? found : null;
        });
        assertTrue(Integer.parseInt(grid.getAttribute("data-cells")) >= tenants * checks);
        assertTrue(dashboard.browser().findElements(By.cssSelector("#matrix tbody tr")).size() >= tenants);
        Object render = dashboard.browser().executeScript(
                "const m = performance.getEntriesByName('matrix-render'); return m.length ? m[m.length - 1].duration : null;");
        assertFalse(render == null, "the page measured its render");
        System.out.printf("[dashboard] health matrix of %d tenants x %d checks (%s cells): rendered in %.1f ms%n",
                tenants, checks, grid.getAttribute("data-cells"), ((Number) render).doubleValue());
        dashboard.screenshot("health-matrix");
    }

    /** Tenants and their HTTP checks through the admin API, one recorded run each through the check store. */
    private void seed(int tenants, int checks) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int t = 0; t < tenants; t++) {
            ids.add(dashboard.api(KEY, "POST", "/api/tenants", "{\"name\":\"Tenant " + t + "\"}").path("id").asText());
        }
        SamTemplate template = SamTemplate.load();
        CheckStore store = CheckTables.from(Env.of(template.environment(template.function("AdminApiFunction").orElseThrow(), Map.of())),
                dashboard.runner().db().client()).checks();
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
                        String checkId = dashboard.api(KEY, "POST", "/api/checks", body, Map.of("x-vigil-tenant", tenantId)).path("id").asText();
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
}
