package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard's Status pages, Incidents and Maintenance pages in a real browser (headless Chromium), through
 * the local runner: a status page is published with one component under its public name; an incident is opened,
 * updated, refused a stale update with the API's reason shown, and resolved, only forward statuses being offered;
 * a maintenance window entered in local time is stored in UTC; a real outage's alert opens an incident in one
 * click, and its page then links to that incident. The public page {@code /status/{slug}} shows the incidents
 * and the maintenance notice. Screenshots go under {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardStatusPagesBrowserTest {
    private static final String KEY = "dashboard-status-pages-admin-key-0001";

    @RegisterExtension
    final DashboardSession dashboard = new DashboardSession(new RunnerConfig(0, Map.of("CheckIntervalSeconds", "1"), KEY, Optional.empty()));

    @Test
    void aStatusPageIncidentsAndMaintenanceAreManagedInTheDashboardAndShowOnThePublicPage() throws Exception {
        String app = upThenSilent("checkout");

        dashboard.signIn(KEY);
        dashboard.open("status-pages");
        assertTrue(dashboard.waitFor(By.cssSelector("#status-pages .empty")).getText().contains("No status pages yet"));
        dashboard.click(By.id("new-status-page"));
        dashboard.waitFor(By.id("status-page-form"));
        dashboard.type(By.id("status-slug"), "acme-shop");
        dashboard.type(By.id("status-title"), "Acme shop status");
        dashboard.browser().findElement(By.id("group-0-application-" + app)).click();
        dashboard.type(By.id("group-0-application-" + app + "-name"), "Checkout");
        dashboard.screenshot("status-page-create");
        dashboard.phoneWidth();
        dashboard.assertNoSidewaysScroll("status page form");
        dashboard.normalWidth();
        dashboard.browser().findElement(By.id("status-page-submit")).click();
        WebElement link = dashboard.waitFor(By.id("public-link"));
        assertEquals("/status/acme-shop", link.getText());
        assertTrue(link.getAttribute("href").endsWith("/status/acme-shop"), link.getAttribute("href"));
        JsonNode page = dashboard.api(KEY, "GET", "/api/status-pages", null).path("statusPages").get(0);
        assertEquals("Acme shop status", page.path("title").asText());
        assertEquals(List.of("Checkout"), page.path("groups").get(0).path("components").findValuesAsText("displayName"));

        dashboard.open("incidents");
        dashboard.click(By.id("new-incident"));
        dashboard.waitFor(By.id("incident-form"));
        dashboard.type(By.id("incident-title"), "Slow checkout");
        dashboard.type(By.id("incident-message"), "We are looking into slow payments.");
        dashboard.browser().findElement(By.id("incident-application-" + app)).click();
        dashboard.browser().findElement(By.id("incident-submit")).click();
        dashboard.waitFor(By.cssSelector("h1 [data-status='investigating']"));
        String incident = idInUrl("inc_");
        assertEquals(List.of("identified", "investigating", "monitoring", "resolved"), options().stream().sorted().toList());
        post("identified", "A payment provider is slow.");
        dashboard.waitFor(By.cssSelector("h1 [data-status='identified']"));
        assertEquals(List.of("identified", "monitoring", "resolved"), options(), "only forward statuses are offered");

        // An update posted meanwhile (here through the API) makes the form's one stale: the page says so.
        dashboard.browser().executeScript("window.heldForm = document.getElementById('update-form');");
        dashboard.api(KEY, "POST", "/api/incidents/" + incident + "/updates", "{\"status\":\"monitoring\",\"message\":\"A fix is out.\"}");
        dashboard.browser().executeScript("window.heldForm.querySelector('textarea').value = 'Still slow';"
                + "window.heldForm.querySelector('select').value = 'identified'; window.heldForm.requestSubmit();");
        String refused = dashboard.waitFor(By.cssSelector(".message--error[role='alert']")).getText();
        assertTrue(refused.contains("updated this incident meanwhile") || refused.contains("cannot become identified"), refused);
        dashboard.waitFor(By.cssSelector("h1 [data-status='monitoring']"));
        assertEquals(3, dashboard.api(KEY, "GET", "/api/incidents/" + incident, null).path("updates").size(), "nothing was written");

        post("resolved", "Payments are fast again.");
        dashboard.waitFor(By.id("incident-closed"));
        assertTrue(dashboard.browser().findElements(By.id("update-form")).isEmpty(), "a resolved incident takes no more updates");
        assertEquals(4, dashboard.browser().findElements(By.cssSelector("#incident-updates li")).size());
        JsonNode resolved = dashboard.api(KEY, "GET", "/api/incidents/" + incident, null);
        assertEquals("resolved", resolved.path("status").asText());
        assertTrue(resolved.path("resolvedAt").isTextual());
        dashboard.screenshot("incident-resolved");

        // Edit: an edit made meanwhile (here through the API) makes the form's version stale: the page says so and reloads.
        dashboard.click(By.id("edit-incident"));
        dashboard.waitFor(By.id("edit-title"));
        dashboard.api(KEY, "PUT", "/api/incidents/" + incident, "{\"title\":\"Slow checkout elsewhere\","
                + "\"affected\":[{\"kind\":\"application\",\"id\":\"" + app + "\"}]}");
        dashboard.browser().findElement(By.id("edit-submit")).click();
        String stale = dashboard.waitFor(By.cssSelector(".message--error[role='alert']")).getText();
        assertTrue(stale.contains("changed this incident meanwhile"), stale);
        dashboard.waiting().until(ExpectedConditions.textToBe(By.id("incident-title-heading"), "Slow checkout elsewhere"));

        // Then a new public title, and no component affected any more (sent with the version shown).
        dashboard.click(By.id("edit-incident"));
        WebElement editTitle = dashboard.waitFor(By.id("edit-title"));
        editTitle.clear();
        editTitle.sendKeys("Slow checkout payments");
        WebElement box = dashboard.browser().findElement(By.id("edit-application-" + app));
        assertTrue(box.isSelected(), "the picker starts from the incident's components");
        box.click();
        dashboard.browser().findElement(By.id("edit-submit")).click();
        dashboard.waiting().until(ExpectedConditions.textToBe(By.id("incident-title-heading"), "Slow checkout payments"));
        assertEquals("no component", dashboard.waitFor(By.id("incident-affected")).getText());
        JsonNode edited = dashboard.api(KEY, "GET", "/api/incidents/" + incident, null);
        assertEquals("Slow checkout payments", edited.path("title").asText());
        assertEquals(0, edited.path("affected").size());

        // Older incidents pages back with ?before=: none is older than 90 days here, so the archive says so.
        dashboard.open("incidents");
        dashboard.waitFor(By.cssSelector("#incidents-table tr[data-id='" + incident + "']"));
        dashboard.browser().executeScript("window.askedFor = []; const original = window.fetch;"
                + "window.fetch = (url, options) => { window.askedFor.push(String(url)); return original(url, options); };");
        dashboard.click(By.id("older-incidents"));
        dashboard.waitFor(By.id("incidents-archive-end"));
        List<?> asked = (List<?>) dashboard.browser().executeScript("return window.askedFor;");
        assertTrue(asked.stream().map(String::valueOf).anyMatch(url -> url.contains("/api/incidents?") && url.contains("before=")), asked.toString());
        assertTrue(dashboard.browser().findElements(By.id("incidents-older")).isEmpty(), "nothing is listed twice");

        dashboard.open("maintenances");
        dashboard.click(By.id("new-maintenance"));
        dashboard.waitFor(By.id("maintenance-form"));
        dashboard.type(By.id("maintenance-title"), "Database upgrade");
        // The window is typed in the browser's local time (here India, UTC+05:30) and stored in UTC.
        dashboard.browser().executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", "Asia/Kolkata"));
        dashboard.browser().executeScript("document.getElementById('maintenance-start').value = '2030-01-15T09:30';"
                + "document.getElementById('maintenance-end').value = '2030-01-15T11:30';");
        dashboard.browser().findElement(By.id("maintenance-application-" + app)).click();
        dashboard.browser().findElement(By.id("maintenance-submit")).click();
        dashboard.waitFor(By.cssSelector("#maintenances-table tbody tr"));
        JsonNode notice = dashboard.api(KEY, "GET", "/api/maintenances", null).path("maintenances").get(0);
        assertEquals("Database upgrade", notice.path("title").asText());
        assertEquals(Instant.parse("2030-01-15T04:00:00Z"), Instant.parse(notice.path("start").asText()));
        assertEquals(Instant.parse("2030-01-15T06:00:00Z"), Instant.parse(notice.path("end").asText()));
        assertEquals(app, notice.path("affected").get(0).path("id").asText());
        dashboard.screenshot("maintenances");
        dashboard.click(By.cssSelector("#maintenances-table [data-action='edit']"));
        assertEquals("2030-01-15T09:30", dashboard.waitFor(By.id("edit-maintenance-start")).getDomProperty("value"), "shown again in local time");

        dashboard.until(() -> dashboard.api(KEY, "GET", "/api/alerts?status=open&subject=" + app, null).path("alerts").size() == 1);
        String alert = dashboard.api(KEY, "GET", "/api/alerts?status=open&subject=" + app, null).path("alerts").get(0).path("id").asText();
        dashboard.open("alerts/" + alert);
        dashboard.click(By.id("open-incident"));
        dashboard.waitFor(By.cssSelector("h1 [data-status='investigating']"));
        String fromAlert = idInUrl("inc_");
        assertEquals("Checkout is having problems", dashboard.browser().findElement(By.id("incident-title-heading")).getText());
        assertTrue(dashboard.browser().findElement(By.id("incident-affected")).getText().contains("checkout"));
        dashboard.open("alerts/" + alert);
        WebElement linked = dashboard.waitFor(By.id("alert-incident-link"));
        assertEquals("#/incidents/" + fromAlert, linked.getAttribute("href").substring(linked.getAttribute("href").indexOf('#')));
        assertTrue(dashboard.browser().findElements(By.id("open-incident")).isEmpty(), "an alert opens one incident");
        dashboard.screenshot("alert-with-incident");
        dashboard.assertConsoleClean();

        HttpResponse<String> shown = dashboard.send(null, "GET", "/status/acme-shop", null);
        assertEquals(200, shown.statusCode());
        for (String expected : List.of("Acme shop status", "Checkout", "Slow checkout payments", "Payments are fast again.",
                "Checkout is having problems", "Database upgrade")) {
            assertTrue(shown.body().contains(expected), "the public page shows " + expected);
        }
    }

    @Test
    void aReadOnlyKeyGetsNoWriteControlsOnStatusPagesIncidentsAndMaintenance() throws Exception {
        String tenant = dashboard.api(KEY, "POST", "/api/tenants", "{\"name\":\"Readers\"}").path("id").asText();
        String admin = dashboard.key(tenant, "admin");
        String incident = dashboard.api(admin, "POST", "/api/incidents", "{\"title\":\"Slow search\",\"message\":\"Looking.\"}")
                .path("id").asText();
        dashboard.signIn(dashboard.key(tenant, "read-only"));

        for (String page : List.of("status-pages", "incidents", "maintenances")) {
            dashboard.open(page);
            dashboard.waitFor(By.id(page));
            assertTrue(dashboard.browser().findElements(By.cssSelector("#main .page-head button, #main .page-head a.button")).isEmpty(),
                    "no create button on " + page);
        }
        dashboard.open("incidents/" + incident);
        dashboard.waitFor(By.cssSelector("#incident-updates li"));
        assertTrue(dashboard.browser().findElements(By.id("update-form")).isEmpty(), "no update form");
        assertTrue(dashboard.browser().findElements(By.id("delete-incident")).isEmpty(), "no delete button");
        assertTrue(dashboard.browser().findElements(By.id("edit-incident")).isEmpty(), "no edit button");
    }

    /** Registers a short-interval application, beats it until it is up, then lets it go silent (its alert follows). */
    private String upThenSilent(String name) throws Exception {
        JsonNode app = dashboard.api(KEY, "POST", "/api/applications", "{\"name\":\"" + name + "\",\"intervalSeconds\":2,\"graceSeconds\":1}");
        String id = app.path("id").asText();
        String ping = app.path("pingUrl").asText();
        dashboard.until(() -> {
            dashboard.post(ping);
            return "up".equals(dashboard.api(KEY, "GET", "/api/applications/" + id, null).path("status").asText());
        });
        return id;
    }

    private void post(String status, String message) {
        WebElement form = dashboard.waitFor(By.id("update-form"));
        new Select(form.findElement(By.id("update-status"))).selectByValue(status);
        form.findElement(By.id("update-message")).sendKeys(message);
        form.findElement(By.id("update-submit")).click();
    }

    private List<String> options() {
        return new Select(dashboard.waitFor(By.id("update-status"))).getOptions().stream().map(o -> o.getAttribute("value")).toList();
    }

    private String idInUrl(String prefix) {
        dashboard.waiting().until(ExpectedConditions.urlContains("/" + prefix));
        String url = dashboard.browser().getCurrentUrl();
        return url.substring(url.lastIndexOf('/') + 1);
    }
}
