package dev.vigil.ingest;

import static dev.vigil.ingest.BeatIngestHandlerTest.invoke;
import static dev.vigil.ingest.BeatIngestHandlerTest.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.Application;
import dev.vigil.domain.BeatRules;
import dev.vigil.domain.Ids;
import dev.vigil.domain.Severity;
import dev.vigil.domain.Status;
import dev.vigil.ingest.BeatIngestHandlerTest.Response;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Json;
import dev.vigil.store.ApplicationStore;
import dev.vigil.store.BeatKeyStore;
import dev.vigil.testkit.CountingDynamo;
import dev.vigil.testkit.DynamoLocal;
import dev.vigil.testkit.SamTemplate;
import dev.vigil.testkit.TestClock;
import dev.vigil.wiring.Platform;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Slug URLs ({@code /heartbeat/{pingKey}/{slug}}, {@code ?create=1}), bulk beats ({@code POST /heartbeats})
 * and coalescing, through the function with the template's environment on DynamoDB Local.
 */
class SlugAndBulkBeatsTest {
    /** The ping key and slug in events/heartbeat-slug-create.json. */
    static final String PING_KEY = "Vq3xT0bqS9mB2kq7dZ1fYw";
    static final String SLUG = "nightly-backup";
    static final String TENANT = "tn_acmeacmeacme";
    static final Instant NOW = Instant.parse("2026-11-24T12:00:03.250Z");

    final DynamoLocal db = DynamoLocal.shared();
    final TestClock clock = new TestClock(NOW);
    final List<String> metricLines = new ArrayList<>();
    Map<String, String> env;
    BeatKeyStore keys;

    @BeforeEach
    void emptyTables() {
        db.reset();
        SamTemplate template = SamTemplate.load();
        env = new HashMap<>(template.environment(template.function("BeatIngestFunction").orElseThrow(), Map.of()));
        keys = new BeatKeyStore(db.client(), env.get("BEAT_KEYS_TABLE"));
        keys.rotatePingKey(TENANT, PING_KEY);
    }

    @Test
    void aSlugBeatRecordsTheBeatOfTheApplicationWithThatSlugInThePingKeysTenant() throws IOException {
        Platform platform = platform(db.client());
        Application app = slugged(platform, TENANT, SLUG);

        Response response = invoke(new BeatIngestHandler(platform), withoutCreate(sample("heartbeat-slug-create.json")));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("up", response.json().path("status").asText());
        Application stored = platform.tables().applications().findByUuid(app.uuid()).orElseThrow();
        assertEquals(Optional.of(NOW), stored.lastHeartbeat());
        assertEquals(Status.UP, stored.status());
    }

    @Test
    void aSlugBeatIsTwoReadsAndTheBeatsOneWrite() throws IOException {
        CountingDynamo counting = new CountingDynamo(db.client());
        Platform platform = platform(counting.client());
        slugged(platform, TENANT, SLUG);
        int before = counting.calls().size();

        invoke(new BeatIngestHandler(platform), withoutCreate(sample("heartbeat-slug-create.json")));

        assertEquals(List.of("getItem", "getItem", "updateItem"), counting.calls().subList(before, counting.calls().size()));
    }

    @Test
    void theSameSlugInAnotherTenantIsNotBeaten() throws IOException {
        Platform platform = platform(db.client());
        Application other = slugged(platform, "tn_globexglobex", SLUG);

        Response response = invoke(new BeatIngestHandler(platform), withoutCreate(sample("heartbeat-slug-create.json")));

        assertEquals(404, response.statusCode());
        assertTrue(response.json().path("error").asText().contains("?create=1"), response.body());
        assertEquals(Optional.empty(), platform.tables().applications().findByUuid(other.uuid()).orElseThrow().lastHeartbeat());
        assertEquals(0, count("APPLICATIONS_TABLE") - 1, "nothing created without ?create=1");
    }

    @Test
    void anUnknownOrRotatedPingKeyGets404AndCreatesNothing() throws IOException {
        Platform platform = platform(db.client());
        keys.rotatePingKey(TENANT, "AAAAAAAAAAAAAAAAAAAAAA");

        Response response = invoke(new BeatIngestHandler(platform), sample("heartbeat-slug-create.json"));

        assertEquals(404, response.statusCode());
        assertEquals("no tenant has this ping key", response.json().path("error").asText());
        assertEquals(0, count("APPLICATIONS_TABLE"));
    }

    @Test
    void createOnAnUnknownSlugProvisionsAnApplicationWithTheDefaultsAndRecordsTheBeat() throws IOException {
        Platform platform = platform(db.client());
        BeatIngestHandler handler = new BeatIngestHandler(platform);

        Response first = invoke(handler, sample("heartbeat-slug-create.json"));
        clock.advance(Duration.ofMinutes(1));
        Response second = invoke(handler, sample("heartbeat-slug-create.json"));

        assertEquals(200, first.statusCode(), first.body());
        assertEquals(200, second.statusCode(), second.body());
        assertEquals(1, count("APPLICATIONS_TABLE"), "the second beat finds the one the first created");
        String uuid = keys.uuidOfSlug(TENANT, SLUG).orElseThrow();
        Application created = platform.tables().applications().findByUuid(uuid).orElseThrow();
        assertEquals(TENANT, created.tenantId());
        assertEquals(SLUG, created.name());
        assertEquals(Optional.of(SLUG), created.rules().slug());
        assertEquals(86400, created.intervalSeconds());
        assertEquals(3600, created.graceSeconds());
        assertEquals(List.of(), created.channels(), "the tenant's default channels");
        assertEquals(Status.UP, created.status());
        assertEquals(Optional.of(NOW.plusSeconds(60)), created.lastHeartbeat());
        assertEquals(1, keys.autoCreated(TENANT));
        assertEquals(1, metricLines.stream().filter(line -> line.contains("ApplicationsAutoCreated")).count(), metricLines.toString());
    }

    @Test
    void createPastTheTenantsLimitGets403AndCreatesNothing() throws IOException {
        env.put("AUTO_CREATE_LIMIT", "2");
        Platform platform = platform(db.client());
        BeatIngestHandler handler = new BeatIngestHandler(platform);
        for (String slug : List.of("job-a", "job-b")) {
            assertEquals(200, invoke(handler, withSlug(sample("heartbeat-slug-create.json"), slug)).statusCode());
        }

        Response refused = invoke(handler, withSlug(sample("heartbeat-slug-create.json"), "job-c"));

        assertEquals(403, refused.statusCode(), refused.body());
        assertTrue(refused.json().path("error").asText().contains("AUTO_CREATE_LIMIT"), refused.body());
        assertEquals(2, count("APPLICATIONS_TABLE"));
        assertEquals(Optional.empty(), keys.uuidOfSlug(TENANT, "job-c"));
        assertEquals(200, invoke(handler, withSlug(sample("heartbeat-slug-create.json"), "job-a")).statusCode(),
                "existing slugs still beat at the limit");
    }

    @Test
    void aMalformedSlugOrSignalGets404WithoutAnyDynamoDbCall() throws IOException {
        CountingDynamo counting = new CountingDynamo(db.client());
        BeatIngestHandler handler = new BeatIngestHandler(platform(counting.client()));
        for (String rest : new String[] {"Nightly-Backup", "a b", "x".repeat(101), "slug/too/deep", "slug/999", ""}) {
            int before = counting.calls().size();
            Response response = invoke(handler, withSlug(sample("heartbeat-slug-create.json"), rest));
            assertEquals(404, response.statusCode(), rest);
            assertEquals(before, counting.calls().size(), "'" + rest + "' reached DynamoDB");
        }
    }

    @Test
    void bulkRecordsEachKnownUuidAndListsTheUnknownAndTheInvalid() throws IOException {
        Platform platform = platform(db.client());
        Application known = slugged(platform, TENANT, "bulk-known");
        ObjectNode event = sample("heartbeats-bulk.json");
        event.put("body", Json.write(Json.object().set("uuids", Json.MAPPER.valueToTree(List.of(known.uuid().toUpperCase(),
                "9b2e4d61-7c3a-4f58-b0e9-1d6a8c5f2e47", "not-a-uuid", known.uuid())))));

        Response response = invoke(new BeatIngestHandler(platform), event);

        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = response.json();
        assertEquals(List.of(known.uuid()), texts(body.path("recorded")), "listed once, canonical");
        assertEquals(List.of("9b2e4d61-7c3a-4f58-b0e9-1d6a8c5f2e47"), texts(body.path("unknown")));
        assertEquals(List.of("not-a-uuid"), texts(body.path("invalid")));
        Application stored = platform.tables().applications().findByUuid(known.uuid()).orElseThrow();
        assertEquals(Optional.of(NOW), stored.lastHeartbeat());
        assertEquals("1", item(known.uuid()).get("beats").n(), "a UUID given twice is one beat");
    }

    @Test
    void theSampleBulkRequestAndABareArrayAreBothAccepted() throws IOException {
        Platform platform = platform(db.client());
        Application a = slugged(platform, TENANT, "a");
        Application b = slugged(platform, TENANT, "b");
        BeatIngestHandler handler = new BeatIngestHandler(platform);

        Response sampleResponse = invoke(handler, sample("heartbeats-bulk.json"));
        ObjectNode bare = sample("heartbeats-bulk.json");
        bare.put("body", Json.write(Json.MAPPER.valueToTree(List.of(a.uuid(), b.uuid()))));
        Response bareResponse = invoke(handler, bare);

        assertEquals(200, sampleResponse.statusCode());
        assertEquals(List.of("3f1c2a9e-8d4b-4e1f-9a6c-2b7d5e8f0a13", "9b2e4d61-7c3a-4f58-b0e9-1d6a8c5f2e47"),
                texts(sampleResponse.json().path("unknown")));
        assertEquals(List.of("not-a-uuid"), texts(sampleResponse.json().path("invalid")));
        assertEquals(200, bareResponse.statusCode(), bareResponse.body());
        assertEquals(List.of(a.uuid(), b.uuid()), texts(bareResponse.json().path("recorded")));
    }

    @Test
    void bulkOverTheMaximumOrMalformedGets400AndRecordsNothing() throws IOException {
        CountingDynamo counting = new CountingDynamo(db.client());
        Platform platform = platform(counting.client());
        Application app = slugged(platform, TENANT, "one");
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < BulkBeats.MAX_UUIDS + 1; i++) {
            tooMany.add(i == 0 ? app.uuid() : UUID.randomUUID().toString());
        }
        BeatIngestHandler handler = new BeatIngestHandler(platform);
        int before = counting.calls().size();
        for (String body : new String[] {Json.write(Json.MAPPER.valueToTree(tooMany)), "{\"uuids\": \"" + app.uuid() + "\"}",
                "not json", "", "[]", "{\"uuids\": [], \"more\": 1}", "{\"ids\": [\"" + app.uuid() + "\"]}", "42"}) {
            ObjectNode event = sample("heartbeats-bulk.json");
            event.put("body", body);

            Response response = invoke(handler, event);

            assertEquals(400, response.statusCode(), body.length() > 60 ? body.substring(0, 60) : body);
            assertTrue(response.json().path("error").isTextual());
        }
        assertEquals(before, counting.calls().size(), "nothing reached DynamoDB");
        assertEquals(Optional.empty(), platform.tables().applications().findByUuid(app.uuid()).orElseThrow().lastHeartbeat());
    }

    @Test
    void beatsAboveTheRateAreAnswered200ButCoalesced() throws IOException {
        Platform platform = platform(db.client());
        Application app = slugged(platform, TENANT, SLUG);
        BeatIngestHandler handler = new BeatIngestHandler(platform);
        List<Boolean> coalesced = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Response response = invoke(handler, withoutCreate(sample("heartbeat-slug-create.json")));
            assertEquals(200, response.statusCode());
            coalesced.add(response.json().path("coalesced").asBoolean(false));
            clock.advance(Duration.ofSeconds(5));
        }

        assertEquals(List.of(false, false, false, false, false, true), coalesced);
        Map<String, AttributeValue> item = item(app.uuid());
        assertEquals("5", item.get("beats").n());
        assertEquals("1", item.get("coalesced").n());
        assertTrue(metricLines.get(5).contains("BeatsCoalesced"), metricLines.get(5));
    }

    @Test
    void theSlugBeatsRouteIsInTheTemplateForEveryMethod() {
        SamTemplate template = SamTemplate.load();
        JsonNode events = template.resource("BeatIngestFunction").path("Properties").path("Events");
        List<String> routes = new ArrayList<>();
        events.forEach(e -> routes.add(e.path("Properties").path("Method").asText() + " " + e.path("Properties").path("Path").asText()));
        assertTrue(routes.containsAll(List.of("POST /heartbeat/{uuid}/{signal+}", "GET /heartbeat/{uuid}/{signal+}",
                "HEAD /heartbeat/{uuid}/{signal+}", "POST /heartbeats")), routes.toString());
        assertFalse(routes.contains("GET /heartbeats"));
    }

    // --- helpers -------------------------------------------------------------------------------

    Platform platform(DynamoDbClient dynamo) {
        return Platform.builder(Env.of(env)).clock(clock).dynamo(dynamo).metricLines(metricLines::add).build();
    }

    Application slugged(Platform platform, String tenant, String slug) {
        Application app = Application.registered(Ids.APPLICATION.next(), UUID.randomUUID().toString(), slug, 300, 60, true,
                List.of(), Severity.CRITICAL, Optional.empty(), NOW.minusSeconds(3600)).inTenant(tenant)
                .withRules(BeatRules.DEFAULT.withSlug(Optional.of(slug)));
        ApplicationStore apps = platform.tables().applications();
        assertEquals(ApplicationStore.GuardedWrite.WRITTEN,
                apps.createWith(app, List.of(keys.claimSlug(tenant, slug, app.uuid(), app.id()))));
        return app;
    }

    static ObjectNode withoutCreate(ObjectNode event) {
        event.remove("queryStringParameters");
        event.put("rawQueryString", "");
        return event;
    }

    static ObjectNode withSlug(ObjectNode event, String rest) {
        ((ObjectNode) event.get("pathParameters")).put("signal", rest);
        return event;
    }

    Map<String, AttributeValue> item(String uuid) {
        return db.client().getItem(g -> g.tableName("ApplicationsTable").consistentRead(true)
                .key(Map.of("uuid", AttributeValue.fromS(uuid)))).item();
    }

    int count(String tableVariable) {
        return db.client().scan(s -> s.tableName(env.get(tableVariable)).select(Select.COUNT)).count();
    }

    static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
