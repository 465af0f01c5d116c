package dev.vigil.testkit;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.sqs.SqsClient;

/** SDK clients for an AWS-compatible test endpoint (moto_server, LocalStack): us-east-1, test credentials. */
public final class AwsTestClients {
    private AwsTestClients() {
    }

    public static <B extends AwsClientBuilder<B, C> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>,
            C extends SdkClient> C build(B builder, String endpoint) {
        return builder.endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /**
     * A client whose calls pass through {@code faults}, without the SDK's own retries when
     * {@code sdkRetries} is false, so every injected fault reaches the caller.
     */
    public static <B extends AwsClientBuilder<B, C> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>,
            C extends SdkClient> C build(B builder, String endpoint, FaultInjector faults, boolean sdkRetries) {
        return builder.endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> {
                    o.addExecutionInterceptor(faults);
                    if (!sdkRetries) {
                        o.retryStrategy(DefaultRetryStrategy.doNotRetry());
                    }
                })
                .build();
    }

    public static SqsClient sqs(String endpoint) {
        return build(SqsClient.builder(), endpoint);
    }
}
