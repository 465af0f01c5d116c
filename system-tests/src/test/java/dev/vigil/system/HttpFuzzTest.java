package dev.vigil.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.admin.AdminApiHandler;
import dev.vigil.admin.AdminKey;
import dev.vigil.fixtures.Fixture;
import dev.vigil.fixtures.InMemorySecretStore;
import dev.vigil.fixtures.RecordingBus;
import dev.vigil.ingest.BeatIngestHandler;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.HttpFunction;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.Log;
import dev.vigil.store.SecretStore;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * Generated requests against every HTTP route — the admin API's whole route table and the beat
 * ingest — as API Gateway HTTP API (payload 2.0) events, handled in this JVM on DynamoDB Local with
 * the template's tables: paths, methods, headers, query strings and bodies (invalid JSON, huge and
 * odd numbers, wrong types, invisible characters, stale entity tags). Whatever comes in, the answer
 * is never a 5xx unless an AWS failure was injected into that request (then only 503), no exception
 * escapes, and every body is JSON, with an {@code error} message on a 4xx.
 */
class HttpFuzzTest {
    static final int ADMIN_REQUESTS = 80_000;
    static final int BEAT_REQUESTS = 25_000;
    private static final String KEY = "fuzz-admin-key-0123456789";
    private static final String TOPIC_PREFIX = "arn:aws:sns:eu-west-1:123456789012:vigil-";
    /** Tables are kept this small, so that listing stays as fast as in a real deployment's first weeks. */
    private static final int KEPT_APPLICATIONS = 120;
    private static final int KEPT_CHANNELS = 25;

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
        admin = new AdminApiHandler(Platform.builder(Env.of(adminEnv)).clock(clock).dynamo(dynamo).bus(new RecordingBus()).build(),
                FAULTS.wrap(new InMemorySecretStore()), new AdminKey(KEY));
        adminRoutes = admin.routeKeys();
        ingest = new BeatIngestHandler(Platform.builder(Fixture.environment("BeatIngestFunction", Map.of())).clock(clock)
                .dynamo(dynamo).bus(new RecordingBus()).build());
        for (int i = 0; i < 30; i++) {
            seed("POST /api/channels", "{\"type\":\"sns\",\"name\":\"topic " + i + "\",\"settings\":{\"topicArn\":\""
                    + TOPIC_PREFIX + i + "\"}}");
            seed("POST /api/applications", "{\"name\":\"app " + i + "\",\"intervalSeconds\":60,\"channels\":[\""
                    + KNOWN.channel(i) + "\"]}");
        }
        started = System.nanoTime();
    }

    /** Creates what the generated requests name from the start: applications (with ping UUIDs) and channels. */
    private static void seed(String route, String body) {
        String path = route.substring(route.indexOf(' ') + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            admin.handleRequest(new ByteArrayInputStream(event(new Request(route, "POST", path, Map.of(),
                    Map.of("authorization", "Bearer " + KEY), Map.of(), body, false, -1))), out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode response = parse(out.toString(StandardCharsets.UTF_8), () -> "the seed response");
        assertEquals(201, response.path("statusCode").asInt(), response::toString);
        KNOWN.created(parse(response.path("body").asText(), () -> "the seed body"));
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
                   Map<String, String> headers, Map<String, String> query, String body, boolean base64, int faultAt) {
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
        assertFalse(response.path("headers").path("content-type").isMissingNode() && !body.isEmpty(), seen);
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
            json.writeStringField("sourceIp", "203.0.113.7");
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

    @Provide
    Arbitrary<Request> adminRequests() {
        List<String> routes = new ArrayList<>(adminRoutes.stream().sorted().toList());
        routes.addAll(List.of("GET /api/unknown", "PATCH /api/applications/{id}", "$default", "GET /api/channels/{id}/x"));
        List<Arbitrary<Request>> perRoute = new ArrayList<>();
        for (String route : routes) {
            perRoute.add(adminRequest(route));
        }
        perRoute.add(adminRequest(null));
        return Arbitraries.oneOf(perRoute);
    }

    private static Arbitrary<Request> adminRequest(String route) {
        String template = route == null ? "/api/applications/{id}" : route.contains(" ") ? route.substring(route.indexOf(' ') + 1) : "/";
        String routeMethod = route != null && route.contains(" ") ? route.substring(0, route.indexOf(' ')) : "GET";
        boolean channels = template.startsWith("/api/channels");
        Arbitrary<String> body = switch (routeMethod) {
            case "POST", "PUT" -> template.endsWith("/acknowledge") ? anyBody().injectNull(0.7)
                    : Arbitraries.frequencyOf(Tuple.of(8, channels ? channelBody() : applicationBody()),
                    Tuple.of(2, anyBody())).injectNull(0.05);
            default -> anyBody().injectNull(0.85);
        };
        return Combinators.combine(method(routeMethod), id(channels), adminHeaders(), query(), body,
                Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.just(false)), Tuple.of(1, Arbitraries.just(true))), fault()).as((method, id, headers, query, text, base64, fault) -> {
                    Map<String, String> params = id == null || !template.contains("{id}") ? Map.of() : Map.of("id", id);
                    String path = template.replace("{id}", id == null ? "" : id);
                    return new Request(route, method, path, params, headers, query, text,
                            base64 && text != null, fault);
                });
    }

    @Provide
    Arbitrary<Request> beatRequests() {
        Arbitrary<String> uuid = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.integers().between(0, 100_000).map(KNOWN::uuid)),
                Tuple.of(2, Arbitraries.randomValue(random -> new UUID(random.nextLong(), random.nextLong()).toString())),
                Tuple.of(1, Arbitraries.integers().between(0, 100_000).map(i -> KNOWN.uuid(i).toUpperCase())),
                Tuple.of(2, text())).injectNull(0.02);
        Arbitrary<Map<String, String>> headers = Combinators.combine(text().injectNull(0.3), extraHeaders())
                .as((agent, extra) -> {
                    Map<String, String> all = new LinkedHashMap<>(extra);
                    if (agent != null) {
                        all.put("user-agent", agent);
                    }
                    return all;
                });
        Arbitrary<String> body = anyBody().injectNull(0.6);
        return Arbitraries.frequencyOf(Tuple.of(3, beatRequest("POST /heartbeat/{uuid}", uuid, headers, body)),
                Tuple.of(1, beatRequest("GET /heartbeat/{uuid}", uuid, headers, body)),
                Tuple.of(1, beatRequest("HEAD /heartbeat/{uuid}", uuid, headers, body)),
                Tuple.of(1, beatRequest("PUT /heartbeat/{uuid}", uuid, headers, body)),
                Tuple.of(1, beatRequest("$default", uuid, headers, body)));
    }

    private static Arbitrary<Request> beatRequest(String key, Arbitrary<String> uuid, Arbitrary<Map<String, String>> headers,
                                                  Arbitrary<String> body) {
        String method = key.contains(" ") ? key.substring(0, key.indexOf(' ')) : "POST";
        return Combinators.combine(method(method), uuid, headers, query(), body, fault())
                .as((m, id, h, q, text, fault) -> new Request(key, m, "/heartbeat/" + (id == null ? "" : id),
                        id == null ? Map.of() : Map.of("uuid", id), h, q, text, false, fault));
    }

    /** Mostly the route's own method; sometimes another (API Gateway would not send it, the function must cope). */
    private static Arbitrary<String> method(String routeMethod) {
        return Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just(routeMethod)),
                Tuple.of(1, Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "get", "BREW", "")));
    }

    /** One request in fifty has one of its AWS calls (DynamoDB, the secret store) fail. */
    private static Arbitrary<Integer> fault() {
        return Arbitraries.frequencyOf(Tuple.of(49, Arbitraries.just(-1)), Tuple.of(1, Arbitraries.integers().between(0, 3)));
    }

    private static Arbitrary<String> id(boolean channel) {
        String prefix = channel ? "ch_" : "app_";
        return Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.integers().between(0, 100_000).map(i -> channel ? KNOWN.channel(i) : KNOWN.application(i))),
                Tuple.of(2, Arbitraries.strings().withChars("abcdefghijkmnpqrstuvwxyz23456789").ofLength(12).map(s -> prefix + s)),
                Tuple.of(1, text())).injectNull(0.02);
    }

    private static Arbitrary<Map<String, String>> adminHeaders() {
        Arbitrary<String> authorization = Arbitraries.frequencyOf(
                Tuple.of(16, Arbitraries.just("Bearer " + KEY)),
                Tuple.of(1, Arbitraries.of("Bearer", "Bearer ", "bearer " + KEY, "BEARER  " + KEY + " ", "Basic " + KEY,
                        "Bearer " + KEY + "x", "Bearer " + KEY.substring(1), KEY)),
                Tuple.of(1, text())).injectNull(0.05);
        Arbitrary<String> ifMatch = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of("\"1\"", "\"0\"", "\"2\"", "*", "W/\"1\"", "\"99999999999999999999\"", "1",
                        "\"1\", \"2\"", "", "\"", ",", "\"1\",", "*, \"1\"")),
                Tuple.of(1, text())).injectNull(0.8);
        return Combinators.combine(authorization, ifMatch, Arbitraries.of("application/json", "text/plain", "").injectNull(0.5),
                extraHeaders()).as((auth, match, type, extra) -> {
                    Map<String, String> headers = new LinkedHashMap<>(extra);
                    put(headers, "authorization", auth);
                    put(headers, "if-match", match);
                    put(headers, "content-type", type);
                    return headers;
                });
    }

    private static void put(Map<String, String> map, String name, String value) {
        if (value != null) {
            map.put(name, value);
        }
    }

    private static Arbitrary<Map<String, String>> extraHeaders() {
        return Arbitraries.maps(Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.of("x-forwarded-for", "content-length",
                        "accept", "cookie", "Authorization", "IF-MATCH")), Tuple.of(1, text())), text())
                .ofMaxSize(2);
    }

    private static Arbitrary<Map<String, String>> query() {
        Arbitrary<String> names = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("limit", "nextToken", "status", "channel", "detach")), Tuple.of(1, text()));
        Arbitrary<String> values = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.integers().between(-5, 200).map(String::valueOf)),
                Tuple.of(2, Arbitraries.of("0", "-1", "101", "1e3", "99999999999999999999", "", "true", "false", "TRUE",
                        "failed", "sent", "sending", "suppressed", "inapp", "ch_k3v9x2m7q4pa", "eyJ1dWlkIjp7IlMiOiJ4In19",
                        "eyJpZCI6eyJTIjoiYXBwXzEifX0", "e30", "W10", "bnVsbA")),
                Tuple.of(1, Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/")
                        .ofMaxLength(80)),
                Tuple.of(2, text()));
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(Map.<String, String>of())),
                Tuple.of(1, Arbitraries.maps(names, values).ofMaxSize(3)));
    }

    // --- bodies ----------------------------------------------------------------------------------

    /** Text as clients and attackers send it: ordinary words, odd Unicode, quotes and brackets, long runs. */
    private static Arbitrary<String> text() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().alpha().numeric().withChars(" -_.").ofMaxLength(24)),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(12)),
                Tuple.of(2, Arbitraries.of("", " ", "\u0000", "\u202Epayroll", "\u200B", "\u2028", "\uD800", "\uDC00x",
                        "💥", "null", "true", "[]", "{}", "../../etc/passwd", "%00", "%2e%2e%2f", "${jndi:ldap://x}",
                        "<script>", "app_k3v9x2m7q4pa", "ch_k3v9x2m7q4pa", "\"", "\\", "\t\r\n", "Ω≈ç√∫", "\uFFFF", "\uFEFF")),
                Tuple.of(1, Arbitraries.strings().withChars("{}[]:,\"\\ 0a-").ofMaxLength(30)),
                Tuple.of(1, Arbitraries.integers().between(100, 5000).map("x"::repeat)));
    }

    /** A JSON value as text; {@code depth} bounds nesting. */
    private static Arbitrary<String> jsonValue(int depth) {
        List<Tuple.Tuple2<Integer, Arbitrary<? extends String>>> choices = new ArrayList<>(List.of(
                Tuple.of(1, Arbitraries.just("null")),
                Tuple.of(1, Arbitraries.of("true", "false")),
                Tuple.of(2, Arbitraries.longs().map(String::valueOf)),
                Tuple.of(2, numberLiterals()),
                Tuple.of(3, text().map(HttpFuzzTest::quote))));
        if (depth > 0) {
            choices.add(Tuple.of(1, jsonValue(depth - 1).list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]")));
            choices.add(Tuple.of(1, Arbitraries.maps(text(), jsonValue(depth - 1)).ofMaxSize(4).map(HttpFuzzTest::object)));
        }
        @SuppressWarnings("unchecked")
        Tuple.Tuple2<Integer, Arbitrary<? extends String>>[] array = choices.toArray(Tuple.Tuple2[]::new);
        return Arbitraries.frequencyOf(array);
    }

    private static Arbitrary<String> numberLiterals() {
        return Arbitraries.of("0", "-0", "1", "-1", "1.5", "1e3", "1E400", "-1e400", "1e-400", "9223372036854775807",
                "9223372036854775808", "-9223372036854775809", "123456789012345678901234567890", "3.0", "60.000000001",
                "NaN", "Infinity", "01", "1.", "+1", "0x10");
    }

    /** Any body: a JSON value, broken JSON, plain text, or one over the 16 KiB limit. */
    private static Arbitrary<String> anyBody() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, jsonValue(2)),
                Tuple.of(2, Arbitraries.of("{", "[1,2", "{\"name\":}", "{\"name\" \"x\"}", "{\"a\":1}{\"b\":2}",
                        "{\"name\":\"a\",\"name\":\"b\"}", "\"unterminated", "{'name':'x'}", "{\"x\":\"\\uZZZZ\"}", "\u0000")),
                Tuple.of(2, text()),
                Tuple.of(1, Arbitraries.integers().between(16_300, 17_000)
                        .map(n -> "{\"name\":\"" + "n".repeat(n) + "\",\"intervalSeconds\":60}")));
    }

    /** Mostly well-formed application bodies, with plausible and wrong values field by field. */
    private static Arbitrary<String> applicationBody() {
        Arbitrary<String> seconds = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.longs().between(0, 400_000).map(String::valueOf)),
                Tuple.of(1, numberLiterals()), Tuple.of(1, jsonValue(1)));
        Arbitrary<String> channels = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.integers().between(0, 100_000).map(KNOWN::channel).map(HttpFuzzTest::quote)
                        .list().ofMaxSize(3).map(ids -> "[" + String.join(",", ids) + "]")),
                Tuple.of(1, Arbitraries.just("[]")), Tuple.of(1, jsonValue(2)));
        Arbitrary<String> quietHours = Arbitraries.frequencyOf(
                Tuple.of(3, Combinators.combine(Arbitraries.of("22:00", "07:00", "24:00", "7", "", "22:00:00"),
                        Arbitraries.of("07:00", "22:00", "00:00", "25:61"), Arbitraries.of("Europe/Paris", "UTC", "Mars/Olympus", ""))
                        .as((start, end, zone) -> "{\"start\":" + quote(start) + ",\"end\":" + quote(end) + ",\"timezone\":" + quote(zone) + "}")),
                Tuple.of(1, Arbitraries.just("null")), Tuple.of(1, jsonValue(2)));
        Arbitrary<String> field = Arbitraries.frequencyOf(
                Tuple.of(5, name().map(v -> "\"name\":" + v)),
                Tuple.of(5, seconds.map(v -> "\"intervalSeconds\":" + v)),
                Tuple.of(2, seconds.map(v -> "\"graceSeconds\":" + v)),
                Tuple.of(2, Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of("true", "false")), Tuple.of(1, jsonValue(1)))
                        .map(v -> "\"active\":" + v)),
                Tuple.of(2, channels.map(v -> "\"channels\":" + v)),
                Tuple.of(1, Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of("\"critical\"", "\"warning\"", "\"info\"", "\"CRITICAL\"")),
                        Tuple.of(1, jsonValue(1))).map(v -> "\"severity\":" + v)),
                Tuple.of(1, quietHours.map(v -> "\"quietHours\":" + v)),
                Tuple.of(1, Combinators.combine(Arbitraries.of("id", "uuid", "status", "version", "pingUrl", "deadline"), jsonValue(1))
                        .as((name, value) -> quote(name) + ":" + value)),
                Tuple.of(1, Combinators.combine(text(), jsonValue(1)).as((name, value) -> quote(name) + ":" + value)));
        Arbitrary<String> complete = Combinators.combine(name(), seconds, field.list().ofMaxSize(2))
                .as((name, interval, more) -> "{\"name\":" + name + ",\"intervalSeconds\":" + interval
                        + (more.isEmpty() ? "" : "," + String.join(",", more)) + "}");
        return Arbitraries.frequencyOf(Tuple.of(3, complete), Tuple.of(1, field.list().ofMaxSize(6).map(f -> "{" + String.join(",", f) + "}")));
    }

    /** Mostly well-formed channel bodies: each type with its settings, plausible or wrong. */
    private static Arbitrary<String> channelBody() {
        Arbitrary<String> settingValue = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("https://hooks.slack.com/services/T0/B0/abcdefghijklmnopWXYZ", "https://example.com/hook",
                        "http://127.0.0.1:9/x", "ftp://example.com/x", "+15551234567", "0612", "0123456789abcdef0123", "short",
                        TOPIC_PREFIX + "pager", "arn:aws:sns:eu-west-1:999999999999:vigil-x", "arn:aws:sns:eu-west-1:123456789012:vigil-x.fifo",
                        "1234567890", "R0UTINGKEY0123456789012345678901").map(HttpFuzzTest::quote)),
                Tuple.of(1, jsonValue(1)));
        Arbitrary<String> settings = Arbitraries.maps(Arbitraries.frequencyOf(
                        Tuple.of(6, Arbitraries.of("webhookUrl", "url", "signingSecret", "routingKey", "eventsUrl", "phoneNumberId",
                                "accessToken", "to", "apiBaseUrl", "topicArn")), Tuple.of(1, text())), settingValue)
                .ofMaxSize(4).map(map -> {
                    Map<String, String> raw = new LinkedHashMap<>();
                    map.forEach((k, v) -> raw.put(quote(k), v));
                    return "{" + String.join(",", raw.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).toList()) + "}";
                });
        Arbitrary<String> type = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of("slack", "discord", "pagerduty", "webhook",
                "whatsapp", "sns", "inapp", "telegram", "SLACK").map(HttpFuzzTest::quote)), Tuple.of(1, jsonValue(1)));
        Arbitrary<String> field = Arbitraries.frequencyOf(
                Tuple.of(3, type.map(v -> "\"type\":" + v)),
                Tuple.of(3, name().map(v -> "\"name\":" + v)),
                Tuple.of(4, Arbitraries.frequencyOf(Tuple.of(4, settings), Tuple.of(1, jsonValue(1))).map(v -> "\"settings\":" + v)),
                Tuple.of(1, Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of("true", "false")), Tuple.of(1, jsonValue(1)))
                        .map(v -> "\"enabled\":" + v)),
                Tuple.of(1, Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of("true", "false")), Tuple.of(1, jsonValue(1)))
                        .map(v -> "\"default\":" + v)),
                Tuple.of(1, Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.longs().between(-1, 20_000).map(String::valueOf)),
                        Tuple.of(1, numberLiterals()), Tuple.of(1, Arbitraries.just("null"))).map(v -> "\"repeatMinutes\":" + v)),
                Tuple.of(1, Combinators.combine(Arbitraries.of("id", "version", "createdAt", "secretHints"), jsonValue(1))
                        .as((name, value) -> quote(name) + ":" + value)));
        Arbitrary<String> complete = Combinators.combine(type, name(), settings, field.list().ofMaxSize(2))
                .as((t, n, s, more) -> "{\"type\":" + t + ",\"name\":" + n + ",\"settings\":" + s
                        + (more.isEmpty() ? "" : "," + String.join(",", more)) + "}");
        return Arbitraries.frequencyOf(Tuple.of(3, complete), Tuple.of(1, field.list().ofMaxSize(5).map(f -> "{" + String.join(",", f) + "}")));
    }

    private static Arbitrary<String> name() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("billing", "nightly backup", "Café ☕", "日本語", " padded ", "e\u0301te\u0301").map(HttpFuzzTest::quote)),
                Tuple.of(2, text().map(HttpFuzzTest::quote)),
                Tuple.of(1, jsonValue(1)));
    }

    private static String object(Map<String, String> fields) {
        List<String> parts = new ArrayList<>();
        fields.forEach((k, v) -> parts.add(quote(k) + ":" + v));
        return "{" + String.join(",", parts) + "}";
    }

    /** {@code text} as a JSON string literal; control characters and surrogates are escaped, so lone ones survive. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    // --- state -----------------------------------------------------------------------------------

    /** Ids the API created, so that generated requests name real resources most of the time. */
    private static final class Known {
        private final List<String[]> applications = new ArrayList<>();
        private final List<String> channels = new ArrayList<>();

        synchronized void created(JsonNode resource) {
            String id = resource.path("id").asText();
            if (id.startsWith("app_")) {
                applications.add(new String[] {id, resource.path("uuid").asText()});
            } else if (id.startsWith("ch_")) {
                channels.add(id);
            }
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
                public Map<String, String> get(String channelId) {
                    call("GetParameter");
                    return real.get(channelId);
                }

                @Override
                public void put(String channelId, Map<String, String> secrets) {
                    call("PutParameter");
                    real.put(channelId, secrets);
                }

                @Override
                public void delete(String channelId) {
                    call("DeleteParameter");
                    real.delete(channelId);
                }
            };
        }
    }
}
