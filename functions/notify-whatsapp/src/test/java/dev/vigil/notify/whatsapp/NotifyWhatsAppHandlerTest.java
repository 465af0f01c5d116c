package dev.vigil.notify.whatsapp;

import static dev.vigil.fixtures.NotifierFixture.eventFile;
import static dev.vigil.fixtures.NotifierFixture.fieldNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.Channel;
import dev.vigil.fixtures.NotifierFixture;
import dev.vigil.runtime.Json;
import dev.vigil.store.NotificationLog;
import dev.vigil.testkit.CapturingHttpServer;
import dev.vigil.testkit.CapturingHttpServer.Request;
import dev.vigil.testkit.CapturingHttpServer.Response;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The WhatsApp notifier fed the sample bus events, with a channel created through the registry, its
 * access token in an in-memory secret store, the notification log on DynamoDB Local, and a real local
 * HTTP server standing in for the Graph API.
 */
class NotifyWhatsAppHandlerTest {
    static final String PHONE_NUMBER_ID = "106540352242922";
    static final String ACCESS_TOKEN = "EAAGm0PX4ZCpsBAS3cr3tT0k3nZBZCxyz0123456789";
    static final String TO = "+15551234567";
    static final String ACCEPTED = "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"15551234567\","
            + "\"wa_id\":\"15551234567\"}],\"messages\":[{\"id\":\"wamid.HBgLMTU1NTEyMzQ1NjcVAgARGBI\"}]}";

    @RegisterExtension
    final NotifierFixture fx = NotifierFixture.of("NotifyWhatsAppFunction", NotifyWhatsAppHandler::new);
    final CapturingHttpServer graph = fx.server();

    @Test
    void applicationDownIsSentAsATextMessageToThePhoneNumbersMessagesEndpoint() throws Exception {
        Channel channel = whatsAppChannel(graph.url("").toString());
        graph.respondWith(Response.of(200, ACCEPTED));

        JsonNode output = fx.invoke(eventFile("application-down.json"));

        assertEquals(1, output.path("sent").asInt(), output.toString());
        List<Request> requests = graph.requests();
        assertEquals(1, requests.size());
        Request request = requests.get(0);
        assertEquals("POST", request.method());
        assertEquals("/" + PHONE_NUMBER_ID + "/messages", request.path());
        assertEquals("Bearer " + ACCESS_TOKEN, request.header("Authorization"));
        assertEquals("application/json", request.header("content-type"));
        JsonNode body = Json.parse(request.body());
        assertEquals(Set.of("messaging_product", "recipient_type", "to", "type", "text"), fieldNames(body));
        assertEquals("whatsapp", body.path("messaging_product").textValue());
        assertEquals("individual", body.path("recipient_type").textValue());
        assertEquals("15551234567", body.path("to").textValue());
        assertEquals("text", body.path("type").textValue());
        assertEquals(Set.of("preview_url", "body"), fieldNames(body.path("text")));
        assertTrue(body.path("text").path("preview_url").isBoolean());
        assertFalse(body.path("text").path("preview_url").booleanValue());
        String text = body.path("text").path("body").textValue();
        assertTrue(text.length() <= 4096);
        assertEquals("""
                \uD83D\uDD34 *nightly-backup is DOWN*
                No heartbeat arrived before its deadline.
                Last heartbeat: 2026-11-24 11:52:00 UTC
                Deadline: 2026-11-24 11:58:00 UTC
                Expected every 5 min (grace 1 min)
                Alert id: app_k3v9x2m7q4pa-1""", text);

        NotificationLog.Notification record = fx.single();
        assertEquals(channel.id(), record.channel());
        assertEquals("whatsapp", record.channelType());
        assertEquals("sent", record.status());
        assertEquals(Optional.of(200), record.httpStatus());
        assertEquals(Optional.empty(), record.error());
    }

    @Test
    void applicationUpIsSentThroughAVersionedBaseUrl() throws Exception {
        whatsAppChannel(graph.url("/v21.0/").toString());
        graph.respondWith(Response.of(200, ACCEPTED));

        JsonNode output = fx.invoke(eventFile("application-up.json"));

        assertEquals(1, output.path("sent").asInt(), output.toString());
        Request request = graph.requests().get(0);
        assertEquals("/v21.0/" + PHONE_NUMBER_ID + "/messages", request.path());
        String text = Json.parse(request.body()).path("text").path("body").textValue();
        assertTrue(text.startsWith("\uD83D\uDFE2 *nightly-backup is UP again*\nA heartbeat arrived at 2026-11-24 12:03:41 UTC."),
                text);
        assertEquals("sent", fx.single().status());
    }

    @Test
    void revokedTokenIsRecordedFailedWithoutRetryingOrLeakingTheToken() throws Exception {
        whatsAppChannel(graph.url("").toString());
        graph.respondWith(Response.of(401, "{\"error\":{\"message\":\"Error validating access token " + ACCESS_TOKEN
                + ": Session has expired\",\"type\":\"OAuthException\",\"code\":190}}"));

        JsonNode output = fx.invoke(eventFile("application-down.json"));

        assertEquals(1, output.path("failed").asInt(), output.toString());
        NotificationLog.Notification record = fx.single();
        assertEquals("failed", record.status());
        assertEquals(Optional.of(401), record.httpStatus());
        String error = record.error().orElseThrow();
        assertTrue(error.contains("Session has expired"), error);
        assertNoSecretInErrors();
    }

    @Test
    void rateLimitReportedAsA400IsRetriedButOtherBadRequestsAreNot() throws Exception {
        whatsAppChannel(graph.url("").toString());
        graph.respondWith(Response.of(400, "{\"error\":{\"message\":\"(#130429) Rate limit hit\",\"type\":\"OAuthException\",\"code\":130429}}"));

        fx.invoke(eventFile("application-down.json"));
        assertEquals("failed", fx.single().status());

        graph.respondWith(Response.of(400, "{\"error\":{\"message\":\"(#131009) Parameter value is not valid\",\"code\":131009}}"));
        fx.invoke(eventFile("application-up.json"));
        assertEquals(2, graph.requests().size(), "the invalid request was tried once and not retried");
    }

    @Test
    void serverErrorIsRetried() throws Exception {
        whatsAppChannel(graph.url("").toString());
        graph.respondWith(Response.of(503, "{\"error\":{\"message\":\"Service temporarily unavailable\",\"code\":2}}"));

        fx.invoke(eventFile("application-down.json"));

        assertEquals("failed", fx.single().status());
        assertEquals(Optional.of(503), fx.single().httpStatus());
        assertNoSecretInErrors();
    }

    @Test
    void phoneNumberIdThatWouldChangeTheUrlIsRefusedBeforeSending() throws Exception {
        fx.channel("""
                {"type":"whatsapp","name":"Typo","default":true,
                 "settings":{"phoneNumberId":"../../me/feed?x=","accessToken":"%s","to":"%s","apiBaseUrl":"%s"}}
                """.formatted(ACCESS_TOKEN, TO, graph.url("")));

        JsonNode output = fx.invoke(eventFile("application-down.json"));

        assertEquals(1, output.path("failed").asInt(), output.toString());
        assertTrue(graph.requests().isEmpty());
        assertTrue(fx.single().error().orElse("").contains("invalid phoneNumberId"), fx.single().error().toString());
        assertNoSecretInErrors();
    }

    // --- helpers -------------------------------------------------------------------------------

    Channel whatsAppChannel(String apiBaseUrl) {
        ObjectNode body = Json.object().put("type", "whatsapp").put("name", "On-call phone").put("default", true);
        body.putObject("settings").put("phoneNumberId", PHONE_NUMBER_ID).put("accessToken", ACCESS_TOKEN).put("to", TO)
                .put("apiBaseUrl", apiBaseUrl);
        Channel channel = fx.channel(body);
        assertFalse(channel.settings().containsKey("accessToken"), "the access token is kept as a secret");
        return channel;
    }

    /** Neither the access token nor a telling part of it may show in a record or a log line. */
    void assertNoSecretInErrors() {
        fx.assertSecretsNeverShown(ACCESS_TOKEN, ACCESS_TOKEN.substring(0, 12));
    }
}
