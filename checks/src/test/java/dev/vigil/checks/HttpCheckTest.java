package dev.vigil.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.testkit.CapturingHttpServer;
import dev.vigil.testkit.CapturingHttpServer.Response;
import dev.vigil.testkit.TricklingHttpServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The http check against a real HTTP server on loopback. */
class HttpCheckTest {
    private final CapturingHttpServer server = new CapturingHttpServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private Runs.Defined check(String path, String... conditions) {
        return Runs.define("http", "{'url': '" + server.url(path) + "'}", conditions);
    }

    @Test
    void aTwoHundredIsHealthyAndReportsStatusAndLatency() {
        server.respondWith(Response.of(200, "ok"));
        CheckResult result = check("/health").runLocally();
        assertEquals(CheckStatus.HEALTHY, result.status(), result.reason());
        assertEquals(200, result.details().path("status").asInt());
        assertTrue(result.details().path("connected").asBoolean());
        assertTrue(result.latencyMs() >= 0 && result.latencyMs() < 2000, "latency " + result.latencyMs());
        assertEquals("GET", server.requests().get(0).method());
        assertEquals("/health", server.requests().get(0).path());
        assertEquals("Vigil-Check/1.0", server.requests().get(0).header("User-Agent"));
    }

    @Test
    void anErrorStatusIsUnhealthyAndSaysWhichConditionFailed() {
        server.respondWith(Response.of(503, "maintenance"));
        CheckResult result = check("/").runLocally();
        assertEquals(CheckStatus.UNHEALTHY, result.status());
        assertEquals("status in [200..299]", result.decisive().orElseThrow().condition());
        assertEquals("was 503", result.decisive().orElseThrow().actual());
        assertEquals("status in [200..299] failed: was 503", result.reason());
    }

    @Test
    void expectedStatusCodesAreACondition() {
        server.respondWith(Response.of(204, ""), Response.of(200, ""));
        Runs.Defined check = check("/", "status in [204]");
        assertEquals(CheckStatus.HEALTHY, check.runLocally().status());
        assertEquals(CheckStatus.UNHEALTHY, check.runLocally().status());
    }

    @Test
    void aRedirectIsNotFollowed() {
        server.respondWith(new Response(302, "", Map.of("Location", "http://169.254.169.254/"), 0));
        CheckResult result = check("/").runLocally();
        assertEquals(CheckStatus.UNHEALTHY, result.status());
        assertEquals(302, result.details().path("status").asInt());
        assertEquals(1, server.requests().size());
    }

    @Test
    void theBodyIsJudgedAsTextAndAsJson() {
        String body = "{\"status\":\"UP\",\"components\":{\"db\":{\"status\":\"DOWN\",\"lagSeconds\":45}}}";
        server.respondWith(Response.of(200, body), Response.of(200, body), Response.of(200, body));
        assertEquals(CheckStatus.HEALTHY, check("/", "body contains '\"UP\"'", "body.$.status == 'UP'").runLocally().status());
        CheckResult db = check("/", "body.$.components.db.status == 'UP'").runLocally();
        assertEquals(CheckStatus.UNHEALTHY, db.status());
        assertEquals("was \"DOWN\"", db.decisive().orElseThrow().actual());
        assertEquals("DOWN", db.details().path("body.$.components.db.status").asText(), "the value the condition looked at is kept");
        CheckResult lag = check("/", "warn: body.$.components.db.lagSeconds < 30").runLocally();
        assertEquals(CheckStatus.DEGRADED, lag.status());
        assertEquals(45, lag.details().path("body.$.components.db.lagSeconds").asInt());
    }

    @Test
    void theWholeBodyIsNeverKeptInTheResult() {
        String body = "secret-looking content " + "x".repeat(5000);
        server.respondWith(Response.of(200, body));
        CheckResult result = check("/", "body contains 'absent'").runLocally();
        assertEquals(CheckStatus.UNHEALTHY, result.status());
        assertFalse(result.toJson().toString().contains("secret-looking"), result.toJson().toString());
        assertEquals("the body did not contain it", result.decisive().orElseThrow().actual());
    }

    @Test
    void aSlowAnswerFailsTheLatencyWarning() {
        server.respondWith(new Response(200, "ok", Map.of(), 700));
        CheckResult result = check("/", "warn: latencyMs < 300").runLocally();
        assertEquals(CheckStatus.DEGRADED, result.status(), result.reason());
        assertTrue(result.latencyMs() >= 700, "latency " + result.latencyMs());
    }

    @Test
    void aServerThatNeverFinishesAnsweringIsUnhealthyWithinTheTimeout() {
        try (TricklingHttpServer hanging = TricklingHttpServer.head()) {
            Runs.Defined check = Runs.define("http", "{'url': '" + hanging.url("/") + "'}").timeout(Duration.ofSeconds(2));
            CheckResult result = check.runLocally();
            assertEquals(CheckStatus.UNHEALTHY, result.status(), result.reason());
            assertEquals("timed out reaching 127.0.0.1", result.reason());
        }
    }

    @Test
    void aRefusedConnectionIsUnhealthy() {
        String url = server.url("/").toString();
        server.close();
        CheckResult result = Runs.define("http", "{'url': '" + url + "'}").runLocally();
        assertEquals(CheckStatus.UNHEALTHY, result.status());
        assertFalse(result.details().path("connected").asBoolean());
        assertEquals("could not connect to 127.0.0.1: connection refused", result.reason());
    }

    @Test
    void methodHeadersAndBodyAreSent() {
        Runs.Defined check = Runs.define("http", "{'url': '" + server.url("/api") + "', 'method': 'POST', 'body': '{\\\"q\\\":1}',"
                + " 'headers': {'Content-Type': 'application/json', 'X-Env': 'prod'}}");
        assertEquals(CheckStatus.HEALTHY, check.runLocally().status());
        CapturingHttpServer.Request request = server.requests().get(0);
        assertEquals("POST", request.method());
        assertEquals("{\"q\":1}", request.body());
        assertEquals("prod", request.header("X-Env"));
        assertEquals("application/json", request.header("Content-Type"));
    }

    @Test
    void aHeadRequestReadsNoBody() {
        server.respondWith(Response.of(200, "ignored"));
        CheckResult result = Runs.define("http", "{'url': '" + server.url("/") + "', 'method': 'HEAD'}").runLocally();
        assertEquals(CheckStatus.HEALTHY, result.status(), result.reason());
        assertEquals("HEAD", server.requests().get(0).method());
    }

    @Test
    void aSecretHeaderIsSentButNeverShownEvenWhenTheTargetEchoesIt() {
        String token = "sk_live_4eC39HqLyjWDarjtT1zdp7dc";
        server.respondWith(Response.of(401, "{\"error\":\"invalid key " + token + "\"}"));
        Runs.Defined check = Runs.define("http", "{'url': '" + server.url("/v1/balance") + "',"
                + " 'secretHeaders': {'Authorization': 'Bearer " + token + "'}}", "status == 200", "body contains 'x'");
        assertFalse(check.check().settings().toString().contains(token), "the secret is not in the stored settings");
        assertEquals(Map.of("secretHeaders/Authorization", "Bearer " + token), check.settings().secrets());
        CheckResult result = check.runLocally();
        assertEquals("Bearer " + token, server.requests().get(0).header("Authorization"));
        assertEquals(CheckStatus.UNHEALTHY, result.status());
        assertFalse(result.toJson().toString().contains(token), result.toJson().toString());
        assertFalse(result.toJson().toString().contains("4eC39HqLyjWDarjtT1zdp7dc"), result.toJson().toString());
    }
}
