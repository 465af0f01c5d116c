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
import dev.vigil.domain.MaintenanceWindow;
import dev.vigil.domain.StatusPage;
import dev.vigil.domain.UptimeState;
import dev.vigil.fixtures.Fixture;
import dev.vigil.runtime.Json;
import dev.vigil.store.RollupStore;
import dev.vigil.store.StatusPageStore;
import dev.vigil.testkit.DynamoLocal;
import dev.vigil.testkit.FaultInjector;
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
 * ping URL; cacheable for 30 s; no key needed. Each component shows its uptime from the rollups; with the database
 * failing, the page is served from its last-good snapshot, saying so.
 */
class StatusPageHandlerTest {
    private static final String CACHED = "public, max-age=30, stale-while-revalidate=30, stale-if-error=86400";
    /** Every call of the function passes through this: a test switches it on to make the database fail. */
    private final FaultInjector faults = new FaultInjector();
    private final Fixture f = new Fixture("StatusPageFunction", DynamoLocal.shared().client(faults, false));
    private final StatusPageStore pages = new StatusPageStore(f.platform.dynamo(), f.platform.env().require(StatusPageStore.TABLE_SETTING));
    private final StatusPageHandler handler = new StatusPageHandler(f.platform);
    private final List<String> internal = new ArrayList<>();
    private final RollupStore rollups = new RollupStore(f.platform.dynamo(), f.platform.env().require(RollupStore.TABLE_SETTING));
    private String billingId;

    /** The page "acme": Billing (an application, down), Database (a check, under maintenance), one incident with two updates. */
    private void publish() {
        Application billing = f.register("internal-billing-worker-7", 60, 30);
        billingId = billing.id();
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
        assertEquals(CACHED, answer.headers().get("cache-control"));
        JsonNode json = Json.MAPPER.readTree(answer.body());
        JsonNode components = json.path("groups").get(0).path("components");
        assertEquals("Billing", components.get(0).path("name").asText());
        assertEquals("down", components.get(0).path("status").asText());
        assertEquals("Database", components.get(1).path("name").asText());
        assertEquals("maintenance", components.get(1).path("status").asText(), "under maintenance, not down");
        assertTrue(components.get(1).path("uptime").path("90d").isNull(), "no rollups: no figure, never 100 %");
        assertFalse(json.path("stale").asBoolean(), "read live");
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
        assertEquals(CACHED, answer.headers().get("cache-control"));
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
    void anArchiveBeforeAnyIncidentCouldBeOrPastAllOfThemIsServedNotAnError() throws IOException {
        publish();

        Answer beforeEpoch = get("GET /status/{slug}", "acme.json", Map.of("before", "1960-01-01T00:00:00Z"));
        Answer farFuture = get("GET /status/{slug}", "acme.json", Map.of("before", "+300000000-01-01T00:00:00Z"));

        assertEquals(200, beforeEpoch.status(), beforeEpoch.body());
        assertEquals(0, Json.MAPPER.readTree(beforeEpoch.body()).path("incidents").size());
        assertEquals(200, farFuture.status(), farFuture.body());
        assertTrue(Json.MAPPER.readTree(farFuture.body()).path("incidents").findValuesAsText("title").contains("Last spring's outage"));
    }

    @Test
    void theFeedListsIncidentsAsAtomEntries() {
        publish();

        Answer answer = get("GET /status/{slug}/feed.atom", "acme", Map.of());

        assertEquals(200, answer.status());
        assertTrue(answer.headers().get("content-type").startsWith("application/atom+xml"));
        assertEquals(CACHED, answer.headers().get("cache-control"));
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

    // ---- uptime

    /**
     * Billing's rollups: up from 2026-11-20 00:00 UTC, down 12:00 to 18:00 on 2026-11-22, up since (the live span up to
     * now, 2026-11-24 12:02, is not written yet and still counts).
     */
    private void rollUpBilling() {
        String subject = RollupStore.application(billingId);
        rollups.observe(subject, Optional.of(UptimeState.UP), Instant.parse("2026-11-20T00:00:00Z"));
        rollups.observe(subject, Optional.of(UptimeState.DOWN), Instant.parse("2026-11-22T12:00:00Z"));
        rollups.observe(subject, Optional.of(UptimeState.UP), Instant.parse("2026-11-22T18:00:00Z"));
    }

    @Test
    void eachComponentShowsItsUptimeFiguresAndNinetyDaysFromTheRollups() throws IOException {
        publish();
        rollUpBilling();

        JsonNode billing = Json.MAPPER.readTree(get("GET /status/{slug}", "acme.json", Map.of()).body())
                .path("groups").get(0).path("components").get(0);

        assertEquals(1.0, billing.path("uptime").path("24h").asDouble(), billing.toString());
        double monitoredHours = 4 * 24 + 12 + 2 / 60.0;
        assertEquals((monitoredHours - 6) / monitoredHours, billing.path("uptime").path("90d").asDouble(), 1e-9);
        assertEquals(billing.path("uptime").path("90d").asDouble(), billing.path("uptime").path("30d").asDouble(), 1e-12,
                "nothing before 20 November");
        JsonNode days = billing.path("days");
        assertEquals(90, days.size());
        assertEquals("2026-08-27", days.get(0).path("date").asText());
        assertEquals("2026-11-24", days.get(89).path("date").asText(), "today, up to now, is the last day");
        assertEquals("2026-11-19", days.get(84).path("date").asText());
        assertTrue(days.get(84).path("uptime").isNull(), "19 November: not monitored, no figure");
        assertEquals(1.0, days.get(85).path("uptime").asDouble());
        assertEquals(0.75, days.get(87).path("uptime").asDouble(), "22 November: 6 hours down");
        assertEquals(1.0, days.get(88).path("uptime").asDouble());
        assertEquals(1.0, days.get(89).path("uptime").asDouble());
    }

    @Test
    void theHtmlDrawsEachDayAsAColouredSegmentWithItsTextAndNoDataAsGrey() {
        publish();
        rollUpBilling();

        String html = get("GET /status/{slug}", "acme", Map.of()).body();

        assertTrue(html.contains("<li class=\"day day-low\" title=\"2026-11-22: 75.00 % up\"><span class=\"label\">2026-11-22: 75.00 % up</span></li>"), html);
        assertTrue(html.contains("<li class=\"day day-full\" title=\"2026-11-23: 100.00 % up\">"), html);
        assertTrue(html.contains("<li class=\"day day-none\" title=\"2026-11-19: no data\">"), html);
        assertTrue(html.contains("<span class=\"figure\" data-window=\"24h\">24 hours <strong>100.00 %</strong></span>"), html);
        assertTrue(html.contains("<span class=\"figure\" data-window=\"90d\">90 days <strong>94.44 %</strong></span>"), html);
        assertTrue(html.contains("<span class=\"figure\" data-window=\"90d\">90 days <strong>no data</strong></span>"), "Database has none: " + html);
        assertEquals(180, html.split("<li class=\"day ", -1).length - 1, "90 segments for each of the 2 components");
        assertFalse(html.contains("style="), "colours come from classes, not inline styles");
        assertNoInternalIdentifier(html);
    }

    /** Billing (down) gets a maintenance window from 30 minutes ago to 30 minutes from now; no notice announces it. */
    private void billingInItsOwnMaintenanceWindow() {
        Instant now = f.clock.instant();
        Application before = f.applications().findById(billingId).orElseThrow();
        Application after = before.withRules(before.rules().withMaintenance(List.of(
                new MaintenanceWindow.OneOff(now.minus(Duration.ofMinutes(30)), now.plus(Duration.ofMinutes(30))))));
        assertTrue(f.applications().updateSettings(before, after));
    }

    @Test
    void anApplicationInsideItsOwnMaintenanceWindowShowsMaintenanceNotDownUntilTheWindowEnds() throws IOException {
        publish();
        billingInItsOwnMaintenanceWindow();

        JsonNode during = Json.MAPPER.readTree(get("GET /status/{slug}", "acme.json", Map.of()).body());
        f.clock.advance(Duration.ofMinutes(31));
        JsonNode after = Json.MAPPER.readTree(get("GET /status/{slug}", "acme.json", Map.of()).body());

        assertEquals("maintenance", during.path("groups").get(0).path("components").get(0).path("status").asText(), during.toString());
        assertEquals("maintenance", during.path("status").asText(), "nothing else is down");
        assertEquals("down", after.path("groups").get(0).path("components").get(0).path("status").asText(), after.toString());
        assertEquals("down", after.path("status").asText());
    }

    @Test
    void anApplicationsFiguresLeaveOutTheMaintenanceWindowItIsInNow() throws IOException {
        publish();
        billingInItsOwnMaintenanceWindow();
        Instant now = f.clock.instant();
        // Up two hours ago, down since an hour ago and still down: the span since is live, not written.
        rollups.observe(RollupStore.application(billingId), Optional.of(UptimeState.UP), now.minus(Duration.ofMinutes(120)));
        rollups.observe(RollupStore.application(billingId), Optional.of(UptimeState.DOWN), now.minus(Duration.ofMinutes(60)));

        JsonNode billing = Json.MAPPER.readTree(get("GET /status/{slug}", "acme.json", Map.of()).body())
                .path("groups").get(0).path("components").get(0);

        // 60 minutes up, 30 down before the window; the last 30 minutes are maintenance, neither up nor down.
        assertEquals(60.0 / 90, billing.path("uptime").path("24h").asDouble(), 1e-9, billing.toString());
        assertEquals(60.0 / 90, billing.path("days").get(89).path("uptime").asDouble(), 1e-9, "today's bar too");
    }

    // ---- the last-good snapshot

    @Test
    void withTheDatabaseFailingThePageIsServedFromItsLastGoodRenderingSayingAsOfWhen() throws IOException {
        publish();
        rollUpBilling();
        Instant rendered = f.clock.instant();
        String live = get("GET /status/{slug}", "acme.json", Map.of()).body();
        f.clock.advance(Duration.ofMinutes(5));
        faults.failRandomly((operation, request) -> true, 1.0, FaultInjector.When.BEFORE_SENDING);

        Answer json = get("GET /status/{slug}", "acme.json", Map.of());
        Answer html = get("GET /status/{slug}", "acme", Map.of());
        Answer feed = get("GET /status/{slug}/feed.atom", "acme", Map.of());

        assertTrue(faults.injected() > 0, "the database was asked, and failed");
        assertEquals(List.of(200, 200, 200), List.of(json.status(), html.status(), feed.status()), json.body());
        JsonNode body = Json.MAPPER.readTree(json.body());
        assertTrue(body.path("stale").asBoolean());
        assertEquals(rendered.toString(), body.path("asOf").asText());
        assertEquals(Json.MAPPER.readTree(live).path("groups"), body.path("groups"), "the components and their uptime as they were");
        assertTrue(html.body().contains("Showing the status as of <time datetime=\"" + rendered + "\">2026-11-24 12:02:00</time> UTC; "
                + "live data is unavailable."), html.body());
        assertTrue(feed.body().contains("<title>Invoices are late (identified)</title>"), feed.body());
        assertEquals(CACHED, html.headers().get("cache-control"));
        for (Answer answer : List.of(json, html, feed)) {
            assertNoInternalIdentifier(answer.body());
        }
    }

    @Test
    void aNewContainerServesTheStoredSnapshotWhenTheUptimeReadsFail() throws IOException {
        publish();
        Instant rendered = f.clock.instant();
        assertEquals(200, get("GET /status/{slug}", "acme", Map.of()).status());
        f.clock.advance(Duration.ofMinutes(5));
        faults.failRandomly((operation, request) -> operation.equals("BatchGetItem"), 1.0, FaultInjector.When.BEFORE_SENDING);

        Answer answer = get(new StatusPageHandler(f.platform), "GET /status/{slug}", "acme.json", Map.of());

        assertEquals(200, answer.status(), answer.body());
        JsonNode body = Json.MAPPER.readTree(answer.body());
        assertTrue(body.path("stale").asBoolean(), body.toString());
        assertEquals(rendered.toString(), body.path("asOf").asText(), "the snapshot the first container stored");
        assertEquals("Billing", body.path("groups").get(0).path("components").get(0).path("name").asText());
        assertNoInternalIdentifier(answer.body());
    }

    @Test
    void withTheDatabaseFailingAndNoSnapshotThePageIsAPlainServiceUnavailable() {
        publish();
        faults.failRandomly((operation, request) -> true, 1.0, FaultInjector.When.BEFORE_SENDING);

        Answer html = get("GET /status/{slug}", "acme", Map.of());
        Answer json = get("GET /status/{slug}", "acme.json", Map.of());

        assertEquals(List.of(503, 503), List.of(html.status(), json.status()));
        assertTrue(html.headers().get("content-type").startsWith("text/html"));
        assertTrue(html.body().contains("<h1>Status temporarily unavailable</h1>"), html.body());
        assertFalse(html.body().contains("Exception") || html.body().contains("Throttling"), "no error detail: " + html.body());
        assertEquals("no-store", html.headers().get("cache-control"), "a cache in front keeps serving its last copy");
        assertTrue(json.body().contains("temporarily unavailable"), json.body());
    }

    @Test
    void aRenderingYoungerThanThirtySecondsIsServedWithoutReadingAgain() {
        publish();
        String first = get("GET /status/{slug}", "acme", Map.of()).body();
        int calls = faults.calls();
        f.clock.advance(Duration.ofSeconds(29));

        String cached = get("GET /status/{slug}", "acme", Map.of()).body();

        assertEquals(calls, faults.calls(), "no database call");
        assertEquals(first, cached);
        f.clock.advance(Duration.ofSeconds(2));
        get("GET /status/{slug}", "acme", Map.of());
        assertTrue(faults.calls() > calls, "31 s on, the page is read again");
    }

    @Test
    void theSnapshotIsStoredAtMostOnceAMinuteAndGoesWithItsPage() {
        publish();
        Instant first = f.clock.instant();
        get("GET /status/{slug}", "acme", Map.of());
        assertEquals(first, pages.findSnapshot("acme").orElseThrow().asOf());

        f.clock.advance(Duration.ofSeconds(40));
        get("GET /status/{slug}", "acme", Map.of());
        assertEquals(first, pages.findSnapshot("acme").orElseThrow().asOf(), "40 s on: rendered again, not stored");

        f.clock.advance(Duration.ofSeconds(40));
        get("GET /status/{slug}", "acme", Map.of());
        assertEquals(f.clock.instant(), pages.findSnapshot("acme").orElseThrow().asOf(), "80 s on: stored again");

        StatusPage page = pages.findBySlug("acme").orElseThrow();
        assertTrue(pages.deletePage(page));
        assertTrue(pages.findSnapshot("acme").isEmpty(), "deleted with its page");
        f.clock.advance(Duration.ofSeconds(31));
        assertEquals(404, get("GET /status/{slug}", "acme", Map.of()).status());
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
        return get(handler, routeKey, slug, query);
    }

    private static Answer get(StatusPageHandler handler, String routeKey, String slug, Map<String, String> query) {
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
