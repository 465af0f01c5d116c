package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.runtime.Json;
import dev.vigil.testkit.CapturingHttpServer;
import dev.vigil.testkit.SamTemplate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Alert channels through the local runner, as a user would set them up: two signed-webhook channels,
 * one receiver healthy and one failing for a while. The healthy one gets the alert once, signed; the
 * failing one is retried on the retry schedule until it takes the alert; neither holds up the other.
 */
class LocalRunnerChannelsTest {
    private static final String KEY = "channels-admin-key-0001";
    private static final String SECRET = "a-signing-secret-of-some-length";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aFailingChannelIsRetriedUntilItTakesTheAlertWhileAHealthyOneGetsItOnce() throws Exception {
        try (CapturingHttpServer healthy = new CapturingHttpServer();
             CapturingHttpServer broken = new CapturingHttpServer()) {
            broken.respondWith(CapturingHttpServer.Response.of(500, "upstream down"),
                    CapturingHttpServer.Response.of(500, "upstream down"), CapturingHttpServer.Response.of(200, "ok"));
            // The receivers are on this machine: the runner lets channels call loopback over plain http.
            RunnerConfig config = new RunnerConfig(0, Map.of("CheckIntervalSeconds", "1", "RetryFirstDelaySeconds", "1"), KEY,
                    Optional.empty(), Map.of("OUTBOUND_ALLOW_PRIVATE", "true"));
            try (LocalRunner runner = new LocalRunner(config, SamTemplate.load(), new PrintStream(new ByteArrayOutputStream())).start()) {
                String good = channel(runner, "good receiver", healthy.url("/hooks/vigil"));
                String bad = channel(runner, "broken receiver", broken.url("/hooks/vigil"));
                JsonNode app = call(runner, "POST", "/api/applications", "{\"name\":\"routed-job\",\"intervalSeconds\":2}");
                assertTrue(app.path("id").asText().startsWith("app_"), app.toString());

                waitFor(() -> healthy.requests().size(), n -> n >= 1, Duration.ofSeconds(20));
                waitFor(() -> broken.requests().size(), n -> n >= 3, Duration.ofSeconds(20));
                Thread.sleep(1500);

                assertEquals(1, healthy.requests().size(), "the healthy channel got the alert once");
                CapturingHttpServer.Request delivered = healthy.requests().get(0);
                String timestamp = delivered.header("x-vigil-timestamp");
                assertEquals("v1=" + hmac(SECRET, timestamp + "." + delivered.body()), delivered.header("x-vigil-signature"));
                assertEquals("ApplicationDown", Json.parse(delivered.body()).path("type").asText());
                assertEquals(3, broken.requests().size(), "first attempt and two retries, then it took the alert");

                List<JsonNode> records = notifications(runner);
                JsonNode goodRecord = records.stream().filter(n -> n.path("channel").asText().equals(good)).findFirst().orElseThrow();
                JsonNode badRecord = records.stream().filter(n -> n.path("channel").asText().equals(bad)).findFirst().orElseThrow();
                assertEquals("sent", goodRecord.path("status").asText());
                assertEquals("sent", badRecord.path("status").asText());
                assertEquals(200, badRecord.path("httpStatus").asInt());
                assertEquals(3, badRecord.path("attempts").asInt());
                assertEquals(Json.parse(delivered.body()).path("eventId"), Json.parse(broken.requests().get(2).body()).path("eventId"),
                        "the retry sends the same alert");
            }
        }
    }

    @Test
    void withoutTheAllowSettingALoopbackReceiverIsRefusedWhenTheChannelIsCreated() throws Exception {
        try (CapturingHttpServer receiver = new CapturingHttpServer()) {
            RunnerConfig config = RunnerConfig.fromArgs(new String[] {"--port", "0", "--admin-key", KEY}, Map.of());
            try (LocalRunner runner = new LocalRunner(config, SamTemplate.load(), new PrintStream(new ByteArrayOutputStream())).start()) {
                JsonNode refused = call(runner, "POST", "/api/channels", Json.write(Json.object().put("type", "webhook")
                        .put("name", "loopback").set("settings", Json.object().put("url", receiver.url("/hook").toString())
                                .put("signingSecret", SECRET))));

                assertEquals("settings.url must use https", refused.path("error").asText(), refused.toString());
            }
        }
    }

    @Test
    void theOutboundSettingsAreHandedOnFromTheRunnersEnvironment() {
        RunnerConfig config = RunnerConfig.fromArgs(new String[0],
                Map.of("OUTBOUND_ALLOW_PRIVATE", "true", "OUTBOUND_DEADLINE_SECONDS", "3", "HOME", "/root"));

        assertEquals(Map.of("OUTBOUND_ALLOW_PRIVATE", "true", "OUTBOUND_DEADLINE_SECONDS", "3"), config.variables());
        assertEquals(Map.of(), RunnerConfig.fromArgs(new String[0], Map.of()).variables(), "deployed rules by default");
    }

    private String channel(LocalRunner runner, String name, URI url) throws Exception {
        JsonNode created = call(runner, "POST", "/api/channels", Json.write(Json.object().put("type", "webhook")
                .put("name", name).put("default", true).set("settings",
                        Json.object().put("url", url.toString()).put("signingSecret", SECRET))));
        return created.path("id").asText();
    }

    private List<JsonNode> notifications(LocalRunner runner) throws Exception {
        JsonNode body = call(runner, "GET", "/api/notifications?channel=webhook", null);
        return StreamSupport.stream(body.path("notifications").spliterator(), false).toList();
    }

    private JsonNode call(LocalRunner runner, String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + runner.port() + path))
                .header("Authorization", "Bearer " + KEY)
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body)).build();
        String response = http.send(request, BodyHandlers.ofString()).body();
        return Json.parse(response);
    }

    private static String hmac(String secret, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static <T> void waitFor(Supplier<T> probe, java.util.function.Predicate<T> done, Duration timeout)
            throws InterruptedException {
        Instant until = Instant.now().plus(timeout);
        while (!done.test(probe.get())) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("timed out; last value " + probe.get());
            }
            Thread.sleep(200);
        }
    }
}
