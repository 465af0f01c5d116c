package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.ComponentRef;
import dev.vigil.domain.Incident;
import dev.vigil.domain.IncidentStatus;
import dev.vigil.domain.UptimeState;
import dev.vigil.store.RollupStore;
import dev.vigil.store.StatusPageStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The uptime routes on DynamoDB Local, over rollups written as the beat history writes them: the 24 h,
 * 30 d and 1 y figures up to now, a window, a chart series, 400 for bad windows and 404 for another
 * tenant's or an unknown subject.
 */
class UptimeApiTest {
    private final AdminApiHarness api = new AdminApiHarness();
    private final RollupStore rollups = new RollupStore(api.platform.dynamo(),
            api.platform.env().require(RollupStore.TABLE_SETTING));

    private String app() throws IOException {
        return api.send("POST", "/api/applications", "{\"name\":\"billing\",\"intervalSeconds\":60,\"graceSeconds\":30}", 201)
                .path("id").asText();
    }

    /** Up for 50 minutes, down 10 minutes, up again until now (the live span, not written yet). */
    private String appWithAnOutage() throws IOException {
        String id = app();
        Instant now = api.clock.instant();
        String subject = RollupStore.application(id);
        rollups.observe(subject, Optional.of(UptimeState.UP), now.minus(Duration.ofMinutes(120)));
        rollups.observe(subject, Optional.of(UptimeState.DOWN), now.minus(Duration.ofMinutes(70)));
        rollups.observe(subject, Optional.of(UptimeState.UP), now.minus(Duration.ofMinutes(60)));
        return id;
    }

    @Test
    void anApplicationsFiguresCountItsOutageAndReachUpToNow() throws IOException {
        String id = appWithAnOutage();

        JsonNode body = api.send("GET", "/api/applications/" + id + "/uptime", null, 200);

        assertEquals(id, body.path("applicationId").asText());
        for (String window : new String[] {"24h", "30d", "1y"}) {
            JsonNode figure = body.path(window);
            assertEquals(110.0 / 120, figure.path("uptime").asDouble(), 1e-9, window + ": " + figure);
            assertEquals(10, figure.path("downtimeMinutes").asLong(), window);
            assertEquals(7200, figure.path("monitoredSeconds").asLong(), window);
            assertEquals(1, figure.path("outages").asLong(), window + ": one flip into down");
        }
        assertTrue(body.path("24h").path("avgLatencyMs").isMissingNode(), "latency is for checks");
    }

    @Test
    void anApplicationNeverWatchedHasNoFigureRatherThanAHundredPercent() throws IOException {
        String id = app();

        JsonNode body = api.send("GET", "/api/applications/" + id + "/uptime", null, 200);

        assertTrue(body.path("24h").path("uptime").isNull(), body.toString());
        assertEquals(0, body.path("1y").path("monitoredSeconds").asLong());
    }

    @Test
    void aWindowAndASeriesAreReadFromTheSameRollups() throws IOException {
        String id = appWithAnOutage();
        Instant now = api.clock.instant();
        Instant from = now.minus(Duration.ofHours(3)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);

        JsonNode window = api.send("GET", "/api/applications/" + id + "/uptime?from=" + from + "&to=" + now, null, 200);
        JsonNode series = api.send("GET", "/api/applications/" + id + "/uptime?from=" + from + "&to=" + now + "&step=PT1H",
                null, 200);

        assertEquals(10, window.path("window").path("downtimeMinutes").asLong(), window.toString());
        assertEquals("hour", series.path("resolution").asText());
        List<Long> down = new ArrayList<>();
        long monitored = 0;
        for (JsonNode point : series.path("points")) {
            down.add(point.path("downtimeMinutes").asLong());
            monitored += point.path("monitoredSeconds").asLong();
        }
        assertEquals(List.of(0L, 6L, 5L, 0L), down, "10:54:02 to 11:04:02 down; any part of a minute counts in each hour");
        assertTrue(monitored > 7196 && monitored <= 7200, "two hours, each point's seconds rounded down: " + monitored);
    }

    @Test
    void badWindowsAreRefusedWithTheirReason() throws IOException {
        String id = app();
        String base = "/api/applications/" + id + "/uptime";

        assertTrue(api.send("GET", base + "?from=yesterday&to=2026-11-24T00:00:00Z", null, 400).toString().contains("from"));
        assertTrue(api.send("GET", base + "?from=2026-11-24T00:00:00Z", null, 400).toString().contains("both from and to"));
        assertTrue(api.send("GET", base + "?from=2026-11-24T00:00:00Z&to=2026-11-23T00:00:00Z", null, 400).toString()
                .contains("from before to"));
        assertTrue(api.send("GET", base + "?from=2026-11-23T00:00:00Z&to=2026-11-24T00:00:00Z&step=PT90S", null, 400)
                .toString().contains("whole number of minutes"));
        assertTrue(api.send("GET", base + "?from=2026-11-23T00:00:00Z&to=2026-11-24T00:00:00Z&step=often", null, 400)
                .toString().contains("ISO-8601 duration"));
        assertTrue(api.send("GET", base + "?from=2026-11-23T00:00:00Z&to=2026-11-24T00:00:00Z&step=P401D", null, 400)
                .toString().contains("at most 400 days"));
    }

    @Test
    void anotherTenantsOrAnUnknownApplicationIsNotFound() throws IOException {
        String id = appWithAnOutage();
        String other = api.tenant("other");
        String key = api.key(other, "admin");

        assertEquals(404, api.callAs(key, "GET", "/api/applications/" + id + "/uptime", null).status());
        api.send("GET", "/api/applications/app_zzzzzzzzzzzz/uptime", null, 404);
        api.send("GET", "/api/checks/chk_zzzzzzzzzzzz/uptime", null, 404);
    }

    @Test
    void aChecksFiguresHaveItsResultsAndAverageLatency() throws IOException {
        String check = api.send("POST", "/api/checks", "{\"type\":\"tcp\",\"name\":\"db\",\"settings\":{\"host\":\"db.example.com\","
                + "\"port\":5432}}", 201).path("id").asText();
        Instant now = api.clock.instant();
        String subject = RollupStore.check(check);
        rollups.observe(subject, Optional.of(UptimeState.UP), now.minus(Duration.ofMinutes(30)));
        rollups.result(subject, now.minus(Duration.ofMinutes(20)), OptionalLong.of(30));
        rollups.result(subject, now.minus(Duration.ofMinutes(10)), OptionalLong.of(50));

        JsonNode body = api.send("GET", "/api/checks/" + check + "/uptime", null, 200);

        assertEquals(check, body.path("checkId").asText());
        assertEquals(1.0, body.path("24h").path("uptime").asDouble());
        assertEquals(2, body.path("24h").path("results").asLong());
        assertEquals(40.0, body.path("30d").path("avgLatencyMs").asDouble());
    }

    @Test
    void aTenantsSlaReportGivesEachApplicationsAndChecksUptimeOverTheMonth() throws IOException {
        String id = appWithAnOutage();
        String check = api.send("POST", "/api/checks", "{\"type\":\"tcp\",\"name\":\"db\",\"settings\":{\"host\":\"db.example.com\","
                + "\"port\":5432}}", 201).path("id").asText();
        String tenant = api.tenant("sla");

        JsonNode report = api.send("GET", "/api/tenants/default/sla?month=2026-11", null, 200);
        JsonNode empty = api.send("GET", "/api/tenants/" + tenant + "/sla?month=2026-11", null, 200);

        assertEquals("2026-11-01T00:00:00Z", report.path("from").asText());
        JsonNode app = report.path("applications").get(0);
        assertEquals(id, app.path("id").asText());
        assertEquals("billing", app.path("name").asText());
        assertEquals(10, app.path("downtimeMinutes").asLong());
        assertEquals(110.0 / 120, app.path("uptime").asDouble(), 1e-9);
        assertEquals(check, report.path("checks").get(0).path("id").asText());
        assertTrue(report.path("checks").get(0).path("uptime").isNull(), "a check never run has no figure");
        assertEquals(1, app.path("incidents").asLong(), "one outage started in the month");
        assertEquals(0, app.path("statusPageIncidents").path("count").asLong());
        assertEquals(1, report.path("totals").path("incidents").asLong());
        assertEquals(10, report.path("totals").path("downtimeMinutes").asLong());
        assertEquals(0, empty.path("applications").size(), "another tenant's report shows none of these");
        assertTrue(api.send("GET", "/api/tenants/default/sla?month=November", null, 400).toString().contains("2026-11"));
        api.send("GET", "/api/tenants/default/sla", null, 400);
        api.send("GET", "/api/tenants/tn_zzzzzzzzzzzz/sla?month=2026-11", null, 404);
    }

    @Test
    void anApplicationsMaintenanceWindowIsMaintenanceTimeAlsoBeforeItsStateIsWritten() throws IOException {
        Instant now = api.clock.instant();
        String window = "{\"start\":\"" + now.minus(Duration.ofMinutes(30)) + "\",\"end\":\"" + now.minus(Duration.ofMinutes(20)) + "\"}";
        String id = api.send("POST", "/api/applications", "{\"name\":\"nightly\",\"intervalSeconds\":60,\"graceSeconds\":30,"
                + "\"maintenance\":[" + window + "]}", 201).path("id").asText();
        // Down since an hour ago, through the window, and still down now: nothing written since the flip.
        rollups.observe(RollupStore.application(id), Optional.of(UptimeState.UP), now.minus(Duration.ofMinutes(120)));
        rollups.observe(RollupStore.application(id), Optional.of(UptimeState.DOWN), now.minus(Duration.ofMinutes(60)));

        JsonNode day = api.send("GET", "/api/applications/" + id + "/uptime", null, 200).path("24h");

        assertEquals(600, day.path("maintenanceSeconds").asLong(), day.toString());
        assertEquals(50, day.path("downtimeMinutes").asLong(), day.toString());
        assertEquals(60.0 / 110, day.path("uptime").asDouble(), 1e-9);
    }

    @Test
    void theSlaReportListsTheStatusPageIncidentsThatAffectedEachSubjectInTheMonth() throws IOException {
        String id = appWithAnOutage();
        String quiet = app();
        JsonNode opened = api.send("POST", "/api/incidents", "{\"title\":\"Billing is slow\",\"message\":\"Looking.\","
                + "\"affected\":[{\"kind\":\"application\",\"id\":\"" + id + "\"}]}", 201);

        JsonNode november = api.send("GET", "/api/tenants/default/sla?month=2026-11", null, 200);
        JsonNode october = api.send("GET", "/api/tenants/default/sla?month=2026-10", null, 200);

        JsonNode affected = subject(november, id).path("statusPageIncidents");
        assertEquals(1, affected.path("count").asLong(), november.toString());
        assertEquals(opened.path("id").asText(), affected.path("incidents").get(0).path("id").asText());
        assertEquals("Billing is slow", affected.path("incidents").get(0).path("title").asText());
        assertEquals(0, subject(november, quiet).path("statusPageIncidents").path("count").asLong());
        assertEquals(1, november.path("totals").path("statusPageIncidents").asLong());
        assertEquals(0, october.path("totals").path("statusPageIncidents").asLong(), "opened in November");
        assertEquals(0, october.path("totals").path("incidents").asLong());
    }

    private static JsonNode subject(JsonNode report, String id) {
        for (JsonNode app : report.path("applications")) {
            if (app.path("id").asText().equals(id)) {
                return app;
            }
        }
        throw new AssertionError("no " + id + " in " + report);
    }

    @Test
    void theCurrentMonthsReportIsServedFromTheCacheForFiveMinutes() throws IOException {
        appWithAnOutage();

        JsonNode first = api.send("GET", "/api/tenants/default/sla?month=2026-11", null, 200);
        api.clock.advance(Duration.ofMinutes(4));
        JsonNode again = api.send("GET", "/api/tenants/default/sla?month=2026-11", null, 200);
        api.clock.advance(Duration.ofMinutes(2));
        JsonNode later = api.send("GET", "/api/tenants/default/sla?month=2026-11", null, 200);

        assertFalse(first.path("cached").asBoolean());
        assertFalse(first.path("final").asBoolean(), "the month is not over");
        assertTrue(again.path("cached").asBoolean());
        assertEquals(first.path("generatedAt").asText(), again.path("generatedAt").asText());
        assertEquals(first.path("applications"), again.path("applications"));
        assertFalse(later.path("cached").asBoolean(), "five minutes on, computed again");
        assertEquals(api.clock.instant().toString(), later.path("generatedAt").asText());
    }

    @Test
    void aClosedMonthIsCachedForGoodOnlyOnceEveryWatermarkPassedItsEnd() throws IOException {
        String id = app();
        String subject = RollupStore.application(id);
        rollups.observe(subject, Optional.of(UptimeState.UP), Instant.parse("2026-10-20T00:00:00Z"));

        JsonNode live = api.send("GET", "/api/tenants/default/sla?month=2026-10", null, 200);
        assertFalse(live.path("final").asBoolean(), "up since 20 October, its October time is not written yet");
        assertEquals(1.0, subject(live, id).path("uptime").asDouble());

        rollups.observe(subject, Optional.of(UptimeState.DOWN), api.clock.instant().minus(Duration.ofMinutes(1)));
        api.clock.advance(Duration.ofMinutes(6));
        JsonNode settled = api.send("GET", "/api/tenants/default/sla?month=2026-10", null, 200);
        api.clock.advance(Duration.ofDays(60));
        JsonNode muchLater = api.send("GET", "/api/tenants/default/sla?month=2026-10", null, 200);

        assertTrue(settled.path("final").asBoolean(), settled.toString());
        assertFalse(settled.path("cached").asBoolean());
        assertEquals(12 * 86_400, subject(settled, id).path("monitoredSeconds").asLong(), "20 to 31 October, up");
        assertEquals(0, subject(settled, id).path("incidents").asLong(), "the outage started in November");
        assertTrue(muchLater.path("cached").asBoolean(), "a final month is served from the cache");
        assertEquals(settled.path("generatedAt").asText(), muchLater.path("generatedAt").asText());
        assertEquals(settled.path("applications"), muchLater.path("applications"));
    }

    @Test
    void aFinalReportServedFromTheCacheShowsItsStatusPageIncidentsAsTheyAreNow() throws IOException {
        String id = app();
        String subject = RollupStore.application(id);
        rollups.observe(subject, Optional.of(UptimeState.UP), Instant.parse("2026-10-20T00:00:00Z"));
        rollups.observe(subject, Optional.of(UptimeState.DOWN), api.clock.instant().minus(Duration.ofMinutes(10)));
        StatusPageStore pages = new StatusPageStore(api.platform.dynamo(), api.platform.env().require(StatusPageStore.TABLE_SETTING));
        Incident october = Incident.open("default", "Billing is slow", List.of(new ComponentRef(ComponentRef.Kind.APPLICATION, id)),
                IncidentStatus.INVESTIGATING, "Looking.", Instant.parse("2026-10-25T10:00:00Z"));
        assertTrue(pages.createIncident(october));
        JsonNode computed = api.send("GET", "/api/tenants/default/sla?month=2026-10", null, 200);
        assertTrue(computed.path("final").asBoolean(), computed.toString());
        assertEquals(1, subject(computed, id).path("statusPageIncidents").path("count").asLong());

        api.send("PUT", "/api/incidents/" + october.id(), "{\"title\":\"Billing was slow\",\"affected\":[{\"kind\":\"application\","
                + "\"id\":\"" + id + "\"}]}", 200);
        JsonNode renamed = api.send("GET", "/api/tenants/default/sla?month=2026-10", null, 200);
        api.send("DELETE", "/api/incidents/" + october.id(), null, 204);
        JsonNode deleted = api.send("GET", "/api/tenants/default/sla?month=2026-10", null, 200);

        assertTrue(renamed.path("cached").asBoolean());
        assertEquals("Billing was slow", subject(renamed, id).path("statusPageIncidents").path("incidents").get(0).path("title").asText());
        assertTrue(deleted.path("cached").asBoolean());
        assertEquals(0, subject(deleted, id).path("statusPageIncidents").path("count").asLong(), deleted.toString());
        assertEquals(0, deleted.path("totals").path("statusPageIncidents").asLong());
        assertEquals(computed.path("generatedAt").asText(), deleted.path("generatedAt").asText(), "the uptime is still the cached one");
    }

    @Test
    void monthsWithoutKeptRollupsAreAnsweredButNotCached() throws IOException {
        appWithAnOutage();

        JsonNode old = api.send("GET", "/api/tenants/default/sla?month=2024-01", null, 200);
        JsonNode oldAgain = api.send("GET", "/api/tenants/default/sla?month=2024-01", null, 200);
        JsonNode future = api.send("GET", "/api/tenants/default/sla?month=2027-03", null, 200);
        JsonNode futureAgain = api.send("GET", "/api/tenants/default/sla?month=2027-03", null, 200);

        assertTrue(old.path("applications").get(0).path("uptime").isNull(), old.toString());
        assertFalse(oldAgain.path("cached").asBoolean(), "older than the day buckets kept");
        assertFalse(futureAgain.path("cached").asBoolean(), "not started");
        assertEquals(0, future.path("totals").path("incidents").asLong());
    }
}
