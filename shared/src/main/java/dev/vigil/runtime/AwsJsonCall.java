package dev.vigil.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
 * One AWS JSON-protocol API (SSM, Secrets Manager: {@code POST /} with {@code X-Amz-Target}), called
 * directly: the request signed with SigV4 by the SDK's signer and sent over the url-connection client
 * that every function already carries, so a function that makes one or two such calls does not ship
 * the service's SDK module (thousands of model classes) for them.
 */
public final class AwsJsonCall {
    private final SdkHttpClient http;
    private final URI endpoint;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final String signingName;
    private final String targetPrefix;

    /**
     * @param signingName  the service's SigV4 name ({@code ssm}, {@code secretsmanager})
     * @param targetPrefix the {@code X-Amz-Target} prefix ({@code AmazonSSM}, {@code secretsmanager})
     */
    public AwsJsonCall(SdkHttpClient http, URI endpoint, Region region, AwsCredentialsProvider credentials,
                       String signingName, String targetPrefix) {
        this.http = http;
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
        this.signingName = signingName;
        this.targetPrefix = targetPrefix;
    }

    /** The API of {@code service} ({@code SSM}, {@code SECRETS_MANAGER}) as the environment configures it. */
    public static AwsJsonCall fromEnv(Env env, String service, String signingName, String targetPrefix) {
        Region region = Clients.region(env);
        URI endpoint = Clients.endpoint(env, service)
                .orElseGet(() -> URI.create("https://" + signingName + "." + region.id() + ".amazonaws.com"));
        return new AwsJsonCall(Clients.httpClient(), endpoint, region, Clients.credentials(env, service), signingName,
                targetPrefix);
    }

    /** An error answer: the HTTP status and the AWS error type, such as {@code ParameterNotFound}. */
    public static final class Failure extends RuntimeException {
        private final int status;
        private final String type;

        Failure(String operation, int status, String type) {
            // AWS error answers name the resource at most, never a secret value; only the type is kept.
            super(operation + " answered " + status + " " + type);
            this.status = status;
            this.type = type;
        }

        public int status() {
            return status;
        }

        /** The error type without its namespace ({@code ParameterNotFound}, {@code ResourceNotFoundException}). */
        public String type() {
            return type.substring(type.lastIndexOf('#') + 1);
        }
    }

    /** Calls {@code operation} with {@code body}; the answer's JSON, or {@link Failure}. */
    public JsonNode call(String operation, ObjectNode body) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", targetPrefix + "." + operation)
                .build();
        String payload = Json.write(body);
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromUtf8String(payload))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request()).contentStreamProvider(signed.payload().orElse(null)).build()).call();
            int status = response.httpResponse().statusCode();
            String text = read(response);
            JsonNode answer = text.isBlank() ? Json.object() : Json.parse(text);
            if (status / 100 != 2) {
                throw new Failure(targetPrefix + "." + operation, status, answer.path("__type").asText("unknown"));
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(targetPrefix + "." + operation + " failed: " + e.getClass().getSimpleName(), e);
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
