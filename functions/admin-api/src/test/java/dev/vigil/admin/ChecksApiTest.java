package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.checks.CheckStatus;
import dev.vigil.checks.store.CheckSecrets;
import dev.vigil.fixtures.InMemoryCheckSecrets;
import dev.vigil.runtime.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code /api/checks}: checks are created, listed, changed and deleted in the caller's tenant, their
 * secret settings are write-only, a bad check is refused naming the problem, and their results are
 * served newest first.
 */
class ChecksApiTest {
    static final String TOKEN = "Bearer sk_live_51Hq3kEXAMPLEabcd";
    static final String STRIPE = "{\"type\":\"http\",\"name\":\"Stripe balance\",\"tier\":\"integration\",\"settings\":"
            + "{\"url\":\"https://api.stripe.com/v1/balance\",\"headers\":{\"Accept\":\"application/json\"},"
            + "\"secretHeaders\":{\"Authorization\":\"" + TOKEN + "\"}},"
            + "\"conditions\":[\"status == 200\",\"warn:latencyMs<800\"],\"failureThreshold\":3,\"recoveryThreshold\":2}";

    private final FlakyCheckSecrets secrets = new FlakyCheckSecrets();
    private final AdminApiHarness api = new AdminApiHarness(Map.of(), null, secrets);

    @Test
    void aCreatedCheckShowsItsSettingsAndWhichSecretsAreSetButNeverTheirValues() throws IOException {
        AdminApiHarness.Answer created = api.call("POST", "/api/checks", STRIPE, Map.of());

        assertEquals(201, created.status(), created.toString());
        JsonNode check = created.json();
        String id = check.path("id").asText();
        assertTrue(id.matches("chk_[a-z0-9]{12}"), id);
        assertEquals("/api/checks/" + id, created.headers().get("location"));
        assertEquals("\"1\"", created.etag());
        assertEquals(Json.MAPPER.readTree("""
                {"type":"http","name":"Stripe balance","tier":"integration",
                 "settings":{"url":"https://api.stripe.com/v1/balance","headers":{"Accept":"application/json"}},
                 "secretSettings":[{"name":"secretHeaders/Authorization","hint":"****abcd"}],
                 "conditions":["status == 200","warn: latencyMs < 800"],"timeoutMs":10000,"enabled":true,
                 "failureThreshold":3,"recoveryThreshold":2,"tags":[],"status":"new","latestResult":null,"lastRunAt":null,"version":1}"""),
                without(check, "id", "createdAt", "updatedAt"), "conditions in their canonical text, the tier's default timeout");
        assertEquals(Map.of("secretHeaders/Authorization", TOKEN), secrets.get(id), "the secret itself is in the secret store");
        for (String shown : List.of(Json.write(check), Json.write(api.send("GET", "/api/checks/" + id, null, 200)),
                Json.write(api.send("GET", "/api/checks", null, 200)),
                api.db.client().scan(s -> s.tableName("ChecksTable")).items().toString())) {
            assertFalse(shown.contains("EXAMPLE"), "no secret in answers or in the checks table: " + shown);
        }
    }

    @Test
    void theSampleEventCreatesACriticalHttpCheck() throws IOException {
        AdminApiHarness.Answer created = api.invoke(AdminApiHandlerTest.sample("admin-create-check.json"));

        assertEquals(201, created.status(), created.toString());
        assertEquals("critical", created.json().path("tier").asText());
        assertEquals(5000, created.json().path("timeoutMs").asInt());
        assertEquals("[\"status == 200\",\"body.$.status == \\\"UP\\\"\",\"warn: latencyMs < 500\"]",
                created.json().path("conditions").toString());
        assertEquals("****WXYZ", created.json().path("secretSettings").get(0).path("hint").asText());
    }

    @Test
    void theDatabaseTypesAreValidatedWithoutTheirDrivers() throws IOException {
        JsonNode check = api.send("POST", "/api/checks", "{\"type\":\"postgres\",\"name\":\"orders db\",\"tier\":\"critical\","
                + "\"timeoutMs\":4000,\"settings\":{\"host\":\"db.example.com\",\"database\":\"orders\",\"user\":\"monitor\","
                + "\"password\":\"pg-pass-1234\"},\"conditions\":[\"latencyMs < 200\"]}", 201);

        assertEquals(4000, check.path("timeoutMs").asInt());
        assertEquals("password", check.path("secretSettings").get(0).path("name").asText());
        assertEquals(Map.of("password", "pg-pass-1234"), secrets.get(check.path("id").asText()));
        String error = api.send("POST", "/api/checks", "{\"type\":\"redis\",\"name\":\"cache\",\"settings\":{\"host\":\"c.example.com\"},"
                + "\"conditions\":[\"usedMemoryBytes < \\\"lots\\\"\"]}", 400).path("error").asText();
        assertTrue(error.startsWith("condition \"usedMemoryBytes < \"lots\"\""), error);
    }

    @Test
    void aReadOnlyKeySeesWhichSecretsAreSetButNotTheirHintsAndCannotWrite() throws IOException {
        String tenant = api.tenant("acme");
        String admin = api.key(tenant, "admin");
        String readOnly = api.key(tenant, "read-only");
        String id = api.callAs(admin, "POST", "/api/checks", STRIPE).json().path("id").asText();
        api.recordRun(id, CheckStatus.HEALTHY, 140);

        AdminApiHarness.Answer read = api.callAs(readOnly, "GET", "/api/checks/" + id, null);
        assertEquals(200, read.status(), read.toString());
        assertEquals(Json.MAPPER.readTree("[{\"name\":\"secretHeaders/Authorization\"}]"), read.json().path("secretSettings"));
        for (String path : List.of("/api/checks", "/api/checks/" + id, "/api/checks/" + id + "/results")) {
            AdminApiHarness.Answer answer = api.callAs(readOnly, "GET", path, null);
            assertEquals(200, answer.status(), answer.toString());
            assertFalse(Json.write(answer.json()).contains("abcd"), path + " shows a secret's hint: " + answer);
        }
        int before = api.count("ChecksTable");
        assertEquals(403, api.callAs(readOnly, "POST", "/api/checks", STRIPE).status());
        assertEquals(403, api.callAs(readOnly, "PUT", "/api/checks/" + id, "{\"enabled\":false}").status());
        assertEquals(403, api.callAs(readOnly, "DELETE", "/api/checks/" + id, null).status());
        assertEquals(before, api.count("ChecksTable"));
        assertTrue(api.callAs(admin, "GET", "/api/checks/" + id, null).json().path("enabled").asBoolean(), "nothing changed");
    }

    @Test
    void anUpdateMergesSettingsKeepsSecretsLeftOutAndRemovesThoseSentAsNull() throws IOException {
        String id = api.send("POST", "/api/checks", STRIPE, 201).path("id").asText();

        JsonNode moved = api.send("PUT", "/api/checks/" + id, "{\"name\":\"Stripe\",\"settings\":{\"url\":\"https://api.stripe.com/v2/balance\"},"
                + "\"conditions\":[\"latencyMs < 500\"],\"tier\":\"critical\",\"timeoutMs\":3000,\"enabled\":false}", 200);
        assertEquals("https://api.stripe.com/v2/balance", moved.path("settings").path("url").asText());
        assertEquals("application/json", moved.path("settings").path("headers").path("Accept").asText(), "a setting left out is kept");
        assertEquals("[\"latencyMs < 500\"]", moved.path("conditions").toString());
        assertEquals("critical", moved.path("tier").asText());
        assertEquals(3000, moved.path("timeoutMs").asInt());
        assertFalse(moved.path("enabled").asBoolean());
        assertEquals(2, moved.path("version").asInt());
        assertEquals(Map.of("secretHeaders/Authorization", TOKEN), secrets.get(id), "a secret left out is kept");
        assertEquals("****abcd", moved.path("secretSettings").get(0).path("hint").asText());

        JsonNode replaced = api.send("PUT", "/api/checks/" + id, "{\"settings\":{\"secretHeaders\":{\"X-Api-Key\":\"key-0000wxyz\"}}}", 200);
        assertEquals(Map.of("secretHeaders/X-Api-Key", "key-0000wxyz"), secrets.get(id), "a secret sent replaces the stored one whole");
        assertEquals("[{\"name\":\"secretHeaders/X-Api-Key\",\"hint\":\"****wxyz\"}]", replaced.path("secretSettings").toString());

        JsonNode cleared = api.send("PUT", "/api/checks/" + id, "{\"settings\":{\"secretHeaders\":null,\"headers\":null}}", 200);
        assertEquals(Map.of(), secrets.get(id), "a secret sent as null is removed");
        assertEquals("[]", cleared.path("secretSettings").toString());
        assertEquals("{\"url\":\"https://api.stripe.com/v2/balance\"}", cleared.path("settings").toString());
        assertEquals(4, cleared.path("version").asInt());
    }

    @Test
    void writesCarryTheVersionAndAStaleIfMatchGets412AndChangesNothing() throws IOException {
        String path = "/api/checks/" + api.send("POST", "/api/checks", STRIPE, 201).path("id").asText();
        assertEquals("\"2\"", api.call("PUT", path, "{\"name\":\"first admin\"}", Map.of("if-match", "\"1\"")).etag());

        AdminApiHarness.Answer late = api.call("PUT", path, "{\"name\":\"second admin\"}", Map.of("if-match", "\"1\""));
        assertEquals(412, late.status(), late.toString());
        assertEquals("\"2\"", late.etag());
        assertTrue(late.error().startsWith("check chk_"), late.error());
        AdminApiHarness.Answer staleDelete = api.call("DELETE", path, null, Map.of("if-match", "\"1\""));
        assertEquals(412, staleDelete.status(), staleDelete.toString());

        AdminApiHarness.Answer now = api.call("GET", path, null, Map.of());
        assertEquals("first admin", now.json().path("name").asText());
        assertEquals("\"2\"", now.etag());
        assertEquals(204, api.call("DELETE", path, null, Map.of("if-match", "\"2\"")).status());
    }

    @Test
    void aDeletedCheckIsGoneWithItsSecrets() throws IOException {
        String id = api.send("POST", "/api/checks", STRIPE, 201).path("id").asText();

        api.send("DELETE", "/api/checks/" + id, null, 204);

        api.send("GET", "/api/checks/" + id, null, 404);
        api.send("GET", "/api/checks/" + id + "/results", null, 404);
        api.send("DELETE", "/api/checks/" + id, null, 404);
        assertEquals(Map.of(), secrets.get(id));
        assertEquals(0, api.count("ChecksTable"));
    }

    static Stream<Arguments> invalidChecks() {
        String url = "\"settings\":{\"url\":\"https://a.example.com/\"}";
        return Stream.of(
                Arguments.of("{\"name\":\"x\"}", "type is required: one of http, tcp, dns, tls, statuspage, mcp, dynamodb-freshness,"
                        + " heartbeats, postgres, redis"),
                Arguments.of("{\"type\":\"gopher\",\"name\":\"x\"}", "type must be one of http, tcp"),
                Arguments.of("{\"type\":\"http\"," + url + "}", "name is required"),
                Arguments.of("{\"type\":\"http\",\"name\":\"x\"}", "settings.url is required"),
                Arguments.of("{\"type\":\"http\",\"name\":\"x\",\"settings\":{\"url\":\"https://a.example.com/\",\"verb\":\"GET\"}}",
                        "http checks have no setting 'verb'; they take body, headers, method, secretHeaders, url"),
                Arguments.of("{\"type\":\"http\",\"name\":\"x\"," + url + ",\"conditions\":[\"latencyMs <\"]}", "condition \"latencyMs <\": "),
                Arguments.of("{\"type\":\"http\",\"name\":\"x\"," + url + ",\"conditions\":[\"certificateDays > 14\"]}",
                        "condition \"certificateDays > 14\": http checks measure no 'certificateDays'"),
                Arguments.of("{\"type\":\"http\",\"name\":\"x\"," + url + ",\"conditions\":[\"status == \\\"200\\\"\"]}",
                        "condition \"status == \"200\"\": status is a number; compare it with a number, not \"200\""),
                Arguments.of("{\"type\":\"http\",\"name\":\"x\"," + url + ",\"conditions\":\"latencyMs < 5\"}", "conditions must be a list"),
                Arguments.of("{\"type\":\"http\",\"name\":\"x\"," + url + ",\"tier\":\"urgent\"}",
                        "tier must be one of critical, core, integration, external"),
                Arguments.of("{\"type\":\"http\",\"name\":\"x\"," + url + ",\"timeoutMs\":0}", "timeoutMs must be a whole number from 1 to 30000"),
                Arguments.of("{\"type\":\"http\",\"name\":\"x\"," + url + ",\"tier\":\"critical\",\"timeoutMs\":20000}",
                        "timeout of a critical check must be more than 0 and at most 10 s"),
                Arguments.of("{\"type\":\"http\",\"name\":\"x\"," + url + ",\"failureThreshold\":0}",
                        "failureThreshold must be a whole number from 1 to 20"),
                Arguments.of("{\"type\":\"http\",\"name\":\"x\"," + url + ",\"enabled\":\"yes\"}", "enabled must be true or false"),
                Arguments.of("{\"type\":\"http\",\"name\":\"x\"," + url + ",\"interval\":60}", "unknown field 'interval'"),
                Arguments.of("{\"type\":\"http\",\"name\":\"pay\u202Ements\"," + url + "}", "name must not contain invisible formatting"),
                Arguments.of("{\"type\":\"tcp\",\"name\":\"x\",\"settings\":{\"host\":\"db.example.com\",\"port\":70000}}", "settings.port"),
                Arguments.of("[]", "body must be a JSON object"));
    }

    @ParameterizedTest
    @MethodSource("invalidChecks")
    void anInvalidCheckGets400NamingTheProblemAndNothingIsStored(String body, String problem) throws IOException {
        String error = api.send("POST", "/api/checks", body, 400).path("error").asText();

        assertTrue(error.contains(problem), error);
        assertEquals(0, api.count("ChecksTable"));
        assertEquals(0, secrets.count());
    }

    @Test
    void anInvalidChangeGets400AndTheCheckStaysAsItWas() throws IOException {
        String path = "/api/checks/" + api.send("POST", "/api/checks", STRIPE, 201).path("id").asText();

        assertEquals("type cannot be changed; create a new check instead",
                api.send("PUT", path, "{\"type\":\"tcp\"}", 400).path("error").asText());
        assertTrue(api.send("PUT", path, "{\"conditions\":[\"indicator == \\\"none\\\"\"]}", 400).path("error").asText()
                .contains("http checks measure no 'indicator'"));
        assertTrue(api.send("PUT", path, "{\"settings\":{\"method\":\"TRACE\"}}", 400).path("error").asText()
                .contains("settings.method must be one of GET"));
        assertTrue(api.send("PUT", path, "{\"tier\":\"critical\",\"timeoutMs\":25000}", 400).path("error").asText()
                .contains("timeout of a critical check"));
        assertTrue(api.send("PUT", path, "{\"settings\":{\"nope\":null}}", 400).path("error").asText()
                .contains("http checks have no setting 'nope'"));

        AdminApiHarness.Answer now = api.call("GET", path, null, Map.of());
        assertEquals("\"1\"", now.etag());
        assertEquals("Stripe balance", now.json().path("name").asText());
    }

    @Test
    void resultsAreListedNewestFirstAPageAtATimeAndTheCheckShowsItsLatestAndConfirmedStatus() throws IOException {
        String id = api.send("POST", "/api/checks", "{\"type\":\"http\",\"name\":\"api\",\"settings\":{\"url\":\"https://a.example.com/\"},"
                + "\"failureThreshold\":2}", 201).path("id").asText();
        String other = api.send("POST", "/api/checks", STRIPE, 201).path("id").asText();
        api.recordRun(id, CheckStatus.HEALTHY, 100);
        api.recordRun(id, CheckStatus.UNHEALTHY, 200);
        api.recordRun(id, CheckStatus.UNHEALTHY, 300);
        api.recordRun(id, CheckStatus.HEALTHY, 400);
        api.recordRun(other, CheckStatus.HEALTHY, 5);

        List<Long> latencies = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            JsonNode page = api.send("GET", "/api/checks/" + id + "/results?limit=3" + (token == null ? "" : "&nextToken=" + token), null, 200);
            page.path("results").forEach(r -> latencies.add(r.path("latencyMs").asLong()));
            token = page.hasNonNull("nextToken") ? page.path("nextToken").asText() : null;
            pages++;
        } while (token != null);
        assertEquals(List.of(400L, 300L, 200L, 100L), latencies, "newest first, this check's only");
        assertEquals(2, pages);

        JsonNode newest = api.send("GET", "/api/checks/" + id + "/results?limit=1", null, 200);
        assertEquals(Json.MAPPER.readTree("""
                {"status":"healthy","latencyMs":400,"details":{"status":200,"latencyMs":400},"failed":[],
                 "reason":"all 3 conditions hold"}"""), without(newest.path("results").get(0), "at"));
        JsonNode failing = api.send("GET", "/api/checks/" + id + "/results?limit=2", null, 200).path("results").get(1);
        assertEquals("[{\"condition\":\"status in [200..299]\",\"level\":\"critical\",\"actual\":\"was 503\"}]",
                failing.path("failed").toString());
        assertEquals("status in [200..299] failed: was 503", failing.path("reason").asText());

        JsonNode check = api.send("GET", "/api/checks/" + id, null, 200);
        assertEquals("healthy", check.path("status").asText(), "confirmed: two failures went unhealthy, one success recovered");
        assertEquals(400, check.path("latestResult").path("latencyMs").asInt());
        assertEquals(check.path("latestResult").path("at").asText(), check.path("lastRunAt").asText());

        String firstToken = api.send("GET", "/api/checks/" + id + "/results?limit=1", null, 200).path("nextToken").asText();
        assertTrue(api.send("GET", "/api/checks/" + other + "/results?nextToken=" + firstToken, null, 400).path("error").asText()
                .contains("nextToken"), "a token of another check's results");
        api.send("GET", "/api/checks/" + id + "/results?limit=0", null, 400);
        api.send("GET", "/api/checks/" + id + "/results?nextToken=garbage", null, 400);
    }

    @Test
    void checksAreListedAPageAtATime() throws IOException {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(api.send("POST", "/api/checks", "{\"type\":\"dns\",\"name\":\"dns " + i + "\",\"settings\":{\"host\":\"example.com\"}}",
                    201).path("id").asText());
        }
        List<String> listed = new ArrayList<>();
        String token = null;
        do {
            JsonNode page = api.send("GET", "/api/checks?limit=2" + (token == null ? "" : "&nextToken=" + token), null, 200);
            assertTrue(page.path("checks").size() <= 2);
            page.path("checks").forEach(c -> listed.add(c.path("id").asText()));
            token = page.hasNonNull("nextToken") ? page.path("nextToken").asText() : null;
        } while (token != null);
        assertEquals(created.stream().sorted().toList(), listed, "every check once, by id");
    }

    @Test
    void aCheckWhoseSecretsCannotBeStoredIsNotCreated() throws IOException {
        secrets.failing = true;

        AdminApiHarness.Answer answer = api.call("POST", "/api/checks", STRIPE, Map.of());

        assertEquals(503, answer.status(), answer.toString());
        assertEquals("5", answer.headers().get("retry-after"));
        assertEquals(0, api.count("ChecksTable"));
    }

    @Test
    void aChangeWhoseSecretsCannotBeStoredAnswers503WithItsETagAndTheSameRequestAgainStoresThem() throws IOException {
        String path = "/api/checks/" + api.send("POST", "/api/checks", STRIPE, 201).path("id").asText();
        String id = path.substring(path.lastIndexOf('/') + 1);
        String change = "{\"settings\":{\"secretHeaders\":{\"Authorization\":\"Bearer rotated-key-9876\"}}}";
        secrets.failing = true;

        AdminApiHarness.Answer failed = api.call("PUT", path, change, Map.of());

        assertEquals(503, failed.status(), failed.toString());
        assertEquals("\"2\"", failed.etag(), "the item was written");
        assertEquals(Map.of("secretHeaders/Authorization", TOKEN), secrets.get(id), "the secret is unchanged");
        secrets.failing = false;
        AdminApiHarness.Answer retried = api.call("PUT", path, change, Map.of());
        assertEquals(200, retried.status(), "the hold was released: " + retried);
        assertEquals(Map.of("secretHeaders/Authorization", "Bearer rotated-key-9876"), secrets.get(id));
        assertEquals("****9876", retried.json().path("secretSettings").get(0).path("hint").asText());
    }

    @Test
    void aTenantWithChecksIsNotDeleted() throws IOException {
        String tenant = api.tenant("acme");
        String key = api.key(tenant, "admin");
        String id = api.callAs(key, "POST", "/api/checks", STRIPE).json().path("id").asText();

        assertEquals(409, api.call("DELETE", "/api/tenants/" + tenant, null, Map.of()).status());
        assertEquals(204, api.callAs(key, "DELETE", "/api/checks/" + id, null).status());
        assertEquals(204, api.call("DELETE", "/api/tenants/" + tenant, null, Map.of()).status());
    }

    private static JsonNode without(JsonNode node, String... fields) {
        var copy = node.deepCopy();
        for (String field : fields) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove(field);
        }
        return copy;
    }

    /** Check secrets in memory, whose writes fail while {@link #failing} is set, as SSM's might. */
    static final class FlakyCheckSecrets implements CheckSecrets {
        private final InMemoryCheckSecrets stored = new InMemoryCheckSecrets();
        private final List<String> ids = new ArrayList<>();
        volatile boolean failing;

        @Override
        public Map<String, String> get(String checkId) {
            return stored.get(checkId);
        }

        @Override
        public void put(String checkId, Map<String, String> secrets) {
            if (failing) {
                throw new IllegalStateException("the secret store is unavailable");
            }
            ids.add(checkId);
            stored.put(checkId, secrets);
        }

        @Override
        public void delete(String checkId) {
            if (failing) {
                throw new IllegalStateException("the secret store is unavailable");
            }
            stored.delete(checkId);
        }

        /** How many checks have secrets stored. */
        long count() {
            return ids.stream().distinct().filter(id -> !stored.get(id).isEmpty()).count();
        }
    }
}
