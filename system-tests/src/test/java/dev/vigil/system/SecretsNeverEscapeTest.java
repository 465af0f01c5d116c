package dev.vigil.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.admin.AdminApiHandler;
import dev.vigil.admin.AdminKey;
import dev.vigil.bus.AlertEventCodec;
import dev.vigil.detector.MissedBeatScan;
import dev.vigil.domain.AlertEvent;
import dev.vigil.fixtures.Fixture;
import dev.vigil.fixtures.InMemoryCheckSecrets;
import dev.vigil.fixtures.InMemorySecretStore;
import dev.vigil.notify.pagerduty.NotifyPagerDutyHandler;
import dev.vigil.notify.slack.NotifySlackHandler;
import dev.vigil.notify.webhook.NotifyWebhookHandler;
import dev.vigil.notify.whatsapp.NotifyWhatsAppHandler;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.Log;
import dev.vigil.testkit.CapturingHttpServer;
import dev.vigil.testkit.CapturingHttpServer.Response;
import dev.vigil.wiring.Platform;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * R6: a whole scenario — channels with secrets created and read back, an application routed to them,
 * an outage whose deliveries fail against receivers that echo every secret in their error answers,
 * retries, bad requests and wrong keys — with every log line and every API answer captured. None of
 * the secrets or the admin key appears in any of them.
 */
class SecretsNeverEscapeTest {
    private static final String ADMIN_KEY = "r6-admin-key-5b1f0c9e7d3a";
    private static final String SLACK_TOKEN = "T0R6SECRET/B0R6SECRET/slackTokenR6xq81Kd";
    private static final String SIGNING_SECRET = "r6-signing-secret-9f8e7d6c5b4a";
    private static final String ROUTING_KEY = "r6routingkey0123456789abcdefABCD";
    private static final String ACCESS_TOKEN = "EAAR6accessTokenZZ9y8x7w6v5u4t3s2r1q";
    private static final List<String> SECRETS = List.of(ADMIN_KEY, SLACK_TOKEN, SIGNING_SECRET, ROUTING_KEY, ACCESS_TOKEN);

    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final List<String> answers = new ArrayList<>();

    @AfterEach
    void restoreLogs() {
        Log.redirect(System.out);
    }

    @Test
    void noSecretOrKeyAppearsInAnyLogLineOrApiAnswer() throws Exception {
        Log.redirect(new PrintStream(logs, true, StandardCharsets.UTF_8));
        Fixture f = new Fixture();
        InMemorySecretStore secrets = new InMemorySecretStore();
        try (CapturingHttpServer receiver = new CapturingHttpServer()) {
            String echo = "upstream failed for " + String.join(" ", SECRETS) + " at " + receiver.url("/services/" + SLACK_TOKEN);
            for (int i = 0; i < 40; i++) {
                receiver.respondWith(Response.of(i % 2 == 0 ? 500 : 401, echo));
            }
            RequestStreamHandler admin = new AdminApiHandler(platform(f, "AdminApiFunction"), secrets, new InMemoryCheckSecrets(),
                    new AdminKey(ADMIN_KEY));

            List<String> channels = new ArrayList<>();
            channels.add(call(admin, "POST", "/api/channels", Map.of(), "{\"type\":\"slack\",\"name\":\"ops\",\"default\":true,"
                    + "\"settings\":{\"webhookUrl\":\"" + receiver.url("/services/" + SLACK_TOKEN) + "\"}}", 201).path("id").asText());
            channels.add(call(admin, "POST", "/api/channels", Map.of(), "{\"type\":\"webhook\",\"name\":\"hook\",\"default\":true,"
                    + "\"settings\":{\"url\":\"" + receiver.url("/hook?token=" + ACCESS_TOKEN) + "\",\"signingSecret\":\""
                    + SIGNING_SECRET + "\"}}", 201).path("id").asText());
            channels.add(call(admin, "POST", "/api/channels", Map.of(), "{\"type\":\"pagerduty\",\"name\":\"pd\",\"default\":true,"
                    + "\"settings\":{\"routingKey\":\"" + ROUTING_KEY + "\",\"eventsUrl\":\"" + receiver.url("/v2/enqueue")
                    + "\"}}", 201).path("id").asText());
            channels.add(call(admin, "POST", "/api/channels", Map.of(), "{\"type\":\"whatsapp\",\"name\":\"wa\",\"default\":true,"
                    + "\"settings\":{\"phoneNumberId\":\"1055\",\"accessToken\":\"" + ACCESS_TOKEN + "\",\"to\":\"+15550001111\","
                    + "\"apiBaseUrl\":\"" + receiver.url("") + "\"}}", 201).path("id").asText());
            // Bad requests that quote secrets back: an invalid setting next to a secret, a malformed body.
            call(admin, "POST", "/api/channels", Map.of(), "{\"type\":\"webhook\",\"name\":\"bad\",\"settings\":{\"url\":\"ftp://"
                    + SLACK_TOKEN + "\",\"signingSecret\":\"" + SIGNING_SECRET + "\"}}", 400);
            call(admin, "POST", "/api/channels", Map.of(), "{\"type\":\"slack\",\"settings\":{\"webhookUrl\":\"" + SLACK_TOKEN, 400);
            call(admin, "GET", "/api/channels", Map.of("authorization", "Bearer " + ADMIN_KEY + "x"), null, 401);
            call(admin, "GET", "/api/channels", Map.of("authorization", ROUTING_KEY), null, 401);

            JsonNode app = call(admin, "POST", "/api/applications", Map.of(), "{\"name\":\"nightly\",\"intervalSeconds\":60,"
                    + "\"graceSeconds\":0}", 201);
            for (String id : channels) {
                call(admin, "GET", "/api/channels/" + id, Map.of(), null, 200);
            }
            call(admin, "GET", "/api/channels", Map.of(), null, 200);

            List<RequestStreamHandler> notifiers = List.of(
                    new NotifySlackHandler(platform(f, "NotifySlackFunction"), secrets),
                    new NotifyWebhookHandler(platform(f, "NotifyWebhookFunction"), secrets),
                    new NotifyPagerDutyHandler(platform(f, "NotifyPagerDutyFunction"), secrets),
                    new NotifyWhatsAppHandler(platform(f, "NotifyWhatsAppFunction"), secrets));
            f.clock.advance(Duration.ofSeconds(61));
            new MissedBeatScan(f.applications(), f.ledger(), f.clock).runPass();
            for (int attempt = 0; attempt < 3; attempt++) {
                for (AlertEvent event : List.copyOf(f.bus.published)) {
                    for (RequestStreamHandler notifier : notifiers) {
                        deliver(notifier, event);
                    }
                }
                f.clock.advance(Duration.ofMinutes(5));
            }
            call(admin, "GET", "/api/notifications", Map.of(), null, 200);
            call(admin, "GET", "/api/notifications?status=failed", Map.of(), null, 200);
            call(admin, "GET", "/api/applications/" + app.path("id").asText(), Map.of(), null, 200);

            assertTrue(receiver.requests().size() >= channels.size(), "the channels were called: " + receiver.requests().size());
            assertFalse(f.tables().notifications().list(50, java.util.Optional.of("failed"), java.util.Optional.empty())
                    .items().isEmpty(), "deliveries failed");
        }
        String everything = logs.toString(StandardCharsets.UTF_8) + "\n" + String.join("\n", answers);
        assertTrue(everything.contains("Alert delivery failed"), "the logs were captured");
        for (String secret : SECRETS) {
            assertFalse(everything.contains(secret), () -> "a secret escaped: " + excerpt(everything, secret));
            // Not even the long part of it.
            String part = secret.substring(0, secret.length() / 2 + 4);
            assertFalse(everything.contains(part), () -> "part of a secret escaped: " + excerpt(everything, part));
        }
    }

    private static String excerpt(String text, String secret) {
        int at = text.indexOf(secret);
        return text.substring(Math.max(0, at - 300), Math.min(text.length(), at + secret.length() + 100));
    }

    /** A function's platform; the receivers are on this machine, so channels may call loopback over plain http. */
    private static Platform platform(Fixture f, String functionId) {
        Map<String, String> env = new HashMap<>(Fixture.variables(functionId, Map.of()));
        env.put("OUTBOUND_ALLOW_PRIVATE", "true");
        return Platform.builder(Env.of(env)).clock(f.clock).dynamo(f.db.client()).bus(f.bus).build();
    }

    private void deliver(RequestStreamHandler notifier, AlertEvent event) throws IOException {
        ObjectNode envelope = Json.object().put("source", AlertEventCodec.SOURCE).put("detail-type", event.type().wire());
        envelope.set("detail", AlertEventCodec.toDetail(event));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            notifier.handleRequest(new ByteArrayInputStream(Json.write(envelope).getBytes(StandardCharsets.UTF_8)), out, null);
        } catch (RuntimeException e) {
            answers.add(String.valueOf(e));
        }
        answers.add(out.toString(StandardCharsets.UTF_8));
    }

    /** One admin API request as API Gateway sends it; checks the status and keeps the whole answer. */
    private JsonNode call(RequestStreamHandler admin, String method, String pathAndQuery, Map<String, String> headers,
                          String body, int expected) throws IOException {
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        String query = pathAndQuery.contains("?") ? pathAndQuery.substring(pathAndQuery.indexOf('?') + 1) : "";
        String[] parts = path.split("/");
        String route = parts.length == 4 ? "/" + parts[1] + "/" + parts[2] + "/{id}" : path;
        ObjectNode event = Json.object().put("version", "2.0").put("routeKey", method + " " + route).put("rawPath", path)
                .put("rawQueryString", query);
        ObjectNode requestHeaders = event.putObject("headers").put("authorization", "Bearer " + ADMIN_KEY);
        headers.forEach(requestHeaders::put);
        if (parts.length == 4) {
            event.putObject("pathParameters").put("id", parts[3]);
        }
        if (!query.isEmpty()) {
            ObjectNode params = event.putObject("queryStringParameters");
            for (String pair : query.split("&")) {
                params.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        event.putObject("requestContext").put("requestId", "r6").putObject("http").put("method", method).put("path", path)
                .put("sourceIp", "198.51.100.7");
        if (body != null) {
            requestHeaders.put("content-type", "application/json");
            event.put("body", body);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        admin.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)), out, null);
        String answer = out.toString(StandardCharsets.UTF_8);
        answers.add(answer);
        JsonNode response = Json.parse(answer);
        assertEquals(expected, response.path("statusCode").asInt(), method + " " + pathAndQuery + ": " + answer);
        String text = response.path("body").asText();
        return text.isEmpty() ? Json.object() : Json.parse(text);
    }
}
