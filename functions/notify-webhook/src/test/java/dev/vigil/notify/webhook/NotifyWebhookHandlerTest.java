package dev.vigil.notify.webhook;

import static dev.vigil.fixtures.NotifierFixture.eventFile;
import static dev.vigil.fixtures.NotifierFixture.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.Channel;
import dev.vigil.fixtures.NotifierFixture;
import dev.vigil.notify.HttpDelivery;
import dev.vigil.notify.WebhookSignature;
import dev.vigil.runtime.Json;
import dev.vigil.store.NotificationLog;
import dev.vigil.testkit.CapturingHttpServer;
import dev.vigil.testkit.CapturingHttpServer.Request;
import dev.vigil.testkit.CapturingHttpServer.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The webhook notifier fed the sample bus events, with channels created through the registry, their
 * URL and signing secret in an in-memory secret store, the notification log on DynamoDB Local, and real
 * local HTTP servers as the receivers. Signatures are checked with an HMAC computed here, independently
 * of {@link WebhookSignature}.
 */
class NotifyWebhookHandlerTest {
    static final String SIGNING_SECRET = "whsec_s1gn1ng-S3cr3t-0123456789";
    static final String OTHER_SECRET = "whsec_0th3r-S3cr3t-abcdefghijk";
    static final String SECRET_PATH = "/hooks/T0k3n-1n-Th3-PaTh-9f8e7d6c";
    static final String APP_ID = "app_k3v9x2m7q4pa";

    @RegisterExtension
    final NotifierFixture fx = NotifierFixture.of("NotifyWebhookFunction", NotifyWebhookHandler::new);
    final CapturingHttpServer receiver = fx.server();
    /** Every secret value a test configured, none of which may reach a delivery record. */
    final List<String> configuredSecrets = new ArrayList<>();

    @Test
    void alertIsPostedAsTheEventDetailWithASignatureThatVerifiesIndependently() throws Exception {
        Channel channel = webhookChannel("Ops receiver", receiver.url(SECRET_PATH), SIGNING_SECRET);
        long before = Instant.now().getEpochSecond();

        JsonNode output = fx.invoke(eventFile("application-down.json"));

        long after = Instant.now().getEpochSecond();
        assertEquals(1, output.path("sent").asInt(), output.toString());
        List<Request> requests = receiver.requests();
        assertEquals(1, requests.size());
        Request request = requests.get(0);
        assertEquals("POST", request.method());
        assertEquals(SECRET_PATH, request.path());
        assertEquals("application/json", request.header("content-type"));
        assertEquals(APP_ID + "-1", request.header("X-Vigil-Event-Id"));

        long timestamp = Long.parseLong(request.header("X-Vigil-Timestamp"));
        assertTrue(timestamp >= before - 2 && timestamp <= after + 2,
                "timestamp " + timestamp + " is not the wall clock (" + before + ".." + after + ")");
        String signature = request.header("X-Vigil-Signature");
        assertTrue(signature.matches("v1=[0-9a-f]{64}"), signature);
        assertEquals(expectedSignature(SIGNING_SECRET, request.header("X-Vigil-Timestamp"), request.body()), signature);

        JsonNode body = Json.parse(request.body());
        JsonNode detail = sample("application-down.json").get("detail");
        detail.fieldNames().forEachRemaining(field -> assertEquals(detail.get(field), body.get(field), field));
        assertEquals("down", body.path("status").textValue());
        assertEquals("ApplicationDown", body.path("type").textValue());

        NotificationLog.Notification record = fx.single();
        assertEquals(channel.id(), record.channel());
        assertEquals("webhook", record.channelType());
        assertEquals("sent", record.status());
        assertEquals(Optional.of(200), record.httpStatus());
    }

    @Test
    void aCheckAlertIsPostedWithTheChecksFactsAndSignedTheSameWay() throws Exception {
        webhookChannel("Ops receiver", receiver.url(SECRET_PATH), SIGNING_SECRET);

        JsonNode output = fx.invoke(eventFile("check-unhealthy.json"));

        assertEquals(1, output.path("sent").asInt(), output.toString());
        Request request = receiver.requests().get(0);
        assertEquals("chk_m4r8t2w6y3za-run42", request.header("X-Vigil-Event-Id"));
        assertEquals(expectedSignature(SIGNING_SECRET, request.header("X-Vigil-Timestamp"), request.body()),
                request.header("X-Vigil-Signature"));
        JsonNode body = Json.parse(request.body());
        assertEquals(sample("check-unhealthy.json").get("detail"), body, "the detail exactly as on the bus");
        JsonNode check = body.path("check");
        assertEquals("http", check.path("type").textValue());
        assertEquals("unhealthy", check.path("status").textValue());
        assertEquals("healthy", check.path("previousStatus").textValue());
        assertEquals(812, check.path("latencyMs").asLong());
        assertEquals("latencyMs < 500", check.path("threshold").textValue());
        assertEquals(200, check.path("details").path("status").asInt());
        assertEquals("CheckStatusChanged", fx.single().type());
    }

    @Test
    void tamperedBodyOrWrongSecretOrStaleTimestampFailsVerification() throws Exception {
        webhookChannel("Ops receiver", receiver.url(SECRET_PATH), SIGNING_SECRET);

        fx.invoke(eventFile("application-down.json"));

        Request request = receiver.requests().get(0);
        String timestamp = request.header("X-Vigil-Timestamp");
        String signature = request.header("X-Vigil-Signature");
        String tampered = request.body().replace("\"status\":\"down\"", "\"status\":\"up\"");
        assertNotEquals(request.body(), tampered);
        assertNotEquals(expectedSignature(SIGNING_SECRET, timestamp, tampered), signature);
        assertNotEquals(expectedSignature(SIGNING_SECRET, Long.toString(Long.parseLong(timestamp) + 1), request.body()),
                signature, "the timestamp is part of what is signed");
        assertNotEquals(expectedSignature(OTHER_SECRET, timestamp, request.body()), signature);

        // The recipe WebhookSignature.verify implements for Java receivers agrees.
        Instant now = Instant.ofEpochSecond(Long.parseLong(timestamp));
        assertTrue(WebhookSignature.verify(SIGNING_SECRET, timestamp, request.body(), signature, now));
        assertFalse(WebhookSignature.verify(SIGNING_SECRET, timestamp, tampered, signature, now));
        assertFalse(WebhookSignature.verify(OTHER_SECRET, timestamp, request.body(), signature, now));
        assertTrue(WebhookSignature.verify(SIGNING_SECRET, timestamp, request.body(), signature, now.plusSeconds(299)));
        assertFalse(WebhookSignature.verify(SIGNING_SECRET, timestamp, request.body(), signature, now.plusSeconds(301)),
                "a replay more than five minutes later is refused");
        assertFalse(WebhookSignature.verify(SIGNING_SECRET, timestamp, request.body(), signature.toUpperCase(), now));
        assertFalse(WebhookSignature.verify(SIGNING_SECRET, "yesterday", request.body(), signature, now));
    }

    @Test
    void signatureCoversTheExactUtf8BytesSent() throws Exception {
        webhookChannel("Ops receiver", receiver.url(SECRET_PATH), SIGNING_SECRET);
        ObjectNode event = sample("application-down.json");
        ((ObjectNode) event.get("detail")).put("name", "sauvegarde-nocturne \u00e9t\u00e9 \u2615 \uD83D\uDD25");

        fx.invoke(event);

        Request request = receiver.requests().get(0);
        assertEquals("sauvegarde-nocturne \u00e9t\u00e9 \u2615 \uD83D\uDD25", Json.parse(request.body()).path("name").textValue());
        assertEquals(Integer.toString(request.body().getBytes(StandardCharsets.UTF_8).length), request.header("content-length"));
        assertEquals(expectedSignature(SIGNING_SECRET, request.header("X-Vigil-Timestamp"), request.body()),
                request.header("X-Vigil-Signature"));
    }

    @Test
    void oneFailingWebhookDoesNotStopAnotherAndIsRetried() throws Exception {
        CapturingHttpServer broken = fx.server();
        broken.respondWith(Response.of(500, "Internal error while handling POST " + SECRET_PATH));
        Channel bad = webhookChannel("Broken receiver", broken.url(SECRET_PATH), OTHER_SECRET);
        Channel good = webhookChannel("Ops receiver", receiver.url("/vigil"), SIGNING_SECRET);

        JsonNode answer = fx.invoke(eventFile("application-down.json"));

        assertEquals(1, fx.retriesScheduled().size(), "the failed delivery is scheduled again: " + answer);
        assertEquals(1, broken.requests().size());
        assertEquals(1, receiver.requests().size());
        Request delivered = receiver.requests().get(0);
        assertEquals(expectedSignature(SIGNING_SECRET, delivered.header("X-Vigil-Timestamp"), delivered.body()),
                delivered.header("X-Vigil-Signature"));
        Map<String, NotificationLog.Notification> byChannel = byChannel();
        assertEquals("sent", byChannel.get(good.id()).status());
        assertEquals(Optional.of(200), byChannel.get(good.id()).httpStatus());
        NotificationLog.Notification failed = byChannel.get(bad.id());
        assertEquals("failed", failed.status());
        assertEquals(Optional.of(500), failed.httpStatus());
        assertTrue(failed.error().orElse("").startsWith("127.0.0.1 answered 500"), failed.error().toString());
        assertNoSecretInErrors();

        fx.clock().advance(Duration.ofSeconds(30));
        JsonNode retry = fx.invoke(eventFile("application-down.json"));

        assertEquals(1, retry.path("sent").asInt(), "the broken receiver recovered: " + retry);
        assertEquals(1, retry.path("alreadyHandled").asInt(), "the good receiver is not sent the alert again");
        assertEquals(2, broken.requests().size());
        assertEquals(1, receiver.requests().size());
        assertEquals(broken.requests().get(0).header("X-Vigil-Event-Id"), broken.requests().get(1).header("X-Vigil-Event-Id"),
                "the event id is stable across attempts, so receivers can deduplicate");
    }

    @Test
    void redirectIsNotFollowed() throws Exception {
        receiver.respondWith(new Response(302, "", Map.of("Location", receiver.url("/elsewhere").toString()), 0));
        webhookChannel("Moved receiver", receiver.url(SECRET_PATH), SIGNING_SECRET);

        JsonNode output = fx.invoke(eventFile("application-down.json"));

        assertEquals(1, output.path("failed").asInt(), "a redirect is a permanent failure, not retried: " + output);
        assertEquals(1, receiver.requests().size(), "the alert must not follow the redirect");
        assertEquals(SECRET_PATH, receiver.requests().get(0).path());
        NotificationLog.Notification record = fx.single();
        assertEquals("failed", record.status());
        assertEquals(Optional.of(302), record.httpStatus());
        assertTrue(record.error().orElse("").contains("redirect not followed"), record.error().toString());
        assertNoSecretInErrors();
    }

    @Test
    void slowReceiverTimesOutAndIsRetried() throws Exception {
        receiver.respondWith(new Response(200, "", Map.of(), 7000));
        webhookChannel("Slow receiver", receiver.url(SECRET_PATH), SIGNING_SECRET);

        long began = System.nanoTime();
        fx.invoke(eventFile("application-down.json"));
        long tookMillis = Duration.ofNanos(System.nanoTime() - began).toMillis();

        // The 7 s answer is cut short by the 5 s deadline (had it arrived, the record would say sent).
        assertTrue(tookMillis >= HttpDelivery.DEFAULT_DEADLINE.toMillis() - 100, "took " + tookMillis + " ms");
        NotificationLog.Notification record = fx.single();
        assertEquals("failed", record.status());
        assertEquals(Optional.empty(), record.httpStatus());
        assertTrue(record.error().orElse("").startsWith("timed out after 5 s calling 127.0.0.1"), record.error().toString());
        assertNoSecretInErrors();
    }

    @Test
    void receiverRejectingTheSignatureIsRecordedWithoutTheUrlOrSecret() throws Exception {
        // A receiver that quotes everything back: URL, path, query and the secret itself.
        URI url = receiver.url(SECRET_PATH + "?key=Qu3ryS3cr3t-123");
        receiver.respondWith(Response.of(401, "bad signature for " + url + " (path " + SECRET_PATH
                + ", query key=Qu3ryS3cr3t-123, secret " + SIGNING_SECRET + ")"));
        webhookChannel("Strict receiver", url, SIGNING_SECRET);

        JsonNode output = fx.invoke(eventFile("application-down.json"));

        assertEquals(1, output.path("failed").asInt(), output.toString());
        String error = fx.single().error().orElseThrow();
        assertTrue(error.startsWith("127.0.0.1 answered 401: bad signature for [redacted]"), error);
        assertFalse(error.contains("Qu3ryS3cr3t"), error);
        assertNoSecretInErrors();
    }

    @Test
    void deployedAWebhookOnAPrivateAddressIsRefusedAtSendTimeAndNotRetried() throws Exception {
        fx.wire(Map.of(), Map.of("OUTBOUND_ALLOW_PRIVATE", "false"));
        webhookChannel("Internal receiver", URI.create("https://10.20.30.40/hooks/vigil"), SIGNING_SECRET);

        JsonNode output = fx.invoke(eventFile("application-down.json"));

        assertEquals(1, output.path("failed").asInt(), "refused, and not retried: " + output);
        NotificationLog.Notification record = fx.single();
        assertEquals("failed", record.status());
        assertEquals("refused to call 10.20.30.40: the URL points to an address that is private (10.0.0.0/8);"
                + " only public addresses may be called", record.error().orElseThrow());
        assertEquals(Optional.empty(), record.httpStatus());
    }

    @Test
    void deployedAPlainHttpReceiverOnLoopbackIsNeverCalled() throws Exception {
        fx.wire(Map.of(), Map.of("OUTBOUND_ALLOW_PRIVATE", "false"));
        webhookChannel("Loopback receiver", receiver.url(SECRET_PATH), SIGNING_SECRET);

        fx.invoke(eventFile("application-down.json"));

        assertEquals(List.of(), receiver.requests());
        assertEquals("refused to call 127.0.0.1: the URL must use https", fx.single().error().orElseThrow());
    }

    @Test
    void aLargeErrorAnswerIsNeitherRecordedNorLoggedBeyondAShortExcerpt() throws Exception {
        String page = "<html><title>500 Internal Server Error</title>" + "<p>trace line</p>".repeat(50)
                + "DATABASE_PASSWORD=hunter2 " + "padding ".repeat(20_000) + "</html>";
        receiver.respondWith(Response.of(500, page));
        webhookChannel("Ops receiver", receiver.url(SECRET_PATH), SIGNING_SECRET);

        fx.invoke(eventFile("application-down.json"));

        String error = fx.single().error().orElseThrow();
        assertTrue(error.startsWith("127.0.0.1 answered 500: <html><title>500 Internal Server Error</title>"), error);
        assertTrue(error.length() <= "127.0.0.1 answered 500: ".length() + HttpDelivery.MAX_EXCERPT, error);
        assertFalse(error.contains("hunter2"), error);
        assertFalse(fx.logs().contains("hunter2"), "the logs hold only the excerpt");
        assertFalse(fx.logs().contains("padding padding"), "the logs hold only the excerpt");
    }

    // --- helpers -------------------------------------------------------------------------------

    /** HMAC-SHA256 over {@code timestamp + "." + body} with the JDK directly, as a receiver would. */
    static String expectedSignature(String secret, String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        return "v1=" + HexFormat.of().formatHex(digest);
    }

    Channel webhookChannel(String name, URI url, String signingSecret) {
        ObjectNode body = Json.object().put("type", "webhook").put("name", name).put("default", true);
        body.putObject("settings").put("url", url.toString()).put("signingSecret", signingSecret);
        Channel channel = fx.channel(body);
        assertTrue(channel.settings().isEmpty(), "URL and signing secret are kept as secrets: " + channel.settings());
        configuredSecrets.add(url.toString());
        configuredSecrets.add(url.getPath());
        configuredSecrets.add(signingSecret);
        return channel;
    }

    /** No configured secret, nor the token in the secret path, may show in a record or a log line. */
    void assertNoSecretInErrors() {
        List<String> secrets = new ArrayList<>(configuredSecrets);
        secrets.add("T0k3n");
        fx.assertSecretsNeverShown(secrets.toArray(String[]::new));
    }

    Map<String, NotificationLog.Notification> byChannel() {
        Map<String, NotificationLog.Notification> map = new HashMap<>();
        fx.records().forEach(r -> map.put(r.channel(), r));
        return map;
    }

    @Test
    void aChannelTestIsPostedSignedAsUsualWithEventTypeTest() throws Exception {
        Channel channel = webhookChannel("Ops receiver", receiver.url(SECRET_PATH), SIGNING_SECRET);
        dev.vigil.domain.AlertEvent test = dev.vigil.domain.Alerts.channelTest(channel, fx.clock().instant());
        ObjectNode envelope = Json.object().put("source", "vigil").put("detail-type", "ChannelTest");
        envelope.set("detail", dev.vigil.bus.AlertEventCodec.toDetail(test));

        JsonNode output = fx.invoke(envelope);

        assertEquals(1, output.path("sent").asInt(), output.toString());
        Request request = receiver.requests().get(0);
        assertEquals("test", request.header("X-Vigil-Event-Type"));
        assertEquals(test.eventId(), request.header("X-Vigil-Event-Id"));
        assertEquals(expectedSignature(SIGNING_SECRET, request.header("X-Vigil-Timestamp"), request.body()),
                request.header("X-Vigil-Signature"));
        JsonNode body = Json.parse(request.body());
        assertEquals("ChannelTest", body.path("type").textValue());
        assertEquals("Test alert from Vigil: channel Ops receiver works", body.path("note").textValue());
        assertEquals(channel.id(), body.path("applicationId").textValue());
        NotificationLog.Notification record = fx.single();
        assertEquals(channel.id(), record.channel());
        assertEquals("ChannelTest", record.type());
        assertEquals("sent", record.status());
    }

    @Test
    void anAlertSaysItIsOneInItsEventTypeHeader() throws Exception {
        webhookChannel("Ops receiver", receiver.url(SECRET_PATH), SIGNING_SECRET);

        fx.invoke(eventFile("application-down.json"));

        assertEquals("alert", receiver.requests().get(0).header("X-Vigil-Event-Type"));
    }
}
