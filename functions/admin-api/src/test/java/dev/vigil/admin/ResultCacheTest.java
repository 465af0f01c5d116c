package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.checks.CheckStatus;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.Application;
import dev.vigil.store.ApplicationStore;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The health views' result cache on DynamoDB Local: a refresh within {@link ResultCache#MAX_AGE} shows
 * what the previous view read, a later one what the sweeps recorded since, and a change made through
 * the API shows at once.
 */
class ResultCacheTest {
    private final AdminApiHarness api = new AdminApiHarness();
    private String acme;
    private String acmeApi;

    private String check(String name) throws IOException {
        AdminApiHarness.Answer created = api.call("POST", "/api/checks", "{\"type\":\"http\",\"name\":\"" + name + "\",\"tier\":\"core\","
                + "\"failureThreshold\":1,\"settings\":{\"url\":\"https://" + name + ".acme.example.com/health\"}}",
                Map.of("x-vigil-tenant", acme));
        assertEquals(201, created.status(), created.toString());
        return created.json().path("id").asText();
    }

    private JsonNode counts() throws IOException {
        return api.send("GET", "/api/health/tenants/" + acme, null, 200).path("counts");
    }

    @BeforeEach
    void setUp() throws IOException {
        acme = api.tenant("acme");
        acmeApi = check("api");
        api.recordRun(acmeApi, CheckStatus.HEALTHY, 120);
    }

    @Test
    void aRefreshWithinTheMaxAgeShowsWhatThePreviousViewRead() throws IOException {
        assertEquals(1, counts().path("healthy").asInt());

        api.recordRun(acmeApi, CheckStatus.UNHEALTHY, 900);

        assertEquals(1, counts().path("healthy").asInt(), "recorded a second after the view was read: not yet shown");
        assertEquals(0, api.send("GET", "/api/health", null, 200).path("counts").path("unhealthy").asInt(),
                "every view reads from the same cache");
    }

    @Test
    void aViewOlderThanTheMaxAgeIsReadAgain() throws IOException {
        assertEquals(1, counts().path("healthy").asInt());
        api.recordRun(acmeApi, CheckStatus.UNHEALTHY, 900);

        api.clock.advance(ResultCache.MAX_AGE);

        assertEquals(1, counts().path("unhealthy").asInt());
        assertEquals(0, counts().path("healthy").asInt());
    }

    @Test
    void theServiceViewsHistoryIsCachedAsLong() throws IOException {
        assertEquals(1, api.send("GET", "/api/health/services/api", null, 200).path("checks").path(0).path("history").size());
        api.recordRun(acmeApi, CheckStatus.UNHEALTHY, 900);

        assertEquals(1, api.send("GET", "/api/health/services/api", null, 200).path("checks").path(0).path("history").size());
        api.clock.advance(ResultCache.MAX_AGE);
        JsonNode history = api.send("GET", "/api/health/services/api", null, 200).path("checks").path(0).path("history");

        assertEquals(2, history.size());
        assertEquals("unhealthy", history.path(0).path("status").asText());
    }

    @Test
    void aCheckCreatedThroughTheApiShowsAtOnce() throws IOException {
        assertEquals(1, counts().path("total").asInt());

        check("db");

        assertEquals(2, counts().path("total").asInt());
    }

    @Test
    void standingAlertCountsAreCachedAsLong() throws IOException {
        assertEquals(0, api.send("GET", "/api/health", null, 200).path("openAlerts").path("p2").asInt());
        JsonNode app = api.send("POST", "/api/applications", "{\"name\":\"billing\",\"intervalSeconds\":60,\"severity\":\"warning\"}", 201);
        api.clock.advance(Duration.ofSeconds(61));
        ApplicationStore applications = api.platform.tables().applications();
        Application overdue = applications.findById(app.path("id").asText()).orElseThrow();
        AlertEvent down = Alerts.down(overdue, overdue.dueAt().orElseThrow(), api.clock.instant());
        assertEquals(0, api.send("GET", "/api/health", null, 200).path("openAlerts").path("p2").asInt(), "read after the POST");

        api.platform.ledger().record(down, applications.markDown(overdue, down));

        assertEquals(0, api.send("GET", "/api/health", null, 200).path("openAlerts").path("p2").asInt(),
                "opened by the detector a moment after the view was read: not yet shown");
        api.clock.advance(ResultCache.MAX_AGE);
        assertEquals(1, api.send("GET", "/api/health", null, 200).path("openAlerts").path("p2").asInt());
    }
}
