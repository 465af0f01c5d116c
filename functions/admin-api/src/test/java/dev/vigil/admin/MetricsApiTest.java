package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.checks.CheckStatus;
import dev.vigil.store.HeartbeatLog;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/metrics} and {@code GET /metrics/{key}} on DynamoDB Local: the caller's tenant only, in
 * the Prometheus text format (parsed back here); only a tenant's read-only key is taken in the URL.
 */
class MetricsApiTest {
    private final AdminApiHarness api = new AdminApiHarness();

    private AdminApiHarness.Answer scrape(String key) throws IOException {
        ObjectNode event = api.event("GET", "/metrics/" + key, null, Map.of());
        ((ObjectNode) event.get("headers")).remove("authorization");
        return api.invoke(event);
    }

    private static String value(List<PrometheusTextTest.Sample> samples, String name, String id) {
        return samples.stream().filter(s -> s.name().equals(name) && (id == null || id.equals(s.labels().get("id"))))
                .map(PrometheusTextTest.Sample::value).findFirst().orElse("absent");
    }

    @Test
    void aTenantsApplicationsAndChecksAreItsMetrics() throws IOException {
        String tenant = api.tenant("acme");
        String admin = api.key(tenant, "admin");
        JsonNode up = api.callAs(admin, "POST", "/api/applications",
                "{\"name\":\"billing \\\"eu\\\"\",\"intervalSeconds\":60,\"graceSeconds\":30,\"tags\":[\"prod\",\"eu\"]}").json();
        JsonNode silent = api.callAs(admin, "POST", "/api/applications", "{\"name\":\"silent\",\"intervalSeconds\":60}").json();
        String check = api.callAs(admin, "POST", "/api/checks", "{\"type\":\"tcp\",\"name\":\"db\",\"settings\":{\"host\":\"db.example.com\","
                + "\"port\":5432}}").json().path("id").asText();
        api.recordRun(check, CheckStatus.UNHEALTHY, 250);
        api.clock.advance(Duration.ofSeconds(50));
        api.platform.tables().applications().recordBeat(up.path("uuid").asText(),
                new HeartbeatLog.Beat(api.clock.instant(), "POST", Optional.empty(), Optional.empty()));
        api.clock.advance(Duration.ofSeconds(20));

        AdminApiHarness.Answer answer = scrape(api.key(tenant, "read-only"));

        assertEquals(200, answer.status(), answer.toString());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", answer.headers().get("content-type"));
        List<PrometheusTextTest.Sample> samples = PrometheusTextTest.parse(answer.body());
        String id = up.path("id").asText();
        assertEquals("1", value(samples, "vigil_application_up", id));
        assertEquals("20", value(samples, "vigil_application_last_beat_age_seconds", id));
        assertEquals("0", value(samples, "vigil_application_started", id));
        assertEquals("0", value(samples, "vigil_application_up", silent.path("id").asText()), "never beaten, past its deadline");
        assertEquals("absent", value(samples, "vigil_application_last_beat_age_seconds", silent.path("id").asText()));
        PrometheusTextTest.Sample labelled = samples.stream().filter(s -> id.equals(s.labels().get("id"))).findFirst().orElseThrow();
        assertEquals(Map.of("name", "billing \"eu\"", "id", id, "tags", "prod,eu"), labelled.labels());
        assertEquals("2", value(samples, "vigil_applications_total", null));
        assertEquals("1", value(samples, "vigil_applications_down", null));
        assertEquals("0", value(samples, "vigil_check_up", check));
        assertEquals("250", value(samples, "vigil_check_latency_ms", check));
        assertTrue(samples.stream().anyMatch(s -> s.name().equals("vigil_check_status") && "unhealthy".equals(s.labels().get("status"))
                && s.value().equals("1")), answer.body());
        assertEquals(answer.body(), api.callAs(admin, "GET", "/api/metrics", null).body(), "the same with the key in a header");
        assertEquals("1", value(PrometheusTextTest.parse(api.callAs(admin, "GET", "/api/metrics?tag=prod", null).body()),
                "vigil_applications_total", null), "?tag= keeps what carries the tag");
    }

    @Test
    void metricsShowOnlyTheKeysOwnTenant() throws IOException {
        String acme = api.tenant("acme");
        String globex = api.tenant("globex");
        api.callAs(api.key(globex, "admin"), "POST", "/api/applications", "{\"name\":\"globex-secret\",\"intervalSeconds\":60}");
        api.callAs(api.key(acme, "admin"), "POST", "/api/applications", "{\"name\":\"acme-app\",\"intervalSeconds\":60}");

        String body = scrape(api.key(acme, "read-only")).body();

        assertTrue(body.contains("acme-app"), body);
        assertFalse(body.contains("globex"), body);
        assertEquals("1", value(PrometheusTextTest.parse(body), "vigil_applications_total", null));
    }

    @Test
    void aKeyThatMayWriteIsRefusedInTheUrl() throws IOException {
        String acme = api.tenant("acme");
        String before = api.count("ApplicationsTable") + "";

        AdminApiHarness.Answer operator = scrape(AdminApiHandlerTest.ADMIN_KEY);
        AdminApiHarness.Answer tenantAdmin = scrape(api.key(acme, "admin"));

        assertEquals(403, operator.status(), operator.toString());
        assertTrue(operator.error().contains("read-only"), operator.error());
        assertEquals(403, tenantAdmin.status(), tenantAdmin.toString());
        assertEquals(before, api.count("ApplicationsTable") + "");
    }

    @Test
    void anUnknownOrRevokedKeyInTheUrlIs401() throws IOException {
        String acme = api.tenant("acme");
        String readOnly = api.key(acme, "read-only");
        String keyId = api.send("GET", "/api/tenants/" + acme + "/keys", null, 200).path("keys").get(0).path("id").asText();
        api.send("DELETE", "/api/tenants/" + acme + "/keys/" + keyId, null, 204);

        assertEquals(401, scrape(readOnly).status());
        assertEquals(401, scrape(TenantKeys.generate()).status());
        assertEquals(401, scrape("nonsense").status());
    }

    private String loggedPath(String method, String path) throws IOException {
        ObjectNode event = api.event(method, path, null, Map.of());
        return api.handler.pathForLog(dev.vigil.runtime.HttpRequest.read(new java.io.ByteArrayInputStream(
                dev.vigil.runtime.Json.write(event).getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }

    @Test
    void theReadOnlyKeyInAScrapePathIsMaskedInLogs() throws IOException {
        String key = "vgr_3k9x2m7q4pa8b5c6d7e8f9g0h1";

        String logged = loggedPath("GET", "/metrics/" + key);

        assertEquals("/metrics/vgr_****", logged);
    }

    @Test
    void theBadgeKeyInABadgePathIsMaskedInLogs() throws IOException {
        String badge = "bdg_7q4pa8b5c6d7e8f9g0h1.svg";

        String logged = loggedPath("GET", "/badge/" + badge);

        assertFalse(logged.contains("7q4pa8b5"), logged);
        assertTrue(logged.startsWith("/badge/"), logged);
    }

    @Test
    void otherPathsAreLoggedAsTheyCame() throws IOException {
        assertEquals("/api/applications", loggedPath("GET", "/api/applications"));
    }
}
