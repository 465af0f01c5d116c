package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.checks.CheckStatus;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.Application;
import dev.vigil.domain.ChannelType;
import dev.vigil.store.HeartbeatLog;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Tenants never see each other. Tenant "beta" has an application with beats, a channel, a delivery
 * record, a check with a secret header and recorded runs, threshold overrides and keys; tenant
 * "alpha"'s admin key then calls every route of the admin function's route table, naming beta's
 * resources (or beta itself) wherever a route takes an id: it gets 404 for them, lists none of them,
 * creates only in its own tenant, gets 403 on the operator's routes and when it names beta in
 * {@code X-Vigil-Tenant}, and beta's items and secrets are exactly as they were. A tag in a path is the
 * caller's own tag: beta's badge of the same tag is not found, and issuing one issues alpha's own; alpha's
 * read-only key in a metrics URL shows alpha alone. A route nobody
 * classified fails the test, so a new route is covered the day it is added.
 */
class TenantIsolationTest {
    private final AdminApiHarness api = new AdminApiHarness();
    private String alpha;
    private String alphaKey;
    private String beta;
    private JsonNode betaApp;
    private String betaChannel;
    private String betaCheck;
    private String betaAlert;
    private String betaTask;
    private String betaStatusPage;
    private String betaIncident;
    private String betaMaintenance;
    private List<String> betaMarkers;
    private String alphaReadOnlyKey;

    /** What each route is, for another tenant's key. */
    enum Kind { PUBLIC, OPERATOR, ONE_RESOURCE, LISTING, CREATION, OWN_TAG, KEY_IN_PATH }

    private void setUp() throws IOException {
        alpha = api.tenant("alpha");
        beta = api.tenant("beta");
        alphaKey = api.key(alpha, "admin");
        String betaKey = api.key(beta, "admin");
        betaChannel = api.callAs(betaKey, "POST", "/api/channels", "{\"type\":\"slack\",\"name\":\"beta-only ops\",\"default\":true,"
                + "\"settings\":{\"webhookUrl\":\"https://hooks.slack.com/services/T0001/B0001/betasecretWXYZ\"}}").json().path("id").asText();
        betaApp = api.callAs(betaKey, "POST", "/api/applications", "{\"name\":\"beta-only billing\",\"intervalSeconds\":60,"
                + "\"channels\":[\"" + betaChannel + "\"],\"tags\":[\"beta-only\"]}").json();
        String appId = betaApp.path("id").asText();
        Application stored = api.platform.tables().applications().findById(appId).orElseThrow();
        assertEquals(beta, stored.tenantId());
        api.platform.tables().heartbeats().appendAll(List.of(new HeartbeatLog.Entry(appId, 1,
                new HeartbeatLog.Beat(api.clock.instant(), "POST", Optional.of("203.0.113.9"), Optional.of("beta-agent")))));
        var down = Alerts.down(stored, api.clock.instant(), api.clock.instant());
        assertEquals(beta, down.tenantId(), "an alert carries its application's tenant");
        api.platform.tables().notifications().claim(down, betaChannel, "slack", Optional.empty(), api.clock.instant());
        assertTrue(api.platform.ledger().write(down, List.of()), "the outage's alert record");
        betaAlert = api.platform.tables().alerts().standing(beta, appId).orElseThrow().id();
        betaCheck = api.callAs(betaKey, "POST", "/api/checks", "{\"type\":\"http\",\"name\":\"beta-only payments\",\"settings\":"
                + "{\"url\":\"https://beta-payments.example.com/health\",\"secretHeaders\":{\"Authorization\":\"Bearer betatokenK7Q9\"}}}")
                .json().path("id").asText();
        api.recordRun(betaCheck, CheckStatus.HEALTHY, 120);
        api.recordRun(betaCheck, CheckStatus.UNHEALTHY, 2500);
        betaTask = api.callAs(betaKey, "POST", "/api/tasks", "{\"name\":\"beta-only export\",\"cron\":\"30 2 * * *\","
                + "\"target\":{\"type\":\"event\",\"detail\":{\"job\":\"beta-only\"}}}").json().path("id").asText();
        dev.vigil.store.TaskStore taskStore = dev.vigil.store.TaskStore.fromEnv(api.platform.env(), api.platform.dynamo());
        var task = taskStore.find(beta, betaTask).orElseThrow();
        var run = new dev.vigil.domain.TaskRun(betaTask, beta, api.clock.instant(), api.clock.instant(),
                dev.vigil.domain.TaskRun.Outcome.EXECUTED, 5, Optional.empty(), task.nextRunAt(), 0);
        assertTrue(taskStore.record(taskStore.runWrites(task, dev.vigil.domain.TaskSchedule.afterRun(task, true), List.of(run))));
        assertEquals(200, api.callAs(betaKey, "PUT", "/api/tenants/" + beta + "/thresholds", "{\"http\":[\"latencyMs < 777\"]}").status());
        api.callAs(alphaKey, "POST", "/api/applications", "{\"name\":\"alpha billing\",\"intervalSeconds\":60}");
        api.callAs(alphaKey, "POST", "/api/checks", "{\"type\":\"tcp\",\"name\":\"alpha db\",\"settings\":"
                + "{\"host\":\"db.alpha.example.com\",\"port\":5432}}");
        api.callAs(alphaKey, "POST", "/api/channels", "{\"type\":\"slack\",\"name\":\"alpha ops\","
                + "\"settings\":{\"webhookUrl\":\"https://hooks.slack.com/services/T0001/B0001/alphasecretWXYZ\"}}");
        String betaAppBadge = api.callAs(betaKey, "POST", "/api/applications/" + appId + "/badge", null).json().path("badgeKey").asText();
        String betaTagBadge = api.callAs(betaKey, "POST", "/api/tags/beta-only/badge", null).json().path("badgeKey").asText();
        betaStatusPage = api.callAs(betaKey, "POST", "/api/status-pages", "{\"slug\":\"beta-only-status\",\"title\":\"Beta status\","
                + "\"groups\":[{\"name\":\"Core\",\"components\":[{\"kind\":\"application\",\"id\":\"" + appId
                + "\",\"displayName\":\"Billing\"}]}]}").json().path("id").asText();
        betaIncident = api.callAs(betaKey, "POST", "/api/incidents", "{\"fromAlert\":\"" + betaAlert + "\"}").json().path("id").asText();
        betaMaintenance = api.callAs(betaKey, "POST", "/api/maintenances", "{\"title\":\"beta-only upgrade\","
                + "\"start\":\"2026-12-01T00:00:00Z\",\"end\":\"2026-12-01T02:00:00Z\",\"affected\":[{\"kind\":\"check\",\"id\":\""
                + betaCheck + "\"}]}").json().path("id").asText();
        assertTrue(Stream.of(betaStatusPage, betaIncident, betaMaintenance).allMatch(id -> id.matches("(sp|inc|mnt)_[a-z0-9]{12}")));
        alphaReadOnlyKey = api.key(alpha, "read-only");
        betaMarkers = List.of(appId, betaApp.path("uuid").asText(), betaChannel, "beta-only", down.eventId(), beta, betaCheck,
                "beta-payments", "betatoken", "K7Q9", "777", betaAlert, betaTask, betaAppBadge, betaTagBadge, betaStatusPage,
                betaIncident, betaMaintenance);
    }

    @TestFactory
    Stream<DynamicTest> anotherTenantsKeyNeverSeesOrChangesItsData() throws IOException {
        setUp();
        List<String> routes = api.handler.routeKeys().stream().sorted().toList();
        List<DynamicTest> tests = new ArrayList<>();
        for (String route : routes) {
            Kind kind = kind(route);
            tests.add(DynamicTest.dynamicTest(route + " (" + kind.name().toLowerCase().replace('_', ' ') + ")", () -> check(route, kind)));
            if (kind != Kind.OPERATOR && kind != Kind.PUBLIC && kind != Kind.KEY_IN_PATH) {
                tests.add(DynamicTest.dynamicTest(route + " naming the other tenant in X-Vigil-Tenant", () -> namingBeta(route)));
            }
        }
        return tests.stream();
    }

    /** The rule each route falls under: derived from its path and method, so every route has one. */
    private Kind kind(String route) {
        String method = route.substring(0, route.indexOf(' '));
        String path = route.substring(route.indexOf(' ') + 1);
        if (api.handler.publicRouteKeys().contains(route)) {
            return Kind.PUBLIC;
        }
        if (api.handler.operatorRouteKeys().contains(route)) {
            return Kind.OPERATOR;
        }
        if (api.handler.keyInPathRouteKeys().contains(route)) {
            return Kind.KEY_IN_PATH;
        }
        if (path.contains("{tag}")) {
            return Kind.OWN_TAG;
        }
        if (path.contains("{id}")) {
            return Kind.ONE_RESOURCE;
        }
        if (method.equals("GET")) {
            return Kind.LISTING;
        }
        if (method.equals("POST")) {
            return Kind.CREATION;
        }
        return fail("no isolation rule covers " + route + ": add one here");
    }

    private void check(String route, Kind kind) throws IOException {
        Map<String, List<String>> before = betasItems();
        AdminApiHarness.Answer answer = api.callAs(alphaKey, method(route), path(route, beta), body(route));

        switch (kind) {
            case PUBLIC -> assertEquals(route.startsWith("GET /badge/") ? 404 : 200, answer.status(),
                    "Vigil's own pulse, for anyone; a badge only by a key that was issued: " + answer);
            case KEY_IN_PATH -> assertEquals(200, answer.status(), "its own read-only key in the path: " + answer);
            case OWN_TAG -> assertTrue(method(route).equals("POST") ? answer.status() == 201 : answer.status() == 404,
                    "a tag names the caller's own tag: the other tenant's badge of the same tag is not found: " + answer);
            case OPERATOR -> assertEquals(403, answer.status(), answer.toString());
            case ONE_RESOURCE -> {
                assertEquals(404, answer.status(), "another tenant's id is not found: " + answer);
                String unknown = path(route, beta).replaceAll("(app|ch|chk|tn|al|task|sp|inc|mnt)_[a-z0-9]{12}", "$1_zzzzzzzzzzzz");
                String asUnknown = api.callAs(alphaKey, method(route), unknown, body(route)).error();
                assertEquals(asUnknown.replace("zzzzzzzzzzzz", ""), answer.error().replaceAll("_[a-z0-9]{12}", "_"),
                        "the same answer as for an id nobody has");
            }
            case LISTING -> assertEquals(200, answer.status(), answer.toString());
            case CREATION -> {
                assertEquals(201, answer.status(), answer.toString());
                String id = answer.json().path("id").asText();
                String created = path(route, beta);
                String table = created.startsWith("/api/channels") ? "ChannelsTable"
                        : created.startsWith("/api/checks") ? "ChecksTable"
                        : created.startsWith("/api/tasks") ? "TasksTable"
                        : created.startsWith("/api/status-pages") || created.startsWith("/api/incidents")
                        || created.startsWith("/api/maintenances") ? "StatusPagesTable" : "ApplicationsTable";
                assertTrue(items(table).stream().anyMatch(item -> item.contains(id) && item.contains("tenantId=AttributeValue(S=" + alpha)),
                        "created in the caller's own tenant");
            }
        }
        for (String marker : betaMarkers) {
            boolean echoed = (kind == Kind.ONE_RESOURCE || kind == Kind.OWN_TAG) && path(route, beta).contains(marker);
            assertFalse(!echoed && (answer.json().toString().contains(marker) || answer.body().contains(marker)), "the answer shows the other tenant's " + marker
                    + ": " + answer);
        }
        assertEquals(before, betasItems(), "the other tenant's items are as they were");
    }

    /** A tenant's key that names another tenant in X-Vigil-Tenant is refused, and nothing changes. */
    private void namingBeta(String route) throws IOException {
        Map<String, List<String>> before = betasItems();
        int alphaItems = items("ApplicationsTable").size() + items("ChannelsTable").size() + items("ChecksTable").size()
                + items("TasksTable").size();

        AdminApiHarness.Answer answer = api.call(method(route), path(route, beta), body(route),
                Map.of("authorization", "Bearer " + alphaKey, "x-vigil-tenant", beta));

        assertEquals(403, answer.status(), answer.toString());
        assertEquals(before, betasItems());
        assertEquals(alphaItems, items("ApplicationsTable").size() + items("ChannelsTable").size() + items("ChecksTable").size()
                        + items("TasksTable").size(),
                "nothing written");
    }

    @Test
    void anApplicationCannotRouteItsAlertsToAnotherTenantsChannel() throws IOException {
        setUp();
        Map<String, List<String>> before = betasItems();

        AdminApiHarness.Answer answer = api.callAs(alphaKey, "POST", "/api/applications",
                "{\"name\":\"sneaky\",\"intervalSeconds\":60,\"channels\":[\"" + betaChannel + "\"]}");

        assertEquals(400, answer.status(), answer.toString());
        assertEquals("unknown channel: " + betaChannel, answer.error());
        assertEquals(before, betasItems());
    }

    @Test
    void theOperatorSeesATenantOnlyWhenItNamesIt() throws IOException {
        setUp();

        JsonNode defaults = api.send("GET", "/api/applications", null, 200);
        JsonNode betas = api.call("GET", "/api/applications", null, Map.of("x-vigil-tenant", beta)).json();

        assertEquals(0, defaults.path("applications").size(), defaults.toString());
        assertEquals(1, betas.path("applications").size(), betas.toString());
        assertEquals(betaApp, betas.path("applications").get(0), "the operator sees the whole application");
    }

    private static String method(String route) {
        return route.substring(0, route.indexOf(' '));
    }

    /** The route's path, naming the other tenant's resource (or the tenant itself) wherever it takes an id. */
    private String path(String route, String tenant) {
        String path = route.substring(route.indexOf(' ') + 1);
        String id = path.startsWith("/api/channels") ? betaChannel : path.startsWith("/api/checks") ? betaCheck
                : path.startsWith("/api/alerts") ? betaAlert
                : path.startsWith("/api/tasks") ? betaTask
                : path.startsWith("/api/status-pages") ? betaStatusPage
                : path.startsWith("/api/incidents") ? betaIncident
                : path.startsWith("/api/maintenances") ? betaMaintenance
                : path.startsWith("/api/tenants") || path.startsWith("/api/health/tenants") ? tenant : betaApp.path("id").asText();
        return path.replace("{id}", id).replace("{keyId}", "key_k3v9x2m7q4pa").replace("{service}", "beta-only payments")
                .replace("{tag}", "beta-only").replace("{key}", alphaReadOnlyKey)
                .replace("{badge}", "bdg_zzzzzzzzzzzzzzzzzzzzzzzzzz.svg");
    }

    private static String body(String route) {
        String method = method(route);
        String path = route.substring(route.indexOf(' ') + 1);
        if (!method.equals("POST") && !method.equals("PUT") || path.endsWith("/acknowledge")) {
            return null;
        }
        if (path.startsWith("/api/channels")) {
            return "{\"type\":\"slack\",\"name\":\"hijacked\",\"settings\":{\"webhookUrl\":\"https://hooks.slack.com/services/T1/B1/hijackWXYZ\"}}";
        }
        if (path.startsWith("/api/checks")) {
            return "{\"type\":\"http\",\"name\":\"hijacked\",\"settings\":{\"url\":\"https://hijack.example.com/\","
                    + "\"secretHeaders\":{\"Authorization\":\"Bearer hijackWXYZ\"}}}";
        }
        if (path.startsWith("/api/tasks")) {
            return "{\"name\":\"hijacked\",\"cron\":\"* * * * *\",\"target\":{\"type\":\"event\"}}";
        }
        if (path.startsWith("/api/status-pages")) {
            return "{\"slug\":\"hijacked\",\"title\":\"hijacked\"}";
        }
        if (path.startsWith("/api/incidents")) {
            return "{\"title\":\"hijacked\",\"message\":\"hijacked\",\"status\":\"resolved\"}";
        }
        if (path.startsWith("/api/maintenances")) {
            return "{\"title\":\"hijacked\",\"start\":\"2026-12-01T00:00:00Z\",\"end\":\"2026-12-01T01:00:00Z\"}";
        }
        if (path.endsWith("/thresholds")) {
            return "{\"http\":[\"latencyMs < 1\"]}";
        }
        if (path.startsWith("/api/tenants")) {
            return path.endsWith("/keys") ? "{\"name\":\"hijacked\",\"role\":\"admin\"}" : "{\"name\":\"hijacked\"}";
        }
        return "{\"name\":\"hijacked\",\"intervalSeconds\":60}";
    }

    /** Every item of the other tenant, table by table, and its secrets, as text. */
    private Map<String, List<String>> betasItems() {
        String appId = betaApp.path("id").asText();
        return Map.ofEntries(
                Map.entry("ApplicationsTable", owned("ApplicationsTable", "tenantId")),
                Map.entry("ChannelsTable", owned("ChannelsTable", "tenantId")),
                Map.entry("NotificationsTable", owned("NotificationsTable", "tenantId")),
                Map.entry("AlertsTable", owned("AlertsTable", "tenantId")),
                Map.entry("ApiKeysTable", owned("ApiKeysTable", "tenantId")),
                Map.entry("BadgesTable", owned("BadgesTable", "tenantId")),
                Map.entry("StatusPagesTable", owned("StatusPagesTable", "tenantId")),
                Map.entry("TenantsTable", owned("TenantsTable", "id")),
                Map.entry("HeartbeatsTable", items("HeartbeatsTable").stream().filter(item -> item.contains(appId)).toList()),
                Map.entry("ChecksTable", owned("ChecksTable", "tenantId")),
                Map.entry("CheckResultsTable", owned("CheckResultsTable", "tenantId")),
                Map.entry("TasksTable and TaskRunsTable", Stream.concat(owned("TasksTable", "tenantId").stream(),
                        owned("TaskRunsTable", "tenantId").stream()).toList()),
                Map.entry("secrets", List.of(api.secrets.get(ChannelType.SLACK, betaChannel).toString(), api.checkSecrets.get(betaCheck).toString())));
    }

    private List<String> owned(String table, String attribute) {
        List<String> found = new ArrayList<>();
        api.db.client().scanPaginator(s -> s.tableName(table)).items().forEach(item -> {
            if (AttributeValue.fromS(beta).equals(item.get(attribute))) {
                found.add(new java.util.TreeMap<>(item).toString());
            }
        });
        found.sort(null);
        return found;
    }

    private List<String> items(String table) {
        List<String> found = new ArrayList<>();
        api.db.client().scanPaginator(s -> s.tableName(table)).items().forEach(item -> found.add(new java.util.TreeMap<>(item).toString()));
        return found;
    }
}
