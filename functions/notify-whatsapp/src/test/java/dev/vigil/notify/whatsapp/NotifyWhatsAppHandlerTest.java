package dev.vigil.notify.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.channels.Channel;
import dev.vigil.channels.ChannelRegistry;
import dev.vigil.channels.ChannelRequest;
import dev.vigil.channels.ChannelStore;
import dev.vigil.channels.InMemorySecretStore;
import dev.vigil.channels.SecretStore;
import dev.vigil.config.Env;
import dev.vigil.config.Services;
import dev.vigil.json.Json;
import dev.vigil.notify.AlertDispatcher;
import dev.vigil.store.NotificationLog;
import dev.vigil.store.Stores;
import dev.vigil.testkit.CapturingHttpServer;
import dev.vigil.testkit.CapturingHttpServer.Request;
import dev.vigil.testkit.CapturingHttpServer.Response;
import dev.vigil.testkit.DynamoLocal;
import dev.vigil.testkit.SamTemplate;
import dev.vigil.testkit.TestClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The WhatsApp notifier fed the sample bus events, with a channel created through the registry, its
 * access token in an in-memory secret store, the notification log on DynamoDB Local, and a real local
 * HTTP server standing in for the Graph API.
 */
class NotifyWhatsAppHandlerTest {
    static final Instant NOW = Instant.parse("2026-11-24T11:58:13Z");
    static final String PHONE_NUMBER_ID = "106540352242922";
    static final String ACCESS_TOKEN = "EAAGm0PX4ZCpsBAS3cr3tT0k3nZBZCxyz0123456789";
    static final String TO = "+15551234567";
    static final String ACCEPTED = "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"15551234567\","
            + "\"wa_id\":\"15551234567\"}],\"messages\":[{\"id\":\"wamid.HBgLMTU1NTEyMzQ1NjcVAgARGBI\"}]}";

    final DynamoLocal db = DynamoLocal.shared();
    final TestClock clock = new TestClock(NOW);
    final SecretStore secrets = new InMemorySecretStore();
    final CapturingHttpServer graph = new CapturingHttpServer();
    Services services;
    ChannelRegistry registry;
    NotifyWhatsAppHandler handler;

    @BeforeEach
    void emptyTables() {
        db.reset();
        SamTemplate template = SamTemplate.load();
        Map<String, String> env = new HashMap<>(template.environment(
                template.function("NotifyWhatsAppFunction").orElseThrow(), Map.of()));
        services = Services.builder(Env.of(env)).clock(clock).dynamo(db.client()).port(SecretStore.class, secrets).build();
        registry = new ChannelRegistry(new ChannelStore(db.client(), services.env().require("CHANNELS_TABLE")), secrets, clock);
        handler = new NotifyWhatsAppHandler(services);
    }

    @AfterEach
    void stopServer() {
        graph.close();
    }

    @Test
    void applicationDownIsSentAsATextMessageToThePhoneNumbersMessagesEndpoint() throws Exception {
        Channel channel = whatsAppChannel(graph.url("").toString());
        graph.respondWith(Response.of(200, ACCEPTED));

        JsonNode output = invoke(eventFile("application-down.json"));

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

        NotificationLog.Notification record = single();
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

        JsonNode output = invoke(eventFile("application-up.json"));

        assertEquals(1, output.path("sent").asInt(), output.toString());
        Request request = graph.requests().get(0);
        assertEquals("/v21.0/" + PHONE_NUMBER_ID + "/messages", request.path());
        String text = Json.parse(request.body()).path("text").path("body").textValue();
        assertTrue(text.startsWith("\uD83D\uDFE2 *nightly-backup is UP again*\nA heartbeat arrived at 2026-11-24 12:03:41 UTC."),
                text);
        assertEquals("sent", single().status());
    }

    @Test
    void revokedTokenIsRecordedFailedWithoutRetryingOrLeakingTheToken() throws Exception {
        whatsAppChannel(graph.url("").toString());
        graph.respondWith(Response.of(401, "{\"error\":{\"message\":\"Error validating access token " + ACCESS_TOKEN
                + ": Session has expired\",\"type\":\"OAuthException\",\"code\":190}}"));

        JsonNode output = invoke(eventFile("application-down.json"));

        assertEquals(1, output.path("failed").asInt(), output.toString());
        NotificationLog.Notification record = single();
        assertEquals("failed", record.status());
        assertEquals(Optional.of(401), record.httpStatus());
        String error = record.error().orElseThrow();
        assertTrue(error.contains("Session has expired"), error);
        assertNoSecretInErrors();
    }

    @Test
    void serverErrorIsRetried() throws Exception {
        whatsAppChannel(graph.url("").toString());
        graph.respondWith(Response.of(503, "{\"error\":{\"message\":\"Service temporarily unavailable\",\"code\":2}}"));

        assertThrows(AlertDispatcher.RetryLater.class, () -> invoke(eventFile("application-down.json")));

        assertEquals("failed", single().status());
        assertEquals(Optional.of(503), single().httpStatus());
        assertNoSecretInErrors();
    }

    @Test
    void phoneNumberIdThatWouldChangeTheUrlIsRefusedBeforeSending() throws Exception {
        registry.create(ChannelRequest.forCreate(Json.parse("""
                {"type":"whatsapp","name":"Typo","default":true,
                 "settings":{"phoneNumberId":"../../me/feed?x=","accessToken":"%s","to":"%s","apiBaseUrl":"%s"}}
                """.formatted(ACCESS_TOKEN, TO, graph.url("")))));

        JsonNode output = invoke(eventFile("application-down.json"));

        assertEquals(1, output.path("failed").asInt(), output.toString());
        assertTrue(graph.requests().isEmpty());
        assertTrue(single().error().orElse("").contains("invalid phoneNumberId"), single().error().toString());
        assertNoSecretInErrors();
    }

    // --- helpers -------------------------------------------------------------------------------

    Channel whatsAppChannel(String apiBaseUrl) throws IOException {
        ObjectNode body = Json.object().put("type", "whatsapp").put("name", "On-call phone").put("default", true);
        body.putObject("settings").put("phoneNumberId", PHONE_NUMBER_ID).put("accessToken", ACCESS_TOKEN).put("to", TO)
                .put("apiBaseUrl", apiBaseUrl);
        Channel channel = registry.create(ChannelRequest.forCreate(Json.parse(Json.write(body))));
        assertFalse(channel.settings().containsKey("accessToken"), "the access token is kept as a secret");
        return channel;
    }

    void assertNoSecretInErrors() {
        List<NotificationLog.Notification> records = records();
        assertFalse(records.isEmpty());
        for (NotificationLog.Notification record : records) {
            String error = record.error().orElse("");
            assertFalse(error.contains(ACCESS_TOKEN), "the access token leaked into " + error);
            assertFalse(error.contains(ACCESS_TOKEN.substring(0, 12)), "part of the access token leaked into " + error);
        }
    }

    static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    NotificationLog.Notification single() {
        List<NotificationLog.Notification> records = records();
        assertEquals(1, records.size(), "records: " + records);
        return records.get(0);
    }

    List<NotificationLog.Notification> records() {
        return Stores.notifications(services).list(50, Optional.empty(), Optional.empty()).items();
    }

    static Path eventFile(String name) {
        return SamTemplate.locate().getParent().resolve("events").resolve(name);
    }

    JsonNode invoke(Path eventFile) throws IOException {
        try (InputStream in = Files.newInputStream(eventFile)) {
            return invoke(in);
        }
    }

    JsonNode invoke(InputStream event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(event, out, null);
        return Json.MAPPER.readTree(out.toByteArray());
    }
}
