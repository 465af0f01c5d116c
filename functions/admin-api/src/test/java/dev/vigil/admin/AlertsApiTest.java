package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.Application;
import dev.vigil.store.ApplicationStore;
import dev.vigil.store.NotificationLog;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /api/alerts} on DynamoDB Local: listing, one alert with its deliveries, acknowledge, resolve, tenants, health. */
class AlertsApiTest {
    private AdminApiHarness api;

    @BeforeEach
    void emptyTables() {
        api = new AdminApiHarness();
    }

    /** Registers an application with {@code severity} (as {@code key} or the operator) and flips it down as the detector does. */
    private AlertEvent downApplication(String name, String severity, Optional<String> key) throws IOException {
        String body = "{\"name\":\"" + name + "\",\"intervalSeconds\":60,\"severity\":\"" + severity + "\"}";
        JsonNode app = key.isPresent() ? api.callAs(key.get(), "POST", "/api/applications", body).json()
                : api.send("POST", "/api/applications", body, 201);
        api.clock.advance(Duration.ofSeconds(61));
        ApplicationStore applications = api.platform.tables().applications();
        Application overdue = applications.findById(app.path("id").asText()).orElseThrow();
        AlertEvent down = Alerts.down(overdue, overdue.dueAt().orElseThrow(), api.clock.instant());
        api.platform.ledger().record(down, applications.markDown(overdue, down));
        return down;
    }

    private JsonNode onlyAlert(JsonNode listing) {
        assertEquals(1, listing.path("alerts").size(), listing.toString());
        return listing.path("alerts").get(0);
    }

    @Test
    void anOutageIsOneOpenAlertShownWithItsDeliveries() throws IOException {
        AlertEvent down = downApplication("billing", "critical", Optional.empty());
        NotificationLog log = api.platform.tables().notifications();
        log.claim(down, "ch_k3v9x2m7q4pa", "slack", Optional.empty(), api.clock.instant());
        log.complete(down.eventId(), "ch_k3v9x2m7q4pa", NotificationLog.SENT, Optional.empty(), Optional.of(200), 140,
                api.clock.instant());

        JsonNode alert = onlyAlert(api.send("GET", "/api/alerts", null, 200));
        assertEquals("p1", alert.path("severity").asText());
        assertEquals("open", alert.path("status").asText());
        assertEquals(down.applicationId(), alert.path("subject").asText());
        assertEquals("application", alert.path("kind").asText());
        assertEquals("billing", alert.path("name").asText());

        JsonNode shown = api.send("GET", "/api/alerts/" + alert.path("id").asText(), null, 200);
        assertEquals(1, shown.path("deliveries").size(), shown.toString());
        assertEquals("sent", shown.path("deliveries").get(0).path("status").asText());
        assertEquals(down.eventId(), shown.path("deliveries").get(0).path("eventId").asText());
        assertEquals(404, api.call("GET", "/api/alerts/al_zzzzzzzzzzzz", null, Map.of()).status());
        assertEquals(404, api.call("GET", "/api/alerts/not-an-id", null, Map.of()).status());
    }

    @Test
    void acknowledgingAnAlertAcknowledgesTheOutageSoItsRemindersStopThenItCanBeResolved() throws IOException {
        AlertEvent down = downApplication("billing", "warning", Optional.empty());
        String id = onlyAlert(api.send("GET", "/api/alerts", null, 200)).path("id").asText();
        assertEquals("p2", api.send("GET", "/api/alerts/" + id, null, 200).path("severity").asText(), "a warning application");

        JsonNode acknowledged = api.send("POST", "/api/alerts/" + id + "/acknowledge", null, 200);
        assertEquals("acknowledged", acknowledged.path("status").asText());
        assertEquals("operator", acknowledged.path("acknowledgedBy").asText());
        assertEquals(api.clock.instant().toString(), acknowledged.path("acknowledgedAt").asText());
        assertTrue(api.send("GET", "/api/applications/" + down.applicationId(), null, 200).path("acknowledged").asBoolean(),
                "the application's outage is acknowledged: its reminders stop");
        assertTrue(api.send("POST", "/api/alerts/" + id + "/acknowledge", null, 409).path("error").asText()
                .contains("only an open alert can be acknowledged"));

        JsonNode resolved = api.send("POST", "/api/alerts/" + id + "/resolve", null, 200);
        assertEquals("resolved", resolved.path("status").asText());
        assertEquals("operator", resolved.path("resolvedBy").asText());
        assertEquals(409, api.call("POST", "/api/alerts/" + id + "/resolve", null, Map.of()).status());
        assertEquals(409, api.call("POST", "/api/alerts/" + id + "/acknowledge", null, Map.of()).status());
    }

    @Test
    void acknowledgingTheApplicationAcknowledgesItsAlert() throws IOException {
        AlertEvent down = downApplication("billing", "critical", Optional.empty());
        api.send("POST", "/api/applications/" + down.applicationId() + "/acknowledge", null, 200);

        JsonNode alert = onlyAlert(api.send("GET", "/api/alerts?status=acknowledged", null, 200));
        assertEquals("operator", alert.path("acknowledgedBy").asText());
    }

    @Test
    void badFiltersGet400() throws IOException {
        for (String query : new String[] {"status=closed", "severity=p9", "limit=0", "nextToken=garbage", "subject=a%20b", "subject=a%23b", "subject=%23escalation",
                "tenant=nobody!"}) {
            AdminApiHarness.Answer answer = api.call("GET", "/api/alerts?" + query, null, Map.of());
            assertEquals(400, answer.status(), query + ": " + answer);
            assertTrue(answer.error().length() > 5, answer.toString());
        }
    }

    @Test
    void aNextTokenOfAnotherTenantsListingIsA400() throws IOException {
        String alpha = api.tenant("alpha");
        String beta = api.tenant("beta");
        String alphaKey = api.key(alpha, "admin");
        String betaKey = api.key(beta, "admin");
        downApplication("alpha billing", "critical", Optional.of(alphaKey));
        downApplication("alpha reports", "critical", Optional.of(alphaKey));
        downApplication("beta billing", "critical", Optional.of(betaKey));
        String alphaToken = api.callAs(alphaKey, "GET", "/api/alerts?limit=1", null).json().path("nextToken").asText();
        assertTrue(!alphaToken.isEmpty(), "alpha has a second page");

        AdminApiHarness.Answer foreign = api.callAs(betaKey, "GET", "/api/alerts?limit=1&nextToken=" + alphaToken, null);
        assertEquals(400, foreign.status(), foreign.toString());
        assertEquals("nextToken is not valid", foreign.error());
        assertEquals(400, api.call("GET", "/api/alerts?tenant=" + beta + "&nextToken=" + alphaToken, null, Map.of()).status());
        assertEquals(1, api.callAs(alphaKey, "GET", "/api/alerts?limit=1&nextToken=" + alphaToken, null).json()
                .path("alerts").size(), "the token goes on in its own listing");
    }

    @Test
    void aTenantSeesItsOwnAlertsOnlyAndTheOperatorSeesEveryTenant() throws IOException {
        String alpha = api.tenant("alpha");
        String beta = api.tenant("beta");
        String alphaKey = api.key(alpha, "admin");
        String alphaReader = api.key(alpha, "read-only");
        String betaKey = api.key(beta, "admin");
        downApplication("alpha billing", "critical", Optional.of(alphaKey));
        downApplication("beta billing", "info", Optional.of(betaKey));
        String betaAlert = onlyAlert(api.callAs(betaKey, "GET", "/api/alerts", null).json()).path("id").asText();

        JsonNode alphas = onlyAlert(api.callAs(alphaKey, "GET", "/api/alerts", null).json());
        assertEquals(alpha, alphas.path("tenantId").asText());
        assertEquals(404, api.callAs(alphaKey, "GET", "/api/alerts/" + betaAlert, null).status());
        assertEquals(404, api.callAs(alphaKey, "POST", "/api/alerts/" + betaAlert + "/resolve", null).status());
        assertEquals(403, api.callAs(alphaKey, "GET", "/api/alerts?tenant=" + beta, null).status());
        assertEquals("open", api.callAs(betaKey, "GET", "/api/alerts/" + betaAlert, null).json().path("status").asText());

        String alphaAlert = alphas.path("id").asText();
        assertEquals(403, api.callAs(alphaReader, "POST", "/api/alerts/" + alphaAlert + "/acknowledge", null).status());
        assertEquals("open", api.callAs(alphaReader, "GET", "/api/alerts/" + alphaAlert, null).json().path("status").asText(),
                "a read-only key reads but changes nothing");

        assertEquals(2, api.send("GET", "/api/alerts", null, 200).path("alerts").size(), "the operator sees every tenant");
        assertEquals(betaAlert, onlyAlert(api.send("GET", "/api/alerts?tenant=" + beta, null, 200)).path("id").asText());
        assertEquals(alphaAlert, onlyAlert(api.call("GET", "/api/alerts", null, Map.of("x-vigil-tenant", alpha)).json())
                .path("id").asText());
        assertEquals("resolved", api.send("POST", "/api/alerts/" + betaAlert + "/resolve", null, 200).path("status").asText(),
                "the operator acts on every tenant's alerts");
    }

    @Test
    void theHealthViewCountsStandingAlertsBySeverity() throws IOException {
        downApplication("billing", "critical", Optional.empty());
        downApplication("reports", "warning", Optional.empty());
        downApplication("digest", "critical", Optional.empty());
        String reports = api.send("GET", "/api/alerts?severity=p2", null, 200).path("alerts").get(0).path("id").asText();
        api.send("POST", "/api/alerts/" + reports + "/resolve", null, 200);

        JsonNode health = api.send("GET", "/api/health", null, 200);
        assertEquals(2, health.path("openAlerts").path("p1").asInt(), health.toString());
        assertEquals(0, health.path("openAlerts").path("p2").asInt(), "a resolved alert no longer stands");
        assertEquals(0, health.path("openAlerts").path("p3").asInt());
    }

    /** Opens a standing alert about {@code subject} as the ledger would for an event of {@code type} about it. */
    private void standing(String tenantId, String subject, dev.vigil.domain.AlertType type) {
        AlertEvent event = new AlertEvent("evt-" + subject, type, subject, "subject " + subject, dev.vigil.domain.Status.DOWN,
                dev.vigil.domain.Status.UP, Optional.empty(), Optional.empty(), 60, 0, api.clock.instant(), java.util.List.of(),
                dev.vigil.domain.Severity.CRITICAL, Optional.empty(), Optional.empty(), 1, 0, tenantId);
        api.platform.ledger().record(event, java.util.List.of());
    }

    private JsonNode alertAbout(String subject) throws IOException {
        JsonNode listing = api.send("GET", "/api/alerts?subject=" + java.net.URLEncoder.encode(subject,
                java.nio.charset.StandardCharsets.UTF_8), null, 200);
        return onlyAlert(listing);
    }

    @Test
    void deletingAnApplicationACheckOrATaskResolvesItsStandingAlert() throws IOException {
        AlertEvent down = downApplication("billing", "critical", Optional.empty());
        String check = api.send("POST", "/api/checks", ChecksApiTest.STRIPE, 201).path("id").asText();
        standing("default", check, dev.vigil.domain.AlertType.APPLICATION_DOWN);
        String task = api.send("POST", "/api/tasks", TasksApiTest.EXPORT, 201).path("id").asText();
        standing("default", task, dev.vigil.domain.AlertType.APPLICATION_DOWN);
        assertEquals(3, api.send("GET", "/api/health", null, 200).path("openAlerts").path("p1").asInt());

        api.send("DELETE", "/api/applications/" + down.applicationId(), null, 204);
        api.send("DELETE", "/api/checks/" + check, null, 204);
        api.send("DELETE", "/api/tasks/" + task, null, 204);

        for (String subject : java.util.List.of(down.applicationId(), check, task)) {
            JsonNode alert = alertAbout(subject);
            assertEquals("resolved", alert.path("status").asText(), subject + ": " + alert);
            assertEquals("deleted", alert.path("resolvedBy").asText(), alert.toString());
        }
        JsonNode health = api.send("GET", "/api/health", null, 200);
        assertEquals(0, health.path("openAlerts").path("p1").asInt(), health.toString());
        assertEquals(0, health.path("openAlerts").path("p2").asInt(), health.toString());
    }

    @Test
    void aTenantsEscalationCanBeListedBySubject() throws IOException {
        String acme = api.tenant("acme");
        standing(acme, acme, dev.vigil.domain.AlertType.RECOVERY_ESCALATED);
        downApplication("billing", "critical", Optional.empty());

        JsonNode escalation = onlyAlert(api.send("GET", "/api/alerts?subject=" + acme + "%23escalation", null, 200));

        assertEquals("open", escalation.path("status").asText());
        assertEquals(acme, escalation.path("tenantId").asText());
        assertEquals("p1", escalation.path("severity").asText());
    }

    @Test
    void deletingATenantResolvesItsEscalation() throws IOException {
        String acme = api.tenant("acme");
        standing(acme, acme, dev.vigil.domain.AlertType.RECOVERY_ESCALATED);
        assertEquals(1, api.platform.tables().alerts().standingBySeverity(acme).get(dev.vigil.domain.AlertSeverity.P1));

        api.send("DELETE", "/api/tenants/" + acme, null, 204);

        JsonNode escalation = alertAbout(acme + "#escalation");
        assertEquals("resolved", escalation.path("status").asText(), escalation.toString());
        assertEquals("deleted", escalation.path("resolvedBy").asText());
        assertEquals(0, api.platform.tables().alerts().standingBySeverity(acme).get(dev.vigil.domain.AlertSeverity.P1));
    }
}
