package dev.vigil.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.runtime.AwsJsonCall;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.Clients;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * The tenant-sweep function invoked through Lambda's {@code Invoke} API (request-response), called
 * directly ({@link AwsJsonCall#post}) so that the admin API does not ship Lambda's SDK module. The
 * function is the one {@code SWEEP_FUNCTION_NAME} names. A sweep that has not answered within
 * {@link #WAIT} goes on in the function; the request answers that it is still running.
 */
final class LambdaSweepInvoker implements SweepInvoker {
    /** How long a request waits for the sweep: within the HTTP API's 30 s, less the request's own work. */
    static final Duration WAIT = Duration.ofSeconds(25);

    private final AwsJsonCall lambda;
    private final String path;

    LambdaSweepInvoker(AwsJsonCall lambda, String functionName) {
        this.lambda = lambda;
        this.path = "/2015-03-31/functions/" + URLEncoder.encode(functionName, StandardCharsets.UTF_8) + "/invocations";
    }

    static LambdaSweepInvoker fromEnv(Env env) {
        Region region = Clients.region(env);
        URI endpoint = Clients.endpoint(env, "LAMBDA").orElseGet(() -> URI.create("https://lambda." + region.id() + ".amazonaws.com"));
        SdkHttpClient http = UrlConnectionHttpClient.builder().socketTimeout(WAIT).build();
        return new LambdaSweepInvoker(new AwsJsonCall(http, endpoint, region, Clients.credentials(env, "LAMBDA"), "lambda", "Lambda"),
                env.require("SWEEP_FUNCTION_NAME"));
    }

    @Override
    public Optional<JsonNode> sweepNow(String tenantId) {
        AwsJsonCall.Answer answer;
        try {
            answer = lambda.post(path, Json.object().put("tenantId", tenantId).put("trigger", "manual"));
        } catch (AwsJsonCall.Failure e) {
            if (e.status() == 0 && e.getCause() instanceof SocketTimeoutException) {
                return Optional.empty();
            }
            throw e;
        }
        if (answer.header("X-Amz-Function-Error").isPresent()) {
            throw new SweepFailed("the tenant-sweep function failed: " + answer.body().path("errorType").asText("unknown error"));
        }
        return Optional.of(answer.body());
    }

    /** The function was invoked but failed (it threw, ran out of time or of memory). */
    static final class SweepFailed extends RuntimeException {
        SweepFailed(String message) {
            super(message);
        }
    }
}
