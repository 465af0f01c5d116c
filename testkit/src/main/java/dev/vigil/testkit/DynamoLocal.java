package dev.vigil.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local as an HTTP server on a free loopback port, in memory or on disk, with the tables that
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
        DynamoLocal local = launch(port, template, new String[] {"-inMemory"});
        local.createTables();
        return local;
    }

    /**
     * Starts a server on {@code port} (0 for any free port) that keeps its data in one file in
     * {@code dataDir} ({@code -dbPath}, {@code -sharedDb}: every client sees the same tables), and brings
     * its tables up to the template's: see {@link #upgradeTables}. Returns the server and what changed.
     */
    public static OnDisk startOnDisk(int port, SamTemplate template, Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dataDir, e);
        }
        DynamoLocal local = launch(port, template, new String[] {"-dbPath", dataDir.toAbsolutePath().toString(), "-sharedDb"});
        try {
            return new OnDisk(local, upgradeTables(local.client, template));
        } catch (RuntimeException e) {
            local.close();
            throw e;
        }
    }

    /** A server on disk and what its start changed in the stored tables, one line per change. */
    public record OnDisk(DynamoLocal db, List<String> changes) {
    }

    private static DynamoLocal launch(int port, SamTemplate template, String[] storage) {
        int chosen = port == 0 ? freePort() : port;
        List<String> args = new ArrayList<>(List.of(storage));
        args.addAll(List.of("-port", Integer.toString(chosen), "-disableTelemetry"));
        try {
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
            server.start();
            return new DynamoLocal(server, "http://127.0.0.1:" + chosen, template);
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start on port " + chosen, e);
        }
    }

    /**
     * Brings stored tables up to the template's: a table the template declares and the store lacks is
     * created; a global secondary index the template added to a stored table is created on it (the
     * store builds it from the items already there); a stream the template added is switched on. An
     * index whose keys or projection changed in the template is kept as it is stored and reported, as
     * DynamoDB cannot change an index in place (delete the data directory's file, or the index by hand,
     * to have it built again). Items are never touched. Returns one line per change or difference.
     */
    public static List<String> upgradeTables(DynamoDbClient client, SamTemplate template) {
        List<String> changes = new ArrayList<>();
        Set<String> existing = new HashSet<>(client.listTables().tableNames());
        template.tables().forEach((name, resource) -> {
            CreateTableRequest wanted = createRequest(name, resource.path("Properties"));
            if (!existing.contains(name)) {
                client.createTable(wanted);
                changes.add("created table " + name);
                return;
            }
            TableDescription stored = client.describeTable(d -> d.tableName(name)).table();
            Map<String, GlobalSecondaryIndexDescription> storedIndexes = new HashMap<>();
            if (stored.hasGlobalSecondaryIndexes()) {
                stored.globalSecondaryIndexes().forEach(i -> storedIndexes.put(i.indexName(), i));
            }
            if (wanted.hasGlobalSecondaryIndexes()) {
                for (GlobalSecondaryIndex index : wanted.globalSecondaryIndexes()) {
                    GlobalSecondaryIndexDescription have = storedIndexes.get(index.indexName());
                    if (have == null) {
                        client.updateTable(u -> u.tableName(name).attributeDefinitions(wanted.attributeDefinitions())
                                .globalSecondaryIndexUpdates(g -> g.create(c -> c.indexName(index.indexName())
                                        .keySchema(index.keySchema()).projection(index.projection()))));
                        changes.add("created index " + index.indexName() + " of table " + name);
                    } else if (!have.keySchema().equals(index.keySchema())
                            || have.projection().projectionType() != index.projection().projectionType()) {
                        changes.add("index " + index.indexName() + " of table " + name + " differs from the template's"
                                + " and is kept as stored");
                    }
                }
            }
            boolean streamWanted = wanted.streamSpecification() != null;
            boolean streamOn = stored.streamSpecification() != null && Boolean.TRUE.equals(stored.streamSpecification().streamEnabled());
            if (streamWanted && !streamOn) {
                client.updateTable(u -> u.tableName(name).streamSpecification(wanted.streamSpecification()));
                changes.add("switched on the stream of table " + name);
            }
        });
        return changes;
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
            // Stopping the server frees its port and, on disk, closes its file; nothing else to release.
        }
    }
}
