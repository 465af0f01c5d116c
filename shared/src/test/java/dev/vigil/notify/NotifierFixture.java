package dev.vigil.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.channels.Channel;
import dev.vigil.channels.ChannelRegistry;
import dev.vigil.channels.ChannelRequest;
import dev.vigil.channels.ChannelStore;
import dev.vigil.channels.InMemorySecretStore;
import dev.vigil.channels.SecretStore;
import dev.vigil.config.Env;
import dev.vigil.config.Services;
import dev.vigil.json.Json;
import dev.vigil.log.Log;
import dev.vigil.store.NotificationLog;
import dev.vigil.store.Stores;
import dev.vigil.testkit.CapturingHttpServer;
import dev.vigil.testkit.DynamoLocal;
import dev.vigil.testkit.SamTemplate;
import dev.vigil.testkit.TestClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What every notifier function's handler test stands on, as a JUnit extension: before each test the
 * tables on DynamoDB Local are emptied, the log is captured, and the handler is wired from the
 * function's environment in {@code template.yaml} with a {@link TestClock} and an in-memory secret
 * store; after it, the log goes back to stdout and every {@link #server() HTTP server} is stopped.
 * Sample bus events come from {@code events/}; channels are created through the {@link ChannelRegistry},
 * so their secrets land in the secret store exactly as the admin API would put them.
 *
 * <pre>
 * &#64;RegisterExtension
 * final NotifierFixture fx = NotifierFixture.of("NotifySlackFunction", NotifySlackHandler::new);
 * </pre>
 *
 * <p>Published in vigil-shared's test-jar for the notifier modules (testkit cannot hold it: it would
 * need vigil-shared, whose own tests use testkit).
 */
public final class NotifierFixture implements BeforeEachCallback, AfterEachCallback {
    /** A second after the sample events' detection time. */
    public static final Instant NOW = Instant.parse("2026-11-24T11:58:13Z");

    private final String functionId;
    private final Function<Services, ? extends RequestStreamHandler> handlerFactory;
    private final DynamoLocal db = DynamoLocal.shared();
    private final TestClock clock = new TestClock(NOW);
    private final InMemorySecretStore secrets = new InMemorySecretStore();
    private final Map<Class<?>, Object> ports = new LinkedHashMap<>();
    private final List<CapturingHttpServer> servers = new ArrayList<>();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private Services services;
    private ChannelRegistry registry;
    private RequestStreamHandler handler;

    private NotifierFixture(String functionId, Function<Services, ? extends RequestStreamHandler> handlerFactory) {
        this.functionId = functionId;
        this.handlerFactory = handlerFactory;
    }

    /** A fixture for the function with logical id {@code functionId}, its handler built by {@code handlerFactory}. */
    public static NotifierFixture of(String functionId, Function<Services, ? extends RequestStreamHandler> handlerFactory) {
        return new NotifierFixture(functionId, handlerFactory);
    }

    /** Overrides a port (the alert topic, say) in every wiring from now on. */
    public <T> NotifierFixture port(Class<T> type, T instance) {
        ports.put(type, instance);
        return this;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        db.reset();
        Log.redirect(new PrintStream(logs, true, StandardCharsets.UTF_8));
        wire(Map.of());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Log.redirect(System.out);
        servers.forEach(CapturingHttpServer::close);
    }

    /** Wires the handler again, with {@code parameters} overriding the template's parameter defaults. */
    public void wire(Map<String, String> parameters) {
        SamTemplate template = SamTemplate.load();
        Map<String, String> env = new HashMap<>(template.environment(template.function(functionId).orElseThrow(), parameters));
        Services.Builder builder = Services.builder(Env.of(env)).clock(clock).dynamo(db.client())
                .port(SecretStore.class, secrets);
        ports.forEach((type, instance) -> port(builder, type, instance));
        services = builder.build();
        registry = new ChannelRegistry(new ChannelStore(db.client(), services.env().require("CHANNELS_TABLE")), secrets, clock);
        handler = handlerFactory.apply(services);
    }

    private static <T> void port(Services.Builder builder, Class<T> type, Object instance) {
        builder.port(type, type.cast(instance));
    }

    public TestClock clock() {
        return clock;
    }

    public Services services() {
        return services;
    }

    public ChannelRegistry registry() {
        return registry;
    }

    /** A capturing HTTP server, stopped after the test. */
    public CapturingHttpServer server() {
        CapturingHttpServer server = new CapturingHttpServer();
        servers.add(server);
        return server;
    }

    /** Creates a channel from an admin API request body. */
    public Channel channel(String requestJson) {
        try {
            return registry.create(ChannelRequest.forCreate(Json.parse(requestJson)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates a channel from an admin API request body. */
    public Channel channel(ObjectNode request) {
        return channel(Json.write(request));
    }

    /** What the code under test logged in this test so far. */
    public String logs() {
        return logs.toString(StandardCharsets.UTF_8);
    }

    // --- events --------------------------------------------------------------------------------

    public static Path eventFile(String name) {
        return SamTemplate.locate().getParent().resolve("events").resolve(name);
    }

    /** A sample bus event, to change before invoking. */
    public static ObjectNode sample(String name) throws IOException {
        return (ObjectNode) Json.MAPPER.readTree(Files.readString(eventFile(name)));
    }

    /** The {@code detail} of a bus event. */
    public static ObjectNode detail(ObjectNode event) {
        return (ObjectNode) event.get("detail");
    }

    /** Invokes the handler with an event file, as Lambda does; returns its answer. */
    public JsonNode invoke(Path eventFile) throws IOException {
        try (InputStream in = Files.newInputStream(eventFile)) {
            return invoke(in);
        }
    }

    public JsonNode invoke(ObjectNode event) throws IOException {
        return invoke(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)));
    }

    public JsonNode invoke(InputStream event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(event, out, null);
        return Json.MAPPER.readTree(out.toByteArray());
    }

    /**
     * Invokes twice with the same event two seconds apart, as Lambda may redeliver it: the first
     * invocation sends to one channel, the second sends nothing and finds that channel already handled.
     */
    public void assertRedeliveryIsSentOnce(Path eventFile) throws IOException {
        JsonNode first = invoke(eventFile);
        clock.advance(Duration.ofSeconds(2));
        JsonNode second = invoke(eventFile);

        assertEquals(1, first.path("sent").asInt(), first.toString());
        assertEquals(0, second.path("sent").asInt(), second.toString());
        assertEquals(1, second.path("alreadyHandled").asInt(), second.toString());
    }

    // --- delivery records ----------------------------------------------------------------------

    public List<NotificationLog.Notification> records() {
        return Stores.notifications(services).list(50, Optional.empty(), Optional.empty()).items();
    }

    /** The one delivery record; fails unless there is exactly one. */
    public NotificationLog.Notification single() {
        List<NotificationLog.Notification> records = records();
        assertEquals(1, records.size(), "records: " + records);
        return records.get(0);
    }

    /** The delivery record of {@code channel}. */
    public NotificationLog.Notification record(Channel channel) {
        return records().stream().filter(r -> r.channel().equals(channel.id())).findFirst().orElseThrow();
    }

    /**
     * After a failed delivery: it was recorded and logged, and no record's error and no log line
     * contains any of {@code secrets} (whole secrets, or parts of them that must not show either).
     */
    public void assertSecretsNeverShown(String... secrets) {
        List<NotificationLog.Notification> records = records();
        assertFalse(records.isEmpty(), "no delivery was recorded");
        String logged = logs();
        for (String secret : secrets) {
            for (NotificationLog.Notification record : records) {
                String error = record.error().orElse("");
                assertFalse(error.contains(secret), "a secret leaked into the record of " + record.channel() + ": " + error);
            }
            assertFalse(logged.contains(secret), "a secret leaked into the logs: " + logged);
        }
        assertTrue(logged.contains("Alert delivery failed"), "the failure is logged: " + logged);
    }

    /** The field names of a JSON object, sorted. */
    public static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
