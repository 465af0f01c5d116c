package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.runtime.Json;
import dev.vigil.testkit.CapturingHttpServer;
import java.net.http.HttpResponse;
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
 * The dashboard's Alerts and Channels pages in a real browser (headless Chromium), through the local runner:
 * an alert opened by a real outage is acknowledged and resolved in the page, and the API agrees; a channel
 * created with a secret never shows that secret again, only its hint; a channel that applications route to is
 * detached and deleted; a test alert sent from a channel's page reaches its receiver and shows in the channel's
 * recent deliveries; a read-only key gets no edit buttons on either page. Screenshots go under
 * {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardAlertsBrowserTest {
    private static final String KEY = "dashboard-alerts-admin-key-0001";
    private static final String SLACK_SECRET = "T0AAAA1/B0BBBB2/s3cretWebhookTokenZx9Q";
    private static final String SLACK_URL = "https://hooks.slack.com/services/" + SLACK_SECRET;

    private static final String SIGNING_SECRET = "a-signing-secret-of-some-length";

    /** Channels may call a receiver on this machine over plain http, as the test alert's webhook does. */
    @RegisterExtension
    final DashboardSession dashboard = new DashboardSession(new RunnerConfig(0,
            Map.of("CheckIntervalSeconds", "1", "RecoverySchedule", "rate(10 minutes)"), KEY, Optional.empty(),
            Map.of("OUTBOUND_ALLOW_PRIVATE", "true")));

    @Test
    void anOutagesAlertIsAcknowledgedThenResolvedInThePageAndTheApiAgrees() throws Exception {
        String app = outage(KEY, "payroll-export");

        dashboard.signIn(KEY);
        dashboard.open("alerts");
        // An application down is p1 by default; the row names it, as text.
        dashboard.waitFor(By.xpath("//table[@id='alerts-table']//tr[@data-status='open'][.//*[@data-severity='p1' and text()='P1']]"
                + "[.//a[@href='#/applications/" + app + "' and text()='payroll-export']]"));
        dashboard.waitFor(By.cssSelector("#alert-count:not([hidden])"));
        dashboard.screenshot("alerts-open");

        new Select(dashboard.browser().findElement(By.id("alert-status"))).selectByValue("resolved");
        assertTrue(dashboard.waitFor(By.cssSelector("#alerts .empty")).getText().contains("No alert matches"));
        new Select(dashboard.browser().findElement(By.id("alert-status"))).selectByValue("open");
        new Select(dashboard.browser().findElement(By.id("alert-severity"))).selectByValue("p1");
        dashboard.click(By.xpath("//table[@id='alerts-table']//tr[@data-status='open'][@data-severity='p1'][.//a[@href='#/applications/" + app + "']]//a[contains(@class, 'alert-link')]"));

        dashboard.waitFor(By.cssSelector("#alert-summary .facts"));
        String alertId = dashboard.browser().getCurrentUrl().substring(dashboard.browser().getCurrentUrl().lastIndexOf('/') + 1);
        assertTrue(alertId.startsWith("al_"), dashboard.browser().getCurrentUrl());
        dashboard.browser().findElement(By.id("acknowledge")).click();
        dashboard.waitFor(By.cssSelector("h1 [data-status='acknowledged']"));
        assertTrue(dashboard.browser().findElement(By.id("timeline")).getText().contains("Acknowledged"));
        assertTrue(dashboard.browser().findElement(By.id("timeline")).getText().contains("by operator"));
        assertTrue(dashboard.browser().findElements(By.id("acknowledge")).isEmpty(), "an acknowledged alert cannot be acknowledged again");
        JsonNode acknowledged = dashboard.api(KEY, "GET", "/api/alerts/" + alertId, null);
        assertEquals("acknowledged", acknowledged.path("status").asText());
        assertEquals("operator", acknowledged.path("acknowledgedBy").asText());
        dashboard.screenshot("alert-acknowledged");

        dashboard.browser().findElement(By.id("resolve")).click();
        dashboard.waitFor(By.cssSelector("h1 [data-status='resolved']"));
        assertTrue(dashboard.browser().findElement(By.id("timeline")).getText().contains("Resolved"));
        assertTrue(dashboard.browser().findElements(By.id("resolve")).isEmpty(), "a resolved alert has no buttons left");
        JsonNode resolved = dashboard.api(KEY, "GET", "/api/alerts/" + alertId, null);
        assertEquals("resolved", resolved.path("status").asText());
        assertEquals("operator", resolved.path("resolvedBy").asText());
        dashboard.screenshot("alert-resolved");

        // A change the API refuses (409) shows the API's own message.
        String other = outage(KEY, "ledger-sync");
        dashboard.open("alerts");
        By otherRow = By.xpath("//table[@id='alerts-table']//tr[@data-status='open'][.//a[@href='#/applications/" + other + "']]");
        dashboard.waitFor(otherRow);
        dashboard.click(By.xpath("//table[@id='alerts-table']//tr[.//a[@href='#/applications/" + other + "']]//a[contains(@class, 'alert-link')]"));
        dashboard.waitFor(By.id("resolve"));
        // Held from the page as it was shown, so the live refresh cannot take the button away before the click.
        dashboard.browser().executeScript("window.shownResolve = document.getElementById('resolve');");
        String otherId = dashboard.browser().getCurrentUrl().substring(dashboard.browser().getCurrentUrl().lastIndexOf('/') + 1);
        dashboard.api(KEY, "POST", "/api/alerts/" + otherId + "/resolve", null);
        dashboard.browser().executeScript("window.shownResolve.click();");
        String error = dashboard.waitFor(By.cssSelector(".message--error")).getText();
        assertTrue(error.contains("resolved"), error);

        dashboard.assertConsoleClean();
    }

    @Test
    void aChannelsSecretIsNeverShownAgainOnlyItsHint() throws Exception {
        String tenant = dashboard.api(KEY, "POST", "/api/tenants", "{\"name\":\"Channel makers\"}").path("id").asText();
        String admin = dashboard.key(tenant, "admin");
        dashboard.signIn(admin);
        dashboard.open("channels");
        assertTrue(dashboard.waitFor(By.cssSelector("#channels .empty")).getText().contains("Add your first channel"));
        dashboard.browser().findElement(By.id("new-channel")).click();
        new Select(dashboard.browser().findElement(By.id("channel-type"))).selectByValue("slack");
        dashboard.type(By.id("channel-name"), "ops <i>room</i>");
        dashboard.type(By.id("setting-webhookUrl"), SLACK_URL);
        dashboard.screenshot("channel-create");
        dashboard.browser().findElement(By.id("channel-submit")).click();

        WebElement hint = dashboard.waitFor(By.cssSelector("dd[data-setting='webhookUrl']"));
        assertEquals("****Zx9Q", hint.getText());
        assertEquals("ops <i>room</i>", dashboard.browser().findElement(By.id("channel-name-heading")).getText(), "a name is text, never markup");
        String channelId = dashboard.browser().getCurrentUrl().substring(dashboard.browser().getCurrentUrl().lastIndexOf('/') + 1);
        assertTrue(channelId.startsWith("ch_"), dashboard.browser().getCurrentUrl());
        assertNoSecret();
        dashboard.screenshot("channel");

        // Edit: the secret field starts empty, shows the hint, and left empty keeps the stored secret.
        dashboard.browser().findElement(By.id("edit-channel")).click();
        WebElement secret = dashboard.waitFor(By.id("setting-webhookUrl"));
        assertEquals("", secret.getDomProperty("value"));
        assertTrue(dashboard.browser().findElement(By.id("setting-webhookUrl-hint")).getText().contains("****Zx9Q"));
        assertNoSecret();
        dashboard.type(By.id("channel-name"), "ops room");
        dashboard.browser().findElement(By.id("channel-submit")).click();
        dashboard.waiting().until(ExpectedConditions.textToBe(By.id("channel-name-heading"), "ops room"));
        JsonNode saved = dashboard.api(admin, "GET", "/api/channels/" + channelId, null);
        assertEquals("ops room", saved.path("name").asText());
        assertEquals("****Zx9Q", saved.path("settings").path("webhookUrl").asText(), "the secret was kept");

        dashboard.open("channels");
        dashboard.waitFor(By.cssSelector("tr[data-id='" + channelId + "']"));
        assertNoSecret();
        dashboard.click(By.cssSelector("tr[data-id='" + channelId + "'] [data-action='disable']"));
        dashboard.waitFor(By.cssSelector("tr[data-id='" + channelId + "'][data-enabled='false']"));
        assertFalse(dashboard.api(admin, "GET", "/api/channels/" + channelId, null).path("enabled").asBoolean());
        dashboard.screenshot("channels");

        // Deleting a channel that an application routes to offers to take it out of the application first.
        String app = dashboard.api(admin, "POST", "/api/applications",
                "{\"name\":\"routed\",\"intervalSeconds\":3600,\"channels\":[\"" + channelId + "\"]}").path("id").asText();
        dashboard.click(By.cssSelector("tr[data-id='" + channelId + "'] a"));
        dashboard.waitFor(By.id("delete-channel")).click();
        dashboard.browser().switchTo().alert().accept();
        WebElement inUse = dashboard.waitFor(By.id("channel-in-use"));
        assertTrue(inUse.getText().contains("routed"), inUse.getText());
        dashboard.screenshot("channel-in-use");
        dashboard.browser().findElement(By.id("detach-delete")).click();
        dashboard.waitFor(By.id("channels"));
        assertEquals(404, dashboard.send(admin, "GET", "/api/channels/" + channelId, null).statusCode());
        assertEquals(0, dashboard.api(admin, "GET", "/api/applications/" + app, null).path("channels").size());
    }

    @Test
    void aTestAlertSentFromTheChannelPageReachesItsReceiverAndShowsInItsRecentDeliveries() throws Exception {
        try (CapturingHttpServer receiver = new CapturingHttpServer()) {
            String tenant = dashboard.api(KEY, "POST", "/api/tenants", "{\"name\":\"Testers\"}").path("id").asText();
            String admin = dashboard.key(tenant, "admin");
            String channel = dashboard.api(admin, "POST", "/api/channels", Json.write(Json.object().put("type", "webhook")
                    .put("name", "ops hook").set("settings", Json.object().put("url", receiver.url("/hooks/vigil").toString())
                            .put("signingSecret", SIGNING_SECRET)))).path("id").asText();

            dashboard.signIn(admin);
            dashboard.open("channels/" + channel);
            assertTrue(dashboard.waitFor(By.cssSelector("#channel-deliveries .empty")).getText().contains("send a test alert"));
            dashboard.click(By.id("send-test"));

            WebElement outcome = dashboard.waitFor(By.id("test-outcome"));
            assertTrue(outcome.getText().startsWith("Test sent — check ops hook"), outcome.getText());
            WebElement row = dashboard.waitFor(By.cssSelector("#channel-deliveries-table tr[data-status='sent'][data-event^='test-']"));
            assertTrue(row.getText().contains("Test alert") && row.getText().contains("ops hook"), row.getText());
            dashboard.screenshot("channel-test-sent");

            assertEquals(1, receiver.requests().size(), "the receiver got the test once");
            CapturingHttpServer.Request delivered = receiver.requests().get(0);
            assertEquals("test", delivered.header("x-vigil-event-type"));
            JsonNode body = Json.parse(delivered.body());
            assertEquals("ChannelTest", body.path("type").asText());
            assertEquals("Test alert from Vigil: channel ops hook works", body.path("note").asText());
            assertEquals(row.getAttribute("data-event"), body.path("eventId").asText(), "the row is the delivery the receiver got");

            // A disabled channel sends no test: the API's message shows in the page.
            dashboard.api(admin, "PUT", "/api/channels/" + channel, "{\"enabled\":false}");
            dashboard.browser().navigate().refresh();
            dashboard.waitFor(By.id("enable"));
            dashboard.click(By.id("send-test"));
            WebElement refused = dashboard.waitFor(By.cssSelector(".message--error[role='alert']"));
            assertTrue(refused.getText().contains("is disabled") && refused.getText().contains("enable it first"), refused.getText());
            assertEquals(1, receiver.requests().size(), "nothing more was sent");
        }
    }

    @Test
    void aReadOnlyKeyGetsNoEditButtonsOnAlertsAndChannels() throws Exception {
        String tenant = dashboard.api(KEY, "POST", "/api/tenants", "{\"name\":\"Watchers\"}").path("id").asText();
        String admin = dashboard.key(tenant, "admin");
        String reader = dashboard.key(tenant, "read-only");
        String channel = dashboard.api(admin, "POST", "/api/channels",
                "{\"type\":\"slack\",\"name\":\"watch\",\"settings\":{\"webhookUrl\":\"" + SLACK_URL + "\"}}").path("id").asText();
        String app = outage(admin, "watched-job");

        dashboard.signIn(reader);
        dashboard.open("alerts");
        dashboard.waitFor(By.xpath("//table[@id='alerts-table']//tr[.//a[@href='#/applications/" + app + "']]"));
        assertTrue(dashboard.browser().findElements(By.cssSelector("[data-action]")).isEmpty(), "no acknowledge or resolve buttons");
        dashboard.screenshot("alerts-read-only");
        dashboard.click(By.xpath("//table[@id='alerts-table']//tr[.//a[@href='#/applications/" + app + "']]//a[contains(@class, 'alert-link')]"));
        dashboard.waitFor(By.cssSelector("#alert-summary .facts"));
        assertTrue(dashboard.browser().findElements(By.id("acknowledge")).isEmpty() && dashboard.browser().findElements(By.id("resolve")).isEmpty());

        dashboard.open("channels");
        dashboard.waitFor(By.cssSelector("tr[data-id='" + channel + "']"));
        assertTrue(dashboard.browser().findElements(By.id("new-channel")).isEmpty(), "no add button");
        assertTrue(dashboard.browser().findElements(By.cssSelector("[data-action]")).isEmpty(), "no enable, disable or delete buttons");
        dashboard.click(By.cssSelector("tr[data-id='" + channel + "'] a"));
        dashboard.waitFor(By.id("channel-settings"));
        for (String button : List.of("edit-channel", "disable", "enable", "delete-channel", "send-test")) {
            assertTrue(dashboard.browser().findElements(By.id(button)).isEmpty(), "no " + button + " button");
        }
        assertNoSecret();
        dashboard.screenshot("channel-read-only");

        HttpResponse<String> refused = dashboard.send(reader, "PUT", "/api/channels/" + channel, "{\"name\":\"renamed\"}");
        assertEquals(403, refused.statusCode(), refused.body());
    }

    @Test
    void atPhoneWidthAlertsAndChannelsDoNotScrollSideways() throws Exception {
        dashboard.api(KEY, "POST", "/api/channels", "{\"type\":\"sns\",\"name\":\"a channel with a rather long name for a phone\",\"settings\":{}}");
        dashboard.phoneWidth();
        dashboard.signIn(KEY);
        for (String page : List.of("alerts", "channels")) {
            dashboard.open(page);
            dashboard.waitFor(By.id(page));
            dashboard.waiting().until(d -> !d.findElement(By.id(page)).getText().isEmpty());
            dashboard.assertNoSidewaysScroll(page);
            dashboard.screenshot(page + "-375px");
        }
    }

    /** Registers a short-interval application with {@code key}, beats it until it is up, stops: waits for its open alert. */
    private String outage(String key, String name) throws Exception {
        JsonNode app = dashboard.api(key, "POST", "/api/applications", "{\"name\":\"" + name + "\",\"intervalSeconds\":2,\"graceSeconds\":1}");
        String id = app.path("id").asText();
        String ping = app.path("pingUrl").asText();
        dashboard.until(() -> {
            dashboard.post(ping);
            return "up".equals(dashboard.api(key, "GET", "/api/applications/" + id, null).path("status").asText());
        });
        dashboard.until(() -> dashboard.api(key, "GET", "/api/alerts?status=open&subject=" + id, null).path("alerts").size() == 1);
        return id;
    }

    private void assertNoSecret() {
        String source = dashboard.browser().getPageSource();
        assertFalse(source.contains(SLACK_SECRET) || source.contains("s3cretWebhookToken"), "the secret is never in the page");
        Object values = dashboard.browser().executeScript(
                "return [...document.querySelectorAll('input')].map(i => i.value).join(' ');");
        assertFalse(String.valueOf(values).contains("s3cretWebhookToken"), "nor in a field");
    }
}
