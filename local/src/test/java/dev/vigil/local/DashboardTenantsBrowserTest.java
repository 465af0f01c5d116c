package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

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

    /** Set by the first test: the tenant it created, its read-only key, and that key's id. */
    private String tenantId;
    private String readOnlyKey;

    @RegisterExtension
    final DashboardSession dashboard = new DashboardSession(
            new RunnerConfig(0, Map.of("RecoverySchedule", "rate(10 minutes)"), KEY, Optional.empty()));

    @Test
    @Order(1)
    void theOperatorCreatesATenantAndIssuesAReadOnlyKeyThatIsShownOnce() throws Exception {
        dashboard.signIn(KEY);
        dashboard.browser().findElement(By.cssSelector("[data-nav='tenants']")).click();
        dashboard.waitFor(By.id("tenants"));
        dashboard.screenshot("tenants");

        dashboard.browser().findElement(By.id("new-tenant")).click();
        dashboard.type(By.id("new-tenant-name"), "Acme <i>labs</i>");
        dashboard.type(By.id("new-timezone"), "Mars/Olympus");
        dashboard.browser().findElement(By.id("new-tenant-submit")).click();
        WebElement refused = dashboard.waitFor(By.cssSelector("#new-tenant-form .message--error"));
        assertTrue(refused.getText().toLowerCase().contains("timezone"), "the API's own message: " + refused.getText());

        dashboard.type(By.id("new-timezone"), "Europe/Paris");
        dashboard.type(By.id("new-sweep"), "15");
        dashboard.browser().findElement(By.id("new-tenant-submit")).click();
        assertEquals("Acme <i>labs</i>", dashboard.waitFor(By.cssSelector("#tenant-name")).getText().replace("active", "").trim(),
                "a name is shown as text, never as markup");
        tenantId = dashboard.browser().getCurrentUrl().substring(dashboard.browser().getCurrentUrl().lastIndexOf('/') + 1);
        assertTrue(tenantId.startsWith("tn_"), dashboard.browser().getCurrentUrl());
        JsonNode stored = dashboard.api(KEY, "GET", "/api/tenants/" + tenantId, null);
        assertEquals("Europe/Paris", stored.path("timezone").asText());
        assertEquals(15, stored.path("sweepIntervalMinutes").asInt());
        assertTrue(dashboard.waitFor(By.cssSelector("#keys .empty")).getText().contains("Issue a key"));

        dashboard.type(By.id("key-name"), "wall screen");
        new Select(dashboard.browser().findElement(By.id("key-role"))).selectByValue("read-only");
        dashboard.browser().findElement(By.id("issue-submit")).click();
        readOnlyKey = dashboard.waitFor(By.id("issued-key")).getText();
        assertTrue(readOnlyKey.startsWith("vk_"), readOnlyKey);
        assertTrue(dashboard.browser().findElement(By.id("issued-note")).getText().contains("won't see it again"));
        String prefix = readOnlyKey.substring(0, 8);
        WebElement row = dashboard.waitFor(By.cssSelector("#keys tr[data-state='active']"));
        assertTrue(row.getText().contains(prefix) && row.getText().contains("read-only"), row.getText());
        dashboard.screenshot("tenant-key-issued");

        // Reloaded, the page has the key's prefix and nothing more: the key itself is gone for good.
        dashboard.browser().navigate().refresh();
        dashboard.waitFor(By.cssSelector("#keys tr[data-state='active']"));
        assertTrue(dashboard.browser().findElements(By.id("issued-key")).isEmpty(), "the key is shown once only");
        assertFalse(dashboard.browser().getPageSource().contains(readOnlyKey), "the key is nowhere on the page after a reload");
        String storage = (String) dashboard.browser().executeScript("return JSON.stringify(sessionStorage);");
        assertFalse(storage.contains(readOnlyKey), "the issued key is not kept in the tab");
        dashboard.screenshot("tenant");
    }

    @Test
    @Order(2)
    void theReadOnlyKeySeesItsTenantReadOnlyAndNoOperatorPages() throws Exception {
        dashboard.api(KEY, "POST", "/api/applications", "{\"name\":\"acme-nightly\",\"intervalSeconds\":3600}", Map.of("X-Vigil-Tenant", tenantId));
        dashboard.api(KEY, "POST", "/api/applications", "{\"name\":\"default-nightly\",\"intervalSeconds\":3600}");

        dashboard.signIn(readOnlyKey);
        WebElement who = dashboard.waitFor(By.id("who"));
        assertEquals("tenant " + tenantId + " (read-only)", who.getText());
        dashboard.waitFor(By.xpath("//table//a[normalize-space()='acme-nightly']"));
        assertTrue(dashboard.browser().findElements(By.xpath("//a[normalize-space()='default-nightly']")).isEmpty(), "only its tenant");
        assertTrue(dashboard.browser().findElements(By.id("new-application")).isEmpty(), "no register button for a read-only key");
        assertTrue(dashboard.browser().findElements(By.cssSelector("[data-action]")).isEmpty(), "no edit buttons");
        assertFalse(dashboard.browser().findElement(By.cssSelector("[data-nav='tenants']")).isDisplayed(), "no Tenants link");
        assertFalse(dashboard.browser().findElement(By.id("tenant-pick")).isDisplayed(), "no tenant picker");

        dashboard.open("tenants");
        assertTrue(dashboard.waitFor(By.cssSelector("main .empty")).getText().contains("Only the operator manages tenants"));
        assertTrue(dashboard.browser().findElements(By.id("new-tenant")).isEmpty());
        dashboard.screenshot("tenants-not-operator");
    }

    @Test
    @Order(3)
    void aRevokedKeyIsRefusedAtSignInWithTheApisMessage() throws Exception {
        dashboard.signIn(KEY);
        dashboard.open("tenants/" + tenantId);
        dashboard.waitFor(By.cssSelector("#keys tr[data-state='active'] [data-action='revoke']")).click();
        dashboard.browser().switchTo().alert().accept();
        WebElement revoked = dashboard.waitFor(By.cssSelector("#keys tr[data-state='revoked']"));
        assertTrue(revoked.getText().contains("revoked"), revoked.getText());
        assertTrue(dashboard.browser().findElements(By.cssSelector("#keys [data-action='revoke']")).isEmpty(), "nothing left to revoke");
        assertEquals(401, dashboard.send(readOnlyKey, "GET", "/api/applications", null).statusCode());

        dashboard.browser().findElement(By.id("sign-out")).click();
        dashboard.waitFor(By.id("api-key")).sendKeys(readOnlyKey);
        dashboard.browser().findElement(By.id("sign-in")).click();
        WebElement message = dashboard.waitFor(By.cssSelector("#signin-form .message--error"));
        assertTrue(message.getText().contains("missing or invalid key"), "the API's message: " + message.getText());
        assertTrue(dashboard.browser().getCurrentUrl().endsWith("#/signin"), dashboard.browser().getCurrentUrl());
        dashboard.screenshot("signin-revoked-key");
    }

    @Test
    @Order(4)
    void theOperatorSwitchesTenantWithThePicker() {
        dashboard.signIn(KEY);
        dashboard.waitFor(By.xpath("//table//a[normalize-space()='default-nightly']"));
        Select picker = new Select(dashboard.waitFor(By.id("tenant-picker")));
        assertEquals("default", picker.getFirstSelectedOption().getAttribute("value"));

        picker.selectByValue(tenantId);
        dashboard.waitFor(By.xpath("//table//a[normalize-space()='acme-nightly']"));
        assertTrue(dashboard.browser().findElements(By.xpath("//a[normalize-space()='default-nightly']")).isEmpty(), "the other tenant's list");
        dashboard.screenshot("tenant-picker");

        // The choice holds across a reload (this tab's session storage) and the live refresh.
        dashboard.browser().navigate().refresh();
        dashboard.waitFor(By.xpath("//table//a[normalize-space()='acme-nightly']"));
        assertEquals(tenantId, new Select(dashboard.waitFor(By.id("tenant-picker"))).getFirstSelectedOption().getAttribute("value"));

        new Select(dashboard.browser().findElement(By.id("tenant-picker"))).selectByValue("default");
        dashboard.waitFor(By.xpath("//table//a[normalize-space()='default-nightly']"));
    }

    @Test
    @Order(5)
    void theApiReferenceIsSwaggerUiUnderTheStrictContentSecurityPolicy() {
        dashboard.signIn(KEY);
        dashboard.browser().manage().logs().get(LogType.BROWSER);
        dashboard.browser().findElement(By.cssSelector("[data-nav='api']")).click();
        WebElement path = dashboard.waitFor(By.cssSelector("#api-reference .opblock-get .opblock-summary-path[data-path='/api/applications']"));
        WebElement operation = path.findElement(By.xpath("ancestor::div[contains(@class,'opblock-get')]"));
        assertTrue(operation.getText().contains("List applications"), operation.getText());
        assertFalse(dashboard.browser().findElements(By.cssSelector("#api-reference .opblock-post .opblock-summary-path[data-path='/api/tenants/{id}/keys']"))
                .isEmpty(), "every route of the document");
        dashboard.screenshot("api-reference");
        path.click();
        dashboard.waitFor(By.cssSelector("#api-reference .opblock-get.is-open tr.response[data-code='200']"));

        dashboard.assertConsoleClean();

        // Its dark theme follows the system setting while it is shown, and goes when the page does.
        dashboard.browser().executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        try {
            dashboard.waiting().until(ExpectedConditions.attributeContains(By.tagName("html"), "class", "dark-mode"));
            assertEquals("rgb(28, 32, 34)", dashboard.browser().executeScript(
                    "return getComputedStyle(document.querySelector('#api-reference .swagger-ui')).backgroundColor;"));
            dashboard.screenshot("api-reference-dark");
            dashboard.browser().findElement(By.cssSelector("[data-nav='applications']")).click();
            dashboard.waitFor(By.id("applications"));
            assertFalse(dashboard.browser().findElement(By.tagName("html")).getAttribute("class").contains("dark-mode"));
        } finally {
            dashboard.browser().executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        }
    }

    @Test
    @Order(6)
    void atPhoneWidthTheTenantPagesAndThePickerDoNotScrollSideways() throws Exception {
        dashboard.phoneWidth();
        try {
            dashboard.signIn(KEY);
            dashboard.waitFor(By.id("tenant-picker"));
            dashboard.assertNoSidewaysScroll("applications");

            dashboard.open("tenants/" + tenantId);
            dashboard.type(By.id("key-name"), "deploys from the pipeline of the platform team");
            dashboard.browser().findElement(By.id("issue-submit")).click();
            dashboard.waitFor(By.id("issued-key"));
            dashboard.assertNoSidewaysScroll("tenant");
            dashboard.screenshot("tenant-key-issued-375px");

            dashboard.open("tenants");
            dashboard.waitFor(By.cssSelector("#tenants tbody tr"));
            dashboard.assertNoSidewaysScroll("tenants");
            dashboard.screenshot("tenants-375px");

            dashboard.open("api");
            dashboard.waitFor(By.cssSelector("#api-reference .opblock-summary-path"));
            dashboard.assertNoSidewaysScroll("api");
        } finally {
            dashboard.normalWidth();
        }
    }
}
