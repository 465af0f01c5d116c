package dev.vigil.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.Region;

/**
 * One AWS JSON-protocol API (SSM, Secrets Manager, EventBridge, SQS: {@code POST /} with
 * {@code X-Amz-Target}), called directly: the request signed with SigV4 by the SDK's signer and sent
 * over the url-connection client that every function already carries, so a function that makes one or
 * two such calls does not ship the service's SDK module (thousands of model classes) for them. As the
 * SDK would, it retries what may pass — a network error, throttling, a 5xx — up to
 * {@value #ATTEMPTS} attempts with jittered exponential backoff.
 */
public final class AwsJsonCall {
    static final int ATTEMPTS = 3;
    private static final long BASE_DELAY_MILLIS = 50;

    private final SdkHttpClient http;
    private final URI endpoint;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final String signingName;
    private final String targetPrefix;
    private final String contentType;

    /**
     * @param signingName  the service's SigV4 name ({@code ssm}, {@code secretsmanager})
     * @param targetPrefix the {@code X-Amz-Target} prefix ({@code AmazonSSM}, {@code secretsmanager})
     */
    public AwsJsonCall(SdkHttpClient http, URI endpoint, Region region, AwsCredentialsProvider credentials,
                       String signingName, String targetPrefix) {
        this(http, endpoint, region, credentials, signingName, targetPrefix, "application/x-amz-json-1.1");
    }

    private AwsJsonCall(SdkHttpClient http, URI endpoint, Region region, AwsCredentialsProvider credentials,
                        String signingName, String targetPrefix, String contentType) {
        this.http = http;
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
        this.signingName = signingName;
        this.targetPrefix = targetPrefix;
        this.contentType = contentType;
    }

    /** The same API spoken in version 1.0 of the protocol ({@code application/x-amz-json-1.0}), as SQS speaks it. */
    public AwsJsonCall json10() {
        return new AwsJsonCall(http, endpoint, region, credentials, signingName, targetPrefix, "application/x-amz-json-1.0");
    }

    /** The API of {@code service} ({@code SSM}, {@code SECRETS_MANAGER}) as the environment configures it. */
    public static AwsJsonCall fromEnv(Env env, String service, String signingName, String targetPrefix) {
        Region region = Clients.region(env);
        URI endpoint = Clients.endpoint(env, service)
                .orElseGet(() -> URI.create("https://" + signingName + "." + region.id() + ".amazonaws.com"));
        return new AwsJsonCall(Clients.httpClient(), endpoint, region, Clients.credentials(env, service), signingName,
                targetPrefix);
    }

    /**
     * A failed call: an error answer (its HTTP status and AWS error type, such as
     * {@code ParameterNotFound}), or no answer at all (status 0, type {@code NoAnswer}).
     */
    public static final class Failure extends RuntimeException {
        private final int status;
        private final String type;

        Failure(String operation, int status, String type, Throwable cause) {
            // AWS error answers name the resource at most, never a secret value; only the type is kept.
            super(operation + (status == 0 ? " got no answer" : " answered " + status + " " + type), cause);
            this.status = status;
            this.type = type;
        }

        public int status() {
            return status;
        }

        /** Whether trying again later may succeed: no answer, throttling, or a server error. */
        public boolean isTransient() {
            return status == 0 || status >= 500 || status == 429 || type().contains("Throttl")
                    || type().equals("TooManyUpdates") || type().equals("ProvisionedThroughputExceededException");
        }

        /** The error type without its namespace ({@code ParameterNotFound}, {@code ResourceNotFoundException}). */
        public String type() {
            return type.substring(type.lastIndexOf('#') + 1);
        }
    }

    /** Calls {@code operation} with {@code body}; the answer's JSON, or {@link Failure} once retries are spent. */
    public JsonNode call(String operation, ObjectNode body) {
        String payload = Json.write(body);
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(operation, payload);
            } catch (Failure e) {
                if (!e.isTransient() || attempt >= ATTEMPTS) {
                    throw e;
                }
                backoff(attempt);
            }
        }
    }

    /**
     * A REST-JSON call, such as Lambda's {@code Invoke}: {@code body} posted to {@code path} under the
     * endpoint, signed, and sent once (an operation such as an invocation may not be safe to repeat).
     * The answer's JSON and headers, or {@link Failure} on an error answer or none.
     */
    public Answer post(String path, ObjectNode body) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint.resolve(path))
                .putHeader("Content-Type", "application/json").build();
        return exchange(request, Json.write(body), "POST " + path);
    }

    /** An answer's JSON and its headers (names as sent). */
    public record Answer(JsonNode body, Map<String, List<String>> headers) {
        /** The first value of header {@code name}, whatever its case. */
        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty())
                    .map(h -> h.getValue().get(0)).findFirst();
        }
    }

    private JsonNode attempt(String operation, String payload) {
        String name = targetPrefix + "." + operation;
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                .putHeader("Content-Type", contentType)
                .putHeader("X-Amz-Target", name)
                .build();
        return exchange(request, payload, name).body();
    }

    private Answer exchange(SdkHttpRequest request, String payload, String name) {
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromUtf8String(payload))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
        HttpExecuteResponse response;
        String text;
        try {
            response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request()).contentStreamProvider(signed.payload().orElse(null)).build()).call();
            text = read(response);
        } catch (IOException e) {
            throw new Failure(name, 0, "NoAnswer", e);
        }
        int status = response.httpResponse().statusCode();
        JsonNode answer;
        try {
            answer = text.isBlank() ? Json.object() : Json.parse(text);
        } catch (IOException e) {
            throw new Failure(name, status, "UnreadableAnswer", e);
        }
        if (status / 100 != 2) {
            String type = answer.path("__type").asText(response.httpResponse().firstMatchingHeader("X-Amzn-ErrorType")
                    .orElse(answer.path("Type").asText("unknown")));
            throw new Failure(name, status, type, null);
        }
        return new Answer(answer, response.httpResponse().headers());
    }

    /** Full jitter: a random wait up to 50 ms, 100 ms, ... */
    private static void backoff(int attempt) {
        long cap = BASE_DELAY_MILLIS << (attempt - 1);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(cap + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying an AWS call", e);
        }
    }

    private static String read(HttpExecuteResponse response) throws IOException {
        if (response.responseBody().isEmpty()) {
            return "";
        }
        try (InputStream in = response.responseBody().get()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
