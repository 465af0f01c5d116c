package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.Application;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /api/status-pages}, {@code /api/incidents} and {@code /api/maintenances} through the admin function. */
class StatusPagesApiTest {
    private final AdminApiHarness api = new AdminApiHarness();

    private String app(String key, String name) throws IOException {
        return api.callAs(key, "POST", "/api/applications", "{\"name\":\"" + name + "\",\"intervalSeconds\":60}").json().path("id").asText();
    }

    private String check(String key) throws IOException {
        return api.callAs(key, "POST", "/api/checks", "{\"type\":\"tcp\",\"name\":\"db\",\"settings\":{\"host\":\"db.example.com\",\"port\":5432}}")
                .json().path("id").asText();
    }

    private static String page(String slug, String appId) {
        return "{\"slug\":\"" + slug + "\",\"title\":\"Acme status\",\"logoUrl\":\"https://acme.example.com/logo.png\","
                + "\"groups\":[{\"name\":\"Core\",\"components\":[{\"kind\":\"application\",\"id\":\"" + appId
                + "\",\"displayName\":\"Public API\"}]}]}";
    }

    @Test
    void aPageIsCreatedReadChangedWithIfMatchAndDeleted() throws IOException {
        String key = api.key(api.tenant("acme"), "admin");
        String appId = app(key, "internal-billing-worker");

        AdminApiHarness.Answer created = api.callAs(key, "POST", "/api/status-pages", page("acme", appId));
        assertEquals(201, created.status(), created.toString());
        String id = created.json().path("id").asText();
        assertEquals("\"1\"", created.etag());
        assertEquals("/status/acme", created.json().path("publicPath").asText());
        assertEquals("Public API", created.json().path("groups").get(0).path("components").get(0).path("displayName").asText());
        assertEquals(1, api.callAs(key, "GET", "/api/status-pages", null).json().path("statusPages").size());

        AdminApiHarness.Answer stale = api.call("PUT", "/api/status-pages/" + id, page("acme-renamed", appId),
                Map.of("authorization", "Bearer " + key, "if-match", "\"7\""));
        assertEquals(412, stale.status(), stale.toString());
        AdminApiHarness.Answer renamed = api.call("PUT", "/api/status-pages/" + id, page("acme-renamed", appId),
                Map.of("authorization", "Bearer " + key, "if-match", "\"1\""));
        assertEquals(200, renamed.status(), renamed.toString());
        assertEquals("acme-renamed", api.callAs(key, "GET", "/api/status-pages/" + id, null).json().path("slug").asText());
        assertEquals("\"2\"", renamed.etag());

        assertEquals(204, api.callAs(key, "DELETE", "/api/status-pages/" + id, null).status());
        assertEquals(404, api.callAs(key, "GET", "/api/status-pages/" + id, null).status());
    }

    @Test
    void aSlugIsTakenAcrossTenants() throws IOException {
        String acme = api.key(api.tenant("acme"), "admin");
        String globex = api.key(api.tenant("globex"), "admin");
        assertEquals(201, api.callAs(acme, "POST", "/api/status-pages", page("status", app(acme, "a"))).status());

        AdminApiHarness.Answer taken = api.callAs(globex, "POST", "/api/status-pages", page("status", app(globex, "b")));

        assertEquals(409, taken.status(), taken.toString());
        assertTrue(taken.error().contains("/status/status is taken"), taken.error());
        assertEquals(0, api.callAs(globex, "GET", "/api/status-pages", null).json().path("statusPages").size());
    }

    @Test
    void badInputIsA400AndWritesNothing() throws IOException {
        String acme = api.key(api.tenant("acme"), "admin");
        String globex = api.key(api.tenant("globex"), "admin");
        String globexApp = app(globex, "theirs");
        String acmeApp = app(acme, "ours");
        int before = api.count("StatusPagesTable");

        AdminApiHarness.Answer httpLogo = api.callAs(acme, "POST", "/api/status-pages",
                page("acme", acmeApp).replace("https://acme", "http://acme"));
        AdminApiHarness.Answer othersComponent = api.callAs(acme, "POST", "/api/status-pages", page("acme", globexApp));
        AdminApiHarness.Answer badSlug = api.callAs(acme, "POST", "/api/status-pages", page("Acme Status", acmeApp));
        AdminApiHarness.Answer badKind = api.callAs(acme, "POST", "/api/status-pages", page("acme", acmeApp).replace("\"application\"", "\"server\""));
        AdminApiHarness.Answer notJson = api.callAs(acme, "POST", "/api/incidents", "[1,2]");
        AdminApiHarness.Answer badWindow = api.callAs(acme, "POST", "/api/maintenances",
                "{\"title\":\"x\",\"start\":\"2026-12-01T02:00:00Z\",\"end\":\"2026-12-01T01:00:00Z\"}");
        AdminApiHarness.Answer badInstant = api.callAs(acme, "POST", "/api/maintenances", "{\"title\":\"x\",\"start\":\"tomorrow\",\"end\":\"later\"}");

        assertEquals(List.of(400, 400, 400, 400, 400, 400, 400), List.of(httpLogo.status(), othersComponent.status(), badSlug.status(),
                badKind.status(), notJson.status(), badWindow.status(), badInstant.status()));
        assertEquals("logoUrl must be an absolute https URL", httpLogo.error());
        assertEquals("unknown application: " + globexApp, othersComponent.error());
        assertEquals(before, api.count("StatusPagesTable"), "nothing written");
    }

    @Test
    void aReadOnlyKeyReadsButNeverWrites() throws IOException {
        String tenant = api.tenant("acme");
        String admin = api.key(tenant, "admin");
        String readOnly = api.key(tenant, "read-only");
        String appId = app(admin, "a");
        String id = api.callAs(admin, "POST", "/api/status-pages", page("acme", appId)).json().path("id").asText();
        int before = api.count("StatusPagesTable");

        assertEquals(200, api.callAs(readOnly, "GET", "/api/status-pages/" + id, null).status());
        assertEquals(403, api.callAs(readOnly, "POST", "/api/status-pages", page("other", appId)).status());
        assertEquals(403, api.callAs(readOnly, "PUT", "/api/status-pages/" + id, page("other", appId)).status());
        assertEquals(403, api.callAs(readOnly, "POST", "/api/incidents", "{\"title\":\"x\",\"message\":\"y\"}").status());
        assertEquals(403, api.callAs(readOnly, "POST", "/api/maintenances", "{\"title\":\"x\"}").status());
        assertEquals(before, api.count("StatusPagesTable"));
    }

    @Test
    void anIncidentMovesForwardThroughItsUpdatesAndResolvingSetsResolvedAt() throws IOException {
        String key = api.key(api.tenant("acme"), "admin");
        String appId = app(key, "a");
        String checkId = check(key);
        JsonNode opened = api.callAs(key, "POST", "/api/incidents", "{\"title\":\"Slow checkout\",\"message\":\"Looking into it.\","
                + "\"affected\":[{\"kind\":\"application\",\"id\":\"" + appId + "\"},{\"kind\":\"check\",\"id\":\"" + checkId + "\"}]}").json();
        String id = opened.path("id").asText();
        assertEquals("investigating", opened.path("status").asText());
        assertEquals(2, opened.path("affected").size());

        api.clock.advance(Duration.ofMinutes(5));
        AdminApiHarness.Answer identified = api.callAs(key, "POST", "/api/incidents/" + id + "/updates",
                "{\"status\":\"identified\",\"message\":\"A slow query.\"}");
        assertEquals(200, identified.status(), identified.toString());
        AdminApiHarness.Answer backwards = api.callAs(key, "POST", "/api/incidents/" + id + "/updates",
                "{\"status\":\"investigating\",\"message\":\"Hm.\"}");
        assertEquals(400, backwards.status(), backwards.toString());
        AdminApiHarness.Answer unknownStatus = api.callAs(key, "POST", "/api/incidents/" + id + "/updates",
                "{\"status\":\"panicking\",\"message\":\"!\"}");
        assertEquals(400, unknownStatus.status());

        api.clock.advance(Duration.ofMinutes(5));
        JsonNode resolved = api.callAs(key, "POST", "/api/incidents/" + id + "/updates", "{\"status\":\"resolved\",\"message\":\"Fixed.\"}").json();
        assertEquals("resolved", resolved.path("status").asText());
        assertEquals(api.clock.instant().toString(), resolved.path("resolvedAt").asText());
        assertEquals(List.of("investigating", "identified", "resolved"),
                api.callAs(key, "GET", "/api/incidents/" + id, null).json().path("updates").findValuesAsText("status"));
        assertEquals(400, api.callAs(key, "POST", "/api/incidents/" + id + "/updates", "{\"message\":\"again\"}").status(),
                "a resolved incident takes no more updates");

        AdminApiHarness.Answer edited = api.callAs(key, "PUT", "/api/incidents/" + id, "{\"title\":\"Slow checkout (EU)\"}");
        assertEquals(200, edited.status(), edited.toString());
        assertEquals(0, edited.json().path("affected").size());
        assertEquals(3, edited.json().path("updates").size(), "editing keeps the updates");
        assertEquals(204, api.callAs(key, "DELETE", "/api/incidents/" + id, null).status());
        assertEquals(404, api.callAs(key, "GET", "/api/incidents/" + id, null).status());
    }

    @Test
    void incidentsListNewestFirstAndOlderOnesUnderBefore() throws IOException {
        String key = api.key(api.tenant("acme"), "admin");
        for (String title : List.of("first", "second", "third")) {
            api.callAs(key, "POST", "/api/incidents", "{\"title\":\"" + title + "\",\"message\":\"m\"}");
            api.clock.advance(Duration.ofDays(50));
        }

        JsonNode all = api.callAs(key, "GET", "/api/incidents", null).json();
        JsonNode archive = api.callAs(key, "GET", "/api/incidents?before=" + api.clock.instant().minus(Duration.ofDays(120)), null).json();
        JsonNode paged = api.callAs(key, "GET", "/api/incidents?limit=2", null).json();

        assertEquals(List.of("third", "second", "first"), all.path("incidents").findValuesAsText("title"));
        assertEquals(List.of("first"), archive.path("incidents").findValuesAsText("title"));
        assertEquals(List.of("first"), api.callAs(key, "GET", "/api/incidents?limit=2&nextToken=" + paged.path("nextToken").asText(), null)
                .json().path("incidents").findValuesAsText("title"));
        assertEquals(400, api.callAs(key, "GET", "/api/incidents?before=yesterday", null).status());
        AdminApiHarness.Answer beforeEpoch = api.callAs(key, "GET", "/api/incidents?before=1960-01-01T00:00:00Z", null);
        assertEquals(200, beforeEpoch.status(), beforeEpoch.toString());
        assertEquals(0, beforeEpoch.json().path("incidents").size());
        AdminApiHarness.Answer farFuture = api.callAs(key, "GET", "/api/incidents?before=%2B300000000-01-01T00:00:00Z", null);
        assertEquals(200, farFuture.status(), farFuture.toString());
        assertEquals(List.of("third", "second", "first"), farFuture.json().path("incidents").findValuesAsText("title"));
    }

    @Test
    void anIncidentOpensFromAnAlertWithItsApplicationWhenAPageShowsIt() throws IOException {
        String tenant = api.tenant("acme");
        String key = api.key(tenant, "admin");
        String appId = app(key, "billing");
        api.callAs(key, "POST", "/api/status-pages", page("acme", appId));
        Application stored = api.platform.tables().applications().findById(appId).orElseThrow();
        var down = Alerts.down(stored, api.clock.instant(), api.clock.instant());
        assertTrue(api.platform.ledger().write(down, List.of()));
        String alertId = api.platform.tables().alerts().standing(tenant, appId).orElseThrow().id();

        AdminApiHarness.Answer opened = api.callAs(key, "POST", "/api/incidents", "{\"fromAlert\":\"" + alertId + "\"}");

        assertEquals(201, opened.status(), opened.toString());
        assertEquals("Public API is having problems", opened.json().path("title").asText(), "the page's display name, public");
        assertEquals("investigating", opened.json().path("status").asText());
        assertEquals(appId, opened.json().path("affected").get(0).path("id").asText());

        String other = api.key(api.tenant("globex"), "admin");
        AdminApiHarness.Answer notTheirs = api.callAs(other, "POST", "/api/incidents", "{\"fromAlert\":\"" + alertId + "\"}");
        assertEquals(400, notTheirs.status());
        assertEquals("unknown alert: " + alertId, notTheirs.error());
    }

    @Test
    void openingAnIncidentFromTheSameAlertAgainAnswersTheOneAlreadyOpened() throws IOException {
        String tenant = api.tenant("acme");
        String key = api.key(tenant, "admin");
        String appId = app(key, "billing");
        Application stored = api.platform.tables().applications().findById(appId).orElseThrow();
        assertTrue(api.platform.ledger().write(Alerts.down(stored, api.clock.instant(), api.clock.instant()), List.of()));
        String alertId = api.platform.tables().alerts().standing(tenant, appId).orElseThrow().id();
        assertEquals(0, api.callAs(key, "GET", "/api/incidents?alert=" + alertId, null).json().path("incidents").size());

        AdminApiHarness.Answer first = api.callAs(key, "POST", "/api/incidents", "{\"fromAlert\":\"" + alertId + "\"}");
        assertEquals(IncidentsResource.UNNAMED_TITLE, first.json().path("title").asText(),
                "no page shows billing, so the incident shows on every page: its internal name is not the title");
        assertFalse(first.json().path("title").asText().contains("billing"));
        AdminApiHarness.Answer again = api.callAs(key, "POST", "/api/incidents", "{\"fromAlert\":\"" + alertId + "\"}");

        assertEquals(201, first.status(), first.toString());
        assertEquals(200, again.status(), again.toString());
        String id = first.json().path("id").asText();
        assertEquals(id, again.json().path("id").asText());
        assertEquals(List.of(id), api.callAs(key, "GET", "/api/incidents", null).json().path("incidents").findValuesAsText("id"));
        assertEquals(List.of(id), api.callAs(key, "GET", "/api/incidents?alert=" + alertId, null).json().path("incidents")
                .findValuesAsText("id"));
        String other = api.key(api.tenant("globex"), "admin");
        assertEquals(0, api.callAs(other, "GET", "/api/incidents?alert=" + alertId, null).json().path("incidents").size());
        assertEquals(400, api.callAs(key, "GET", "/api/incidents?alert=nope", null).status());
    }

    @Test
    void aTenantWithAStatusPageIsNotDeletedAndItsPageStays() throws IOException {
        String tenant = api.tenant("acme");
        String key = api.key(tenant, "admin");
        String appId = app(key, "a");
        String page = api.callAs(key, "POST", "/api/status-pages", page("acme", appId)).json().path("id").asText();
        assertEquals(204, api.callAs(key, "DELETE", "/api/applications/" + appId, null).status());

        AdminApiHarness.Answer refused = api.call("DELETE", "/api/tenants/" + tenant, null, Map.of());

        assertEquals(409, refused.status(), refused.toString());
        assertTrue(refused.error().contains("status pages"), refused.error());
        assertEquals(200, api.callAs(key, "GET", "/api/status-pages/" + page, null).status());
    }

    @Test
    void aMaintenanceNoticeIsScheduledChangedAndDeleted() throws IOException {
        String key = api.key(api.tenant("acme"), "admin");
        String checkId = check(key);
        AdminApiHarness.Answer created = api.callAs(key, "POST", "/api/maintenances", "{\"title\":\"Database upgrade\","
                + "\"message\":\"Read-only for an hour.\",\"start\":\"2026-12-01T00:00:00Z\",\"end\":\"2026-12-01T01:00:00Z\","
                + "\"affected\":[{\"kind\":\"check\",\"id\":\"" + checkId + "\"}]}");
        assertEquals(201, created.status(), created.toString());
        String id = created.json().path("id").asText();

        AdminApiHarness.Answer moved = api.call("PUT", "/api/maintenances/" + id, "{\"title\":\"Database upgrade\","
                + "\"start\":\"2026-12-02T00:00:00Z\",\"end\":\"2026-12-02T01:00:00Z\"}", Map.of("authorization", "Bearer " + key,
                "if-match", created.etag()));

        assertEquals(200, moved.status(), moved.toString());
        assertEquals("2026-12-02T00:00:00Z", moved.json().path("start").asText());
        assertEquals(1, api.callAs(key, "GET", "/api/maintenances", null).json().path("maintenances").size());
        assertEquals(412, api.call("DELETE", "/api/maintenances/" + id, null, Map.of("authorization", "Bearer " + key,
                "if-match", created.etag())).status());
        assertEquals(204, api.callAs(key, "DELETE", "/api/maintenances/" + id, null).status());
        assertEquals(0, api.callAs(key, "GET", "/api/maintenances", null).json().path("maintenances").size());
    }
}
