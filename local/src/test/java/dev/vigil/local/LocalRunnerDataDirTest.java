package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.runtime.Json;
import dev.vigil.testkit.CapturingHttpServer;
import dev.vigil.testkit.DynamoLocal;
import dev.vigil.testkit.SamTemplate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A runner started with a data directory, stopped and started again on it, as a homelab user would:
 * what was registered, beaten, configured and alerted is still there, an alert already sent is not
 * sent again, and the deadlines are watched on from where they were.
 */
class LocalRunnerDataDirTest {
    private static final String KEY = "data-dir-admin-key-0001";
    private static final String SECRET = "a-signing-secret-of-some-length";
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void aRestartKeepsApplicationsHistoryChannelsAndAlertsNeverResendsAndWatchesDeadlinesOn() throws Exception {
        try (CapturingHttpServer receiver = new CapturingHttpServer()) {
            String appId;
            String channelId;
            String uuid;
            try (LocalRunner first = runner()) {
                channelId = call(first, "POST", "/api/channels", Json.write(Json.object().put("type", "webhook")
                        .put("name", "home receiver").put("default", true).set("settings",
                                Json.object().put("url", receiver.url("/hooks/vigil").toString()).put("signingSecret", SECRET))))
                        .path("id").asText();
                JsonNode app = call(first, "POST", "/api/applications", "{\"name\":\"nightly-backup\",\"intervalSeconds\":2}");
                appId = app.path("id").asText();
                uuid = app.path("uuid").asText();
                assertEquals(200, beat(first, uuid));
                waitFor(() -> heartbeats(first, appId).size(), n -> n >= 1);
                // The application misses its next deadline: one down alert reaches the receiver.
                waitFor(() -> receiver.requests().size(), n -> n >= 1);
                waitFor(() -> sent(first).size(), n -> n >= 1);
            }
            assertEquals(List.of("ApplicationDown"), types(receiver), "one alert before the restart");
            assertTrue(Files.exists(dir.resolve("dynamodb/shared-local-instance.db")), "DynamoDB Local's file is in the data directory");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("secrets.json"))));

            try (LocalRunner second = runner()) {
                JsonNode app = call(second, "GET", "/api/applications/" + appId, null);
                assertEquals("nightly-backup", app.path("name").asText(), app.toString());
                assertEquals("down", app.path("status").asText(), app.toString());
                assertEquals(1, heartbeats(second, appId).size(), "the beat history is kept");
                assertEquals("home receiver", call(second, "GET", "/api/channels/" + channelId, null).path("name").asText());
                assertEquals(1, sent(second).size(), "the delivery record is kept");
                JsonNode alerts = call(second, "GET", "/api/alerts", null).path("alerts");
                assertEquals(1, alerts.size(), alerts.toString());

                // A beat ends the outage: the recovery is the next thing the receiver gets, not the down again.
                assertEquals(200, beat(second, uuid));
                waitFor(() -> receiver.requests().size(), n -> n >= 2);
                assertEquals(List.of("ApplicationDown", "ApplicationUp"), types(receiver));
                // No more beats: the next deadline passes and is alerted, signed with the kept secret.
                waitFor(() -> receiver.requests().size(), n -> n >= 3);
                assertEquals(List.of("ApplicationDown", "ApplicationUp", "ApplicationDown"), types(receiver));
                JsonNode first = Json.parse(receiver.requests().get(0).body());
                JsonNode last = Json.parse(receiver.requests().get(2).body());
                assertNotEquals(first.path("eventId"), last.path("eventId"), "a new outage, not the first one again");
                assertTrue(receiver.requests().get(2).header("x-vigil-signature").startsWith("v1="));
                assertEquals(2, heartbeats(second, appId).size());
            }
        }
    }

    @Test
    void anAdminKeyGeneratedOnTheFirstStartIsKeptForTheNextOnesReadableByItsOwnerOnly() throws Exception {
        RunnerConfig first = RunnerConfig.fromArgs(new String[] {"--data-dir", dir.toString()}, Map.of());
        RunnerConfig second = RunnerConfig.fromArgs(new String[0], Map.of("VIGIL_DATA_DIR", dir.toString()));

        assertEquals(first.adminKey(), second.adminKey());
        assertTrue(first.adminKey().startsWith("vigil_"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("admin-key"))));
        assertEquals("given", RunnerConfig.fromArgs(new String[] {"--data-dir", dir.toString(), "--admin-key", "given"}, Map.of())
                .adminKey(), "a key given on the command line wins");
    }

    @Test
    void withoutADataDirectoryTheRunnerStaysInMemory() {
        RunnerConfig config = RunnerConfig.fromArgs(new String[] {"--admin-key", "k"}, Map.of());

        assertEquals(Optional.empty(), config.dataDir());
        assertEquals(LogFormat.AUTO, config.logFormat());
    }

    @Test
    void aDataDirectoryThatIsAFileIsRefusedWithItsName() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> RunnerConfig.fromArgs(new String[] {"--data-dir", file.toString()}, Map.of()));
        assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
    }

    @Test
    void aTableOrIndexTheStoreLacksIsCreatedOnStartAndTheOthersKeepTheirItems() throws Exception {
        SamTemplate template = SamTemplate.load();
        Path store = dir.resolve("dynamodb");
        try (DynamoLocal db = DynamoLocal.startOnDisk(0, template, store).db()) {
            db.client().putItem(p -> p.tableName("TenantsTable").item(Map.of("id", AttributeValue.fromS("tn_kept"))));
            db.client().deleteTable(d -> d.tableName("EventsTable"));
            db.client().updateTable(u -> u.tableName("ApplicationsTable")
                    .globalSecondaryIndexUpdates(g -> g.delete(x -> x.indexName("byTenant"))));
            // DynamoDB Local drops an index in the background: the store lacks it once the table no longer lists it.
            waitFor(() -> db.client().describeTable(d -> d.tableName("ApplicationsTable")).table().globalSecondaryIndexes().stream()
                    .noneMatch(i -> i.indexName().equals("byTenant")), gone -> gone);
        }
        DynamoLocal.OnDisk again = DynamoLocal.startOnDisk(0, template, store);
        try (DynamoLocal db = again.db()) {
            assertEquals(List.of("created index byTenant of table ApplicationsTable", "created table EventsTable"), again.changes());
            assertEquals(1, db.client().scan(s -> s.tableName("TenantsTable")).count());
        }
    }

    private LocalRunner runner() throws Exception {
        RunnerConfig config = new RunnerConfig(0, Map.of("CheckIntervalSeconds", "1"), KEY, Optional.empty(),
                Map.of("OUTBOUND_ALLOW_PRIVATE", "true")).keptIn(DataDir.open(dir));
        return new LocalRunner(config, SamTemplate.load(), new PrintStream(new ByteArrayOutputStream())).start();
    }

    private int beat(LocalRunner runner, String uuid) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + runner.port() + "/heartbeat/" + uuid))
                .POST(BodyPublishers.noBody()).build(), BodyHandlers.ofString()).statusCode();
    }

    private List<JsonNode> heartbeats(LocalRunner runner, String appId) throws Exception {
        return list(call(runner, "GET", "/api/applications/" + appId + "/heartbeats", null).path("heartbeats"));
    }

    private List<JsonNode> sent(LocalRunner runner) throws Exception {
        return list(call(runner, "GET", "/api/notifications?channel=webhook", null).path("notifications")).stream()
                .filter(n -> n.path("status").asText().equals("sent")).toList();
    }

    private static List<String> types(CapturingHttpServer receiver) {
        return receiver.requests().stream().map(r -> {
            try {
                return Json.parse(r.body()).path("type").asText();
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + r.body(), e);
            }
        }).toList();
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private JsonNode call(LocalRunner runner, String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + runner.port() + path))
                .header("Authorization", "Bearer " + KEY)
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body)).build();
        return Json.parse(http.send(request, BodyHandlers.ofString()).body());
    }

    private static <T> void waitFor(Probe<T> probe, Predicate<T> done) throws Exception {
        Instant until = Instant.now().plus(Duration.ofSeconds(30));
        while (!done.test(probe.get())) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("timed out; last value " + probe.get());
            }
            Thread.sleep(200);
        }
    }

    @FunctionalInterface
    private interface Probe<T> {
        T get() throws Exception;
    }
}
