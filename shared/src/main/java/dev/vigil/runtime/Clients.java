package dev.vigil.runtime;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds SDK clients the way a Lambda function wants them: the light url-connection HTTP client, the
 * region set explicitly, and an endpoint override when {@code AWS_ENDPOINT_URL} (or a per-service
 * variable such as {@code AWS_ENDPOINT_URL_DYNAMODB}) points at DynamoDB Local, moto or LocalStack.
 */
public final class Clients {
    private Clients() {
    }

    public static DynamoDbClient dynamo(Env env) {
        return configure(DynamoDbClient.builder(), env, "DYNAMODB").httpClient(httpClient()).build();
    }

    /** Applies region, endpoint and credentials to any SDK client builder. */
    public static <B extends AwsClientBuilder<B, ?>> B configure(B builder, Env env, String service) {
        builder.region(region(env));
        Optional<URI> endpoint = endpoint(env, service);
        endpoint.ifPresent(builder::endpointOverride);
        builder.credentialsProvider(credentials(env, service));
        return builder;
    }

    public static Region region(Env env) {
        return Region.of(env.get("AWS_REGION", "us-east-1"));
    }

    /** The endpoint override for {@code service} ({@code AWS_ENDPOINT_URL_<SERVICE>}, else {@code AWS_ENDPOINT_URL}). */
    public static Optional<URI> endpoint(Env env, String service) {
        return env.get("AWS_ENDPOINT_URL_" + service).or(() -> env.get("AWS_ENDPOINT_URL")).map(URI::create);
    }

    /**
     * The default chain on AWS (environment, then the container's role); for a local endpoint, the
     * configured keys or a placeholder, which local endpoints accept.
     */
    public static AwsCredentialsProvider credentials(Env env, String service) {
        if (endpoint(env, service).isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    env.get("AWS_ACCESS_KEY_ID", "local"), env.get("AWS_SECRET_ACCESS_KEY", "local")));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    public static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.create();
    }
}
