package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.Component;
import dev.vigil.domain.Pulse;
import dev.vigil.store.PulseStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /system/health} and its badge: public (no key, no failed-authentication limit), cacheable
 * for ten seconds, the pulse derived from what the scheduled functions recorded, and nothing of any tenant.
 */
class SystemHealthApiTest {
    private final AdminApiHarness api = new AdminApiHarness();
    private final PulseStore pulses = new PulseStore(api.db.client(), api.platform.env().require(PulseStore.TABLE_SETTING));

    /** A request with no key at all, from 203.0.113.9. */
    private AdminApiHarness.Answer anonymous(String path) throws IOException {
        ObjectNode event = api.event("GET", path, null, Map.of());
        ((ObjectNode) event.get("headers")).remove("authorization");
        ((ObjectNode) event.path("requestContext").path("http")).put("sourceIp", "203.0.113.9");
        return api.invoke(event);
    }

    @Test
    void beforeAnyRunEveryComponentAndTheSystemAreUnknown() throws IOException {
        AdminApiHarness.Answer answer = anonymous("/system/health");

        assertEquals(200, answer.status(), answer.toString());
        assertEquals("public, max-age=10", answer.headers().get("cache-control"));
        assertEquals("unknown", answer.json().path("pulse").asText());
        assertEquals(AdminApiHandlerTest.NOW.toString(), answer.json().path("checkedAt").asText());
        for (Component component : Component.values()) {
            JsonNode shown = answer.json().path("components").path(component.wire());
            assertEquals("unknown", shown.path("pulse").asText(), component.wire());
            assertFalse(shown.has("lastPulse"), "never ran: " + shown);
        }
    }

    @Test
    void withoutAKeyItAnswersTheDerivedPulseOfEachComponentAndNoTenantData() throws IOException {
        String tenant = api.tenant("acme-secret-customer");
        Instant now = AdminApiHandlerTest.NOW;
        pulses.record(Pulse.healthy(Component.MISSED_BEAT_DETECTOR, now.minusSeconds(90), Duration.ofMinutes(1),
                Map.of("passes", 2L, "flippedDown", 1L)));
        pulses.record(Pulse.failed(Component.TENANT_SWEEP, now.minusSeconds(60), Duration.ofMinutes(5),
                new IllegalStateException("tenant " + tenant + " broke")));

        AdminApiHarness.Answer answer = anonymous("/system/health");

        assertEquals(200, answer.status(), answer.toString());
        assertEquals("public, max-age=10", answer.headers().get("cache-control"));
        JsonNode body = answer.json();
        assertEquals("error", body.path("pulse").asText(), "the worst component");
        JsonNode detector = body.path("components").path("missed-beat-detector");
        assertEquals("alive", detector.path("pulse").asText(), "exactly 1.5 schedules old");
        assertEquals("healthy", detector.path("status").asText());
        assertEquals(now.minusSeconds(90).toString(), detector.path("lastPulse").asText());
        assertEquals(now.minusSeconds(30).toString(), detector.path("nextExpected").asText());
        assertEquals(1, detector.path("counts").path("flippedDown").asInt());
        JsonNode sweep = body.path("components").path("tenant-sweep");
        assertEquals("error", sweep.path("pulse").asText());
        assertEquals("error", sweep.path("status").asText());
        assertEquals(List.of("run failed: IllegalStateException"), List.of(sweep.path("errors").path(0).asText()));
        assertFalse(answer.body().contains(tenant) || answer.body().contains("acme-secret-customer"), answer.body());
    }

    @Test
    void aStaleComponentIsAWarning() throws IOException {
        Instant now = AdminApiHandlerTest.NOW;
        pulses.record(Pulse.healthy(Component.MISSED_BEAT_DETECTOR, now.minusSeconds(91), Duration.ofMinutes(1), Map.of()));
        pulses.record(Pulse.healthy(Component.TENANT_SWEEP, now.minusSeconds(10), Duration.ofMinutes(5), Map.of()));

        JsonNode body = anonymous("/system/health").json();

        assertEquals("warning", body.path("pulse").asText());
        assertEquals("warning", body.path("components").path("missed-beat-detector").path("pulse").asText());
        assertEquals("alive", body.path("components").path("tenant-sweep").path("pulse").asText());
    }

    @Test
    void theBadgeIsAnSvgColouredByThePulse() throws IOException {
        AdminApiHarness.Answer unknown = anonymous("/system/health/badge.svg");
        assertEquals(200, unknown.status());
        assertEquals("image/svg+xml", unknown.headers().get("content-type"));
        assertEquals("public, max-age=10", unknown.headers().get("cache-control"));
        assertTrue(unknown.body().startsWith("<svg ") && unknown.body().contains(">unknown<") && unknown.body().contains("#9f9f9f"),
                unknown.body());

        Instant now = AdminApiHandlerTest.NOW;
        for (Component component : Component.values()) {
            pulses.record(Pulse.healthy(component, now, Duration.ofMinutes(1), Map.of()));
        }
        AdminApiHarness.Answer alive = anonymous("/system/health/badge.svg");
        assertTrue(alive.body().contains(">alive<") && alive.body().contains("#4c1"), alive.body());

        pulses.record(Pulse.failed(Component.TENANT_SWEEP, now, Duration.ofMinutes(1), new IllegalStateException()));
        assertTrue(anonymous("/system/health/badge.svg").body().contains("#e05d44"), "red for an error");
        assertEquals("#dfb317", SystemHealthResource.colour(dev.vigil.domain.PulseStatus.WARNING), "yellow for a stale component");
        assertEquals("&lt;a href=&quot;x&quot;&gt;&amp;&apos;", BadgeImage.escape("<a href=\"x\">&'"));
    }

    @Test
    void aPublicRouteAnswersEvenASourceOverTheFailedAuthenticationLimit() throws IOException {
        for (int i = 0; i <= FailedAuthLimit.MAX_FAILURES; i++) {
            api.callFrom("203.0.113.9", "GET", "/api/applications", null, Map.of("authorization", "Bearer wrong-key-" + i));
        }
        assertEquals(429, api.callFrom("203.0.113.9", "GET", "/api/applications", null, Map.of()).status(), "the limit holds elsewhere");

        assertEquals(200, anonymous("/system/health").status());
        assertEquals(200, api.callFrom("203.0.113.9", "GET", "/system/health", null, Map.of("authorization", "Bearer wrong")).status());
        assertEquals(429, api.callFrom("203.0.113.9", "GET", "/api/applications", null, Map.of()).status(),
                "and a public request neither counts nor clears a failure");
    }
}
