package dev.vigil.statuspage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.checks.Check;
import dev.vigil.checks.Tier;
import dev.vigil.checks.store.CheckTables;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.Application;
import dev.vigil.domain.ComponentRef;
import dev.vigil.domain.Ids;
import dev.vigil.domain.Incident;
import dev.vigil.domain.IncidentStatus;
import dev.vigil.domain.Maintenance;
import dev.vigil.domain.StatusPage;
import dev.vigil.fixtures.Fixture;
import dev.vigil.runtime.Json;
import dev.vigil.store.StatusPageStore;
import dev.vigil.testkit.DynamoLocal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The public status page of a tenant with a down application, a check under maintenance, and an incident
 * with updates, served as HTML, JSON and Atom: only display names, never an internal name, id, UUID or
 * ping URL; cacheable for 30 s; no key needed.
 */
class StatusPageHandlerTest {
    private final Fixture f = new Fixture("StatusPageFunction", DynamoLocal.shared().client());
    private final StatusPageStore pages = new StatusPageStore(f.platform.dynamo(), f.platform.env().require(StatusPageStore.TABLE_SETTING));
    private final StatusPageHandler handler = new StatusPageHandler(f.platform);
    private final List<String> internal = new ArrayList<>();

    /** The page "acme": Billing (an application, down), Database (a check, under maintenance), one incident with two updates. */
    private void publish() {
        Application billing = f.register("internal-billing-worker-7", 60, 30);
        f.clock.advance(Duration.ofSeconds(120));
        Application overdue = f.applications().findById(billing.id()).orElseThrow();
        AlertEvent down = Alerts.down(overdue, overdue.dueAt().orElseThrow(), f.clock.instant());
        f.ledger().record(down, f.applications().markDown(overdue, down));
        String tenant = billing.tenantId();
        Check db = new Check(Ids.CHECK.next(), tenant, "tcp", "prod-postgres-primary-eu1", Tier.CORE,
                (ObjectNode) Json.MAPPER.valueToTree(Map.of("host", "pg-internal.acme.example", "port", 5432)), List.of(),
                Duration.ofSeconds(5), true, 1, 1, 1, f.clock.instant(), f.clock.instant());
        assertTrue(CheckTables.from(f.platform.env(), f.platform.dynamo()).checks().create(db, Map.of()));
        ComponentRef app = new ComponentRef(ComponentRef.Kind.APPLICATION, billing.id());
        ComponentRef check = new ComponentRef(ComponentRef.Kind.CHECK, db.id());
        StatusPage page = new StatusPage(Ids.STATUS_PAGE.next(), tenant, "acme", "Acme <status>", Optional.of(URI.create("https://acme.example.com/logo.png")),
                List.of(new StatusPage.Group("Core", List.of(new StatusPage.Shown(app, "Billing"), new StatusPage.Shown(check, "Database")))),
                f.clock.instant(), 0);
        assertEquals(StatusPageStore.Outcome.WRITTEN, pages.createPage(page));
        Incident incident = Incident.open(tenant, "Invoices are late", List.of(app), IncidentStatus.INVESTIGATING,
                "We are looking into it.", f.clock.instant().minus(Duration.ofHours(1)))
                .withUpdate(new Incident.Update(f.clock.instant(), IncidentStatus.IDENTIFIED, "A stuck queue <script>alert(1)</script>."));
        assertTrue(pages.createIncident(incident));
        Incident old = Incident.open(tenant, "Last spring's outage", List.of(app), IncidentStatus.RESOLVED, "Fixed.",
                f.clock.instant().minus(Duration.ofDays(200)));
        assertTrue(pages.createIncident(old));
        Maintenance maintenance = new Maintenance(Ids.MAINTENANCE.next(), tenant, "Database upgrade", "Read-only for an hour.",
                f.clock.instant().minus(Duration.ofMinutes(10)), f.clock.instant().plus(Duration.ofMinutes(50)), List.of(check), 0);
        assertTrue(pages.createMaintenance(maintenance));
        internal.addAll(List.of(billing.id(), billing.uuid(), billing.name(), db.id(), db.name(), "pg-internal", page.id(),
                incident.id(), old.id(), maintenance.id(), tenant, "/heartbeat/"));
    }

    @Test
    void theJsonShowsComponentsByDisplayNameWithMaintenanceOverDownAndNoInternalIdentifier() throws IOException {
        publish();

        Answer answer = get("GET /status/{slug}", "acme.json", Map.of());

        assertEquals(200, answer.status(), answer.body());
        assertEquals("public, max-age=30", answer.headers().get("cache-control"));
        JsonNode json = Json.MAPPER.readTree(answer.body());
        JsonNode components = json.path("groups").get(0).path("components");
        assertEquals("Billing", components.get(0).path("name").asText());
        assertEquals("down", components.get(0).path("status").asText());
        assertEquals("Database", components.get(1).path("name").asText());
        assertEquals("maintenance", components.get(1).path("status").asText(), "under maintenance, not down");
        assertTrue(components.get(0).path("uptime").isNull(), "uptime is not computed yet");
        assertEquals("down", json.path("status").asText());
        assertEquals(1, json.path("incidents").size(), "the last 90 days only: " + json.path("incidents"));
        JsonNode incident = json.path("incidents").get(0);
        assertEquals("identified", incident.path("status").asText());
        assertEquals(List.of("investigating", "identified"), incident.path("updates").findValuesAsText("status"));
        assertEquals("Billing", incident.path("affects").get(0).asText());
        assertEquals("Database upgrade", json.path("maintenances").get(0).path("title").asText());
        assertTrue(json.path("maintenances").get(0).path("active").asBoolean());
        assertNoInternalIdentifier(answer.body());
    }

    @Test
    void theHtmlIsEscapedCarriesTheStrictPolicyAndNoInternalIdentifier() {
        publish();

        Answer answer = get("GET /status/{slug}", "acme", Map.of());

        assertEquals(200, answer.status(), answer.body());
        assertTrue(answer.headers().get("content-type").startsWith("text/html"));
        assertEquals("public, max-age=30", answer.headers().get("cache-control"));
        assertTrue(answer.headers().get("content-security-policy").contains("script-src 'self'"));
        assertTrue(answer.body().contains("<h1>Acme &lt;status&gt;</h1>"), answer.body());
        assertTrue(answer.body().contains("A stuck queue &lt;script&gt;alert(1)&lt;/script&gt;."), answer.body());
        assertFalse(answer.body().contains("<script"), "no script at all");
        assertFalse(answer.body().contains("style="), "no inline style");
        assertTrue(answer.body().contains("Database upgrade"));
        assertTrue(answer.body().contains("data-status=\"maintenance\""));
        assertNoInternalIdentifier(answer.body());
    }

    @Test
    void theArchiveShowsOlderIncidents() throws IOException {
        publish();

        Answer answer = get("GET /status/{slug}", "acme.json", Map.of("before", f.clock.instant().minus(Duration.ofDays(90)).toString()));

        JsonNode json = Json.MAPPER.readTree(answer.body());
        assertEquals(List.of("Last spring's outage"), json.path("incidents").findValuesAsText("title"));
        assertNoInternalIdentifier(answer.body());
        assertEquals(400, get("GET /status/{slug}", "acme.json", Map.of("before", "last spring")).status());
    }

    @Test
    void theFeedListsIncidentsAsAtomEntries() {
        publish();

        Answer answer = get("GET /status/{slug}/feed.atom", "acme", Map.of());

        assertEquals(200, answer.status());
        assertTrue(answer.headers().get("content-type").startsWith("application/atom+xml"));
        assertEquals("public, max-age=30", answer.headers().get("cache-control"));
        assertTrue(answer.body().contains("<title>Invoices are late (identified)</title>"), answer.body());
        assertTrue(answer.body().contains("<summary>identified: A stuck queue &lt;script&gt;"), answer.body());
        assertNoInternalIdentifier(answer.body());
    }

    @Test
    void theSampleEventGetsThePageAsJson() throws IOException {
        publish();
        byte[] event = java.nio.file.Files.readAllBytes(dev.vigil.testkit.SamTemplate.locate().getParent().resolve("events")
                .resolve("status-page-get.json"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        handler.handleRequest(new ByteArrayInputStream(event), out, null);

        JsonNode response = Json.MAPPER.readTree(out.toByteArray());
        assertEquals(200, response.path("statusCode").asInt(), response.toString());
        assertEquals("Acme <status>", Json.MAPPER.readTree(response.path("body").asText()).path("title").asText());
    }

    @Test
    void thePageLinksItsStylesheetWhichIsServedForADay() {
        publish();

        Answer page = get("GET /status/{slug}", "acme", Map.of());
        Answer css = get("GET /status/assets/status.css", "", Map.of());

        assertTrue(page.body().contains("<link rel=\"stylesheet\" href=\"/status/assets/status.css\">"), page.body());
        assertEquals(200, css.status());
        assertEquals("text/css; charset=utf-8", css.headers().get("content-type"));
        assertEquals("public, max-age=86400", css.headers().get("cache-control"));
        assertTrue(css.body().contains(".component[data-status=\"down\"]"), css.body());
    }

    @Test
    void aSlugNobodyHasIsNotFound() {
        publish();

        assertEquals(404, get("GET /status/{slug}", "nobody", Map.of()).status());
        assertEquals(404, get("GET /status/{slug}", "Not A Slug", Map.of()).status());
        assertEquals(404, get("GET /status/{slug}/feed.atom", "nobody", Map.of()).status());
    }

    private void assertNoInternalIdentifier(String body) {
        for (String secret : internal) {
            assertFalse(body.contains(secret), "the public answer shows " + secret + ": " + body);
        }
        assertFalse(body.matches("(?s).*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}.*"), "no UUID at all: " + body);
        assertFalse(body.matches("(?s).*\\b(app|chk|sp|inc|mnt|tn)_[a-z0-9]{12}\\b.*"), "no id at all: " + body);
    }

    private record Answer(int status, Map<String, String> headers, String body) {
    }

    private Answer get(String routeKey, String slug, Map<String, String> query) {
        ObjectNode event = Json.object();
        event.put("version", "2.0").put("routeKey", routeKey);
        String path = routeKey.substring(4).replace("{slug}", slug);
        event.put("rawPath", path);
        event.putObject("headers").put("host", "status.acme.example");
        ObjectNode params = event.putObject("queryStringParameters");
        query.forEach(params::put);
        event.putObject("pathParameters").put("slug", slug);
        ObjectNode context = event.putObject("requestContext");
        context.put("requestId", "test").put("routeKey", routeKey);
        context.putObject("http").put("method", "GET").put("path", path).put("sourceIp", "198.51.100.7");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8))) {
            handler.handleRequest(in, out, null);
            JsonNode response = Json.MAPPER.readTree(out.toByteArray());
            Map<String, String> headers = new java.util.HashMap<>();
            response.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
            return new Answer(response.path("statusCode").asInt(), headers, response.path("body").asText());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
