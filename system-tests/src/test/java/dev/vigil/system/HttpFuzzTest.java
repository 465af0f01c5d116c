package dev.vigil.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.admin.AdminApiHandler;
import dev.vigil.admin.AdminKey;
import dev.vigil.checks.store.CheckSecrets;
import dev.vigil.domain.ChannelType;
import dev.vigil.fixtures.Fixture;
import dev.vigil.fixtures.InMemoryCheckSecrets;
import dev.vigil.fixtures.InMemorySecretStore;
import dev.vigil.fixtures.RecordingBus;
import dev.vigil.ingest.BeatIngestHandler;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.HttpFunction;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.Log;
import dev.vigil.store.SecretStore;
import dev.vigil.sweep.TenantSweepHandler;
import dev.vigil.testkit.DynamoLocal;
import dev.vigil.testkit.SamTemplate;
import dev.vigil.testkit.TestClock;
import dev.vigil.wiring.Platform;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * Generated requests against every HTTP route — the admin API's whole route table and the beat
 * ingest — as API Gateway HTTP API (payload 2.0) events, handled in this JVM on DynamoDB Local with
 * the template's tables: paths, methods, headers, query strings and bodies (invalid JSON, huge and
 * odd numbers, wrong types, invisible characters, stale entity tags), with the operator's key, tenants'
 * admin and read-only keys, wrong keys and {@code X-Vigil-Tenant}, from many source addresses and a
 * few that send wrong keys until they are refused. Whatever comes in, the answer
 * is never a 5xx unless an AWS failure was injected into that request (then only 503), no exception
 * escapes, and every body is JSON, with an {@code error} message on a 4xx.
 */
class HttpFuzzTest {
    static final int ADMIN_REQUESTS = 60_000;
    static final int BEAT_REQUESTS = 45_000;
    private static final String KEY = "fuzz-admin-key-0123456789";
    private static final String TOPIC_PREFIX = "arn:aws:sns:eu-west-1:123456789012:vigil-";
    /** Tables are kept this small, so that listing stays as fast as in a real deployment's first weeks. */
    private static final int KEPT_APPLICATIONS = 120;
    private static final int KEPT_CHANNELS = 25;
    private static final int KEPT_CHECKS = 25;
    private static final int KEPT_TENANTS = 25;
    private static final int KEPT_KEYS = 40;

    private static final Faults FAULTS = new Faults();
    private static final Known KNOWN = new Known();
    private static final ByteArrayOutputStream LOGS = new ByteArrayOutputStream();
    private static final AtomicLong REQUESTS = new AtomicLong();
    private static final Map<Integer, AtomicLong> STATUSES = new ConcurrentSkipListMap<>();
    private static final AtomicLong INJECTED = new AtomicLong();
    private static DynamoDbClient db;
    private static AdminApiHandler admin;
    private static BeatIngestHandler ingest;
    private static Set<String> adminRoutes;
    private static long started;

    @BeforeContainer
    static void handlersOnOneTableSet() {
        SamTemplate template = SamTemplate.load();
        db = DynamoLocal.inProcess(template);
        Log.redirect(new PrintStream(LOGS, true, StandardCharsets.UTF_8));
        TestClock clock = new TestClock(Fixture.START);
        DynamoDbClient dynamo = FAULTS.wrap(db);
        Map<String, String> adminEnv = new HashMap<>(template.environment(template.function("AdminApiFunction").orElseThrow(), Map.of()));
        adminEnv.put("SNS_TOPIC_ARN_PREFIX", TOPIC_PREFIX);
        InMemoryCheckSecrets checkSecrets = new InMemoryCheckSecrets();
        // Requested sweeps run the real sweep function in this process, on the same tables, on the real clock
        // (as on Lambda: the sweeps of this test's thousands of requests do not all start in one millisecond).
        TenantSweepHandler sweep = new TenantSweepHandler(Platform.builder(Fixture.environment("TenantSweepFunction", Map.of()))
                .dynamo(dynamo).bus(new RecordingBus()).build(), checkSecrets, messages -> { });
        admin = new AdminApiHandler(Platform.builder(Env.of(adminEnv)).clock(clock).dynamo(dynamo).bus(new RecordingBus()).build(),
                FAULTS.wrap(new InMemorySecretStore()), FAULTS.wrap(checkSecrets), new AdminKey(KEY), HttpFuzzTest::resolve,
                (tenantId, trigger) -> Optional.of(invoke(sweep, Json.object().put("tenantId", tenantId).put("trigger", trigger.wire()))));
        adminRoutes = admin.routeKeys();
        ingest = new BeatIngestHandler(Platform.builder(Fixture.environment("BeatIngestFunction", Map.of())).clock(clock)
                .dynamo(dynamo).bus(new RecordingBus()).build());
        for (int i = 0; i < 30; i++) {
            seed("POST /api/channels", "{\"type\":\"sns\",\"name\":\"topic " + i + "\",\"settings\":{\"topicArn\":\""
                    + TOPIC_PREFIX + i + "\"}}");
            seed("POST /api/applications", "{\"name\":\"app " + i + "\",\"intervalSeconds\":60,\"channels\":[\""
                    + KNOWN.channel(i) + "\"]}");
        }
        for (int i = 0; i < 3; i++) {
            String tenant = seed("POST /api/tenants", "{\"name\":\"tenant " + i + "\"}").path("id").asText();
            for (String role : List.of("admin", "read-only")) {
                seed("POST /api/tenants/{id}/keys", "/api/tenants/" + tenant + "/keys", Map.of("id", tenant),
                        "{\"name\":\"" + role + "\",\"role\":\"" + role + "\"}");
            }
        }
        started = System.nanoTime();
    }

    /**
     * Creates what the generated requests name from the start: applications (with ping UUIDs), channels,
     * tenants and their keys.
     */
    private static JsonNode seed(String route, String body) {
        return seed(route, route.substring(route.indexOf(' ') + 1), Map.of(), body);
    }

    private static JsonNode seed(String route, String path, Map<String, String> params, String body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            admin.handleRequest(new ByteArrayInputStream(event(new Request(route, "POST", path, params,
                    Map.of("authorization", "Bearer " + KEY), Map.of(), body, false, -1, "192.0.2.1"))), out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode response = parse(out.toString(StandardCharsets.UTF_8), () -> "the seed response");
        assertEquals(201, response.path("statusCode").asInt(), response::toString);
        JsonNode created = parse(response.path("body").asText(), () -> "the seed body");
        KNOWN.created(created);
        return created;
    }

    @AfterContainer
    static void report() {
        Log.redirect(System.out);
        System.out.printf("HTTP fuzz: %d requests in %.1f s; answers by status %s; AWS failures injected: %d%n", REQUESTS.get(),
                Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0, STATUSES, INJECTED.get());
    }

    @Property(tries = ADMIN_REQUESTS, generation = GenerationMode.RANDOMIZED, edgeCases = EdgeCasesMode.NONE)
    void adminApiNeverAnswersWithAServerError(@ForAll("adminRequests") Request request) {
        check(admin, request);
    }

    @Property(tries = BEAT_REQUESTS, generation = GenerationMode.RANDOMIZED, edgeCases = EdgeCasesMode.NONE)
    void beatIngestNeverAnswersWithAServerError(@ForAll("beatRequests") Request request) {
        check(ingest, request);
    }

    /** One generated request: the parts of the event, and the AWS call (if any) that fails. */
    record Request(String routeKey, String method, String path, Map<String, String> pathParameters,
                   Map<String, String> headers, Map<String, String> query, String body, boolean base64, int faultAt,
                   String sourceIp) {
    }

    /** What a function answers to {@code event}, invoked in this process as Lambda would. */
    private static JsonNode invoke(com.amazonaws.services.lambda.runtime.RequestStreamHandler function, JsonNode event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            function.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)), out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parse(out.toString(StandardCharsets.UTF_8), () -> "the sweep function's answer");
    }

    private static void check(HttpFunction function, Request request) {
        byte[] event = event(request);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LOGS.reset();
        FAULTS.arm(request.faultAt());
        try {
            function.handleRequest(new ByteArrayInputStream(event), out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            FAULTS.disarm();
        }
        REQUESTS.incrementAndGet();
        if (FAULTS.fired()) {
            INJECTED.incrementAndGet();
        }
        JsonNode response = parse(out.toString(StandardCharsets.UTF_8), () -> "the response event");
        int status = response.path("statusCode").asInt();
        STATUSES.computeIfAbsent(status, code -> new AtomicLong()).incrementAndGet();
        String body = response.path("body").asText();
        Supplier<String> seen = () -> new String(event, StandardCharsets.US_ASCII) + "\n -> " + response
                + "\n logs: " + LOGS.toString(StandardCharsets.UTF_8);
        assertTrue(status >= 200 && status < 600, seen);
        if (status >= 500) {
            assertEquals(503, status, () -> "a server error: " + seen.get());
            assertTrue(FAULTS.fired(), () -> "503 without an AWS failure: " + seen.get());
            assertTrue(response.path("headers").has("retry-after"), seen);
        }
        boolean badge = status == 200 && "GET /system/health/badge.svg".equals(request.routeKey());
        if (badge) {
            assertEquals("image/svg+xml", response.path("headers").path("content-type").asText(), seen);
            assertTrue(body.isEmpty() || body.startsWith("<svg "), seen);
            KNOWN.keepTablesSmall(db);
            return;
        }
        boolean statusBadge = status == 200 && "GET /badge/{badge}".equals(request.routeKey())
                && response.path("headers").path("content-type").asText().equals("image/svg+xml");
        if (statusBadge) {
            assertTrue(body.isEmpty() || body.startsWith("<svg "), seen);
            KNOWN.keepTablesSmall(db);
            return;
        }
        boolean metrics = status == 200 && ("GET /api/metrics".equals(request.routeKey()) || "GET /metrics/{key}".equals(request.routeKey()));
        if (metrics) {
            assertEquals("text/plain; version=0.0.4; charset=utf-8", response.path("headers").path("content-type").asText(), seen);
            assertTrue(body.isEmpty() || body.startsWith("# HELP "), seen);
            KNOWN.keepTablesSmall(db);
            return;
        }
        if (body.isEmpty()) {
            assertTrue(status == 204 || request.method().equals("HEAD"), () -> "an empty body: " + seen.get());
        } else {
            JsonNode json = parse(body, () -> "the body of " + seen.get());
            if (status >= 400) {
                assertTrue(json.path("error").isTextual() && !json.path("error").asText().isBlank(), () -> "no error message: " + seen.get());
            }
            if (status == 201) {
                KNOWN.created(json);
            }
        }
        if (status == 204 && "DELETE /api/tenants/{id}/keys/{keyId}".equals(request.routeKey())) {
            KNOWN.revoked(request.pathParameters().get("keyId"));
        } else if (status == 204 && request.routeKey() != null && request.routeKey().startsWith("DELETE ")) {
            KNOWN.deleted(request.pathParameters().get("id"));
        }
        assertTrue(body.isEmpty() || response.path("headers").path("content-type").asText().equals("application/json"), seen);
        KNOWN.keepTablesSmall(db);
    }

    private static JsonNode parse(String text, Supplier<String> what) {
        try {
            return Json.parse(text);
        } catch (JsonProcessingException e) {
            return fail(what.get() + " is not JSON: " + e.getOriginalMessage());
        }
    }

    // --- events ----------------------------------------------------------------------------------

    /** The API Gateway event, written in ASCII with every other character escaped, lone surrogates too. */
    static byte[] event(Request r) {
        StringWriter text = new StringWriter();
        JsonFactory factory = JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
        try (JsonGenerator json = factory.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("version", "2.0");
            if (r.routeKey() != null) {
                json.writeStringField("routeKey", r.routeKey());
            }
            json.writeStringField("rawPath", r.path());
            List<String> raw = new ArrayList<>();
            r.query().forEach((name, value) -> raw.add(name + "=" + value));
            json.writeStringField("rawQueryString", String.join("&", raw));
            writeMap(json, "headers", r.headers());
            writeMap(json, "queryStringParameters", r.query());
            writeMap(json, "pathParameters", r.pathParameters());
            json.writeObjectFieldStart("requestContext");
            json.writeStringField("requestId", "fuzz");
            json.writeStringField("domainName", "fuzz.execute-api.eu-west-1.amazonaws.com");
            json.writeObjectFieldStart("http");
            json.writeStringField("method", r.method());
            json.writeStringField("path", r.path());
            if (r.sourceIp() != null) {
                json.writeStringField("sourceIp", r.sourceIp());
            }
            json.writeEndObject();
            json.writeEndObject();
            if (r.body() != null) {
                json.writeStringField("body", r.base64()
                        ? Base64.getEncoder().encodeToString(r.body().getBytes(StandardCharsets.UTF_8)) : r.body());
            }
            json.writeBooleanField("isBase64Encoded", r.base64());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void writeMap(JsonGenerator json, String field, Map<String, String> values) throws IOException {
        if (values.isEmpty()) {
            return;
        }
        json.writeObjectFieldStart(field);
        for (Map.Entry<String, String> entry : values.entrySet()) {
            json.writeStringField(entry.getKey(), entry.getValue());
        }
        json.writeEndObject();
    }

    // --- generators ------------------------------------------------------------------------------
    // Each request is drawn from the property's seeded Random in one go: jqwik drives the tries,
    // reports the failing request in full and replays it from its seed.

    @Provide
    Arbitrary<Request> adminRequests() {
        List<String> routes = new ArrayList<>(adminRoutes.stream().sorted().toList());
        routes.addAll(List.of("GET /api/unknown", "PATCH /api/applications/{id}", "$default", "GET /api/channels/{id}/x"));
        routes.add(null);
        int[] weights = routes.stream().mapToInt(HttpFuzzTest::weight).toArray();
        return Arbitraries.randomValue(random -> adminRequest(random, routes.get(weighted(random, weights))));
    }

    @Provide
    Arbitrary<Request> beatRequests() {
        List<String> routes = List.of("POST /heartbeat/{uuid}", "POST /heartbeat/{uuid}", "POST /heartbeat/{uuid}",
                "GET /heartbeat/{uuid}", "HEAD /heartbeat/{uuid}", "PUT /heartbeat/{uuid}", "$default");
        return Arbitraries.randomValue(random -> beatRequest(random, routes.get(random.nextInt(routes.size()))));
    }

    /** Creating more often than deleting, so that most requests name something that exists. */
    private static int weight(String route) {
        if (route == null || !adminRoutes.contains(route)) {
            return 1;
        }
        return route.startsWith("POST /api/applications") || route.equals("POST /api/channels") ? 12
                : route.startsWith("DELETE") || route.contains("/api/tenants") ? 3 : 8;
    }

    private static int weighted(Random random, int[] weights) {
        int pick = random.nextInt(Arrays.stream(weights).sum());
        for (int i = 0; i < weights.length; i++) {
            pick -= weights[i];
            if (pick < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private static Request adminRequest(Random random, String route) {
        String template = route == null ? "/api/applications/{id}" : route.contains(" ") ? route.substring(route.indexOf(' ') + 1) : "/";
        String routeMethod = route != null && route.contains(" ") ? route.substring(0, route.indexOf(' ')) : "GET";
        boolean channels = template.startsWith("/api/channels");
        boolean checks = template.startsWith("/api/checks");
        boolean tenants = template.startsWith("/api/tenants");
        String body;
        if ((routeMethod.equals("POST") || routeMethod.equals("PUT")) && !template.endsWith("/acknowledge")) {
            int kind = random.nextInt(20);
            body = kind == 0 ? null : kind < 17 ? (channels ? RequestNoise.channelBody(random, TOPIC_PREFIX)
                    : checks ? RequestNoise.checkBody(random)
                    : template.endsWith("/thresholds") ? RequestNoise.thresholdsBody(random)
                    : template.endsWith("/keys") ? RequestNoise.keyBody(random)
                    : tenants ? RequestNoise.tenantBody(random)
                    : RequestNoise.applicationBody(random, KNOWN::channel)) : RequestNoise.anyBody(random);
        } else {
            body = random.nextInt(7) == 0 ? RequestNoise.anyBody(random) : null;
        }
        String id = tenants ? tenantId(random) : id(random, channels ? "ch_" : checks ? "chk_" : "app_");
        Map<String, String> params = new LinkedHashMap<>();
        if (id != null && template.contains("{id}")) {
            params.put("id", id);
        }
        String keyId = template.contains("{keyId}") ? keyId(random) : null;
        if (keyId != null) {
            params.put("keyId", keyId);
        }
        String path = template.replace("{id}", id == null ? "" : id).replace("{keyId}", keyId == null ? "" : keyId);
        return new Request(route, method(random, routeMethod), path, params, adminHeaders(random), query(random), body,
                body != null && random.nextInt(10) == 0, fault(random), source(random));
    }

    private static Request beatRequest(Random random, String route) {
        String method = route.contains(" ") ? route.substring(0, route.indexOf(' ')) : "POST";
        String uuid = switch (random.nextInt(13)) {
            case 0, 1, 2, 3, 4, 5, 6, 7 -> KNOWN.uuid(random.nextInt(100_000));
            case 8, 9 -> new UUID(random.nextLong(), random.nextLong()).toString();
            case 10 -> KNOWN.uuid(random.nextInt(100_000)).toUpperCase();
            case 11 -> RequestNoise.text(random);
            default -> random.nextInt(4) == 0 ? null : RequestNoise.text(random);
        };
        Map<String, String> headers = extraHeaders(random);
        if (random.nextInt(10) < 7) {
            headers.put("user-agent", RequestNoise.text(random));
        }
        return new Request(route, method(random, method), "/heartbeat/" + (uuid == null ? "" : uuid),
                uuid == null ? Map.of() : Map.of("uuid", uuid), headers, query(random),
                random.nextInt(5) < 2 ? RequestNoise.anyBody(random) : null, false, fault(random), "203.0.113.7");
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** Mostly the route's own method; sometimes another (API Gateway would not send it, the function must cope). */
    private static String method(Random random, String routeMethod) {
        return random.nextInt(13) != 0 ? routeMethod
                : pick(random, List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "get", "BREW", ""));
    }

    /** One request in fifty has one of its first four AWS calls (DynamoDB, the secret store) fail. */
    private static int fault(Random random) {
        return random.nextInt(50) == 0 ? random.nextInt(4) : -1;
    }

    /** An id of the kind {@code prefix} names: mostly one the API created; sometimes one nobody has, or anything. */
    private static String id(Random random, String prefix) {
        return switch (random.nextInt(50)) {
            case 0 -> null;
            case 1, 2, 3 -> RequestNoise.text(random);
            case 4, 5, 6, 7, 8, 9 -> prefix + chars(random, "abcdefghijkmnpqrstuvwxyz23456789", 12);
            default -> switch (prefix) {
                case "ch_" -> KNOWN.channel(random.nextInt(100_000));
                case "chk_" -> KNOWN.check(random.nextInt(100_000));
                default -> KNOWN.application(random.nextInt(100_000));
            };
        };
    }

    /** A tenant id: mostly one the API created, or the default tenant; sometimes one nobody has, or anything. */
    private static String tenantId(Random random) {
        return switch (random.nextInt(20)) {
            case 0 -> null;
            case 1 -> RequestNoise.text(random);
            case 2, 3 -> "tn_" + chars(random, "abcdefghijkmnpqrstuvwxyz23456789", 12);
            case 4, 5 -> "default";
            default -> KNOWN.tenant(random.nextInt(100_000));
        };
    }

    private static String keyId(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> RequestNoise.text(random);
            case 1, 2 -> "key_" + chars(random, "abcdefghijkmnpqrstuvwxyz23456789", 12);
            default -> KNOWN.keyId(random.nextInt(100_000));
        };
    }

    /**
     * Where a request comes from: mostly one of a million addresses, so that failed authentications rarely
     * add up; one address in twenty requests sends its share of wrong keys until it is refused (429);
     * sometimes no address, or anything.
     */
    private static String source(Random random) {
        return switch (random.nextInt(100)) {
            case 0, 1, 2, 3, 4 -> "203.0.113.7";
            case 5, 6 -> null;
            case 7 -> RequestNoise.text(random);
            default -> "10." + random.nextInt(16) + "." + random.nextInt(256) + "." + random.nextInt(256);
        };
    }

    private static String chars(Random random, String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static Map<String, String> adminHeaders(Random random) {
        Map<String, String> headers = extraHeaders(random);
        int auth = random.nextInt(20);
        if (auth < 13) {
            headers.put("authorization", "Bearer " + KEY);
        } else if (auth < 16) {
            headers.put("authorization", "Bearer " + KNOWN.secret(random.nextInt(100_000), auth == 15 ? "read-only" : "admin"));
        } else if (auth == 16) {
            headers.put("authorization", "Bearer " + (random.nextBoolean() ? "vk_" + chars(random, "abcdefghijkmnpqrstuvwxyz23456789", 40)
                    : KNOWN.secret(random.nextInt(100_000), "admin").toUpperCase()));
        } else if (auth == 17) {
            headers.put("authorization", pick(random, List.of("Bearer", "Bearer ", "bearer " + KEY, "BEARER  " + KEY + " ",
                    "Basic " + KEY, "Bearer " + KEY + "x", "Bearer " + KEY.substring(1), KEY)));
        } else if (auth == 18) {
            headers.put("authorization", RequestNoise.text(random));
        }
        if (random.nextInt(8) == 0) {
            headers.put("x-vigil-tenant", switch (random.nextInt(5)) {
                case 0 -> "default";
                case 1 -> "tn_zzzzzzzzzzzz";
                case 2 -> RequestNoise.text(random);
                default -> KNOWN.tenant(random.nextInt(100_000));
            });
        }
        int ifMatch = random.nextInt(10);
        if (ifMatch < 2) {
            headers.put("if-match", pick(random, List.of("\"1\"", "\"0\"", "\"2\"", "*", "W/\"1\"", "\"99999999999999999999\"",
                    "1", "\"1\", \"2\"", "", "\"", ",", "\"1\",", "*, \"1\"")));
        } else if (ifMatch == 2) {
            headers.put("if-match", RequestNoise.text(random));
        }
        if (random.nextBoolean()) {
            headers.put("content-type", pick(random, List.of("application/json", "text/plain", "")));
        }
        return headers;
    }

    private static Map<String, String> extraHeaders(Random random) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            String name = random.nextInt(3) == 0 ? RequestNoise.text(random)
                    : pick(random, List.of("x-forwarded-for", "content-length", "accept", "cookie", "Authorization", "IF-MATCH",
                    "X-Vigil-Tenant"));
            headers.put(name, RequestNoise.text(random));
        }
        return headers;
    }

    private static Map<String, String> query(Random random) {
        Map<String, String> query = new LinkedHashMap<>();
        for (int i = random.nextBoolean() ? 0 : random.nextInt(4); i > 0; i--) {
            String name = random.nextInt(5) == 0 ? RequestNoise.text(random)
                    : pick(random, List.of("limit", "nextToken", "status", "channel", "detach", "limit"));
            String value = switch (random.nextInt(7)) {
                case 0, 1 -> Integer.toString(random.nextInt(206) - 5);
                case 2, 3 -> pick(random, List.of("0", "-1", "101", "1e3", "99999999999999999999", "", "true", "false", "TRUE",
                        "failed", "sent", "sending", "suppressed", "inapp", "ch_k3v9x2m7q4pa", "eyJ1dWlkIjp7IlMiOiJ4In19",
                        "eyJpZCI6eyJTIjoiYXBwXzEifX0", "e30", "W10", "bnVsbA"));
                case 4 -> chars(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/", random.nextInt(81));
                default -> RequestNoise.text(random);
            };
            query.put(name, value);
        }
        return query;
    }

    // --- state -----------------------------------------------------------------------------------

    /** Ids the API created, so that generated requests name real resources most of the time, and tenants' keys. */
    private static final class Known {
        private final List<String[]> applications = new ArrayList<>();
        private final List<String> channels = new ArrayList<>();
        private final List<String> checks = new ArrayList<>();
        private final List<String> tenants = new ArrayList<>();
        /** Keys: id, tenant, role, the key itself. */
        private final List<String[]> keys = new ArrayList<>();

        synchronized void created(JsonNode resource) {
            String id = resource.path("id").asText();
            if (id.startsWith("app_")) {
                applications.add(new String[] {id, resource.path("uuid").asText()});
            } else if (id.startsWith("ch_")) {
                channels.add(id);
            } else if (id.startsWith("chk_")) {
                checks.add(id);
            } else if (id.startsWith("tn_")) {
                tenants.add(id);
            } else if (id.startsWith("key_")) {
                keys.add(new String[] {id, resource.path("tenantId").asText(), resource.path("role").asText(),
                    resource.path("key").asText()});
            }
        }

        synchronized void deleted(String id) {
            applications.removeIf(app -> app[0].equals(id));
            channels.remove(id);
            checks.remove(id);
            tenants.remove(id);
            keys.removeIf(key -> key[1].equals(id));
        }

        /** A revoked key is no longer presented as a valid one (its id may still be named). */
        synchronized void revoked(String keyId) {
            keys.stream().filter(key -> key[0].equals(keyId)).forEach(key -> key[2] = "revoked");
        }

        synchronized String tenant(int pick) {
            return tenants.isEmpty() ? "default" : tenants.get(pick % tenants.size());
        }

        synchronized String keyId(int pick) {
            return keys.isEmpty() ? "key_k3v9x2m7q4pa" : keys.get(pick % keys.size())[0];
        }

        /** A key of the role, from the first ones created (the seeds') or any later one. */
        synchronized String secret(int pick, String role) {
            List<String[]> ofRole = keys.stream().filter(k -> k[2].equals(role)).toList();
            return ofRole.isEmpty() ? "vk_" + "a".repeat(40) : ofRole.get(pick % ofRole.size())[3];
        }

        synchronized String application(int pick) {
            return applications.isEmpty() ? "app_k3v9x2m7q4pa" : applications.get(pick % applications.size())[0];
        }

        synchronized String uuid(int pick) {
            return applications.isEmpty() ? UUID.randomUUID().toString() : applications.get(pick % applications.size())[1];
        }

        synchronized String channel(int pick) {
            return channels.isEmpty() ? "ch_k3v9x2m7q4pa" : channels.get(pick % channels.size());
        }

        synchronized String check(int pick) {
            return checks.isEmpty() ? "chk_k3v9x2m7q4pa" : checks.get(pick % checks.size());
        }

        /** Removes the oldest items beyond the kept numbers, behind the API's back. */
        synchronized void keepTablesSmall(DynamoDbClient dynamo) {
            while (applications.size() > KEPT_APPLICATIONS) {
                String uuid = applications.remove(0)[1];
                dynamo.deleteItem(d -> d.tableName("ApplicationsTable").key(Map.of("uuid", AttributeValue.fromS(uuid))));
            }
            while (channels.size() > KEPT_CHANNELS) {
                String id = channels.remove(0);
                dynamo.deleteItem(d -> d.tableName("ChannelsTable").key(Map.of("id", AttributeValue.fromS(id))));
            }
            while (checks.size() > KEPT_CHECKS) {
                String id = checks.remove(0);
                dynamo.deleteItem(d -> d.tableName("ChecksTable").key(Map.of("id", AttributeValue.fromS(id))));
            }
            while (tenants.size() > KEPT_TENANTS) {
                String id = tenants.remove(3);
                dynamo.deleteItem(d -> d.tableName("TenantsTable").key(Map.of("id", AttributeValue.fromS(id))));
            }
            while (keys.size() > KEPT_KEYS) {
                String secret = keys.remove(6)[3];
                dynamo.deleteItem(d -> d.tableName("ApiKeysTable").key(Map.of("keyHash", AttributeValue.fromS(sha256(secret)))));
            }
        }
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Makes the n-th AWS call of a request fail, as a throttled or unavailable service would. */
    private static final class Faults {
        private int armedAt = -1;
        private int calls;
        private boolean fired;

        void arm(int at) {
            armedAt = at;
            calls = 0;
            fired = false;
        }

        void disarm() {
            armedAt = -1;
        }

        boolean fired() {
            return fired;
        }

        private void call(String operation) {
            if (armedAt >= 0 && calls++ == armedAt) {
                fired = true;
                throw DynamoDbException.builder().message("injected failure of " + operation).statusCode(503).build();
            }
        }

        DynamoDbClient wrap(DynamoDbClient real) {
            return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(), new Class<?>[] {DynamoDbClient.class},
                    (proxy, method, args) -> {
                        if (method.getDeclaringClass() != Object.class && !Set.of("close", "serviceName",
                                "serviceClientConfiguration").contains(method.getName())) {
                            call(method.getName());
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        SecretStore wrap(SecretStore real) {
            return new SecretStore() {
                @Override
                public Map<String, String> get(ChannelType type, String channelId) {
                    call("GetParameter");
                    return real.get(type, channelId);
                }

                @Override
                public void put(ChannelType type, String channelId, Map<String, String> secrets) {
                    call("PutParameter");
                    real.put(type, channelId, secrets);
                }

                @Override
                public void delete(ChannelType type, String channelId) {
                    call("DeleteParameter");
                    real.delete(type, channelId);
                }
            };
        }

        CheckSecrets wrap(CheckSecrets real) {
            return new CheckSecrets() {
                @Override
                public Map<String, String> get(String checkId) {
                    call("GetParameter");
                    return real.get(checkId);
                }

                @Override
                public void put(String checkId, Map<String, String> secrets) {
                    call("PutParameter");
                    real.put(checkId, secrets);
                }

                @Override
                public void delete(String checkId) {
                    call("DeleteParameter");
                    real.delete(checkId);
                }
            };
        }
    }

    /**
     * The webhook hosts' DNS, made up so that no test reaches the network: names under
     * {@code internal} answer a private address (the channel is refused), {@code example.com} a public
     * one, and every other name does not resolve (the channel is accepted and checked again at send time).
     */
    private static List<InetAddress> resolve(String host) throws UnknownHostException {
        if (host.endsWith("internal")) {
            return List.of(InetAddress.getByAddress(host, new byte[] {10, 0, 0, 7}));
        }
        if (host.equals("example.com")) {
            return List.of(InetAddress.getByAddress(host, new byte[] {93, (byte) 184, (byte) 216, 34}));
        }
        throw new UnknownHostException(host);
    }
}
