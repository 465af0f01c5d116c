package dev.vigil.notify.discord;

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
import dev.vigil.log.Log;
import dev.vigil.notify.AlertDispatcher;
import dev.vigil.store.NotificationLog;
import dev.vigil.store.Stores;
import dev.vigil.testkit.CapturingHttpServer;
import dev.vigil.testkit.CapturingHttpServer.Response;
import dev.vigil.testkit.DynamoLocal;
import dev.vigil.testkit.SamTemplate;
import dev.vigil.testkit.TestClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Discord notifier fed the sample bus events from {@code events/}: a channel created through the
 * registry (webhook URL in an in-memory secret store), a real local HTTP server answering as Discord
 * does (204), and the channel and notification tables on DynamoDB Local.
 */
class NotifyDiscordHandlerTest {
    static final Instant NOW = Instant.parse("2026-11-24T11:58:13Z");
    static final String TOKEN = "s3cr3t-T0ken_abcdefghijklmnopqrstuvwxyz";
    static final String HOOK_PATH = "/api/webhooks/123456789012345678/" + TOKEN;

    final DynamoLocal db = DynamoLocal.shared();
    final TestClock clock = new TestClock(NOW);
    final InMemorySecretStore secrets = new InMemorySecretStore();
    final List<CapturingHttpServer> servers = new ArrayList<>();
    final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    Services services;
    ChannelRegistry registry;
    NotifyDiscordHandler handler;

    @BeforeEach
    void emptyTables() {
        db.reset();
        Log.redirect(new PrintStream(logs, true, StandardCharsets.UTF_8));
        wire(Map.of());
    }

    @AfterEach
    void stopServers() {
        Log.redirect(System.out);
        servers.forEach(CapturingHttpServer::close);
    }

    @Test
    void applicationDownPostsEmbedAndRecordsItSent() throws IOException {
        CapturingHttpServer discord = server().respondWith(Response.of(204, ""));
        Channel channel = discordChannel("Alerts", discord, true, true);

        JsonNode output = invoke(eventFile("application-down.json"));

        assertEquals(1, output.path("sent").asInt(), output.toString());
        assertEquals(1, discord.requests().size());
        CapturingHttpServer.Request request = discord.requests().get(0);
        assertEquals("POST", request.method());
        assertEquals(HOOK_PATH, request.path());
        assertEquals("application/json", request.header("content-type"));
        JsonNode body = Json.parse(request.body());

        assertEquals("Vigil", body.path("username").asText());
        assertEquals(Json.MAPPER.readTree("{\"parse\": []}"), body.path("allowed_mentions"));
        assertFalse(body.has("content"), body.toString());
        assertEquals(1, body.path("embeds").size());
        JsonNode embed = body.path("embeds").get(0);
        assertEquals("nightly-backup is DOWN", embed.path("title").asText());
        assertEquals("No heartbeat arrived before its deadline.", embed.path("description").asText());
        assertTrue(embed.path("color").isInt(), embed.toString());
        assertEquals(0xD62828, embed.path("color").asInt());
        assertEquals("2026-11-24T11:58:12.045Z", embed.path("timestamp").asText());
        assertEquals("Vigil · alert app_k3v9x2m7q4pa-1", embed.path("footer").path("text").asText());
        assertFalse(embed.has("url"), "no DASHBOARD_URL, no link: " + embed);

        JsonNode fields = embed.path("fields");
        assertEquals(List.of("Last heartbeat", "Deadline", "Expected every", "Application id"), names(fields));
        assertEquals("<t:" + Instant.parse("2026-11-24T11:52:00.318Z").getEpochSecond() + ":f>",
                fields.get(0).path("value").asText());
        assertEquals("<t:" + Instant.parse("2026-11-24T11:58:00.318Z").getEpochSecond() + ":f>",
                fields.get(1).path("value").asText());
        assertEquals("5 min (grace 1 min)", fields.get(2).path("value").asText());
        assertEquals("`app_k3v9x2m7q4pa`", fields.get(3).path("value").asText());
        fields.forEach(f -> assertTrue(f.path("inline").isBoolean(), f.toString()));

        List<NotificationLog.Notification> records = records();
        assertEquals(1, records.size(), "records: " + records);
        NotificationLog.Notification record = records.get(0);
        assertEquals(channel.id(), record.channel());
        assertEquals("discord", record.channelType());
        assertEquals("sent", record.status());
        assertEquals(Optional.of(204), record.httpStatus());
        assertEquals(1, record.attempts());
    }

    @Test
    void applicationUpIsGreenWithoutDeadlineAndLinksToDashboard() throws IOException {
        wire(Map.of("DashboardUrl", "https://vigil.example.com/"));
        CapturingHttpServer discord = server().respondWith(Response.of(204, ""));
        discordChannel("Alerts", discord, true, true);

        invoke(eventFile("application-up.json"));

        JsonNode embed = Json.parse(discord.requests().get(0).body()).path("embeds").get(0);
        assertEquals("nightly-backup is UP again", embed.path("title").asText());
        assertEquals(0x2A9D8F, embed.path("color").asInt());
        assertEquals("https://vigil.example.com/", embed.path("url").asText());
        assertEquals(List.of("Last heartbeat", "Expected every", "Application id"), names(embed.path("fields")));
    }

    @Test
    void sameEventDeliveredTwicePostsOnce() throws IOException {
        CapturingHttpServer discord = server().respondWith(Response.of(204, ""), Response.of(204, ""));
        discordChannel("Alerts", discord, true, true);

        JsonNode first = invoke(eventFile("application-down.json"));
        clock.advance(Duration.ofSeconds(2));
        JsonNode second = invoke(eventFile("application-down.json"));

        assertEquals(1, first.path("sent").asInt());
        assertEquals(1, second.path("alreadyHandled").asInt());
        assertEquals(1, discord.requests().size(), "a redelivered event must not post twice");
        assertEquals(1, records().size());
    }

    @Test
    void rateLimitIsRetriedByLambdaAndTheRetrySends() throws IOException {
        CapturingHttpServer discord = server().respondWith(
                Response.of(429, "{\"message\": \"You are being rate limited.\", \"retry_after\": 0.5, \"global\": false}"),
                Response.of(204, ""));
        discordChannel("Alerts", discord, true, true);

        assertThrows(AlertDispatcher.RetryLater.class, () -> invoke(eventFile("application-down.json")));

        NotificationLog.Notification failed = records().get(0);
        assertEquals("failed", failed.status());
        assertEquals(Optional.of(429), failed.httpStatus());

        clock.advance(Duration.ofMinutes(1));
        invoke(eventFile("application-down.json"));

        NotificationLog.Notification sent = records().get(0);
        assertEquals("sent", sent.status());
        assertEquals(Optional.of(204), sent.httpStatus());
        assertEquals(2, sent.attempts());
        assertEquals(2, discord.requests().size());
        assertSecretNeverShown();
    }

    @Test
    void deletedWebhookIsRecordedFailedAndNotRetried() throws IOException {
        CapturingHttpServer discord = server().respondWith(Response.of(404, "{\"message\": \"Unknown Webhook\", \"code\": 10015}"));
        discordChannel("Alerts", discord, true, true);

        JsonNode output = invoke(eventFile("application-down.json"));

        assertEquals(1, output.path("failed").asInt(), output.toString());
        NotificationLog.Notification failed = records().get(0);
        assertEquals("failed", failed.status());
        assertEquals(Optional.of(404), failed.httpStatus());
        assertTrue(failed.error().orElse("").contains("Unknown Webhook"), "error: " + failed.error());
        assertSecretNeverShown();
    }

    @Test
    void slowWebhookTimesOutAndIsRetried() throws IOException {
        CapturingHttpServer discord = server().respondWith(new Response(204, "", Map.of(), 7000));
        discordChannel("Alerts", discord, true, true);

        assertThrows(AlertDispatcher.RetryLater.class, () -> invoke(eventFile("application-down.json")));

        NotificationLog.Notification failed = records().get(0);
        assertEquals("failed", failed.status());
        assertTrue(failed.error().orElse("").contains("timed out"), "error: " + failed.error());
        assertSecretNeverShown();
    }

    @Test
    void onlyEnabledDefaultChannelsOrTheRoutedOneGetTheAlert() throws IOException {
        CapturingHttpServer everyone = server();
        CapturingHttpServer team = server();
        CapturingHttpServer paused = server();
        discordChannel("Everyone", everyone, true, true);
        Channel teamChannel = discordChannel("Team", team, false, true);
        discordChannel("Paused", paused, true, false);

        invoke(eventFile("application-down.json"));
        ObjectNode routed = sample("application-up.json");
        ((ObjectNode) routed.get("detail")).putArray("channels").add(teamChannel.id());
        invoke(routed);

        assertEquals(1, everyone.requests().size(), "the default channel gets the default-routed alert only");
        assertEquals(1, team.requests().size(), "the routed channel gets the routed alert only");
        assertTrue(Json.parse(team.requests().get(0).body()).toString().contains("UP again"));
        assertEquals(0, paused.requests().size(), "a disabled channel gets nothing");
    }

    // --- helpers -------------------------------------------------------------------------------

    /** Wires the handler from the template, with {@code parameters} overriding template parameter defaults. */
    void wire(Map<String, String> parameters) {
        SamTemplate template = SamTemplate.load();
        Map<String, String> env = new HashMap<>(template.environment(
                template.function("NotifyDiscordFunction").orElseThrow(), parameters));
        services = Services.builder(Env.of(env)).clock(clock).dynamo(db.client()).port(SecretStore.class, secrets).build();
        registry = new ChannelRegistry(new ChannelStore(db.client(), env.get("CHANNELS_TABLE")), secrets, clock);
        handler = new NotifyDiscordHandler(services);
    }

    CapturingHttpServer server() {
        CapturingHttpServer server = new CapturingHttpServer();
        servers.add(server);
        return server;
    }

    Channel discordChannel(String name, CapturingHttpServer server, boolean isDefault, boolean enabled) throws IOException {
        return registry.create(ChannelRequest.forCreate(Json.parse("""
                {"type": "discord", "name": "%s", "default": %s, "enabled": %s,
                 "settings": {"webhookUrl": "%s"}}
                """.formatted(name, isDefault, enabled, server.url(HOOK_PATH)))));
    }

    /** The token in a Discord webhook URL lets anyone post: no record or log line may show it. */
    void assertSecretNeverShown() {
        for (NotificationLog.Notification record : records()) {
            String error = record.error().orElse("");
            assertFalse(error.contains(TOKEN) || error.contains("/api/webhooks/"),
                    "the webhook URL leaked into the record: " + error);
        }
        String logged = logs.toString(StandardCharsets.UTF_8);
        assertFalse(logged.contains(TOKEN) || logged.contains("/api/webhooks/"), "the webhook URL leaked into the logs: " + logged);
        assertTrue(logged.contains("Alert delivery failed"), "the failure is logged: " + logged);
    }

    List<NotificationLog.Notification> records() {
        return Stores.notifications(services).list(50, Optional.empty(), Optional.empty()).items();
    }

    static List<String> names(JsonNode fields) {
        List<String> names = new ArrayList<>();
        fields.forEach(f -> names.add(f.path("name").asText()));
        return names;
    }

    static Path eventFile(String name) {
        return SamTemplate.locate().getParent().resolve("events").resolve(name);
    }

    static ObjectNode sample(String name) throws IOException {
        return (ObjectNode) Json.MAPPER.readTree(Files.readString(eventFile(name)));
    }

    JsonNode invoke(Path eventFile) throws IOException {
        try (InputStream in = Files.newInputStream(eventFile)) {
            return invoke(in);
        }
    }

    JsonNode invoke(ObjectNode event) throws IOException {
        return invoke(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)));
    }

    JsonNode invoke(InputStream event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(event, out, null);
        return Json.MAPPER.readTree(out.toByteArray());
    }
}
