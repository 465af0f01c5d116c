package dev.vigil.admin;

import static dev.vigil.admin.AdminApiHandlerTest.request;
import static dev.vigil.admin.AdminApiHandlerTest.withBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.CheckState;
import dev.vigil.checks.CheckStatus;
import dev.vigil.checks.Level;
import dev.vigil.checks.SweepExecution;
import dev.vigil.checks.SweepStatus;
import dev.vigil.checks.SweepTrigger;
import dev.vigil.checks.store.CheckSecrets;
import dev.vigil.checks.store.CheckStore;
import dev.vigil.checks.store.CheckTables;
import dev.vigil.checks.store.StoredCheck;
import dev.vigil.fixtures.InMemoryCheckSecrets;
import dev.vigil.fixtures.InMemorySecretStore;
import dev.vigil.fixtures.RecordingBus;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Json;
import dev.vigil.store.SecretStore;
import dev.vigil.testkit.DynamoLocal;
import dev.vigil.testkit.SamTemplate;
import dev.vigil.testkit.TestClock;
import dev.vigil.wiring.Platform;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The admin function on empty tables of the template, with the sample key and in-memory secret stores
 * (channels' and checks'), called as API Gateway would call it.
 */
final class AdminApiHarness {
    final DynamoLocal db = DynamoLocal.shared();
    final TestClock clock = new TestClock(AdminApiHandlerTest.NOW);
    final InMemorySecretStore secrets = new InMemorySecretStore();
    final CheckSecrets checkSecrets;
    /** The tenants whose sweep the API asked the sweep function for, in order. */
    final List<String> sweepsRequested = new CopyOnWriteArrayList<>();
    /**
     * What the sweep function answers (it runs in its own module, tested there): by default an execution
     * record that found nothing to run.
     */
    Function<String, Optional<JsonNode>> sweepAnswer = tenantId -> Optional.of(new SweepExecution("sw_harness0000001", tenantId,
            SweepTrigger.MANUAL, AdminApiHandlerTest.NOW, 3, List.of(), 0, SweepStatus.ALL_CLEAR).toJson());
    /** What webhook hosts resolve to; any other name does not resolve. No test reaches a real DNS. */
    final Map<String, List<InetAddress>> dns = new ConcurrentHashMap<>();
    final Platform platform;
    final AdminApiHandler handler;

    AdminApiHarness() {
        this(Map.of(), null);
    }

    /** With {@code environment} over the template's, and channel secrets in {@code secretStore} (null: {@link #secrets}). */
    AdminApiHarness(Map<String, String> environment, SecretStore secretStore) {
        this(environment, secretStore, new InMemoryCheckSecrets());
    }

    /** As {@link #AdminApiHarness(Map, SecretStore)}, with check secrets in {@code checkSecretStore}. */
    AdminApiHarness(Map<String, String> environment, SecretStore secretStore, CheckSecrets checkSecretStore) {
        db.reset();
        checkSecrets = checkSecretStore;
        SamTemplate template = SamTemplate.load();
        Map<String, String> env = new HashMap<>(template.environment(template.function("AdminApiFunction").orElseThrow(), Map.of()));
        env.putAll(environment);
        platform = Platform.builder(Env.of(env)).clock(clock).dynamo(db.client()).bus(new RecordingBus()).build();
        handler = new AdminApiHandler(platform, secretStore == null ? secrets : secretStore, checkSecrets,
                new AdminKey(AdminApiHandlerTest.ADMIN_KEY), host -> {
                    List<InetAddress> answer = dns.get(host);
                    if (answer == null) {
                        throw new UnknownHostException(host);
                    }
                    return answer;
                }, (tenantId, trigger) -> {
                    sweepsRequested.add(tenantId);
                    return sweepAnswer.apply(tenantId);
                });
    }

    /** Sends a request with the admin key and checks its status; returns the JSON body ({} when empty). */
    JsonNode send(String method, String path, String body, int expectedStatus) throws IOException {
        Answer answer = call(method, path, body, Map.of());
        assertEquals(expectedStatus, answer.status(), answer.toString());
        return answer.json();
    }

    /** Sends a request with the admin key and {@code headers}; returns the whole answer. */
    Answer call(String method, String path, String body, Map<String, String> headers) throws IOException {
        return invoke(event(method, path, body, headers));
    }

    /** Sends a request from {@code sourceIp} with {@code headers} (and the admin key, unless they name another). */
    Answer callFrom(String sourceIp, String method, String path, String body, Map<String, String> headers) throws IOException {
        ObjectNode event = event(method, path, body, headers);
        ((ObjectNode) event.path("requestContext").path("http")).put("sourceIp", sourceIp);
        return invoke(event);
    }

    /** Sends a request with {@code key} as the bearer key. */
    Answer callAs(String key, String method, String path, String body) throws IOException {
        return call(method, path, body, Map.of("authorization", "Bearer " + key));
    }

    /** A new tenant, created by the operator; returns its id. */
    String tenant(String name) throws IOException {
        return send("POST", "/api/tenants", "{\"name\":\"" + name + "\"}", 201).path("id").asText();
    }

    /**
     * A new tenant swept around the clock every 30 min, created two days before the harness's clock and never
     * swept since (stale until a sweep is recorded); returns its id.
     */
    String roundTheClockTenant(String name) throws IOException {
        clock.set(AdminApiHandlerTest.NOW.minus(Duration.ofDays(2)));
        String id = tenant(name);
        send("PUT", "/api/tenants/" + id, "{\"name\":\"" + name + "\",\"sweepIntervalMinutes\":30,"
                + "\"activeHours\":{\"start\":\"00:00\",\"end\":\"00:00\"}}", 200);
        clock.set(AdminApiHandlerTest.NOW);
        return id;
    }

    /** A new API key of {@code tenantId} with {@code role}, created by the operator; returns the key itself. */
    String key(String tenantId, String role) throws IOException {
        return send("POST", "/api/tenants/" + tenantId + "/keys", "{\"name\":\"" + role + " key\",\"role\":\"" + role + "\"}", 201)
                .path("key").asText();
    }

    /** The API Gateway event of a request with the admin key and {@code headers}. */
    ObjectNode event(String method, String path, String body, Map<String, String> headers) throws IOException {
        int query = path.indexOf('?');
        ObjectNode event = request(method, query >= 0 ? path.substring(0, query) : path);
        if (body != null) {
            withBody(event, body);
        }
        headers.forEach(((ObjectNode) event.get("headers"))::put);
        if (query >= 0) {
            ObjectNode params = event.putObject("queryStringParameters");
            for (String pair : path.substring(query + 1).split("&")) {
                String[] nameValue = pair.split("=", 2);
                // API Gateway hands the function its query parameters decoded.
                params.put(nameValue[0], nameValue.length > 1 ? java.net.URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8) : "");
            }
        }
        return event;
    }

    Answer invoke(ObjectNode event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)), out, null);
        JsonNode response = Json.MAPPER.readTree(out.toByteArray());
        Map<String, String> headers = new HashMap<>();
        response.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
        String text = response.path("body").asText();
        boolean json = !text.isEmpty() && headers.getOrDefault("content-type", "").equals("application/json");
        return new Answer(response.path("statusCode").asInt(), headers, json ? Json.MAPPER.readTree(text) : Json.object(), text);
    }

    /** A response as the function returned it: status, headers, JSON body ({} when empty or not JSON), and the body as sent. */
    record Answer(int status, Map<String, String> headers, JsonNode json, String body) {
        String etag() {
            return headers.get("etag");
        }

        String error() {
            return json.path("error").asText();
        }
    }

    /** The checks' stores on the harness's tables, as the tenant sweep uses them. */
    CheckStore checks() {
        return CheckTables.from(platform.env(), db.client()).checks();
    }

    /**
     * Records a run of check {@code id} a second from now (the clock moves on), as the sweep would: a result with {@code status} and
     * {@code latencyMs} (an HTTP status of 200 when healthy, else 503 failing {@code status in [200..299]}),
     * and the state it leads to.
     */
    CheckResult recordRun(String id, CheckStatus status, long latencyMs) {
        clock.advance(Duration.ofSeconds(1));
        StoredCheck before = checks().find(id).orElseThrow();
        boolean healthy = status == CheckStatus.HEALTHY;
        CheckResult result = new CheckResult(id, before.check().tenantId(), clock.instant(), status, latencyMs,
                Json.object().put("status", healthy ? 200 : 503).put("latencyMs", latencyMs),
                healthy ? List.of() : List.of(new CheckResult.FailedCondition("status in [200..299]", Level.CRITICAL, "was 503")),
                healthy ? "all 3 conditions hold" : "status in [200..299] failed: was 503");
        CheckState next = before.state().next(status, before.check().failureThreshold(), before.check().recoveryThreshold()).state();
        assertTrue(checks().recordRun(before, result, next), "the run was recorded");
        return result;
    }

    int count(String table) {
        return db.client().scan(s -> s.tableName(table)).count();
    }
}
