package dev.vigil.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.bus.EventPublisher;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Application;
import dev.vigil.domain.Deadlines;
import dev.vigil.domain.Status;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Json;
import dev.vigil.store.ApplicationStore;
import dev.vigil.store.IngestHealthStore;
import dev.vigil.testkit.AwsTestClients;
import dev.vigil.testkit.CountingDynamo;
import dev.vigil.testkit.DynamoLocal;
import dev.vigil.testkit.SamTemplate;
import dev.vigil.testkit.TestClock;
import dev.vigil.wiring.Platform;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * The beat-ingest function fed the sample API Gateway events from {@code events/}, against DynamoDB
 * Local with the template's tables: what a pinging client sees and what ends up stored.
 */
class BeatIngestHandlerTest {
    /** The UUID in events/heartbeat-post.json. */
    static final String SAMPLE_UUID = "3f1c2a9e-8d4b-4e1f-9a6c-2b7d5e8f0a13";
    static final String SAMPLE_APP_ID = "app_k3v9x2m7q4pa";
    static final Instant CREATED = Instant.parse("2026-11-24T11:00:00Z");
    /** Deliberately not the event's requestContext.timeEpoch: the server's clock times the beat. */
    static final Instant SERVER_NOW = Instant.parse("2026-11-24T12:00:03.250Z");

    final DynamoLocal db = DynamoLocal.shared();
    final TestClock clock = new TestClock(SERVER_NOW);
    final RecordingBus bus = new RecordingBus();
    final List<String> metricLines = new CopyOnWriteArrayList<>();
    Map<String, String> env;

    @BeforeEach
    void emptyTables() {
        db.reset();
        SamTemplate template = SamTemplate.load();
        env = new HashMap<>(template.environment(template.function("BeatIngestFunction").orElseThrow(), Map.of()));
    }

    @Test
    void postToRegisteredUuidAnswers200AndStoresTheBeatAtServerTime() throws IOException {
        Platform platform = platform(db.client());
        ApplicationStore apps = platform.tables().applications();
        apps.create(app(Status.NEW, Status.NEW, 0, Optional.empty()));

        Response response = invoke(new BeatIngestHandler(platform), eventFile("heartbeat-post.json"));

        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().get("content-type"));
        assertEquals(Json.object().put("ok", true).put("status", "up"), response.json());

        Application stored = apps.findByUuid(SAMPLE_UUID).orElseThrow();
        assertEquals(Status.UP, stored.status());
        assertEquals(Optional.of(SERVER_NOW), stored.lastHeartbeat(), "the beat is timed by the server clock");
        assertEquals(Optional.of(SERVER_NOW.plusSeconds(300 + 60)), stored.dueAt(), "next deadline = beat + interval + grace");

        Map<String, AttributeValue> item = db.client().getItem(g -> g.tableName("ApplicationsTable")
                .key(Map.of("uuid", AttributeValue.fromS(SAMPLE_UUID)))).item();
        assertEquals("POST", item.get("lastMethod").s(), "how the beat came rides on the same write, for the history");
        assertEquals("203.0.113.24", item.get("lastSourceIp").s());
        assertEquals("curl/8.5.0", item.get("lastUserAgent").s());
        assertEquals("1", item.get("beats").n());
        assertEquals(0, count("HEARTBEATS_TABLE"), "the history is written from the table's stream, not here");
        assertTrue(bus.published.isEmpty(), "the ingest publishes nothing: " + bus.published);
    }

    @Test
    void eachInvocationWritesOneMetricLineCountingItsBeatAsIngestedOrRejected() throws IOException {
        Platform platform = platform(db.client());
        platform.tables().applications().create(app(Status.NEW, Status.NEW, 0, Optional.empty()));
        BeatIngestHandler handler = new BeatIngestHandler(platform);

        invoke(handler, eventFile("heartbeat-post.json"));
        invoke(handler, eventFile("heartbeat-get-unknown.json"));

        assertEquals(2, metricLines.size(), String.valueOf(metricLines));
        JsonNode ingested = Json.parse(metricLines.get(0));
        assertEquals(1, ingested.path("BeatsIngested").asLong());
        assertEquals("beat-ingest", ingested.path("Function").asText());
        assertEquals(SERVER_NOW.toEpochMilli(), ingested.path("_aws").path("Timestamp").asLong());
        assertTrue(ingested.path("BeatsRejected").isMissingNode(), ingested.toString());
        JsonNode rejected = Json.parse(metricLines.get(1));
        assertEquals(1, rejected.path("BeatsRejected").asLong());
        assertTrue(rejected.path("BeatsIngested").isMissingNode(), "a flush forgets the previous invocation's count");
    }

    @Test
    void primingCountsNoBeat() {
        BeatIngestHandler handler = new BeatIngestHandler(platform(db.client()));

        handler.prime();

        assertEquals(List.of(), metricLines, "priming beats are not beats");
    }

    @Test
    void unknownUuidGets404AndWritesNothing() throws IOException {
        Platform platform = platform(db.client());
        ApplicationStore apps = platform.tables().applications();
        apps.create(app(Status.NEW, Status.NEW, 0, Optional.empty()));
        Application before = apps.findByUuid(SAMPLE_UUID).orElseThrow();

        Response response = invoke(new BeatIngestHandler(platform), eventFile("heartbeat-get-unknown.json"));

        assertEquals(404, response.statusCode());
        assertEquals("application/json", response.headers().get("content-type"));
        assertTrue(response.json().path("error").isTextual(), "JSON error body: " + response.body());
        assertEquals(1, count("APPLICATIONS_TABLE"), "no item may be created for an unknown UUID");
        assertEquals(Optional.empty(), apps.findByUuid("9b2e4d61-7c3a-4f58-b0e9-1d6a8c5f2e47"));
        assertEquals(before, apps.findByUuid(SAMPLE_UUID).orElseThrow(), "other applications are untouched");
        assertEquals(0, count("HEARTBEATS_TABLE"), "no history for an unknown UUID");
        assertEquals(0, count("EVENTS_TABLE"));
    }

    @Test
    void malformedUuidGets404WithoutAnyDynamoDbCall() throws IOException {
        for (String bad : new String[] {"3f1c2a9e-8d4b-4e1f-9a6c-2b7d5e8f0a1", "not-a-uuid", "../../etc/passwd",
                SAMPLE_UUID + "' OR '1'='1", "3f1c2a9e8d4b4e1f9a6c2b7d5e8f0a13", ""}) {
            CountingDynamo counting = new CountingDynamo(db.client());
            ObjectNode event = sample("heartbeat-post.json");
            ((ObjectNode) event.get("pathParameters")).put("uuid", bad);

            Response response = invoke(new BeatIngestHandler(platform(counting.client())), event);

            assertEquals(404, response.statusCode(), "uuid '" + bad + "'");
            assertTrue(response.json().path("error").isTextual(), response.body());
            assertEquals(List.of(), counting.calls(), "uuid '" + bad + "' reached DynamoDB");
        }
    }

    @Test
    void missingPathParameterGets404WithoutAnyDynamoDbCall() throws IOException {
        CountingDynamo counting = new CountingDynamo(db.client());
        ObjectNode event = sample("heartbeat-post.json");
        event.remove("pathParameters");

        Response response = invoke(new BeatIngestHandler(platform(counting.client())), event);

        assertEquals(404, response.statusCode());
        assertEquals(List.of(), counting.calls());
    }

    @Test
    void upperCaseUuidBeatsTheSameApplication() throws IOException {
        Platform platform = platform(db.client());
        platform.tables().applications().create(app(Status.NEW, Status.NEW, 0, Optional.empty()));
        ObjectNode event = sample("heartbeat-post.json");
        ((ObjectNode) event.get("pathParameters")).put("uuid", SAMPLE_UUID.toUpperCase());

        Response response = invoke(new BeatIngestHandler(platform), event);

        assertEquals(200, response.statusCode());
        assertEquals(Status.UP, platform.tables().applications().findByUuid(SAMPLE_UUID).orElseThrow().status());
    }

    @Test
    void headRequestGetsStatusButEmptyBody() throws IOException {
        Platform platform = platform(db.client());
        platform.tables().applications().create(app(Status.NEW, Status.NEW, 0, Optional.empty()));

        Response known = invoke(new BeatIngestHandler(platform), withMethod(sample("heartbeat-post.json"), "HEAD"));
        Response unknown = invoke(new BeatIngestHandler(platform), withMethod(sample("heartbeat-get-unknown.json"), "HEAD"));

        assertEquals(200, known.statusCode());
        assertEquals("", known.body());
        assertEquals(404, unknown.statusCode());
        assertEquals("", unknown.body());
        Application stored = platform.tables().applications().findByUuid(SAMPLE_UUID).orElseThrow();
        assertEquals(Optional.of(SERVER_NOW), stored.lastHeartbeat(), "a HEAD ping still counts as a beat");
    }

    @Test
    void aBeatThatEndsAnOutageIsStillOneWriteAndAnswersUp() throws IOException {
        CountingDynamo counting = new CountingDynamo(db.client());
        Platform platform = platform(counting.client());
        platform.tables().applications().create(app(Status.DOWN, Status.DOWN, 1,
                Optional.of(SERVER_NOW.minus(Duration.ofMinutes(20)))));
        int before = counting.calls().size();

        Response response = invoke(new BeatIngestHandler(platform), sample("heartbeat-post.json"));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("up", response.json().path("status").asText());
        assertEquals(List.of("updateItem"), counting.calls().subList(before, counting.calls().size()),
                "one write on the request path; the recovery is announced from the table's stream");
        Application stored = platform.tables().applications().findByUuid(SAMPLE_UUID).orElseThrow();
        assertEquals(Status.UP, stored.status());
        assertEquals(Status.DOWN, stored.announced(), "announced by the stream's reader, not by the ingest");
        assertTrue(bus.published.isEmpty());
    }

    @Test
    void pausedApplicationAnswersPausedAndStaysWithoutDeadline() throws IOException {
        Platform platform = platform(db.client());
        // manualResume: its beats are recorded but do not resume it.
        Application paused = new Application(SAMPLE_APP_ID, SAMPLE_UUID, "nightly-backup", 300, 60, Status.UP, Status.UP,
                false, Optional.empty(), CREATED, Optional.empty(), 0, CREATED, CREATED)
                .withRules(dev.vigil.domain.BeatRules.DEFAULT.withManualResume(true));
        platform.tables().applications().create(paused);

        Response response = invoke(new BeatIngestHandler(platform), sample("heartbeat-post.json"));

        assertEquals(200, response.statusCode());
        assertEquals("paused", response.json().path("status").asText());
        Application stored = platform.tables().applications().findByUuid(SAMPLE_UUID).orElseThrow();
        assertEquals(Optional.of(SERVER_NOW), stored.lastHeartbeat());
        assertEquals(Optional.empty(), stored.dueAt());
    }

    @Test
    void beatToAPausedApplicationResumesItWithAFreshDeadline() throws IOException {
        Platform platform = platform(db.client());
        Application paused = new Application(SAMPLE_APP_ID, SAMPLE_UUID, "nightly-backup", 300, 60, Status.UP, Status.UP,
                false, Optional.empty(), CREATED, Optional.empty(), 0, CREATED, CREATED);
        platform.tables().applications().create(paused);

        Response response = invoke(new BeatIngestHandler(platform), sample("heartbeat-post.json"));

        assertEquals(200, response.statusCode());
        Application stored = platform.tables().applications().findByUuid(SAMPLE_UUID).orElseThrow();
        assertTrue(stored.active());
        assertEquals(SERVER_NOW, stored.watchedSince());
        assertEquals(Optional.of(SERVER_NOW.plusSeconds(360)), stored.dueAt());
    }

    @Test
    void dynamoDbOutageGets503WithRetryAfterAndNoStackTrace() throws IOException {
        DynamoDbClient unreachable = AwsTestClients.build(DynamoDbClient.builder(),
                "http://127.0.0.1:" + DynamoLocal.freePort());
        try (unreachable) {
            Response response = invoke(new BeatIngestHandler(platform(unreachable)), sample("heartbeat-post.json"));

            assertEquals(503, response.statusCode());
            assertEquals("5", response.headers().get("retry-after"));
            assertFalse(response.body().contains("Exception"), response.body());
        }
    }

    // --- signals -------------------------------------------------------------------------------

    static final String SAMPLE_RID = "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b";

    /** The sample signal beat (exit code 3, a run id, a text body) changed to {@code signal}, without query or body. */
    static ObjectNode signal(String signal) throws IOException {
        ObjectNode event = sample("heartbeat-exit-code.json");
        ((ObjectNode) event.get("pathParameters")).put("signal", signal);
        event.remove("queryStringParameters");
        event.remove("body");
        return event;
    }

    @Test
    void exitCodeSampleIsStoredAsAFailureWithItsRunIdAndBody() throws IOException {
        Platform platform = platform(db.client());
        platform.tables().applications().create(app(Status.UP, Status.UP, 0, Optional.of(CREATED)));

        Response response = invoke(new BeatIngestHandler(platform), eventFile("heartbeat-exit-code.json"));

        assertEquals(200, response.statusCode());
        assertEquals(Json.object().put("ok", true).put("signal", "fail"), response.json());
        var entry = platform.tables().heartbeats().list(SAMPLE_APP_ID, 10, Optional.empty()).items().get(0);
        assertEquals(Optional.of(3), entry.detail().exitCode());
        assertEquals(Optional.of(SAMPLE_RID), entry.detail().rid());
        assertEquals("backup failed: disk full on /var/data\n", entry.detail().body().orElseThrow().text());
        assertEquals(Optional.of("text/plain"), entry.detail().body().orElseThrow().contentType());
        assertEquals(1, platform.tables().applications().findByUuid(SAMPLE_UUID).orElseThrow().run().failStreak());
    }

    @Test
    void startSignalOpensARunWithoutChangingTheStatus() throws IOException {
        Platform platform = platform(db.client());
        platform.tables().applications().create(app(Status.UP, Status.UP, 0, Optional.of(CREATED)));

        Response response = invoke(new BeatIngestHandler(platform), signal("start"));

        assertEquals(Json.object().put("ok", true).put("signal", "start"), response.json());
        Application stored = platform.tables().applications().findByUuid(SAMPLE_UUID).orElseThrow();
        assertEquals(Optional.of(SERVER_NOW), stored.run().startedAt());
        assertEquals(Status.UP, stored.status());
    }

    @Test
    void bodylessSignalIsOneWrite() throws IOException {
        db.client().putItem(p -> p.tableName(env.get("APPLICATIONS_TABLE"))
                .item(platform(db.client()).tables().applications().item(app(Status.UP, Status.UP, 0, Optional.of(CREATED)))));
        CountingDynamo counting = new CountingDynamo(db.client());

        invoke(new BeatIngestHandler(platform(counting.client())), signal("fail"));

        assertEquals(List.of("updateItem"), counting.calls());
    }

    @Test
    void malformedRunIdIs400AndNothingIsWritten() throws IOException {
        Platform platform = platform(db.client());
        platform.tables().applications().create(app(Status.UP, Status.UP, 0, Optional.of(CREATED)));
        ObjectNode event = signal("start");
        event.putObject("queryStringParameters").put("rid", "not-a-uuid");

        Response response = invoke(new BeatIngestHandler(platform), event);

        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("rid must be a UUID"), response.body());
        assertFalse(platform.tables().applications().findByUuid(SAMPLE_UUID).orElseThrow().run().started());
    }

    @Test
    void unknownSignalIs404() throws IOException {
        Platform platform = platform(db.client());
        platform.tables().applications().create(app(Status.UP, Status.UP, 0, Optional.of(CREATED)));

        Response response = invoke(new BeatIngestHandler(platform), signal("256"));

        assertEquals(404, response.statusCode());
    }

    @Test
    void slugUrlOfAnUnknownPingKeyIs404() throws IOException {
        ObjectNode event = signal("nightly-backup");
        ((ObjectNode) event.get("pathParameters")).put("uuid", "Ab3_dE5-fG7hI9jK1lM2nO");

        Response response = invoke(new BeatIngestHandler(platform(db.client())), event);

        assertEquals(404, response.statusCode());
        assertTrue(response.body().contains("no tenant has this ping key"), response.body());
    }

    @Test
    void bodyOverTheLimitIsTruncatedAndSaidSo() throws IOException {
        env.put("BEAT_BODY_LIMIT", "16");
        Platform platform = platform(db.client());
        platform.tables().applications().create(app(Status.UP, Status.UP, 0, Optional.of(CREATED)));
        ObjectNode event = signal("log");
        event.put("body", "0123456789abcdefXYZ");

        Response response = invoke(new BeatIngestHandler(platform), event);

        assertEquals(200, response.statusCode());
        assertTrue(response.json().path("truncated").asBoolean(), response.body());
        var entry = platform.tables().heartbeats().list(SAMPLE_APP_ID, 10, Optional.empty()).items().get(0);
        assertEquals("0123456789abcdef", entry.detail().body().orElseThrow().text());
        assertTrue(entry.detail().body().orElseThrow().truncated());
    }

    @Test
    void aBeatThatCannotBeStoredGets503AndIsCountedInItsMinutesIngestHealthBucket() throws IOException {
        env.put("APPLICATIONS_TABLE", "no-such-table");
        Platform platform = platform(db.client());

        Response first = invoke(new BeatIngestHandler(platform), sample("heartbeat-post.json"));
        clock.advance(Duration.ofSeconds(20));
        Response second = invoke(new BeatIngestHandler(platform), sample("heartbeat-post.json"));

        assertEquals(503, first.statusCode(), first.body());
        assertEquals("5", first.headers().get("retry-after"));
        assertFalse(first.body().contains("Exception"), first.body());
        assertEquals(503, second.statusCode());
        IngestHealthStore health = IngestHealthStore.fromEnv(Env.of(env), db.client());
        Instant minute = Instant.parse("2026-11-24T12:00:00Z");
        assertEquals(List.of(new IngestHealthStore.ErrorBucket(minute, 2)),
                health.errors(minute, minute.plusSeconds(59)), "both failures in the minute they happened");
        assertEquals(2, metricLines.stream().filter(line -> line.contains("\"BeatsFailed\":1")).count(), metricLines.toString());
    }

    @Test
    void aStoredBeatRecordsNoIngestFailure() throws IOException {
        Platform platform = platform(db.client());
        platform.tables().applications().create(app(Status.NEW, Status.NEW, 0, Optional.empty()));

        Response response = invoke(new BeatIngestHandler(platform), sample("heartbeat-post.json"));

        assertEquals(200, response.statusCode());
        assertEquals(List.of(), IngestHealthStore.fromEnv(Env.of(env), db.client())
                .errors(SERVER_NOW.minusSeconds(3600), SERVER_NOW.plusSeconds(3600)));
    }

    // --- helpers -------------------------------------------------------------------------------

    Platform platform(DynamoDbClient dynamo) {
        return Platform.builder(Env.of(env)).clock(clock).dynamo(dynamo).bus(bus).metricLines(metricLines::add).build();
    }

    static Application app(Status status, Status announced, long flips, Optional<Instant> lastBeat) {
        Application app = new Application(SAMPLE_APP_ID, SAMPLE_UUID, "nightly-backup", 300, 60, status, announced, true,
                lastBeat, CREATED, Optional.empty(), flips, CREATED, CREATED);
        return app.withDueAt(Deadlines.deadline(app));
    }

    int count(String tableVariable) {
        return db.client().scan(s -> s.tableName(env.get(tableVariable)).select(Select.COUNT)).count();
    }

    static Path eventFile(String name) {
        return SamTemplate.locate().getParent().resolve("events").resolve(name);
    }

    static ObjectNode sample(String name) throws IOException {
        return (ObjectNode) Json.MAPPER.readTree(Files.readString(eventFile(name)));
    }

    static ObjectNode withMethod(ObjectNode event, String method) {
        ((ObjectNode) event.path("requestContext").path("http")).put("method", method);
        String route = event.path("routeKey").asText();
        event.put("routeKey", method + route.substring(route.indexOf(' ')));
        ((ObjectNode) event.get("requestContext")).put("routeKey", event.get("routeKey").asText());
        return event;
    }

    /** Invokes with a sample file exactly as stored. */
    static Response invoke(BeatIngestHandler handler, Path eventFile) throws IOException {
        try (InputStream in = Files.newInputStream(eventFile)) {
            return invoke(handler, in);
        }
    }

    /** Invokes with a sample changed by the test. */
    static Response invoke(BeatIngestHandler handler, ObjectNode event) throws IOException {
        return invoke(handler, new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)));
    }

    static Response invoke(BeatIngestHandler handler, InputStream event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(event, out, null);
        return Response.of(out);
    }

    /** The payload 2.0 response the function returned to API Gateway. */
    record Response(int statusCode, Map<String, String> headers, String body) {
        static Response of(ByteArrayOutputStream out) throws IOException {
            JsonNode node = Json.MAPPER.readTree(out.toByteArray());
            Map<String, String> headers = new HashMap<>();
            node.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
            return new Response(node.path("statusCode").asInt(), headers, node.path("body").asText());
        }

        JsonNode json() throws IOException {
            return Json.MAPPER.readTree(body);
        }
    }

    static final class RecordingBus implements EventPublisher {
        final List<AlertEvent> published = new CopyOnWriteArrayList<>();
        volatile boolean failing;

        @Override
        public void publish(AlertEvent event) {
            if (failing) {
                throw new IllegalStateException("bus unavailable");
            }
            published.add(event);
        }
    }
}
