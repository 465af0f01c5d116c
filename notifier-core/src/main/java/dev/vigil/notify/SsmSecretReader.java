package dev.vigil.notify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.runtime.Clients;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Json;
import dev.vigil.store.SecretStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * Reads channel secrets for the notifiers: the SecureString parameter {@code <prefix>/<channel id>}
 * (the channel's secret settings as JSON), decrypted, and cached for a short time so that an alert
 * burst does not call SSM once per channel per alert. It speaks SSM's {@code GetParameter} JSON API
 * directly, signed with SigV4 by the SDK's signer over the url-connection client the functions already
 * carry, so a notifier does not ship the SDK's SSM module (thousands of model classes) to read one
 * parameter. Notifiers only read: writing and deleting are the admin API's.
 */
public final class SsmSecretReader implements SecretStore {
    /** How long a secret read is reused; a changed secret reaches the notifiers within it. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);
    private static final String TARGET = "AmazonSSM.GetParameter";

    private final SdkHttpClient http;
    private final URI endpoint;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final String prefix;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Map<String, String> secrets, Instant until) {
    }

    public SsmSecretReader(SdkHttpClient http, URI endpoint, Region region, AwsCredentialsProvider credentials,
                           String prefix, Duration ttl, Clock clock) {
        this.http = http;
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
        this.prefix = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The reader a notifier uses on AWS: {@code CHANNEL_SECRETS_PREFIX}, the region's SSM endpoint (or an override). */
    public static SsmSecretReader fromEnv(Env env) {
        Region region = Clients.region(env);
        URI endpoint = Clients.endpoint(env, "SSM").orElseGet(() -> URI.create("https://ssm." + region.id() + ".amazonaws.com"));
        return new SsmSecretReader(Clients.httpClient(), endpoint, region, Clients.credentials(env, "SSM"),
                env.require("CHANNEL_SECRETS_PREFIX"), DEFAULT_TTL, Clock.systemUTC());
    }

    @Override
    public Map<String, String> get(String channelId) {
        Instant now = clock.instant();
        Cached cached = cache.get(channelId);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.secrets();
        }
        Map<String, String> secrets = fetch(prefix + "/" + channelId);
        cache.put(channelId, new Cached(secrets, now.plus(ttl)));
        return secrets;
    }

    private Map<String, String> fetch(String name) {
        String body = Json.write(Json.object().put("Name", name).put("WithDecryption", true));
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", TARGET)
                .build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ssm")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request()).contentStreamProvider(signed.payload().orElse(null)).build()).call();
            int status = response.httpResponse().statusCode();
            String text = read(response);
            JsonNode answer = text.isBlank() ? Json.object() : Json.parse(text);
            if (status == 200) {
                return secrets(answer.path("Parameter").path("Value").asText("{}"));
            }
            String type = answer.path("__type").asText("");
            if (status == 400 && type.endsWith("ParameterNotFound")) {
                return Map.of();
            }
            // SSM's answer names the parameter at most, never its value.
            throw new IllegalStateException("SSM GetParameter answered " + status + " " + type);
        } catch (IOException e) {
            throw new UncheckedIOException("SSM GetParameter failed: " + e.getClass().getSimpleName(), e);
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

    private static Map<String, String> secrets(String value) throws IOException {
        Map<String, String> secrets = new LinkedHashMap<>();
        Json.parse(value).fields().forEachRemaining(f -> secrets.put(f.getKey(), f.getValue().asText()));
        return Map.copyOf(secrets);
    }

    @Override
    public void put(String channelId, Map<String, String> secrets) {
        throw new UnsupportedOperationException("notifiers only read channel secrets");
    }

    @Override
    public void delete(String channelId) {
        throw new UnsupportedOperationException("notifiers only read channel secrets");
    }
}
