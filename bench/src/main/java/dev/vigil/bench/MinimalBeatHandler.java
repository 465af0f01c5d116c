package dev.vigil.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The baseline the benchmarks compare Vigil's beat ingest with: the least a beat handler can do. It
 * builds one DynamoDB client when constructed (url-connection HTTP client, explicit region), reads
 * {@code pathParameters.uuid} from the API Gateway v2 event by plain string scanning, makes one
 * conditional UpdateItem ({@link BeatWrite}) and answers 200, or 404 when no application has that UUID.
 * No validation, logging, history or alerts: whatever Vigil does beyond this is what the ratios measure.
 *
 * <p>Environment: {@code APPLICATIONS_TABLE}, {@code AWS_REGION} (default us-east-1),
 * {@code AWS_ENDPOINT_URL_DYNAMODB} (optional; with it, static credentials from
 * {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, else the default chain).
 */
public final class MinimalBeatHandler implements RequestStreamHandler {
    private static final byte[] OK = response(200, "{\\\"ok\\\":true}");
    private static final byte[] NOT_FOUND = response(404, "{\\\"error\\\":\\\"unknown heartbeat URL\\\"}");

    private final DynamoDbClient dynamo;
    private final BeatWrite write;

    public MinimalBeatHandler() {
        this(System.getenv());
    }

    MinimalBeatHandler(Map<String, String> env) {
        this.dynamo = client(env);
        this.write = new BeatWrite(required(env, "APPLICATIONS_TABLE"));
    }

    /** The DynamoDB client the baseline uses; the bare-writes launcher builds its own the same way. */
    static DynamoDbClient client(Map<String, String> env) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(env.getOrDefault("AWS_REGION", "us-east-1")));
        String endpoint = env.get("AWS_ENDPOINT_URL_DYNAMODB");
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint.trim()))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                            env.getOrDefault("AWS_ACCESS_KEY_ID", "local"), env.getOrDefault("AWS_SECRET_ACCESS_KEY", "local"))));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        return builder.build();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String uuid = pathParameter(new String(input.readAllBytes(), StandardCharsets.UTF_8), "uuid");
        boolean stored = false;
        if (uuid != null && !uuid.isEmpty()) {
            try {
                dynamo.updateItem(write.request(uuid, System.currentTimeMillis()));
                stored = true;
            } catch (ConditionalCheckFailedException unknown) {
                // No application has this UUID.
            }
        }
        output.write(stored ? OK : NOT_FOUND);
    }

    /**
     * The string value of {@code pathParameters.<name>} in an event, or null. Plain scanning, enough for
     * the events API Gateway sends: path parameters are short strings without escapes.
     */
    static String pathParameter(String event, String name) {
        int object = valueAfter(event, "\"pathParameters\"", 0);
        if (object < 0 || event.charAt(object) != '{') {
            return null; // absent, or "pathParameters": null
        }
        int close = event.indexOf('}', object);
        int value = valueAfter(event, "\"" + name + "\"", object);
        if (close < 0 || value < 0 || value > close || event.charAt(value) != '"') {
            return null;
        }
        int end = event.indexOf('"', value + 1);
        return end < 0 || end > close ? null : event.substring(value + 1, end);
    }

    /** Where the value of the first {@code key} at or after {@code from} starts (past the colon), or -1. */
    private static int valueAfter(String text, String key, int from) {
        int at = text.indexOf(key, from);
        if (at < 0) {
            return -1;
        }
        int colon = skipBlanks(text, at + key.length());
        if (colon >= text.length() || text.charAt(colon) != ':') {
            return -1;
        }
        int value = skipBlanks(text, colon + 1);
        return value < text.length() ? value : -1;
    }

    private static int skipBlanks(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Missing required environment variable " + name);
        }
        return value.trim();
    }

    private static byte[] response(int status, String escapedBody) {
        return ("{\"statusCode\":" + status + ",\"headers\":{\"content-type\":\"application/json\"},\"body\":\""
                + escapedBody + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
