package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.testkit.CapturingHttpServer;
import dev.vigil.testkit.CapturingHttpServer.Response;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * The signed AWS calls against a scripted HTTP server: what may pass is retried as the SDK would, what
 * would only repeat is not, and an HTTP function answers 503 for the first kind once retries are spent.
 */
class AwsJsonCallTest {
    private final CapturingHttpServer server = new CapturingHttpServer();
    private final AwsJsonCall ssm = new AwsJsonCall(UrlConnectionHttpClient.create(), server.url("/"), Region.US_EAST_1,
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")), "ssm", "AmazonSSM");

    @AfterEach
    void stop() {
        server.close();
    }

    private static Response error(int status, String type) {
        return Response.of(status, "{\"__type\":\"com.amazonaws.ssm#" + type + "\",\"message\":\"no\"}");
    }

    @Test
    void aSignedRequestNamesItsOperation() {
        server.respondWith(Response.of(200, "{\"Parameter\":{\"Value\":\"{}\"}}"));

        ssm.call("GetParameter", Json.object().put("Name", "/vigil/x"));

        var request = server.requests().get(0);
        assertEquals("AmazonSSM.GetParameter", request.header("x-amz-target"));
        assertTrue(request.header("authorization").startsWith("AWS4-HMAC-SHA256 Credential=test/"), request.header("authorization"));
        assertTrue(request.header("authorization").contains("/us-east-1/ssm/aws4_request"), request.header("authorization"));
    }

    @Test
    void throttlingAndServerErrorsAreRetried() {
        server.respondWith(error(400, "ThrottlingException"), error(503, "ServiceUnavailable"),
                Response.of(200, "{\"Parameter\":{\"Value\":\"{\\\"k\\\":\\\"v\\\"}\"}}"));

        var answer = ssm.call("GetParameter", Json.object().put("Name", "/vigil/x"));

        assertEquals("{\"k\":\"v\"}", answer.path("Parameter").path("Value").asText());
        assertEquals(3, server.requests().size());
    }

    @Test
    void whatWouldOnlyRepeatIsNotRetried() {
        server.respondWith(error(400, "AccessDeniedException"));

        AwsJsonCall.Failure e = assertThrows(AwsJsonCall.Failure.class, () -> ssm.call("GetParameter", Json.object()));

        assertEquals("AccessDeniedException", e.type());
        assertFalse(e.isTransient());
        assertEquals(1, server.requests().size());
    }

    @Test
    void anHttpFunctionAnswers503WhenAwsStaysUnavailable() {
        server.respondWith(error(500, "InternalServerError"), error(500, "InternalServerError"),
                error(500, "InternalServerError"));
        HttpFunction function = new HttpFunction() {
            @Override
            protected HttpResponse handle(HttpRequest request) {
                ssm.call("GetParameter", Json.object());
                return HttpResponse.json(200, "{}");
            }
        };

        HttpResponse response = function.serve(new HttpRequest("GET /x", "GET", "/x", Map.of(), Map.of(), Map.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), "test"));

        assertEquals(503, response.statusCode());
        assertEquals("5", response.headers().get("retry-after"));
        assertEquals(AwsJsonCall.ATTEMPTS, server.requests().size());
    }
}
