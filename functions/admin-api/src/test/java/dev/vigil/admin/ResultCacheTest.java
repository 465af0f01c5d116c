package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.checks.CheckStatus;
import java.io.IOException;
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
}
