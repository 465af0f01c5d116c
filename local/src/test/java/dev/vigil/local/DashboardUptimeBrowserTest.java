package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.CheckState;
import dev.vigil.checks.CheckStatus;
import dev.vigil.checks.Level;
import dev.vigil.checks.store.CheckStore;
import dev.vigil.checks.store.CheckTables;
import dev.vigil.checks.store.StoredCheck;
import dev.vigil.domain.UptimeState;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Json;
import dev.vigil.store.RollupStore;
import dev.vigil.testkit.SamTemplate;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard's uptime figures and heartbeat bars in a real browser (headless Chromium) through the local
 * runner. An application and a check were up, then down for a known stretch of the last hours, then up again:
 * their rollups are written through the real rollup store (at past instants, as the stream and the sweep write
 * them), the check's results through the check store, the application's recent beats sent over HTTP. The list
 * pages show each row's 24 h and 30 d figures and a bar of the last 24 hours whose hours are coloured by what was
 * written; the detail pages show the 24 h / 30 d / 1 y figures, the bar of recent beats or results and the bar of
 * the last 30 days. Screenshots go to {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardUptimeBrowserTest {
    private static final String KEY = "dashboard-uptime-admin-key-0001";
    private static final long HOUR = 3600;

    /** No scheduled sweep: the check's results are the ones this test writes. */
    @RegisterExtension
    final DashboardSession dashboard = new DashboardSession(new RunnerConfig(0, Map.of("SweepSchedule", "rate(86400 seconds)"),
            KEY, Optional.empty()));

    @Test
    void listAndDetailPagesShowTheFiguresAndBarsOfAnOutageHoursAgo() throws Exception {
        String tenant = dashboard.api(KEY, "POST", "/api/tenants", "{\"name\":\"Uptime\"}").path("id").asText();
        String admin = dashboard.key(tenant, "admin");
        JsonNode app = dashboard.api(admin, "POST", "/api/applications",
                "{\"name\":\"nightly-export\",\"intervalSeconds\":3600,\"failureThreshold\":2}");
        String appId = app.path("id").asText();
        String checkId = dashboard.api(admin, "POST", "/api/checks",
                "{\"type\":\"http\",\"name\":\"shop-api\",\"failureThreshold\":1,\"recoveryThreshold\":1,"
                        + "\"settings\":{\"url\":\"https://shop.example.com/health\"}}").path("id").asText();

        // The current hour's start; the outage: the application down from 8 h before it to 15 min into the 6th hour
        // before it, the check (a result every 10 min from 10 h before it) unhealthy from 8 h before to 10 min into the 6th hour before.
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant since = hour.minusSeconds(10 * HOUR);
        Instant appDown = hour.minusSeconds(8 * HOUR);
        Instant appUp = hour.minusSeconds(6 * HOUR).plusSeconds(15 * 60);
        SamTemplate template = SamTemplate.load();
        Env env = Env.of(template.environment(template.function("AdminApiFunction").orElseThrow(), Map.of()));
        RollupStore rollups = new RollupStore(dashboard.runner().db().client(), env.require(RollupStore.TABLE_SETTING));
        String appSubject = RollupStore.application(appId);
        rollups.observe(appSubject, Optional.of(UptimeState.UP), since);
        rollups.observe(appSubject, Optional.of(UptimeState.DOWN), appDown);
        rollups.observe(appSubject, Optional.of(UptimeState.UP), appUp);
        Instant checkUp = recordResults(CheckTables.from(env, dashboard.runner().db().client()).checks(), rollups, checkId, since);

        // Recent beats over HTTP: a start, a success, a failure (below the threshold of 2: no flip), a success.
        String ping = app.path("pingUrl").asText();
        for (String signal : List.of("/start", "", "/fail", "")) {
            HttpRequest beat = HttpRequest.newBuilder(URI.create(ping + signal)).POST(HttpRequest.BodyPublishers.noBody()).build();
            assertEquals(200, dashboard.http().send(beat, BodyHandlers.discarding()).statusCode());
        }

        dashboard.signIn(admin);

        // The applications list: the row's figures and its hours, and what they cost.
        String appRow = "#applications tr[data-id='" + appId + "']";
        Bar hours = bar(appRow + " .beat-bar");
        assertEquals(24, hours.segments().size(), "the bar holds the last 24 hours");
        assertHours(hours, appDown, appUp);
        double appExpected = 1 - (double) Duration.between(appDown, appUp).toSeconds() / Duration.between(since, Instant.now()).toSeconds();
        assertFigure(text(appRow + " td[data-uptime-window='24h'] .uptime-figure"), appExpected, "24 h");
        assertFigure(text(appRow + " td[data-uptime-window='30d'] .uptime-figure"), appExpected, "30 d");
        assertEquals(2L, dashboard.browser().executeScript("return performance.getEntriesByType('resource')"
                + ".filter(e => e.name.includes('/api/applications/') && e.name.includes('/uptime')).length;"), "a row costs two uptime requests: its figures and its hours");
        dashboard.screenshot("applications-uptime");

        // The state filter has unknown, and the API answers it.
        new Select(dashboard.browser().findElement(By.id("status-filter"))).selectByValue("unknown");
        assertTrue(dashboard.waitFor(By.cssSelector("#applications .empty")).getText().contains("No application matches"));

        // The application's page: its recent beats in order, the figures, its last 30 days.
        dashboard.open("applications/" + appId);
        Bar beats = bar("#app-beat-bar[data-segments='4']");
        assertEquals(List.of("start", "success", "fail", "success"), beats.levels());
        assertEquals("Recent beats, oldest first: 1 start, 2 success, 1 fail", beats.label());
        assertTrue(beats.segments().get(2).get("title").contains(" · fail"), beats.segments().get(2).toString());
        // Monitored: 10 h and the minutes of the current hour (11 h if the hour turned meanwhile).
        for (String window : List.of("24h", "30d", "1y")) {
            String figure = "#app-uptime [data-window='" + window + "']";
            assertFigure(text(figure), appExpected, window);
            String words = attribute(figure, "title");
            assertTrue(words.matches("135 min down in 1[01] h monitored"), window + ": " + words);
        }
        assertDays(bar("#app-daily-bar"), since, appDown, appUp);
        dashboard.browser().executeScript("document.getElementById('uptime').scrollIntoView({block: 'start'});");
        dashboard.screenshot("application-uptime");

        // The checks list, then the check's page: the last 50 of its 60 results, 13 of them unhealthy.
        dashboard.open("checks");
        String checkRow = "#checks tr[data-id='" + checkId + "']";
        assertHours(bar(checkRow + " .beat-bar"), appDown, checkUp);
        double checkExpected = 1 - (double) Duration.between(appDown, checkUp).toSeconds() / Duration.between(since, Instant.now()).toSeconds();
        assertFigure(text(checkRow + " td[data-uptime-window='24h'] .uptime-figure"), checkExpected, "check 24 h");
        dashboard.screenshot("checks-uptime");

        dashboard.open("checks/" + checkId);
        Bar results = bar("#check-result-bar[data-segments='50']");
        assertEquals("Recent results, oldest first: 37 healthy, 13 unhealthy", results.label());
        assertEquals("healthy", results.levels().get(1));
        assertEquals("unhealthy", results.levels().get(2), "the 13th result, the first unhealthy one, is the 3rd of the last 50");
        assertTrue(results.segments().get(2).get("title").contains(" · unhealthy · 112 ms · status == 200 failed"),
                results.segments().get(2).toString());
        assertFigure(text("#check-uptime [data-window='24h']"), checkExpected, "check 24 h");
        String words = attribute("#check-uptime [data-window='24h']", "title");
        assertTrue(words.matches("130 min down in 1[01] h monitored; 60 results, \\d+ ms on average"), words);
        assertDays(bar("#check-daily-bar"), since, appDown, checkUp);
        dashboard.browser().executeScript("document.getElementById('uptime').scrollIntoView({block: 'start'});");
        dashboard.screenshot("check-uptime");
        dashboard.phoneWidth();
        dashboard.assertNoSidewaysScroll("#/checks/" + checkId + " with its bars");
        dashboard.assertConsoleClean();
    }

    /** A bar as the page shows it: its label and its segments' level, start and title, oldest first. */
    private record Bar(String label, List<Map<String, String>> segments) {
        List<String> levels() {
            return segments.stream().map(segment -> segment.get("level")).toList();
        }
    }

    /** The bar {@code css} finds, once it is there, read in one go (the page re-renders its rows every few seconds). */
    @SuppressWarnings("unchecked")
    private Bar bar(String css) {
        Map<String, Object> read = (Map<String, Object>) dashboard.waiting().until(d -> dashboard.browser().executeScript(
                "const bar = document.querySelector(arguments[0]); if (!bar) return null;"
                        + "return {label: bar.getAttribute('aria-label'), segments: [...bar.querySelectorAll('.beat-bar__seg')]"
                        + ".map(s => ({level: s.dataset.level, start: s.dataset.start || '', title: s.title}))};", css));
        return new Bar((String) read.get("label"), (List<Map<String, String>>) read.get("segments"));
    }

    private String text(String css) {
        return attribute(css, "textContent");
    }

    /** An attribute (or textContent) of what {@code css} finds, once it is there. */
    private String attribute(String css, String name) {
        return (String) dashboard.waiting().until(d -> dashboard.browser().executeScript(
                "const e = document.querySelector(arguments[0]); if (!e) return null;"
                        + "return arguments[1] === 'textContent' ? e.textContent : e.getAttribute(arguments[1]);", css, name));
    }

    /**
     * A result every 10 minutes from {@code since} for 10 hours, unhealthy from the 13th to the 25th, written as a
     * sweep writes them: the run on the check, a result in its rollups, and its confirmed status whenever it
     * changes. Returns when the check was up again.
     */
    private static Instant recordResults(CheckStore store, RollupStore rollups, String checkId, Instant since) {
        String subject = RollupStore.check(checkId);
        Instant upAgain = null;
        for (int i = 0; i < 60; i++) {
            Instant at = since.plusSeconds(i * 600L);
            CheckStatus status = i >= 12 && i <= 24 ? CheckStatus.UNHEALTHY : CheckStatus.HEALTHY;
            long latencyMs = 100 + i;
            StoredCheck before = store.find(checkId).orElseThrow();
            boolean healthy = status == CheckStatus.HEALTHY;
            CheckResult result = new CheckResult(checkId, before.check().tenantId(), at, status, latencyMs,
                    Json.object().put("status", healthy ? 200 : 503).put("latencyMs", latencyMs),
                    healthy ? List.of() : List.of(new CheckResult.FailedCondition("status == 200", Level.CRITICAL, "was 503")),
                    healthy ? "all conditions hold" : "status == 200 failed: was 503");
            CheckState.Transition transition = before.state().next(status, before.check().failureThreshold(), before.check().recoveryThreshold());
            assertTrue(store.recordRun(before, result, transition.state()), "result " + i + " was recorded");
            rollups.result(subject, at, OptionalLong.of(latencyMs));
            if (i == 0 || transition.changed()) {
                rollups.observe(subject, Optional.of(healthy ? UptimeState.UP : UptimeState.DOWN), at);
                if (i > 0 && healthy) {
                    upAgain = at;
                }
            }
        }
        return upAgain;
    }

    /** The hours bar: none before the data, up, the outage's whole hours down, its last hour partly down, up since. */
    private static void assertHours(Bar bar, Instant down, Instant up) {
        Map<String, String> levels = new HashMap<>();
        for (Map<String, String> segment : bar.segments()) {
            levels.put(segment.get("start"), segment.get("level"));
        }
        assertEquals("none", levels.get(down.minusSeconds(3 * HOUR).toString()), "no data before the first observation: " + levels);
        assertEquals("up", levels.get(down.minusSeconds(2 * HOUR).toString()), levels.toString());
        assertEquals("up", levels.get(down.minusSeconds(HOUR).toString()), levels.toString());
        assertEquals("down", levels.get(down.toString()), levels.toString());
        assertEquals("down", levels.get(down.plusSeconds(HOUR).toString()), levels.toString());
        assertEquals("partial", levels.get(down.plusSeconds(2 * HOUR).toString()), "the hour the outage ended in: " + levels);
        assertTrue(up.isAfter(down.plusSeconds(2 * HOUR)) && up.isBefore(down.plusSeconds(3 * HOUR)));
        assertEquals("up", levels.get(down.plusSeconds(3 * HOUR).toString()), levels.toString());
    }

    /** The days bar: 30 UTC days, each coloured by the up and down time the test wrote into it (brute force). */
    private static void assertDays(Bar bar, Instant since, Instant down, Instant up) {
        assertEquals(30, bar.segments().size(), "the last 30 days");
        Instant now = Instant.now();
        for (Map<String, String> segment : bar.segments()) {
            Instant start = Instant.parse(segment.get("start"));
            Instant end = start.plus(Duration.ofDays(1));
            long downSeconds = overlap(start, end, down, up);
            long upSeconds = overlap(start, end, since, down) + overlap(start, end, up, now);
            String expected = upSeconds + downSeconds == 0 ? "none" : downSeconds == 0 ? "up"
                    : (double) upSeconds / (upSeconds + downSeconds) <= 0.5 ? "down" : "partial";
            assertEquals(expected, segment.get("level"), "the day of " + start);
        }
    }

    private static long overlap(Instant start, Instant end, Instant from, Instant to) {
        Instant a = start.isAfter(from) ? start : from;
        Instant b = end.isBefore(to) ? end : to;
        return b.isAfter(a) ? Duration.between(a, b).toSeconds() : 0;
    }

    /** A figure as shown ("97.86 %"), within 0.05 points of what the data makes it (the page read it seconds apart). */
    private static void assertFigure(String shown, double expected, String what) {
        assertTrue(shown.endsWith(" %"), what + ": " + shown);
        double percent = Double.parseDouble(shown.substring(0, shown.length() - 2));
        assertTrue(Math.abs(percent - expected * 100) < 0.05, what + ": shown " + shown + ", expected " + expected * 100);
    }
}
