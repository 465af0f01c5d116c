package dev.vigil.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.vigil.admin.AdminApiHandler;
import dev.vigil.dashboard.DashboardHandler;
import dev.vigil.statuspage.StatusPageHandler;
import dev.vigil.admin.AdminKey;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.CheckState;
import dev.vigil.checks.CheckStatus;
import dev.vigil.checks.Level;
import dev.vigil.checks.store.CheckStore;
import dev.vigil.checks.store.CheckTables;
import dev.vigil.checks.store.StoredCheck;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.Application;
import dev.vigil.domain.UptimeState;
import dev.vigil.fixtures.Fixture;
import dev.vigil.fixtures.InMemoryCheckSecrets;
import dev.vigil.fixtures.InMemorySecretStore;
import dev.vigil.fixtures.RecordingBus;
import dev.vigil.ingest.BeatIngestHandler;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Json;
import dev.vigil.store.ApplicationStore;
import dev.vigil.store.NotificationLog;
import dev.vigil.store.RollupStore;
import dev.vigil.sweep.TenantSweepHandler;
import dev.vigil.testkit.DynamoLocal;
import dev.vigil.testkit.SamTemplate;
import dev.vigil.testkit.TestClock;
import dev.vigil.wiring.Platform;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The OpenAPI document that the admin API serves at {@code GET /api/openapi.json} (the file in its jar,
 * kept in the repository) against what is deployed and what the handlers answer: its routes are the
 * template's HTTP API routes, one for one; it is OpenAPI 3.1 whose references all resolve; and every
 * answer the real functions give on DynamoDB Local to a request of every documented operation has a
 * documented status and matches that status's schema, as every request body they accepted matches the
 * operation's.
 */
class OpenApiDocumentTest {
    private static final String DOCUMENT_IRI = "https://vigil.example/openapi.json";
    private static final String KEY = "openapi-admin-key-0123456789";
    private static final String TOPIC_PREFIX = "arn:aws:sns:eu-west-1:123456789012:vigil-";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

    private final SamTemplate template = SamTemplate.load();
    private final JsonNode document = load();

    private static JsonNode load() {
        try (InputStream in = AdminApiHandler.class.getResourceAsStream("/openapi.json")) {
            assertTrue(in != null, "the admin API's jar holds openapi.json");
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "METHOD /path" of every operation the document describes. */
    private Set<String> documentedRoutes() {
        Set<String> routes = new TreeSet<>();
        document.path("paths").properties().forEach(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (METHODS.contains(method)) {
                routes.add(method.toUpperCase() + " " + path.getKey());
            }
        }));
        return routes;
    }

    /** "METHOD /path" of every HTTP API event of every function in template.yaml. */
    private Set<String> templateRoutes() {
        Set<String> routes = new TreeSet<>();
        template.functions().forEach(function -> function.triggers().stream().filter(t -> t.type().equals("HttpApi"))
                .forEach(t -> routes.add(t.properties().path("Method").asText().toUpperCase() + " " + t.properties().path("Path").asText())));
        return routes;
    }

    @Test
    void documentsEveryRouteOfTheTemplateAndNoOther() {
        Set<String> inTemplate = templateRoutes();
        Set<String> documented = documentedRoutes();
        Set<String> undocumented = new TreeSet<>(inTemplate);
        undocumented.removeAll(documented);
        Set<String> notDeployed = new TreeSet<>(documented);
        notDeployed.removeAll(inTemplate);
        assertTrue(undocumented.isEmpty(), "routes of template.yaml that openapi.json does not document: " + undocumented);
        assertTrue(notDeployed.isEmpty(), "routes openapi.json documents that template.yaml has no event for: " + notDeployed);
        assertTrue(inTemplate.size() > 50, "the template's routes were read: " + inTemplate);
    }

    @Test
    void isOpenApi31WithUniqueOperationIdsAndReferencesThatResolve() {
        assertTrue(document.path("openapi").asText().matches("3\\.1\\.\\d+"), "openapi: " + document.path("openapi"));
        assertFalse(document.path("info").path("title").asText().isBlank(), "info.title");
        assertFalse(document.path("info").path("version").asText().isBlank(), "info.version");

        List<String> problems = new ArrayList<>();
        Set<String> operationIds = new HashSet<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(entry -> {
            if (!METHODS.contains(entry.getKey())) {
                return;
            }
            String where = entry.getKey().toUpperCase() + " " + path.getKey();
            JsonNode operation = entry.getValue();
            String id = operation.path("operationId").asText();
            if (id.isEmpty() || !operationIds.add(id)) {
                problems.add(where + ": operationId '" + id + "' is missing or not unique");
            }
            if (!operation.path("responses").isObject() || operation.path("responses").isEmpty()) {
                problems.add(where + ": no responses");
            }
            Set<String> declared = new HashSet<>();
            operation.path("parameters").forEach(p -> {
                JsonNode parameter = resolve(p);
                if (parameter.path("in").asText().equals("path")) {
                    declared.add(parameter.path("name").asText());
                    if (!parameter.path("required").asBoolean()) {
                        problems.add(where + ": path parameter " + parameter.path("name").asText() + " is not required");
                    }
                }
            });
            Set<String> inPath = new HashSet<>();
            Matcher names = PATH_PARAMETER.matcher(path.getKey());
            while (names.find()) {
                inPath.add(names.group(1));
            }
            if (!inPath.equals(declared)) {
                problems.add(where + ": path parameters " + declared + " but the path has " + inPath);
            }
        }));
        references(document, "#", problems);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** Every {@code $ref} under {@code node} points at a node of this document. */
    private void references(JsonNode node, String where, List<String> problems) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && (!ref.isTextual() || !ref.asText().startsWith("#/") || document.at(ref.asText().substring(1)).isMissingNode())) {
                problems.add(where + ": $ref " + ref + " does not resolve");
            }
            node.properties().forEach(field -> references(field.getValue(), where + "/" + field.getKey(), problems));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                references(node.get(i), where + "/" + i, problems);
            }
        }
    }

    private JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? document.at(node.path("$ref").asText().substring(1)) : node;
    }

    @Test
    void everyOperationsAcceptedRequestsAndRecordedAnswersMatchTheirSchemas() throws IOException {
        Session session = new Session();
        List<Session.Answer> answers = session.driveEveryOperation();

        SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemas(Map.of(DOCUMENT_IRI, Json.write(document))));
        List<String> problems = new ArrayList<>();
        Set<String> exercised = new TreeSet<>();
        for (Session.Answer answer : answers) {
            String method = answer.route().substring(0, answer.route().indexOf(' ')).toLowerCase();
            String path = answer.route().substring(answer.route().indexOf(' ') + 1);
            String operationPointer = "/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method;
            String where = answer.route() + " → " + answer.status();
            if (document.at(operationPointer).isMissingNode()) {
                problems.add(where + ": the route is not documented");
                continue;
            }
            exercised.add(answer.route());
            JsonNode requestBody = document.at(operationPointer + "/requestBody/content/application~1json/schema");
            if (answer.requestBody() != null && requestBody.isMissingNode()) {
                problems.add(where + ": sent a body, but the operation documents none");
            } else if (answer.requestBody() != null && answer.status() < 300) {
                schemas.getSchema(SchemaLocation.of(DOCUMENT_IRI + "#" + operationPointer + "/requestBody/content/application~1json/schema"))
                        .validate(answer.requestBody(), InputFormat.JSON)
                        .forEach(error -> problems.add(where + ": the accepted request " + error + "\n    in " + answer.requestBody()));
            }
            String responsePointer = operationPointer + "/responses/" + answer.status();
            JsonNode response = document.at(responsePointer);
            if (response.isMissingNode()) {
                problems.add(where + ": status not documented; body " + answer.body());
                continue;
            }
            if (response.has("$ref")) {
                responsePointer = response.path("$ref").asText().substring(1);
                response = document.at(responsePointer);
            }
            if (method.equals("head")) {
                continue;
            }
            JsonNode content = response.path("content");
            if (content.isMissingNode() || content.isEmpty()) {
                if (!answer.body().isEmpty()) {
                    problems.add(where + ": documented without a body, but answered " + answer.body());
                }
                continue;
            }
            String mediaType = answer.contentType();
            if (!content.has(mediaType)) {
                problems.add(where + ": answered " + mediaType + ", documented " + Json.write(content.fieldNames()));
                continue;
            }
            if (!mediaType.equals("application/json")) {
                if (mediaType.startsWith("image/svg+xml")) {
                    assertTrue(answer.body().startsWith("<svg"), where + ": " + answer.body());
                } else if (mediaType.startsWith("text/html")) {
                    assertTrue(answer.body().toLowerCase(java.util.Locale.ROOT).contains("<html"), where + ": " + answer.body());
                } else {
                    assertFalse(answer.body().isEmpty(), where + ": an empty " + mediaType);
                }
                continue;
            }
            String schemaPointer = responsePointer + "/content/application~1json/schema";
            var errors = schemas.getSchema(SchemaLocation.of(DOCUMENT_IRI + "#" + schemaPointer))
                    .validate(answer.body(), InputFormat.JSON);
            errors.forEach(error -> problems.add(where + ": " + error + "\n    in " + answer.body()));
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        Set<String> notExercised = new TreeSet<>(documentedRoutes());
        notExercised.removeAll(exercised);
        assertTrue(notExercised.isEmpty(), "operations this test never called: " + notExercised);
        Set<String> seen = new TreeSet<>();
        answers.forEach(a -> seen.add(a.status() + ""));
        assertTrue(seen.containsAll(Set.of("200", "201", "204", "400", "401", "404", "409", "412")), "statuses seen: " + seen);
    }

    /**
     * The admin API, the beat ingest and the tenant sweep (which requested sweeps and recoveries run) on
     * one set of the template's tables; each request is recorded with its answer.
     */
    private static final class Session {
        private final TestClock clock = new TestClock(Fixture.START);
        private final DynamoDbClient db = DynamoLocal.inProcess(SamTemplate.load());
        private final Platform adminPlatform;
        private final AdminApiHandler admin;
        private final BeatIngestHandler ingest;
        private final List<Answer> answers = new ArrayList<>();

        /** A request's route and body (null: none), and the answer's status, content type, headers and body. */
        record Answer(String route, String requestBody, int status, String contentType, Map<String, String> headers, String body) {
            JsonNode json() {
                try {
                    return Json.parse(body);
                } catch (IOException e) {
                    throw new UncheckedIOException(route + " answered " + status + " with no JSON: " + body, e);
                }
            }
        }

        Session() {
            SamTemplate template = SamTemplate.load();
            Map<String, String> adminEnv = new HashMap<>(template.environment(template.function("AdminApiFunction").orElseThrow(), Map.of()));
            adminEnv.put("SNS_TOPIC_ARN_PREFIX", TOPIC_PREFIX);
            InMemoryCheckSecrets checkSecrets = new InMemoryCheckSecrets();
            TenantSweepHandler sweep = new TenantSweepHandler(Platform.builder(Fixture.environment("TenantSweepFunction", Map.of()))
                    .clock(clock).dynamo(db).bus(new RecordingBus()).build(), checkSecrets, messages -> { });
            adminPlatform = Platform.builder(Env.of(adminEnv)).clock(clock).dynamo(db).bus(new RecordingBus()).build();
            admin = new AdminApiHandler(adminPlatform, new InMemorySecretStore(), checkSecrets, new AdminKey(KEY),
                    host -> { throw new java.net.UnknownHostException(host); },
                    (tenantId, trigger) -> Optional.of(run(sweep, Json.object().put("tenantId", tenantId).put("trigger", trigger.wire()))));
            ingest = new BeatIngestHandler(Platform.builder(Fixture.environment("BeatIngestFunction", Map.of())).clock(clock)
                    .dynamo(db).bus(new RecordingBus()).build());
        }

        /** A request of every documented operation, in an order that gives each something to act on. */
        List<Answer> driveEveryOperation() {
            call("GET /system/health", Map.of(), null, Map.of());
            call("GET /system/health/badge.svg", Map.of(), null, Map.of());
            call("GET /api/openapi.json", Map.of(), null, Map.of());
            call("GET /api/whoami", Map.of(), null);
            call("GET /api/whoami", Map.of(), null, Map.of("authorization", "Bearer wrong"));
            DashboardHandler dashboard = new DashboardHandler();
            Answer page = call(dashboard, "GET /", Map.of(), Map.of(), null, Map.of());
            Matcher file = Pattern.compile("/ui/([A-Za-z0-9._-]+)").matcher(page.body());
            assertTrue(file.find(), "the page links its files: " + page.body());
            call(dashboard, "GET /ui/{proxy+}", Map.of("proxy", file.group(1)), Map.of(), null, Map.of());
            call(dashboard, "GET /ui/{proxy+}", Map.of("proxy", "../../etc/passwd"), Map.of(), null, Map.of());
            call("GET /api/applications", Map.of(), null, Map.of("authorization", "Bearer wrong"));

            String channel = call("POST /api/channels", Map.of(), "{\"type\":\"sns\",\"name\":\"ops\",\"settings\":{\"topicArn\":\""
                    + TOPIC_PREFIX + "ops\"}}").json().path("id").asText();
            call("POST /api/channels", Map.of(), "{\"type\":\"carrier-pigeon\",\"name\":\"coo\"}");
            call("GET /api/channels", Map.of(), null);
            call("GET /api/channels/{id}", Map.of("id", channel), null);
            call("GET /api/channels/{id}", Map.of("id", "ch_zzzzzzzzzzzz"), null);
            call("PUT /api/channels/{id}", Map.of("id", channel), "{\"name\":\"operations\"}", Map.of("if-match", "\"99\""));
            call("PUT /api/channels/{id}", Map.of("id", channel), "{\"name\":\"operations\"}");
            call("POST /api/channels/{id}/test", Map.of("id", channel), null);
            call("POST /api/channels/{id}/test", Map.of("id", channel), null);
            call("POST /api/channels/{id}/test", Map.of("id", "ch_zzzzzzzzzzzz"), null);

            Answer created = call("POST /api/applications", Map.of(), "{\"name\":\"billing\",\"intervalSeconds\":60,\"channels\":[\""
                    + channel + "\"]}");
            String app = created.json().path("id").asText();
            String uuid = created.json().path("uuid").asText();
            call("POST /api/applications", Map.of(), "{\"name\":\"\",\"intervalSeconds\":-1}");
            call(ingest, "POST /heartbeat/{uuid}", Map.of("uuid", uuid), Map.of(), null, Map.of());
            call(ingest, "GET /heartbeat/{uuid}", Map.of("uuid", uuid), Map.of(), null, Map.of());
            call(ingest, "HEAD /heartbeat/{uuid}", Map.of("uuid", uuid), Map.of(), null, Map.of());
            call(ingest, "POST /heartbeat/{uuid}", Map.of("uuid", "00000000-0000-4000-8000-000000000000"), Map.of(), null, Map.of());
            String rid = "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b";
            call(ingest, "POST /heartbeat/{uuid}/{signal+}", Map.of("uuid", uuid, "signal", "start"), Map.of("rid", rid), null, Map.of());
            call(ingest, "GET /heartbeat/{uuid}/{signal+}", Map.of("uuid", uuid, "signal", "0"), Map.of("rid", rid, "msg", "done"),
                    null, Map.of());
            call(ingest, "HEAD /heartbeat/{uuid}/{signal+}", Map.of("uuid", uuid, "signal", "log"), Map.of(), null, Map.of());
            call(ingest, "POST /heartbeat/{uuid}/{signal+}", Map.of("uuid", uuid, "signal", "start"), Map.of("rid", "run-1"), null,
                    Map.of());
            call(ingest, "POST /heartbeat/{uuid}/{signal+}", Map.of("uuid", uuid, "signal", "256"), Map.of(), null, Map.of());
            call("GET /api/applications", Map.of("limit", "1"), null);
            call("GET /api/applications", Map.of("limit", "1000"), null);
            call("GET /api/applications/{id}", Map.of("id", app), null);
            call("GET /api/applications/{id}", Map.of("id", "app_zzzzzzzzzzzz"), null);
            call("PUT /api/applications/{id}", Map.of("id", app), "{\"graceSeconds\":30}");
            call("GET /api/applications/{id}/heartbeats", Map.of("id", app), null);
            call("GET /api/applications/{id}/uptime", Map.of("id", app), null);
            call("GET /api/applications/{id}/uptime", Map.of("id", app, "from", "2026-11-01T00:00:00Z",
                    "to", "2026-11-30T00:00:00Z", "step", "P1D"), null);
            call("GET /api/applications/{id}/uptime", Map.of("id", app, "from", "2026-11-01T00:00:00Z",
                    "to", "2026-11-30T00:00:00Z"), null);
            call("GET /api/applications/{id}/uptime", Map.of("id", app, "from", "yesterday", "to", "today"), null);
            call("GET /api/applications/{id}/uptime", Map.of("id", "app_zzzzzzzzzzzz"), null);
            call("POST /api/applications/{id}/acknowledge", Map.of("id", app), null);
            call("DELETE /api/channels/{id}", Map.of("id", channel), null);
            call("PUT /api/applications/{id}", Map.of("id", app), "{\"tags\":[\"Prod\",\"eu-west\"]}");
            call("GET /api/applications", Map.of("tag", "prod"), null);
            call("GET /api/applications", Map.of("tag", "not a tag"), null);
            call("GET /api/applications/{id}/badge", Map.of("id", app), null);
            String badge = call("POST /api/applications/{id}/badge", Map.of("id", app), null).json().path("badgeKey").asText();
            call("POST /api/applications/{id}/badge", Map.of("id", app), null);
            call("GET /api/applications/{id}/badge", Map.of("id", app), null);
            call("GET /badge/{badge}", Map.of("badge", badge + ".svg"), null, Map.of());
            call("GET /badge/{badge}", Map.of("badge", badge + ".json"), null, Map.of());
            call("GET /badge/{badge}", Map.of("badge", badge + ".shields", "states", "3"), null, Map.of());
            call("GET /badge/{badge}", Map.of("badge", badge + ".svg", "states", "4"), null, Map.of());
            call("GET /badge/{badge}", Map.of("badge", "bdg_zzzzzzzzzzzzzzzzzzzzzzzzzz.svg"), null, Map.of());
            call("GET /badge/{badge}/uptime.svg", Map.of("badge", badge), null, Map.of());
            call("GET /badge/{badge}/uptime.svg", Map.of("badge", badge, "window", "7d"), null, Map.of());
            call("GET /badge/{badge}/uptime.json", Map.of("badge", badge, "window", "24h"), null, Map.of());
            call("GET /badge/{badge}/uptime.json", Map.of("badge", badge, "format", "shields"), null, Map.of());
            call("GET /badge/{badge}/uptime.shields", Map.of("badge", badge, "window", "1y"), null, Map.of());
            call("GET /badge/{badge}/uptime.shields", Map.of("badge", "bdg_zzzzzzzzzzzzzzzzzzzzzzzzzz"), null, Map.of());
            call("DELETE /api/applications/{id}/badge", Map.of("id", app), null);
            call("DELETE /api/applications/{id}/badge", Map.of("id", app), null);
            call("POST /api/tags/{tag}/badge", Map.of("tag", "prod"), null);
            call("POST /api/tags/{tag}/badge", Map.of("tag", "no spaces"), null);
            call("GET /api/tags/{tag}/badge", Map.of("tag", "prod"), null);
            call("DELETE /api/tags/{tag}/badge", Map.of("tag", "prod"), null);
            call("GET /api/tags/{tag}/badge", Map.of("tag", "prod"), null);
            call("GET /api/metrics", Map.of(), null);
            call("GET /api/metrics", Map.of("tag", "prod"), null);
            call("GET /metrics/{key}", Map.of("key", KEY), null, Map.of());
            call("GET /metrics/{key}", Map.of("key", "vk_wrong"), null, Map.of());
            String nightly = call("POST /api/applications", Map.of(), "{\"name\":\"nightly\",\"cron\":\"30 2 * * *\","
                    + "\"timezone\":\"Europe/Paris\",\"failureThreshold\":2,\"manualResume\":true,\"parentId\":\"" + app
                    + "\",\"maintenance\":[{\"start\":\"2026-12-24T18:00:00Z\",\"end\":\"2026-12-26T08:00:00Z\"},"
                    + "{\"cron\":\"0 3 * * SUN\",\"durationMinutes\":60}]}").json().path("id").asText();
            call("POST /api/applications", Map.of(), "{\"name\":\"bad\",\"cron\":\"99 * * * *\"}");
            call("POST /api/applications/{id}/pause", Map.of("id", nightly), null);
            call("GET /api/applications", Map.of("state", "paused"), null);
            call("POST /api/applications/{id}/resume", Map.of("id", nightly), null);
            call("POST /api/applications/{id}/resume", Map.of("id", "app_zzzzzzzzzzzz"), null);

            AlertEvent down = flipDown(app);
            NotificationLog deliveries = adminPlatform.tables().notifications();
            deliveries.claim(down, channel, "sns", Optional.empty(), clock.instant());
            deliveries.complete(down.eventId(), channel, NotificationLog.SENT, Optional.empty(), Optional.empty(), 35, clock.instant());
            call("GET /api/notifications", Map.of(), null);
            call("GET /api/notifications", Map.of("status", "lost"), null);
            String alert = call("GET /api/alerts", Map.of(), null).json().path("alerts").path(0).path("id").asText();
            call("GET /api/alerts", Map.of("severity", "p9"), null);
            call("GET /api/alerts/{id}", Map.of("id", alert), null);
            call("GET /api/alerts/{id}", Map.of("id", "al_zzzzzzzzzzzz"), null);
            call("POST /api/applications/{id}/acknowledge", Map.of("id", app), null);
            call("POST /api/alerts/{id}/acknowledge", Map.of("id", alert), null);
            call("POST /api/alerts/{id}/resolve", Map.of("id", alert), null);
            call("POST /api/alerts/{id}/resolve", Map.of("id", alert), null);

            String check = call("POST /api/checks", Map.of(), "{\"type\":\"tcp\",\"name\":\"db\",\"settings\":{\"host\":\"db.example.com\","
                    + "\"port\":5432},\"enabled\":false}").json().path("id").asText();
            call("POST /api/checks", Map.of(), "{\"type\":\"gopher\",\"name\":\"db\"}");
            recordRun(check, CheckStatus.UNHEALTHY);
            recordRun(check, CheckStatus.HEALTHY);
            call("GET /api/checks", Map.of(), null);
            call("GET /api/checks/{id}", Map.of("id", check), null);
            call("PUT /api/checks/{id}", Map.of("id", check), "{\"timeoutMs\":3000}");
            call("GET /api/checks/{id}/results", Map.of("id", check), null);
            call("GET /api/checks/{id}/uptime", Map.of("id", check), null);
            call("GET /api/checks/{id}/uptime", Map.of("id", check, "from", "2026-11-29T00:00:00Z",
                    "to", "2026-11-30T00:00:00Z", "step", "PT90S"), null);
            call("GET /api/checks/{id}/uptime", Map.of("id", "chk_zzzzzzzzzzzz"), null);
            call("GET /api/checks/{id}/results", Map.of("id", "chk_zzzzzzzzzzzz"), null);
            call("GET /api/health", Map.of(), null);
            call("GET /api/health/matrix", Map.of(), null);
            call("GET /api/health/services/{service}", Map.of("service", "db"), null);
            call("GET /api/health/tenants/{id}", Map.of("id", "default"), null);

            String statusPage = call("POST /api/status-pages", Map.of(), "{\"slug\":\"acme\",\"title\":\"Acme status\","
                    + "\"logoUrl\":\"https://acme.example.com/logo.png\",\"groups\":[{\"name\":\"Core\",\"components\":["
                    + "{\"kind\":\"application\",\"id\":\"" + app + "\",\"displayName\":\"Billing\"},"
                    + "{\"kind\":\"check\",\"id\":\"" + check + "\",\"displayName\":\"Database\"}]}]}").json().path("id").asText();
            call("POST /api/status-pages", Map.of(), "{\"slug\":\"acme\",\"title\":\"Taken\"}");
            call("POST /api/status-pages", Map.of(), "{\"slug\":\"other\",\"title\":\"x\",\"logoUrl\":\"http://insecure.example.com/\"}");
            call("GET /api/status-pages", Map.of(), null);
            call("GET /api/status-pages/{id}", Map.of("id", statusPage), null);
            call("GET /api/status-pages/{id}", Map.of("id", "sp_zzzzzzzzzzzz"), null);
            call("PUT /api/status-pages/{id}", Map.of("id", statusPage), "{\"slug\":\"acme\",\"title\":\"Acme\"}", Map.of("if-match", "\"9\""));
            call("PUT /api/status-pages/{id}", Map.of("id", statusPage), "{\"slug\":\"acme-status\",\"title\":\"Acme\","
                    + "\"groups\":[{\"name\":\"Core\",\"components\":[{\"kind\":\"application\",\"id\":\"" + app
                    + "\",\"displayName\":\"Billing\"},{\"kind\":\"check\",\"id\":\"" + check + "\",\"displayName\":\"Database\"}]}]}");
            String incident = call("POST /api/incidents", Map.of(), "{\"fromAlert\":\"" + alert + "\"}").json().path("id").asText();
            call("POST /api/incidents", Map.of(), "{\"title\":\"Slow database\",\"message\":\"Looking.\",\"status\":\"identified\","
                    + "\"affected\":[{\"kind\":\"check\",\"id\":\"" + check + "\"}]}");
            call("POST /api/incidents", Map.of(), "{\"title\":\"x\",\"message\":\"y\",\"status\":\"panicking\"}");
            call("GET /api/incidents", Map.of("limit", "1"), null);
            call("GET /api/incidents", Map.of("before", "2020-01-01T00:00:00Z"), null);
            call("GET /api/incidents/{id}", Map.of("id", incident), null);
            call("GET /api/incidents/{id}", Map.of("id", "inc_zzzzzzzzzzzz"), null);
            call("PUT /api/incidents/{id}", Map.of("id", incident), "{\"title\":\"Billing is late\"}");
            call("POST /api/incidents/{id}/updates", Map.of("id", incident), "{\"status\":\"monitoring\",\"message\":\"Fixed, watching.\"}");
            call("POST /api/incidents/{id}/updates", Map.of("id", incident), "{\"status\":\"investigating\",\"message\":\"Back?\"}");
            call("POST /api/incidents/{id}/updates", Map.of("id", incident), "{\"status\":\"resolved\",\"message\":\"Done.\"}");
            String maintenance = call("POST /api/maintenances", Map.of(), "{\"title\":\"Database upgrade\",\"message\":\"An hour.\","
                    + "\"start\":\"2026-12-01T00:00:00Z\",\"end\":\"2026-12-01T01:00:00Z\",\"affected\":[{\"kind\":\"check\",\"id\":\""
                    + check + "\"}]}").json().path("id").asText();
            call("POST /api/maintenances", Map.of(), "{\"title\":\"x\",\"start\":\"soon\",\"end\":\"later\"}");
            call("GET /api/maintenances", Map.of(), null);
            call("GET /api/maintenances/{id}", Map.of("id", maintenance), null);
            call("GET /api/maintenances/{id}", Map.of("id", "mnt_zzzzzzzzzzzz"), null);
            call("PUT /api/maintenances/{id}", Map.of("id", maintenance), "{\"title\":\"Database upgrade\",\"start\":\"2026-12-02T00:00:00Z\","
                    + "\"end\":\"2026-12-02T01:00:00Z\"}");
            // Billing watched for two hours, so its figures are numbers; the check's are null (no data).
            new RollupStore(db, adminPlatform.env().require(RollupStore.TABLE_SETTING))
                    .observe(RollupStore.application(app), Optional.of(UptimeState.UP), clock.instant().minus(Duration.ofHours(2)));
            StatusPageHandler statusPages = new StatusPageHandler(Platform.builder(Fixture.environment("StatusPageFunction", Map.of()))
                    .clock(clock).dynamo(db).bus(new RecordingBus()).build());
            call(statusPages, "GET /status/{slug}", Map.of("slug", "acme-status"), Map.of(), null, Map.of());
            Answer shown = call(statusPages, "GET /status/{slug}", Map.of("slug", "acme-status.json"), Map.of(), null, Map.of());
            JsonNode billing = shown.json().path("groups").path(0).path("components").path(0);
            assertTrue(billing.path("uptime").path("24h").isNumber() && billing.path("days").size() == 90,
                    "a component with uptime figures and its day bar: " + shown.body());
            StatusPageHandler cut = new StatusPageHandler(Platform.builder(Fixture.environment("StatusPageFunction", Map.of()))
                    .clock(clock).dynamo(unreachable()).bus(new RecordingBus()).build());
            call(cut, "GET /status/{slug}", Map.of("slug", "acme-status.json"), Map.of(), null, Map.of());
            call(cut, "GET /status/{slug}", Map.of("slug", "acme-status"), Map.of(), null, Map.of());
            call(cut, "GET /status/{slug}/feed.atom", Map.of("slug", "acme-status"), Map.of(), null, Map.of());
            call(statusPages, "GET /status/{slug}", Map.of("slug", "acme-status.json"), Map.of("before", "not a date"), null, Map.of());
            call(statusPages, "GET /status/{slug}", Map.of("slug", "nobody.json"), Map.of(), null, Map.of());
            call(statusPages, "GET /status/{slug}/feed.atom", Map.of("slug", "acme-status"), Map.of(), null, Map.of());
            call(statusPages, "GET /status/assets/status.css", Map.of(), Map.of(), null, Map.of());
            call("DELETE /api/maintenances/{id}", Map.of("id", maintenance), null, Map.of("if-match", "\"1\""));
            call("DELETE /api/maintenances/{id}", Map.of("id", maintenance), null);
            call("DELETE /api/incidents/{id}", Map.of("id", incident), null);
            call("DELETE /api/status-pages/{id}", Map.of("id", statusPage), null);

            String task = call("POST /api/tasks", Map.of(), "{\"name\":\"nightly export\",\"cron\":\"30 2 * * *\",\"timezone\":\"Europe/Paris\","
                    + "\"target\":{\"type\":\"event\",\"detail\":{\"job\":\"export\"}}}").json().path("id").asText();
            call("POST /api/tasks", Map.of(), "{\"name\":\"x\",\"cron\":\"not a cron\",\"target\":{\"type\":\"event\"}}");
            call("GET /api/tasks", Map.of(), null);
            call("GET /api/tasks/{id}", Map.of("id", task), null);
            call("PUT /api/tasks/{id}", Map.of("id", task), "{\"enabled\":false}");
            call("GET /api/tasks/{id}/runs", Map.of("id", task), null);
            call("DELETE /api/tasks/{id}", Map.of("id", task), null, Map.of("if-match", "\"1\""));
            call("DELETE /api/tasks/{id}", Map.of("id", task), null);

            String tenant = call("POST /api/tenants", Map.of(), "{\"name\":\"globex\",\"quietHours\":{\"start\":\"22:00\",\"end\":\"07:00\"}}")
                    .json().path("id").asText();
            call("POST /api/tenants", Map.of(), "{\"name\":\"globex\",\"timezone\":\"Mars/Olympus\"}");
            call("GET /api/tenants", Map.of(), null);
            call("GET /api/tenants/{id}", Map.of("id", tenant), null);
            call("PUT /api/tenants/{id}", Map.of("id", tenant), "{\"sweepIntervalMinutes\":15}");
            call("GET /api/tenants/{id}/thresholds", Map.of("id", tenant), null);
            call("PUT /api/tenants/{id}/thresholds", Map.of("id", tenant), "{\"tcp\":[\"latencyMs < 100\"]}");
            String keyId = call("POST /api/tenants/{id}/keys", Map.of("id", tenant), "{\"name\":\"ci\",\"role\":\"read-only\"}")
                    .json().path("id").asText();
            String readOnly = call("POST /api/tenants/{id}/keys", Map.of("id", tenant), "{\"name\":\"scraper\",\"role\":\"read-only\"}")
                    .json().path("key").asText();
            call("GET /metrics/{key}", Map.of("key", readOnly), null, Map.of());
            call("GET /api/tenants/{id}/keys", Map.of("id", tenant), null);
            call("DELETE /api/tenants/{id}/keys/{keyId}", Map.of("id", tenant, "keyId", keyId), null);
            call("DELETE /api/tenants/{id}/keys/{keyId}", Map.of("id", tenant, "keyId", "key_zzzzzzzzzzzz"), null);
            String pingKey = call("POST /api/tenants/{id}/ping-key", Map.of("id", tenant), null).json().path("pingKey").asText();
            call("POST /api/tenants/{id}/ping-key", Map.of("id", "tn_zzzzzzzzzzzz"), null);
            call(ingest, "POST /heartbeat/{uuid}/{signal+}", Map.of("uuid", pingKey, "signal", "nightly-backup"), Map.of("create", "1"),
                    null, Map.of());
            call(ingest, "GET /heartbeat/{uuid}/{signal+}", Map.of("uuid", pingKey, "signal", "nightly-backup"), Map.of(), null, Map.of());
            call(ingest, "HEAD /heartbeat/{uuid}/{signal+}", Map.of("uuid", pingKey, "signal", "nightly-backup"), Map.of(), null,
                    Map.of());
            call(ingest, "GET /heartbeat/{uuid}/{signal+}", Map.of("uuid", pingKey, "signal", "unknown-slug"), Map.of(), null, Map.of());
            call("GET /api/tenants/{id}", Map.of("id", tenant), null);
            call("DELETE /api/tenants/{id}/ping-key", Map.of("id", tenant), null);
            call(ingest, "POST /heartbeats", Map.of(), Map.of(), "{\"uuids\":[\"" + uuid + "\",\"9b2e4d61-7c3a-4f58-b0e9-1d6a8c5f2e47\"]}",
                    Map.of("content-type", "application/json"));
            call(ingest, "POST /heartbeats", Map.of(), Map.of(), "{\"uuids\":\"none\"}", Map.of("content-type", "application/json"));
            call("POST /api/tenants/{id}/sweep", Map.of("id", "default"), null);
            call("GET /api/tenants/{id}/sweeps", Map.of("id", "default"), null);
            call("GET /api/tenants/{id}/health", Map.of("id", "default"), null);
            call("GET /api/tenants/{id}/health", Map.of("id", "tn_zzzzzzzzzzzz"), null);
            call("GET /api/tenants/{id}/sla", Map.of("id", "default", "month", "2026-11"), null);
            call("GET /api/tenants/{id}/sla", Map.of("id", "default", "month", "November"), null);
            call("GET /api/tenants/{id}/sla", Map.of("id", "tn_zzzzzzzzzzzz", "month", "2026-11"), null);
            call("POST /api/tenants/{id}/recover", Map.of("id", tenant), null);
            call("GET /api/diagnose", Map.of(), null);
            call("GET /api/diagnose", Map.of("tenant", tenant), null);
            call("GET /api/recovery/status", Map.of(), null);
            call("POST /api/recovery/run", Map.of(), "{\"force\":true}");
            call("POST /api/recovery/run", Map.of(), "{\"hurry\":true}");
            call("DELETE /api/tenants/{id}", Map.of("id", "default"), null);
            call("DELETE /api/tenants/{id}", Map.of("id", tenant), null);

            call("DELETE /api/checks/{id}", Map.of("id", check), null);
            call("DELETE /api/applications/{id}", Map.of("id", app), null);
            call("DELETE /api/channels/{id}", Map.of("id", channel), null);
            return answers;
        }

        /** The application overdue and flipped down through the ledger, as the missed-beat detector does. */
        private AlertEvent flipDown(String id) {
            clock.advance(Duration.ofSeconds(120));
            ApplicationStore applications = adminPlatform.tables().applications();
            Application overdue = applications.findById(id).orElseThrow();
            AlertEvent down = Alerts.down(overdue, overdue.dueAt().orElseThrow(), clock.instant());
            adminPlatform.ledger().record(down, applications.markDown(overdue, down));
            return down;
        }

        /** A run of the check recorded as the tenant sweep records it: its result and the state it leads to. */
        private void recordRun(String id, CheckStatus status) {
            clock.advance(Duration.ofSeconds(1));
            CheckStore checks = CheckTables.from(adminPlatform.env(), db).checks();
            StoredCheck before = checks.find(id).orElseThrow();
            boolean healthy = status == CheckStatus.HEALTHY;
            CheckResult result = new CheckResult(id, before.check().tenantId(), clock.instant(), status, 12,
                    Json.object().put("connected", healthy).put("latencyMs", 12),
                    healthy ? List.of() : List.of(new CheckResult.FailedCondition("connected == true", Level.CRITICAL, "was false")),
                    healthy ? "all 1 conditions hold" : "connected == true failed: was false");
            CheckState next = before.state().next(status, before.check().failureThreshold(), before.check().recoveryThreshold()).state();
            assertTrue(checks.recordRun(before, result, next), "the run was recorded");
        }

        private Answer call(String route, Map<String, String> params, String body) {
            return call(route, params, body, Map.of());
        }

        /** {@code route} with the operator's key (unless {@code headers} name another) and {@code params}: path parameters first, the rest the query. */
        private Answer call(String route, Map<String, String> params, String body, Map<String, String> headers) {
            Map<String, String> path = new LinkedHashMap<>();
            Map<String, String> query = new LinkedHashMap<>();
            params.forEach((name, value) -> (route.contains("{" + name + "}") ? path : query).put(name, value));
            Map<String, String> withKey = new HashMap<>(Map.of("authorization", "Bearer " + KEY));
            withKey.putAll(headers);
            return call(admin, route, path, query, body, withKey);
        }

        private Answer call(RequestStreamHandler function, String route, Map<String, String> pathParameters, Map<String, String> query,
                            String body, Map<String, String> headers) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1);
            for (Map.Entry<String, String> parameter : pathParameters.entrySet()) {
                String value = URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8);
                path = path.replace("{" + parameter.getKey() + "}", value).replace("{" + parameter.getKey() + "+}", value);
            }
            ObjectNode event = Json.object().put("version", "2.0").put("routeKey", route).put("rawPath", path);
            ObjectNode sent = event.putObject("headers");
            headers.forEach(sent::put);
            if (!pathParameters.isEmpty()) {
                ObjectNode parameters = event.putObject("pathParameters");
                pathParameters.forEach(parameters::put);
            }
            if (!query.isEmpty()) {
                ObjectNode parameters = event.putObject("queryStringParameters");
                query.forEach(parameters::put);
            }
            event.putObject("requestContext").put("requestId", "openapi-" + answers.size()).put("routeKey", route)
                    .put("domainName", "vigil.example.com").putObject("http").put("method", method).put("path", path)
                    .put("sourceIp", "198.51.100.7").put("userAgent", "curl/8");
            if (body != null) {
                sent.put("content-type", "application/json");
                event.put("body", body);
            }
            JsonNode response = run(function, event);
            Map<String, String> returned = new HashMap<>();
            response.path("headers").properties().forEach(h -> returned.put(h.getKey().toLowerCase(), h.getValue().asText()));
            Answer answer = new Answer(route, body, response.path("statusCode").asInt(), returned.getOrDefault("content-type", ""),
                    returned, response.path("body").asText());
            answers.add(answer);
            return answer;
        }

        /** A database that fails every call, as one that cannot be reached does. */
        private static DynamoDbClient unreachable() {
            return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(), new Class<?>[] {DynamoDbClient.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "serviceName" -> DynamoDbClient.SERVICE_NAME;
                        case "close" -> null;
                        case "toString" -> "an unreachable DynamoDB";
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> throw SdkClientException.create("DynamoDB cannot be reached");
                    });
        }

        /** What {@code function} answers to {@code event}, invoked in this process as Lambda would. */
        private static JsonNode run(RequestStreamHandler function, JsonNode event) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                function.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)), out, null);
                return Json.parse(out.toString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
