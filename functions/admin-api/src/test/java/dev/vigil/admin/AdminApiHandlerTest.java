package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.AlertType;
import dev.vigil.domain.Status;
import dev.vigil.fixtures.InMemoryCheckSecrets;
import dev.vigil.fixtures.InMemorySecretStore;
import dev.vigil.fixtures.SampleAlerts;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Json;
import dev.vigil.store.HeartbeatLog;
import dev.vigil.store.NotificationLog;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * The admin API fed the sample API Gateway events from {@code events/} (and variations of them),
 * against DynamoDB Local with the template's tables.
 */
class AdminApiHandlerTest {
    /** The key the sample events present. */
    static final String ADMIN_KEY = "example-admin-key-change-me";
    static final Instant NOW = Instant.parse("2026-11-24T12:04:02.377Z");
    static final String DOMAIN = "k7x2p9q4mz.execute-api.us-east-1.amazonaws.com";
    static final Set<String> DOCUMENTED_FIELDS = java.util.stream.Stream.concat(Set.of("channels", "severity", "quietHours", "acknowledged", "id", "uuid", "name", "intervalSeconds", "graceSeconds", "status",
            "lastHeartbeat", "deadline", "pingUrl", "active", "createdAt", "updatedAt", "version",
            "minRuntimeSeconds", "maxRuntimeSeconds", "tags", "slug").stream(),
            ScheduleFields.RENDERED.stream()).collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** The schedule and state fields every application shows. */
    static final class ScheduleFields {
        static final Set<String> RENDERED = Set.of("state", "started", "cron", "timezone", "failureThreshold",
                "recoveryThreshold", "manualResume", "parentId", "maintenance", "suppressed");
    }

    final DynamoLocal db = DynamoLocal.shared();
    final TestClock clock = new TestClock(NOW);
    final InMemorySecretStore secrets = new InMemorySecretStore();
    Map<String, String> env;
    Platform platform;
    AdminApiHandler handler;

    @BeforeEach
    void emptyTables() {
        db.reset();
        SamTemplate template = SamTemplate.load();
        env = new HashMap<>(template.environment(template.function("AdminApiFunction").orElseThrow(), Map.of()));
        wire();
    }

    void wire() {
        platform = Platform.builder(Env.of(env)).clock(clock).dynamo(db.client()).build();
        handler = new AdminApiHandler(platform, secrets, new InMemoryCheckSecrets(), new AdminKey(ADMIN_KEY));
    }

    // --- create, read, update, delete ------------------------------------------------------------

    @Test
    void createFromSampleAnswers201WithEveryDocumentedFieldAndLocation() throws IOException {
        Response response = invoke(eventFile("admin-create-application.json"));

        assertEquals(201, response.statusCode(), response.body());
        JsonNode app = response.json();
        assertEquals(DOCUMENTED_FIELDS, fieldNames(app));
        assertTrue(app.path("id").asText().matches("app_[a-z0-9]{12}"), app.toString());
        assertTrue(app.path("uuid").asText().matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"),
                app.toString());
        assertEquals("nightly-backup", app.path("name").asText());
        assertEquals("nightly-backup", app.path("slug").asText(), "derived from the name");
        assertEquals(300, app.path("intervalSeconds").asLong());
        assertEquals(60, app.path("graceSeconds").asLong());
        assertEquals("new", app.path("status").asText());
        assertTrue(app.get("lastHeartbeat").isNull(), app.toString());
        assertEquals(NOW.plusSeconds(360).toString(), app.path("deadline").asText());
        assertEquals("https://" + DOMAIN + "/heartbeat/" + app.path("uuid").asText(), app.path("pingUrl").asText());
        assertTrue(app.path("active").isBoolean() && app.path("active").booleanValue(), app.toString());
        assertEquals(NOW.toString(), app.path("createdAt").asText());
        assertEquals(NOW.toString(), app.path("updatedAt").asText());
        assertEquals("/api/applications/" + app.path("id").asText(), response.headers().get("location"));
        assertEquals("application/json", response.headers().get("content-type"));
        assertEquals(1, appCount());
    }

    @Test
    void listFromSampleContainsTheCreatedApplication() throws IOException {
        JsonNode created = invoke(eventFile("admin-create-application.json")).json();

        Response list = invoke(eventFile("admin-list-applications.json"));

        assertEquals(200, list.statusCode());
        JsonNode apps = list.json().path("applications");
        assertTrue(apps.isArray(), list.body());
        assertEquals(1, apps.size(), list.body());
        assertEquals(created, apps.get(0));
        assertFalse(list.json().has("nextToken"), "one page only: " + list.body());
    }

    @Test
    void emptyListIsAnEmptyArray() throws IOException {
        Response list = invoke(eventFile("admin-list-applications.json"));

        assertEquals(200, list.statusCode());
        assertEquals(Json.MAPPER.readTree("{\"applications\":[]}"), list.json());
    }

    @Test
    void getByIdReturnsTheApplication() throws IOException {
        JsonNode created = create("nightly-backup", 300, 60);

        Response got = invoke(request("GET", "/api/applications/" + created.path("id").asText()));

        assertEquals(200, got.statusCode());
        assertEquals(created, got.json());
    }

    @Test
    void putChangesSettingsAndMovesTheDeadline() throws IOException {
        JsonNode created = create("nightly-backup", 300, 60);
        String id = created.path("id").asText();
        clock.advance(Duration.ofMinutes(1));

        Response updated = invoke(withBody(request("PUT", "/api/applications/" + id),
                "{\"name\":\"nightly-backup-v2\",\"graceSeconds\":120}"));

        assertEquals(200, updated.statusCode(), updated.body());
        JsonNode app = updated.json();
        assertEquals("nightly-backup-v2", app.path("name").asText());
        assertEquals(300, app.path("intervalSeconds").asLong(), "fields not sent are kept");
        assertEquals(120, app.path("graceSeconds").asLong());
        assertEquals(NOW.plusSeconds(300 + 120).toString(), app.path("deadline").asText());
        assertEquals(created.path("uuid"), app.path("uuid"), "the ping URL does not change");
        assertEquals(NOW.plusSeconds(60).toString(), app.path("updatedAt").asText());
        assertEquals(app, invoke(request("GET", "/api/applications/" + id)).json());
    }

    @Test
    void putAcceptsBackTheRepresentationItReturned() throws IOException {
        JsonNode created = create("nightly-backup", 300, 60);
        ObjectNode edited = created.deepCopy();
        edited.put("active", false);

        Response updated = invoke(withBody(request("PUT", "/api/applications/" + created.path("id").asText()),
                Json.write(edited)));

        assertEquals(200, updated.statusCode(), updated.body());
        assertFalse(updated.json().path("active").booleanValue());
        assertTrue(updated.json().get("deadline").isNull(), "a paused application has no deadline: " + updated.body());
    }

    @Test
    void putWithInvalidBodyGets400AndChangesNothing() throws IOException {
        JsonNode created = create("nightly-backup", 300, 60);
        String id = created.path("id").asText();

        Response response = invoke(withBody(request("PUT", "/api/applications/" + id), "{\"intervalSeconds\":0}"));

        assertEquals(400, response.statusCode());
        assertTrue(response.json().path("error").asText().contains("intervalSeconds"), response.body());
        assertEquals(created, invoke(request("GET", "/api/applications/" + id)).json());
    }

    @Test
    void putForUnknownIdGets404AndCreatesNothing() throws IOException {
        Response response = invoke(withBody(request("PUT", "/api/applications/app_zzzzzzzzzzzz"), "{\"name\":\"x\"}"));

        assertEquals(404, response.statusCode());
        assertEquals(0, appCount());
    }

    @Test
    void deleteAnswers204ThenGetAnswers404() throws IOException {
        JsonNode created = create("nightly-backup", 300, 60);
        String path = "/api/applications/" + created.path("id").asText();

        Response deleted = invoke(request("DELETE", path));
        Response after = invoke(request("GET", path));
        Response again = invoke(request("DELETE", path));

        assertEquals(204, deleted.statusCode());
        assertEquals("", deleted.body());
        assertEquals(404, after.statusCode());
        assertTrue(after.json().path("error").asText().contains(created.path("id").asText()), after.body());
        assertEquals(404, again.statusCode(), "deleting twice is a 404, not a 500");
        assertEquals(0, appCount());
        assertEquals(0, invoke(eventFile("admin-list-applications.json")).json().path("applications").size());
    }

    @Test
    void getOfWellFormedUnknownIdGets404() throws IOException {
        Response response = invoke(request("GET", "/api/applications/app_zzzzzzzzzzzz"));

        assertEquals(404, response.statusCode());
        assertTrue(response.json().path("error").isTextual());
    }

    @Test
    void getOfMalformedIdGets404WithSanitisedMessage() throws IOException {
        Response response = invoke(request("GET", "/api/applications/APP<script>"));

        assertEquals(404, response.statusCode());
        assertFalse(response.body().contains("<script>"), response.body());
    }

    // --- authentication ------------------------------------------------------------------------

    @Test
    void createWithoutAuthorizationGets401AndWritesNothing() throws IOException {
        ObjectNode event = sample("admin-create-application.json");
        ((ObjectNode) event.get("headers")).remove("authorization");

        Response response = invoke(event);

        assertEquals(401, response.statusCode());
        assertEquals("Bearer", response.headers().get("www-authenticate"));
        assertTrue(response.json().path("error").isTextual(), response.body());
        assertEquals(0, appCount());
    }

    @ParameterizedTest(name = "Authorization: {0}")
    @ValueSource(strings = {"Bearer example-admin-key-change-mE", "Bearer example-admin-key-change-me-", "Bearer ",
            "Bearer", "Basic ZXhhbXBsZS1hZG1pbi1rZXktY2hhbmdlLW1lOg==", "example-admin-key-change-me", ""})
    void createWithWrongKeyGets401AndWritesNothing(String authorization) throws IOException {
        ObjectNode event = sample("admin-create-application.json");
        ((ObjectNode) event.get("headers")).put("authorization", authorization);

        Response response = invoke(event);

        assertEquals(401, response.statusCode());
        assertEquals(0, appCount());
    }

    @Test
    void deleteWithWrongKeyGets401AndKeepsTheApplication() throws IOException {
        JsonNode created = create("nightly-backup", 300, 60);
        ObjectNode event = request("DELETE", "/api/applications/" + created.path("id").asText());
        ((ObjectNode) event.get("headers")).put("authorization", "Bearer not-the-admin-key-at-all");

        Response response = invoke(event);

        assertEquals(401, response.statusCode());
        assertEquals(1, appCount());
    }

    @Test
    void listWithoutAuthorizationGets401AndRevealsNoApplications() throws IOException {
        create("nightly-backup", 300, 60);
        ObjectNode event = sample("admin-list-applications.json");
        ((ObjectNode) event.get("headers")).remove("authorization");

        Response response = invoke(event);

        assertEquals(401, response.statusCode());
        assertFalse(response.body().contains("nightly-backup"), response.body());
    }

    @Test
    void bearerSchemeIsCaseInsensitive() throws IOException {
        ObjectNode event = sample("admin-list-applications.json");
        ((ObjectNode) event.get("headers")).put("authorization", "bearer " + ADMIN_KEY);

        assertEquals(200, invoke(event).statusCode());
    }

    // --- invalid input -------------------------------------------------------------------------

    static Stream<Arguments> invalidCreateBodies() {
        return Stream.of(
                Arguments.of("missing name", "{\"intervalSeconds\":300}", "name is required"),
                Arguments.of("missing intervalSeconds", "{\"name\":\"nightly-backup\"}", "intervalSeconds is required"),
                Arguments.of("intervalSeconds 0", "{\"name\":\"nightly-backup\",\"intervalSeconds\":0}",
                        "intervalSeconds must be between 1"),
                Arguments.of("intervalSeconds -1", "{\"name\":\"nightly-backup\",\"intervalSeconds\":-1}",
                        "intervalSeconds must be between 1"),
                Arguments.of("intervalSeconds over a year", "{\"name\":\"nightly-backup\",\"intervalSeconds\":99999999}",
                        "intervalSeconds must be between 1"),
                Arguments.of("intervalSeconds as a string", "{\"name\":\"nightly-backup\",\"intervalSeconds\":\"300\"}",
                        "intervalSeconds must be a whole number"),
                Arguments.of("intervalSeconds fractional", "{\"name\":\"nightly-backup\",\"intervalSeconds\":300.5}",
                        "intervalSeconds must be a whole number"),
                Arguments.of("graceSeconds negative", "{\"name\":\"nightly-backup\",\"intervalSeconds\":300,\"graceSeconds\":-5}",
                        "graceSeconds must be between 0"),
                Arguments.of("unknown field", "{\"name\":\"nightly-backup\",\"intervalSeconds\":300,\"colour\":\"red\"}",
                        "unknown field 'colour'"),
                Arguments.of("read-only field on create", "{\"name\":\"nightly-backup\",\"intervalSeconds\":300,\"status\":\"up\"}",
                        "unknown field 'status'"),
                Arguments.of("blank name", "{\"name\":\"   \",\"intervalSeconds\":300}", "name must not be blank"),
                Arguments.of("name a number", "{\"name\":42,\"intervalSeconds\":300}", "name must be a string"),
                Arguments.of("name over 100 characters", "{\"name\":\"" + "n".repeat(101) + "\",\"intervalSeconds\":300}",
                        "name must be at most 100"),
                Arguments.of("name with a newline", "{\"name\":\"nightly\\nbackup\",\"intervalSeconds\":300}",
                        "control characters"),
                Arguments.of("active not boolean", "{\"name\":\"nightly-backup\",\"intervalSeconds\":300,\"active\":\"yes\"}",
                        "active must be true or false"),
                Arguments.of("body not JSON", "name=nightly-backup&intervalSeconds=300", "not valid JSON"),
                Arguments.of("truncated JSON", "{\"name\":\"nightly-backup\",\"intervalSeconds\":", "not valid JSON"),
                Arguments.of("duplicate field", "{\"name\":\"a\",\"name\":\"b\",\"intervalSeconds\":300}", "not valid JSON"),
                Arguments.of("trailing content after the object",
                        "{\"name\":\"nightly-backup\",\"intervalSeconds\":300} {\"name\":\"second\"}", "not valid JSON"),
                Arguments.of("JSON array", "[{\"name\":\"nightly-backup\",\"intervalSeconds\":300}]", "body must be a JSON object"),
                Arguments.of("JSON null", "null", "body must be a JSON object"),
                Arguments.of("body over 16 KiB", "{\"name\":\"nightly-backup\",\"intervalSeconds\":300,\"pad\":\""
                        + "p".repeat(16 * 1024) + "\"}", "larger than 16384 bytes"),
                Arguments.of("empty body", "", "body must be a JSON object"),
                Arguments.of("blank body", "  \n ", "body must be a JSON object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidCreateBodies")
    void invalidCreateBodyGets400NamingTheProblemAndWritesNothing(String problem, String body, String expected)
            throws IOException {
        ObjectNode event = sample("admin-create-application.json");
        event.put("body", body);

        Response response = invoke(event);

        assertEquals(400, response.statusCode(), problem + ": " + response.body());
        String error = response.json().path("error").asText();
        assertTrue(error.contains(expected), problem + ": error was '" + error + "'");
        assertEquals(0, appCount());
    }

    @Test
    void createWithoutBodyFieldGets400AndWritesNothing() throws IOException {
        ObjectNode event = sample("admin-create-application.json");
        event.remove("body");

        Response response = invoke(event);

        assertEquals(400, response.statusCode());
        assertEquals("body must be a JSON object", response.json().path("error").asText());
        assertEquals(0, appCount());
    }

    @Test
    void createReportsEveryProblemAtOnce() throws IOException {
        ObjectNode event = sample("admin-create-application.json");
        event.put("body", "{\"name\":\"\",\"intervalSeconds\":\"300\",\"colour\":\"red\"}");

        String error = invoke(event).json().path("error").asText();

        assertTrue(error.contains("colour") && error.contains("name") && error.contains("intervalSeconds"), error);
    }

    @Test
    void base64EncodedBodyIsDecoded() throws IOException {
        ObjectNode event = sample("admin-create-application.json");
        event.put("body", Base64.getEncoder().encodeToString(
                "{\"name\":\"encoded\",\"intervalSeconds\":60}".getBytes(StandardCharsets.UTF_8)));
        event.put("isBase64Encoded", true);

        Response response = invoke(event);

        assertEquals(201, response.statusCode(), response.body());
        assertEquals("encoded", response.json().path("name").asText());
    }

    @ParameterizedTest(name = "limit={0}")
    @ValueSource(strings = {"0", "abc", "101", "-1", "1.5"})
    void badLimitGets400(String limit) throws IOException {
        Response response = invoke(withQuery(sample("admin-list-applications.json"), Map.of("limit", limit)));

        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.json().path("error").asText().contains("limit"), response.body());
    }

    @ParameterizedTest(name = "nextToken={0}")
    @MethodSource("badTokens")
    void badNextTokenGets400Not500(String token) throws IOException {
        create("nightly-backup", 300, 60);

        Response response = invoke(withQuery(sample("admin-list-applications.json"), Map.of("nextToken", token)));

        assertEquals(400, response.statusCode(), response.body());
        assertEquals("nextToken is not valid", response.json().path("error").asText());
    }

    static Stream<String> badTokens() {
        return Stream.of("garbage!!", "e30", token("{\"id\":{\"S\":\"app_zzzzzzzzzzzz\"}}"), token("[1,2]"),
                token("{\"uuid\":{\"B\":\"AAAA\"}}"), token("{\"uuid\":{\"S\":\"x\"},\"extra\":{\"S\":\"y\"}}"),
                token("{\"uuid\":{\"N\":\"5\"}}"), token("{\"uuid\":{\"S\":\"\"}}"),
                token("{\"uuid\":{\"S\":\"x\"}} trailing"));
    }

    @Test
    void listPagesThroughEveryApplication() throws IOException {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            ids.add(create("app-" + i, 60, 0).path("id").asText());
            clock.advance(Duration.ofSeconds(1));
        }

        JsonNode first = invoke(withQuery(sample("admin-list-applications.json"), Map.of("limit", "2"))).json();
        String token = first.path("nextToken").asText();
        JsonNode second = invoke(withQuery(sample("admin-list-applications.json"), Map.of("limit", "2", "nextToken", token)))
                .json();

        assertEquals(2, first.path("applications").size(), first.toString());
        assertFalse(token.isEmpty(), first.toString());
        Set<String> seen = new HashSet<>();
        first.path("applications").forEach(a -> seen.add(a.path("id").asText()));
        second.path("applications").forEach(a -> seen.add(a.path("id").asText()));
        assertEquals(ids, seen);
    }

    // --- beat history and notifications --------------------------------------------------------

    @Test
    void heartbeatsAreListedNewestFirst() throws IOException {
        JsonNode created = create("nightly-backup", 300, 60);
        List<Instant> times = new ArrayList<>();
        for (String method : List.of("POST", "GET", "HEAD")) {
            clock.advance(Duration.ofSeconds(30));
            times.add(clock.instant());
            beat(created.path("uuid").asText(), method, Optional.of("203.0.113.24"), Optional.of("curl/8.5.0"));
        }
        String path = "/api/applications/" + created.path("id").asText() + "/heartbeats";

        Response response = invoke(request("GET", path));

        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = response.json();
        assertEquals(created.path("id"), body.path("applicationId"));
        List<String> received = new ArrayList<>();
        body.path("heartbeats").forEach(b -> received.add(b.path("receivedAt").asText()));
        assertEquals(List.of(times.get(2).toString(), times.get(1).toString(), times.get(0).toString()), received);
        JsonNode newest = body.path("heartbeats").get(0);
        assertEquals("HEAD", newest.path("method").asText());
        assertEquals("203.0.113.24", newest.path("sourceIp").asText());
        assertEquals("curl/8.5.0", newest.path("userAgent").asText());

        JsonNode app = invoke(request("GET", "/api/applications/" + created.path("id").asText())).json();
        assertEquals("up", app.path("status").asText());
        assertEquals(times.get(2).toString(), app.path("lastHeartbeat").asText());
    }

    @Test
    void heartbeatHistoryPagesNewestFirst() throws IOException {
        JsonNode created = create("nightly-backup", 300, 60);
        List<String> times = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(10));
            times.add(0, clock.instant().toString());
            beat(created.path("uuid").asText(), "POST", Optional.empty(), Optional.empty());
        }
        String path = "/api/applications/" + created.path("id").asText() + "/heartbeats";

        JsonNode first = invoke(withQuery(request("GET", path), Map.of("limit", "2"))).json();
        JsonNode second = invoke(withQuery(request("GET", path),
                Map.of("limit", "2", "nextToken", first.path("nextToken").asText()))).json();

        List<String> received = new ArrayList<>();
        first.path("heartbeats").forEach(b -> received.add(b.path("receivedAt").asText()));
        second.path("heartbeats").forEach(b -> received.add(b.path("receivedAt").asText()));
        assertEquals(times, received);
    }

    @Test
    void heartbeatTokenOfAnotherApplicationGets400() throws IOException {
        JsonNode a = create("a", 300, 0);
        JsonNode b = create("b", 300, 0);
        for (int i = 0; i < 2; i++) {
            clock.advance(Duration.ofSeconds(1));
            beat(a.path("uuid").asText(), "POST", Optional.empty(), Optional.empty());
        }
        String tokenOfA = invoke(withQuery(request("GET", "/api/applications/" + a.path("id").asText() + "/heartbeats"),
                Map.of("limit", "1"))).json().path("nextToken").asText();
        assertFalse(tokenOfA.isEmpty());

        Response response = invoke(withQuery(request("GET", "/api/applications/" + b.path("id").asText() + "/heartbeats"),
                Map.of("nextToken", tokenOfA)));

        assertEquals(400, response.statusCode(), response.body());
    }

    @Test
    void tamperedHeartbeatTokenGets400() throws IOException {
        String id = create("a", 300, 0).path("id").asText();
        String tampered = token("{\"applicationId\":{\"S\":\"" + id + "\"},\"beatKey\":{\"N\":\"5\"}}");

        Response response = invoke(withQuery(request("GET", "/api/applications/" + id + "/heartbeats"),
                Map.of("nextToken", tampered)));

        assertEquals(400, response.statusCode(), response.body());
    }

    @Test
    void heartbeatsOfUnknownApplicationGet404() throws IOException {
        Response response = invoke(request("GET", "/api/applications/app_zzzzzzzzzzzz/heartbeats"));

        assertEquals(404, response.statusCode());
    }

    @Test
    void notificationsAreListedAndFilteredByStatus() throws IOException {
        NotificationLog log = platform.tables().notifications();
        AlertEvent down = SampleAlerts.flip("app_k3v9x2m7q4pa", 1, AlertType.APPLICATION_DOWN,
                "nightly-backup", Status.DOWN, Status.UP, Optional.of(NOW.minusSeconds(400)),
                Optional.of(NOW.minusSeconds(40)), 300, 60, NOW);
        log.claim(down, "sns", "sns", Optional.empty(), NOW);
        log.complete(down.eventId(), "sns", NotificationLog.SENT, Optional.empty(), Optional.empty(), 42, NOW.plusMillis(42));

        JsonNode all = invoke(request("GET", "/api/notifications")).json();
        JsonNode sent = invoke(withQuery(request("GET", "/api/notifications"), Map.of("status", "sent"))).json();
        JsonNode failed = invoke(withQuery(request("GET", "/api/notifications"), Map.of("status", "failed"))).json();

        assertEquals(1, all.path("notifications").size(), all.toString());
        JsonNode record = all.path("notifications").get(0);
        assertEquals("app_k3v9x2m7q4pa-1", record.path("eventId").asText());
        assertEquals("sns", record.path("channel").asText());
        assertEquals("sent", record.path("status").asText());
        assertEquals(1, record.path("attempts").asInt());
        assertEquals(42, record.path("latencyMs").asLong(), record.toString());
        assertEquals(all, sent);
        assertEquals(0, failed.path("notifications").size(), failed.toString());
    }

    @Test
    void aCheckAlertsRecordSaysWhatTheCheckBecame() throws IOException {
        NotificationLog log = platform.tables().notifications();
        log.claim(SampleAlerts.CHECK_UNHEALTHY, "inapp", "inapp", Optional.empty(), NOW);
        log.claim(SampleAlerts.DOWN, "inapp", "inapp", Optional.empty(), NOW.plusSeconds(1));

        JsonNode listed = invoke(request("GET", "/api/notifications")).json().path("notifications");

        JsonNode check = listed.get(1);
        assertEquals("CheckStatusChanged", check.path("type").asText());
        assertEquals("chk_x", check.path("applicationId").asText());
        assertEquals("api-health", check.path("applicationName").asText());
        assertEquals("unhealthy", check.path("checkStatus").asText());
        assertFalse(listed.get(0).has("checkStatus"), "an application's alert has none: " + listed.get(0));
    }

    @Test
    void notificationsWithBogusStatusGet400() throws IOException {
        Response response = invoke(withQuery(request("GET", "/api/notifications"), Map.of("status", "bogus")));

        assertEquals(400, response.statusCode());
        assertEquals("status must be one of failed, sending, sent, suppressed", response.json().path("error").asText());
    }

    @ParameterizedTest(name = "nextToken={0}")
    @MethodSource("badNotificationTokens")
    void notificationsWithBadTokenGet400(String token) throws IOException {
        Response response = invoke(withQuery(request("GET", "/api/notifications"), Map.of("nextToken", token)));

        assertEquals(400, response.statusCode(), response.body());
    }

    static Stream<String> badNotificationTokens() {
        return Stream.of("garbage!!",
                token("{\"notificationId\":{\"S\":\"x#sns\"},\"feed\":{\"S\":\"other\"},\"createdAt\":{\"N\":\"1\"}}"),
                token("{\"notificationId\":{\"S\":\"x#sns\"},\"feed\":{\"S\":\"all\"},\"createdAt\":{\"S\":\"1\"}}"));
    }

    // --- routing -------------------------------------------------------------------------------

    @ParameterizedTest(name = "GET {0}")
    @ValueSource(strings = {"/api/widgets", "/api", "/", "/api/applications/app_zzzzzzzzzzzz/beats",
            "/api/applications/app_zzzzzzzzzzzz/heartbeats/extra", "/heartbeat/3f1c2a9e-8d4b-4e1f-9a6c-2b7d5e8f0a13"})
    void unknownRouteGets404(String path) throws IOException {
        Response response = invoke(request("GET", path));

        assertEquals(404, response.statusCode(), response.body());
        assertTrue(response.json().path("error").isTextual(), response.body());
    }

    @Test
    void everyRouteOfTheTemplateIsServedAndNoOther() {
        Set<String> templateRoutes = new HashSet<>();
        SamTemplate.load().function("AdminApiFunction").orElseThrow().triggers().forEach(t ->
                templateRoutes.add(t.properties().path("Method").asText() + " " + t.properties().path("Path").asText()));

        assertEquals(templateRoutes, handler.routeKeys());
    }

    @Test
    void aMethodTheRouteDoesNotHaveGets404AndChangesNothing() throws IOException {
        Response patchCollection = invoke(withBody(request("PATCH", "/api/applications"), "{}"));
        Response postItem = invoke(withBody(request("POST", "/api/applications/app_zzzzzzzzzzzz"), "{}"));

        assertEquals(404, patchCollection.statusCode());
        assertEquals(404, postItem.statusCode());
        assertEquals(0, appCount());
    }

    @Test
    void publicBaseUrlSetsThePingUrl() throws IOException {
        env.put("PUBLIC_BASE_URL", "https://vigil.example.com/");
        wire();

        JsonNode app = invoke(eventFile("admin-create-application.json")).json();

        assertEquals("https://vigil.example.com/heartbeat/" + app.path("uuid").asText(), app.path("pingUrl").asText());
    }

    // --- helpers -------------------------------------------------------------------------------

    JsonNode create(String name, long interval, long grace) throws IOException {
        ObjectNode event = sample("admin-create-application.json");
        event.put("body", Json.write(Json.object().put("name", name).put("intervalSeconds", interval)
                .put("graceSeconds", grace)));
        Response response = invoke(event);
        assertEquals(201, response.statusCode(), response.body());
        return response.json();
    }

    /** A beat as the ingest stores it, and the history entry its stream record becomes. */
    void beat(String uuid, String method, Optional<String> sourceIp, Optional<String> userAgent) {
        HeartbeatLog.Beat beat = new HeartbeatLog.Beat(clock.instant(), method, sourceIp, userAgent);
        platform.tables().applications().recordBeat(uuid, beat);
        String id = platform.tables().applications().findByUuid(uuid).orElseThrow().id();
        platform.tables().heartbeats().appendAll(List.of(new HeartbeatLog.Entry(id, ++beats, beat)));
    }

    private long beats;

    int appCount() {
        return db.client().scan(s -> s.tableName(env.get("APPLICATIONS_TABLE")).select(Select.COUNT)).count();
    }

    static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    static String token(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static Path eventFile(String name) {
        return SamTemplate.locate().getParent().resolve("events").resolve(name);
    }

    static ObjectNode sample(String name) throws IOException {
        return (ObjectNode) Json.MAPPER.readTree(Files.readString(eventFile(name)));
    }

    /**
     * The sample list request, changed to another method and path as API Gateway would send it: with
     * the {@code routeKey} and path parameters of the admin function's route in the template that
     * matches. A request that matches none keeps {@code "<method> <path>"} as its route key, which no
     * route of the function has (API Gateway itself would answer 404 without invoking it).
     */
    static ObjectNode request(String method, String path) throws IOException {
        ObjectNode event = sample("admin-list-applications.json");
        String routeKey = method + " " + path;
        Map<String, String> params = new LinkedHashMap<>();
        for (SamTemplate.Trigger trigger : SamTemplate.load().function("AdminApiFunction").orElseThrow().triggers()) {
            String template = trigger.properties().path("Path").asText();
            Optional<Map<String, String>> matched = match(template, path);
            if (trigger.properties().path("Method").asText().equals(method) && matched.isPresent()) {
                routeKey = method + " " + template;
                params.putAll(matched.get());
            }
        }
        event.put("routeKey", routeKey);
        event.put("rawPath", path);
        ObjectNode context = (ObjectNode) event.get("requestContext");
        context.put("routeKey", routeKey);
        ((ObjectNode) context.get("http")).put("method", method).put("path", path);
        if (!params.isEmpty()) {
            ObjectNode pathParameters = event.putObject("pathParameters");
            params.forEach(pathParameters::put);
        }
        return event;
    }

    /** The path parameters when {@code path} matches the route path {@code template} segment by segment. */
    static Optional<Map<String, String>> match(String template, String path) {
        String[] want = template.split("/", -1);
        String[] got = path.split("/", -1);
        if (want.length != got.length) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < want.length; i++) {
            if (want[i].startsWith("{") && !got[i].isEmpty()) {
                params.put(want[i].substring(1, want[i].length() - 1), got[i]);
            } else if (!want[i].equals(got[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }

    static ObjectNode withBody(ObjectNode event, String body) {
        ((ObjectNode) event.get("headers")).put("content-type", "application/json")
                .put("content-length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
        event.put("body", body);
        return event;
    }

    static ObjectNode withQuery(ObjectNode event, Map<String, String> query) {
        ObjectNode params = event.putObject("queryStringParameters");
        List<String> raw = new ArrayList<>();
        query.forEach((name, value) -> {
            params.put(name, value);
            raw.add(name + "=" + java.net.URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
        event.put("rawQueryString", String.join("&", raw));
        return event;
    }

    Response invoke(Path eventFile) throws IOException {
        try (InputStream in = Files.newInputStream(eventFile)) {
            return invoke(in);
        }
    }

    Response invoke(ObjectNode event) throws IOException {
        return invoke(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)));
    }

    Response invoke(InputStream event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(event, out, null);
        JsonNode node = Json.MAPPER.readTree(out.toByteArray());
        Map<String, String> headers = new HashMap<>();
        node.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
        assertNotEquals(500, node.path("statusCode").asInt(), "internal error: " + node);
        assertNotEquals(503, node.path("statusCode").asInt(), "unexpected AWS failure: " + node);
        return new Response(node.path("statusCode").asInt(), headers, node.path("body").asText());
    }

    /** The payload 2.0 response the function returned to API Gateway. */
    record Response(int statusCode, Map<String, String> headers, String body) {
        JsonNode json() throws IOException {
            return Json.MAPPER.readTree(body);
        }
    }
}
