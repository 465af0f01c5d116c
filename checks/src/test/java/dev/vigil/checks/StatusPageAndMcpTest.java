package dev.vigil.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testkit.CapturingHttpServer;
import dev.vigil.testkit.CapturingHttpServer.Response;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The statuspage and mcp checks against documents and answers served by a local HTTP server. */
class StatusPageAndMcpTest {
    private final CapturingHttpServer server = new CapturingHttpServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private static String statusJson(String indicator) {
        return "{\"page\":{\"id\":\"kctbh9vrtdwd\",\"name\":\"Vendor\",\"url\":\"https://status.vendor.example\"},"
                + "\"status\":{\"indicator\":\"" + indicator + "\",\"description\":\"Partial System Outage\"}}";
    }

    @ParameterizedTest
    @CsvSource({"none,healthy", "minor,degraded", "major,unhealthy", "critical,unhealthy"})
    void theIndicatorMapsToAStatus(String indicator, String status) {
        server.respondWith(Response.of(200, statusJson(indicator)));
        CheckResult result = Runs.define("statuspage", "{'url': '" + server.url("") + "'}").runLocally();
        assertEquals(status, result.status().wire(), result.reason());
        assertEquals(indicator, result.details().path("indicator").asText());
        assertEquals("/api/v2/status.json", server.requests().get(0).path(), "the status document of the page");
    }

    @Test
    void aFullDocumentUrlIsUsedAsItIs() {
        server.respondWith(Response.of(200, statusJson("none")));
        Runs.define("statuspage", "{'url': '" + server.url("/custom/status.json") + "'}").runLocally();
        assertEquals("/custom/status.json", server.requests().get(0).path());
    }

    @Test
    void aPageThatIsNotAStatusDocumentIsUnhealthy() {
        server.respondWith(Response.of(200, "<html>maintenance</html>"));
        CheckResult result = Runs.define("statuspage", "{'url': '" + server.url("") + "'}").runLocally();
        assertEquals(CheckStatus.UNHEALTHY, result.status());
        assertEquals("127.0.0.1 answered 200 without a Statuspage status indicator", result.reason());
    }

    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":\"2025-06-18\","
            + "\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"orders-mcp\",\"version\":\"1.4.2\"}}}";

    @Test
    void anMcpServerThatCompletesTheHandshakeIsHealthyAndItsSessionIsEnded() throws Exception {
        server.respondWith(new Response(200, INITIALIZED, Map.of("Content-Type", "application/json", "Mcp-Session-Id", "s-1234"), 0),
                Response.of(204, ""));
        CheckResult result = Runs.define("mcp", "{'url': '" + server.url("/mcp") + "'}").runLocally();
        assertEquals(CheckStatus.HEALTHY, result.status(), result.reason());
        assertEquals("orders-mcp", result.details().path("serverName").asText());
        assertEquals("2025-06-18", result.details().path("protocolVersion").asText());
        CapturingHttpServer.Request initialize = server.requests().get(0);
        assertEquals("POST", initialize.method());
        assertTrue(initialize.header("Accept").contains("text/event-stream"));
        JsonNode request = Runs.json(initialize.body());
        assertEquals("initialize", request.path("method").asText());
        assertEquals("2.0", request.path("jsonrpc").asText());
        assertEquals("2025-06-18", request.path("params").path("protocolVersion").asText());
        assertEquals("DELETE", server.requests().get(1).method());
        assertEquals("s-1234", server.requests().get(1).header("Mcp-Session-Id"));
    }

    @Test
    void anAnswerAsAnEventStreamIsRead() {
        String stream = "event: message\nid: 7\ndata: " + INITIALIZED + "\n\n";
        server.respondWith(new Response(200, stream, Map.of("Content-Type", "text/event-stream"), 0));
        CheckResult result = Runs.define("mcp", "{'url': '" + server.url("/mcp") + "'}").runLocally();
        assertEquals(CheckStatus.HEALTHY, result.status(), result.reason());
        assertEquals("1.4.2", result.details().path("serverVersion").asText());
    }

    @Test
    void aJsonRpcErrorIsUnhealthyWithTheServersReason() {
        server.respondWith(new Response(200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32602,\"message\":\"Unsupported protocol version\"}}",
                Map.of("Content-Type", "application/json"), 0));
        CheckResult result = Runs.define("mcp", "{'url': '" + server.url("/mcp") + "'}").runLocally();
        assertEquals(CheckStatus.UNHEALTHY, result.status());
        assertEquals("127.0.0.1 refused to initialize: -32602 Unsupported protocol version", result.reason());
        assertFalse(result.details().path("initialized").asBoolean());
    }

    @Test
    void anEndpointThatIsNotAnMcpServerIsUnhealthy() {
        server.respondWith(Response.of(404, "not found"));
        CheckResult result = Runs.define("mcp", "{'url': '" + server.url("/mcp") + "'}").runLocally();
        assertEquals(CheckStatus.UNHEALTHY, result.status());
        assertEquals("127.0.0.1 answered 404 without an initialize result", result.reason());
    }

    @Test
    void anMcpTokenIsSentAsASecretHeader() {
        server.respondWith(new Response(200, INITIALIZED, Map.of("Content-Type", "application/json"), 0));
        Runs.Defined check = Runs.define("mcp", "{'url': '" + server.url("/mcp") + "', 'secretHeaders': {'Authorization': 'Bearer t0ken-value'}}");
        assertEquals(CheckStatus.HEALTHY, check.runLocally().status());
        assertEquals("Bearer t0ken-value", server.requests().get(0).header("Authorization"));
    }
}
