package dev.vigil.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local as an in-memory HTTP server on a free loopback port, with the tables that
 * {@code template.yaml} declares, named by their logical ids.
 */
public final class DynamoLocal implements AutoCloseable {
    private static DynamoLocal shared;

    private final DynamoDBProxyServer server;
    private final String endpoint;
    private final DynamoDbClient client;
    private final SamTemplate template;

    private DynamoLocal(DynamoDBProxyServer server, String endpoint, SamTemplate template) {
        this.server = server;
        this.endpoint = endpoint;
        this.template = template;
        this.client = AwsTestClients.build(DynamoDbClient.builder(), endpoint);
    }

    /** Starts a server on {@code port} (0 for any free port) and creates the template's tables. */
    public static DynamoLocal start(int port, SamTemplate template) {
        int chosen = port == 0 ? freePort() : port;
        try {
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                    new String[] {"-inMemory", "-port", Integer.toString(chosen), "-disableTelemetry"});
            server.start();
            DynamoLocal local = new DynamoLocal(server, "http://127.0.0.1:" + chosen, template);
            local.createTables();
            return local;
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start on port " + chosen, e);
        }
    }

    /** One server per test JVM, shared by every test class; tests reset the tables they use. */
    public static synchronized DynamoLocal shared() {
        if (shared == null) {
            shared = start(0, SamTemplate.load());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    public String endpoint() {
        return endpoint;
    }

    public DynamoDbClient client() {
        return client;
    }

    /**
     * Another client of this server whose calls pass through {@code faults}; without the SDK's own
     * retries when {@code sdkRetries} is false, so every injected fault reaches the caller.
     */
    public DynamoDbClient client(FaultInjector faults, boolean sdkRetries) {
        return AwsTestClients.build(DynamoDbClient.builder(), endpoint, faults, sdkRetries);
    }

    /** The ARN of a table's stream, for a reader of its changes. */
    public String streamArn(String table) {
        return client.describeTable(d -> d.tableName(table)).table().latestStreamArn();
    }

    /**
     * DynamoDB Local's engine called in this JVM, without HTTP, with the template's tables: for a test
     * that makes many thousands of calls (a fuzz test), at a tenth of a call's cost over HTTP. It has
     * no endpoint, so no stream reader or other process can reach it.
     */
    public static DynamoDbClient inProcess(SamTemplate template) {
        DynamoDbClient client = DynamoDBEmbedded.create(true).dynamoDbClient(); // true: no telemetry
        createTables(client, template);
        return client;
    }

    /** Drops and re-creates every table, for a test that needs an empty database. */
    public void reset() {
        for (String table : client.listTables().tableNames()) {
            client.deleteTable(d -> d.tableName(table));
        }
        createTables();
    }

    /**
     * Creates the template's tables. Their time to live is not switched on: tests run on a hand-moved
     * clock set in the past, so the expiry times Vigil writes (kept on every item, and checked by tests)
     * are past too, and DynamoDB Local's expiry would delete items a test is still using.
     */
    private void createTables() {
        createTables(client, template);
    }

    private static void createTables(DynamoDbClient client, SamTemplate template) {
        template.tables().forEach((name, resource) -> client.createTable(createRequest(name, resource.path("Properties"))));
    }

    static CreateTableRequest createRequest(String name, JsonNode props) {
        List<AttributeDefinition> attributes = new ArrayList<>();
        props.path("AttributeDefinitions").forEach(a -> attributes.add(AttributeDefinition.builder()
                .attributeName(a.path("AttributeName").asText())
                .attributeType(ScalarAttributeType.fromValue(a.path("AttributeType").asText())).build()));
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        props.path("GlobalSecondaryIndexes").forEach(i -> {
            GlobalSecondaryIndex.Builder index = GlobalSecondaryIndex.builder()
                    .indexName(i.path("IndexName").asText())
                    .keySchema(keySchema(i.path("KeySchema")))
                    .projection(projection(i.path("Projection")));
            indexes.add(index.build());
        });
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(name)
                .attributeDefinitions(attributes)
                .keySchema(keySchema(props.path("KeySchema")))
                .billingMode(BillingMode.PAY_PER_REQUEST);
        if (!indexes.isEmpty()) {
            request.globalSecondaryIndexes(indexes);
        }
        JsonNode stream = props.path("StreamSpecification");
        if (!stream.isMissingNode()) {
            request.streamSpecification(s -> s.streamEnabled(true)
                    .streamViewType(StreamViewType.fromValue(stream.path("StreamViewType").asText())));
        }
        return request.build();
    }

    private static Projection projection(JsonNode spec) {
        Projection.Builder projection = Projection.builder()
                .projectionType(ProjectionType.fromValue(spec.path("ProjectionType").asText("ALL")));
        List<String> included = new ArrayList<>();
        spec.path("NonKeyAttributes").forEach(a -> included.add(a.asText()));
        if (!included.isEmpty()) {
            projection.nonKeyAttributes(included);
        }
        return projection.build();
    }

    private static List<KeySchemaElement> keySchema(JsonNode schema) {
        List<KeySchemaElement> keys = new ArrayList<>();
        schema.forEach(k -> keys.add(KeySchemaElement.builder().attributeName(k.path("AttributeName").asText())
                .keyType(KeyType.fromValue(k.path("KeyType").asText())).build()));
        return keys;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        client.close();
        try {
            server.stop();
        } catch (Exception ignored) {
            // Stopping an in-memory server frees its port; nothing else to release.
        }
    }
}
