package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.Channel;
import dev.vigil.domain.ChannelType;
import dev.vigil.fixtures.InMemorySecretStore;
import dev.vigil.store.SecretStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Two admins editing the same application or channel: every write carries the version it read, GET
 * gives it as the ETag, and {@code If-Match} with a stale one is refused with 412; nothing is ever
 * overwritten silently.
 */
class ConcurrentEditsTest {
    private static final String SLACK = "{\"type\":\"slack\",\"name\":\"ops\",\"settings\":{\"webhookUrl\":"
            + "\"https://hooks.slack.com/services/T0001/B0001/first-secret-AAAA\"}}";

    private final FailingSecrets secrets = new FailingSecrets();
    private final AdminApiHarness api = new AdminApiHarness(Map.of(), secrets);
    private ExecutorService pool;

    @AfterEach
    void stopThreads() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private String createApplication() throws IOException {
        return api.send("POST", "/api/applications", "{\"name\":\"billing\",\"intervalSeconds\":60}", 201).path("id").asText();
    }

    private String createChannel() throws IOException {
        return api.send("POST", "/api/channels", SLACK, 201).path("id").asText();
    }

    private AdminApiHarness.Answer put(String path, String body, String ifMatch) throws IOException {
        return api.call("PUT", path, body, ifMatch == null ? Map.of() : Map.of("if-match", ifMatch));
    }

    @ParameterizedTest
    @ValueSource(strings = {"applications", "channels"})
    void getGivesTheVersionAsETagAndEveryWriteAddsOne(String kind) throws IOException {
        String path = "/api/" + kind + "/" + (kind.equals("applications") ? createApplication() : createChannel());

        AdminApiHarness.Answer read = api.call("GET", path, null, Map.of());
        assertEquals("\"1\"", read.etag(), read.toString());
        assertEquals(1, read.json().path("version").asLong());

        AdminApiHarness.Answer written = put(path, "{\"name\":\"renamed\"}", "\"1\"");
        assertEquals(200, written.status(), written.toString());
        assertEquals("\"2\"", written.etag());
        assertEquals("\"2\"", api.call("GET", path, null, Map.of()).etag());
    }

    @ParameterizedTest
    @ValueSource(strings = {"applications", "channels"})
    void putWithAStaleIfMatchGets412AndChangesNothing(String kind) throws IOException {
        String path = "/api/" + kind + "/" + (kind.equals("applications") ? createApplication() : createChannel());
        assertEquals(200, put(path, "{\"name\":\"first admin\"}", "\"1\"").status());

        AdminApiHarness.Answer late = put(path, "{\"name\":\"second admin\"}", "\"1\"");

        assertEquals(412, late.status(), late.toString());
        assertTrue(late.error().contains("version 2") && late.error().contains("If-Match"), late.error());
        assertEquals("\"2\"", late.etag(), "the answer names the current version");
        assertEquals("first admin", api.send("GET", path, null, 200).path("name").asText(), "the first admin's change stands");
    }

    @ParameterizedTest
    @ValueSource(strings = {"applications", "channels"})
    void deleteWithAStaleIfMatchGets412AndKeepsIt(String kind) throws IOException {
        String path = "/api/" + kind + "/" + (kind.equals("applications") ? createApplication() : createChannel());
        put(path, "{\"name\":\"changed meanwhile\"}", null);

        AdminApiHarness.Answer delete = api.call("DELETE", path, null, Map.of("if-match", "\"1\""));

        assertEquals(412, delete.status(), delete.toString());
        api.send("GET", path, null, 200);
        assertEquals(204, api.call("DELETE", path, null, Map.of("if-match", "\"2\"")).status());
        api.send("GET", path, null, 404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"3", "W/\"1\"", "\"1", "'1'", ""})
    void ifMatchThatIsNoEntityTagGets400OrNeverMatches(String header) throws IOException {
        String path = "/api/applications/" + createApplication();

        AdminApiHarness.Answer answer = put(path, "{\"name\":\"x\"}", header);

        // A weak tag is well-formed but never matches (If-Match compares strongly); the others are malformed.
        assertEquals(header.startsWith("W/") ? 412 : 400, answer.status(), answer.toString());
        assertEquals("billing", api.send("GET", path, null, 200).path("name").asText());
    }

    @Test
    void ifMatchStarOrAListNamingTheCurrentVersionIsAccepted() throws IOException {
        String path = "/api/applications/" + createApplication();
        assertEquals(200, put(path, "{\"name\":\"a\"}", "*").status());
        assertEquals(200, put(path, "{\"name\":\"b\"}", "\"7\", \"2\"").status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"applications", "channels"})
    void anItemStoredBeforeVersionsExistedIsVersion0(String kind) throws IOException {
        boolean app = kind.equals("applications");
        String id = app ? createApplication() : createChannel();
        String table = app ? "ApplicationsTable" : "ChannelsTable";
        Map<String, AttributeValue> key = app
                ? Map.of("uuid", api.db.client().scan(s -> s.tableName(table)).items().get(0).get("uuid"))
                : Map.of("id", AttributeValue.fromS(id));
        api.db.client().updateItem(u -> u.tableName(table).key(key).updateExpression("REMOVE version"));
        String path = "/api/" + kind + "/" + id;

        assertEquals("\"0\"", api.call("GET", path, null, Map.of()).etag());
        assertEquals(412, put(path, "{\"name\":\"x\"}", "\"1\"").status());
        AdminApiHarness.Answer written = put(path, "{\"name\":\"x\"}", "\"0\"");
        assertEquals(200, written.status(), written.toString());
        assertEquals("\"1\"", written.etag());
    }

    /** Today's read-modify-write let the slower of two admins put back what the faster one changed. */
    @ParameterizedTest
    @ValueSource(strings = {"applications", "channels"})
    void concurrentPutsWithTheSameIfMatchLetExactlyOneWin(String kind) throws Exception {
        String path = "/api/" + kind + "/" + (kind.equals("applications") ? createApplication() : createChannel());
        List<AdminApiHarness.Answer> answers = concurrently(6, i -> put(path, "{\"name\":\"admin " + i + "\"}", "\"1\""));

        long won = answers.stream().filter(a -> a.status() == 200).count();
        long refused = answers.stream().filter(a -> a.status() == 412).count();
        assertEquals(1, won, answers.toString());
        assertEquals(answers.size() - 1, refused, answers.toString());
        String winner = answers.stream().filter(a -> a.status() == 200).findFirst().orElseThrow().json().path("name").asText();
        JsonNode stored = api.send("GET", path, null, 200);
        assertEquals(winner, stored.path("name").asText());
        assertEquals(2, stored.path("version").asLong());
    }

    @Test
    void concurrentChannelPutsWithoutIfMatchEachLandOnceAndSecretsMatchTheirHints() throws Exception {
        String id = createChannel();
        String path = "/api/channels/" + id;
        List<AdminApiHarness.Answer> answers = concurrently(6, i -> put(path,
                "{\"settings\":{\"webhookUrl\":\"https://hooks.slack.com/services/T/B/secret-number-" + i + "-000" + i + "\"}}", null));

        long landed = answers.stream().filter(a -> a.status() == 200).count();
        assertTrue(answers.stream().allMatch(a -> a.status() == 200 || a.status() == 409), answers.toString());
        JsonNode stored = api.send("GET", path, null, 200);
        assertEquals(1 + landed, stored.path("version").asLong(), "every write that answered 200 is one version");
        assertEquals(Channel.hint(secrets.get(ChannelType.SLACK, id).get("webhookUrl")), stored.path("settings").path("webhookUrl").asText(),
                "the stored secret is the one the channel shows");
    }

    @Test
    void aSecretStoreFailureAfterTheItemAnswers503AndTheSameRequestAgainRepairsIt() throws IOException {
        String id = createChannel();
        String path = "/api/channels/" + id;
        String body = "{\"settings\":{\"webhookUrl\":\"https://hooks.slack.com/services/T/B/second-secret-BBBB\"}}";
        secrets.failing.set(true);

        AdminApiHarness.Answer failed = put(path, body, "\"1\"");

        assertEquals(503, failed.status(), failed.toString());
        assertEquals("5", failed.headers().get("retry-after"));
        assertEquals("\"2\"", failed.etag(), "the item was written first");
        assertTrue(failed.error().contains("send the same request again"), failed.error());
        assertTrue(secrets.get(ChannelType.SLACK, id).get("webhookUrl").endsWith("first-secret-AAAA"), "the secret store is unchanged");

        secrets.failing.set(false);
        AdminApiHarness.Answer retried = put(path, body, null);

        assertEquals(200, retried.status(), retried.toString());
        assertTrue(secrets.get(ChannelType.SLACK, id).get("webhookUrl").endsWith("second-secret-BBBB"));
        assertEquals("****BBBB", retried.json().path("settings").path("webhookUrl").asText());
    }

    /** Today's order let a later change's secret be overwritten by an earlier one's, under the later one's hint. */
    @Test
    void whileOneChangeStoresSecretsAnotherWaitsOrGets409AndTheSecretMatchesItsHint() throws Exception {
        String id = createChannel();
        String path = "/api/channels/" + id;
        secrets.holdNextPut();
        pool = Executors.newSingleThreadExecutor();
        Future<AdminApiHarness.Answer> slow = pool.submit(() -> put(path,
                "{\"settings\":{\"webhookUrl\":\"https://hooks.slack.com/services/T/B/slow-admin-SLOW\"}}", null));
        secrets.awaitHeldPut();

        AdminApiHarness.Answer fast = put(path, "{\"settings\":{\"webhookUrl\":\"https://hooks.slack.com/services/T/B/fast-admin-FAST\"}}", null);
        secrets.releaseHeldPut();
        AdminApiHarness.Answer slowAnswer = slow.get();

        assertEquals(409, fast.status(), "the channel is held while the first change stores its secret: " + fast);
        assertEquals(200, slowAnswer.status(), slowAnswer.toString());
        JsonNode stored = api.send("GET", path, null, 200);
        assertEquals("****SLOW", stored.path("settings").path("webhookUrl").asText());
        assertTrue(secrets.get(ChannelType.SLACK, id).get("webhookUrl").endsWith("SLOW"));
        assertEquals(200, put(path, "{\"settings\":{\"webhookUrl\":\"https://hooks.slack.com/services/T/B/fast-admin-FAST\"}}",
                null).status(), "once stored, the channel takes the next change");
        assertEquals("****FAST", api.send("GET", path, null, 200).path("settings").path("webhookUrl").asText());
    }

    @Test
    void aFailedSecretWriteOnCreateLeavesNoChannel() throws IOException {
        secrets.failing.set(true);

        AdminApiHarness.Answer failed = api.call("POST", "/api/channels", SLACK, Map.of());

        assertEquals(503, failed.status(), failed.toString());
        assertEquals(0, api.count("ChannelsTable"));
    }

    @Test
    void aDeleteWhoseSecretRemovalFailedIsFinishedByTheNextDelete() throws IOException {
        String id = createChannel();
        secrets.failing.set(true);
        assertEquals(503, api.call("DELETE", "/api/channels/" + id, null, Map.of()).status());
        assertEquals(0, api.count("ChannelsTable"), "the item went first");

        secrets.failing.set(false);
        assertEquals(404, api.call("DELETE", "/api/channels/" + id, null, Map.of()).status());
        assertEquals(Map.of(), secrets.get(ChannelType.SLACK, id), "the secrets left behind are gone");
    }

    private interface Call {
        AdminApiHarness.Answer run(int i) throws Exception;
    }

    /** Runs {@code n} calls at once and returns their answers. */
    private List<AdminApiHarness.Answer> concurrently(int n, Call call) throws Exception {
        pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<AdminApiHarness.Answer>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            futures.add(pool.submit(() -> {
                start.await();
                return call.run(index);
            }));
        }
        start.countDown();
        List<AdminApiHarness.Answer> answers = new ArrayList<>();
        for (Future<AdminApiHarness.Answer> f : futures) {
            answers.add(f.get());
        }
        return answers;
    }

    /**
     * The in-memory secret store, which fails every write while {@link #failing} is set, and can hold
     * one write until the test lets it go, as a slow SSM call would.
     */
    private static final class FailingSecrets implements SecretStore {
        final AtomicBoolean failing = new AtomicBoolean();
        private final InMemorySecretStore stored = new InMemorySecretStore();
        private final AtomicBoolean holdNext = new AtomicBoolean();
        private volatile CountDownLatch entered;
        private volatile CountDownLatch leave;

        void holdNextPut() {
            entered = new CountDownLatch(1);
            leave = new CountDownLatch(1);
            holdNext.set(true);
        }

        void awaitHeldPut() throws InterruptedException {
            assertTrue(entered.await(10, java.util.concurrent.TimeUnit.SECONDS), "the first change reached the secret store");
        }

        void releaseHeldPut() {
            leave.countDown();
        }

        @Override
        public Map<String, String> get(ChannelType type, String channelId) {
            return stored.get(type, channelId);
        }

        @Override
        public void put(ChannelType type, String channelId, Map<String, String> secrets) {
            failIfSet();
            if (holdNext.compareAndSet(true, false)) {
                entered.countDown();
                try {
                    leave.await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            stored.put(type, channelId, secrets);
        }

        @Override
        public void delete(ChannelType type, String channelId) {
            failIfSet();
            stored.delete(type, channelId);
        }

        private void failIfSet() {
            if (failing.get()) {
                throw new IllegalStateException("the secret store is unavailable");
            }
        }
    }
}
