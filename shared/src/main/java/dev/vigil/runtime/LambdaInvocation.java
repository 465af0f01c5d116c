package dev.vigil.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * One function of the stack invoked by another through Lambda's {@code Invoke} API (request-response),
 * called directly ({@link AwsJsonCall#post}) so that no function ships Lambda's SDK module. An invocation
 * that has not answered within the wait given goes on in the function; the caller learns it is still running.
 */
public final class LambdaInvocation {
    private final AwsJsonCall lambda;
    private final String functionName;
    private final String path;

    public LambdaInvocation(AwsJsonCall lambda, String functionName) {
        this.lambda = lambda;
        this.functionName = functionName;
        this.path = "/2015-03-31/functions/" + URLEncoder.encode(functionName, StandardCharsets.UTF_8) + "/invocations";
    }

    /** The function {@code setting} names, waited for up to {@code wait}. */
    public static LambdaInvocation fromEnv(Env env, String setting, Duration wait) {
        Region region = Clients.region(env);
        URI endpoint = Clients.endpoint(env, "LAMBDA").orElseGet(() -> URI.create("https://lambda." + region.id() + ".amazonaws.com"));
        SdkHttpClient http = UrlConnectionHttpClient.builder().socketTimeout(wait).build();
        return new LambdaInvocation(new AwsJsonCall(http, endpoint, region, Clients.credentials(env, "LAMBDA"), "lambda", "Lambda"),
                env.require(setting));
    }

    /**
     * The function's answer to {@code payload}, or empty when it is still running after the wait. Throws
     * {@link FunctionFailed} if it was invoked but failed, {@link AwsJsonCall.Failure} if it could not be invoked.
     */
    public Optional<JsonNode> invoke(ObjectNode payload) {
        AwsJsonCall.Answer answer;
        try {
            answer = lambda.post(path, payload);
        } catch (AwsJsonCall.Failure e) {
            if (e.status() == 0 && e.getCause() instanceof SocketTimeoutException) {
                return Optional.empty();
            }
            throw e;
        }
        if (answer.header("X-Amz-Function-Error").isPresent()) {
            throw new FunctionFailed("the " + functionName + " function failed: " + answer.body().path("errorType").asText("unknown error"));
        }
        return Optional.of(answer.body());
    }

    /** The function was invoked but failed (it threw, ran out of time or of memory). */
    public static final class FunctionFailed extends RuntimeException {
        public FunctionFailed(String message) {
            super(message);
        }
    }
}
