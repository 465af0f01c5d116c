package dev.vigil.notify.discord;

import static dev.vigil.fixtures.NotifierFixture.eventFile;
import static dev.vigil.fixtures.NotifierFixture.sample;
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
import dev.vigil.testkit.CapturingHttpServer.Response;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Discord notifier fed the sample bus events from {@code events/}: a channel created through the
 * registry (webhook URL in an in-memory secret store), a real local HTTP server answering as Discord
 * does (204), and the channel and notification tables on DynamoDB Local.
 */
class NotifyDiscordHandlerTest {
    static final String TOKEN = "s3cr3t-T0ken_abcdefghijklmnopqrstuvwxyz";
    static final String HOOK_PATH = "/api/webhooks/123456789012345678/" + TOKEN;

    @RegisterExtension
    final NotifierFixture fx = NotifierFixture.of("NotifyDiscordFunction", NotifyDiscordHandler::new);

    @Test
    void applicationDownPostsEmbedAndRecordsItSent() throws IOException {
        CapturingHttpServer discord = fx.server().respondWith(Response.of(204, ""));
        Channel channel = discordChannel("Alerts", discord, true, true);

        JsonNode output = fx.invoke(eventFile("application-down.json"));

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

        List<NotificationLog.Notification> records = fx.records();
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
        fx.wire(Map.of("DashboardUrl", "https://vigil.example.com/"));
        CapturingHttpServer discord = fx.server().respondWith(Response.of(204, ""));
        discordChannel("Alerts", discord, true, true);

        fx.invoke(eventFile("application-up.json"));

        JsonNode embed = Json.parse(discord.requests().get(0).body()).path("embeds").get(0);
        assertEquals("nightly-backup is UP again", embed.path("title").asText());
        assertEquals(0x2A9D8F, embed.path("color").asInt());
        assertEquals("https://vigil.example.com/", embed.path("url").asText());
        assertEquals(List.of("Last heartbeat", "Expected every", "Application id"), names(embed.path("fields")));
    }

    @Test
    void sameEventDeliveredTwicePostsOnce() throws IOException {
        CapturingHttpServer discord = fx.server().respondWith(Response.of(204, ""), Response.of(204, ""));
        discordChannel("Alerts", discord, true, true);

        fx.assertRedeliveryIsSentOnce(eventFile("application-down.json"));

        assertEquals(1, discord.requests().size(), "a redelivered event must not post twice");
        assertEquals(1, fx.records().size());
    }

    @Test
    void rateLimitIsRetriedByLambdaAndTheRetrySends() throws IOException {
        CapturingHttpServer discord = fx.server().respondWith(
                Response.of(429, "{\"message\": \"You are being rate limited.\", \"retry_after\": 0.5, \"global\": false}"),
                Response.of(204, ""));
        discordChannel("Alerts", discord, true, true);

        fx.invoke(eventFile("application-down.json"));

        NotificationLog.Notification failed = fx.records().get(0);
        assertEquals("failed", failed.status());
        assertEquals(Optional.of(429), failed.httpStatus());

        fx.clock().advance(Duration.ofMinutes(1));
        fx.invoke(eventFile("application-down.json"));

        NotificationLog.Notification sent = fx.records().get(0);
        assertEquals("sent", sent.status());
        assertEquals(Optional.of(204), sent.httpStatus());
        assertEquals(2, sent.attempts());
        assertEquals(2, discord.requests().size());
        assertSecretNeverShown();
    }

    @Test
    void deletedWebhookIsRecordedFailedAndNotRetried() throws IOException {
        CapturingHttpServer discord = fx.server().respondWith(Response.of(404, "{\"message\": \"Unknown Webhook\", \"code\": 10015}"));
        discordChannel("Alerts", discord, true, true);

        JsonNode output = fx.invoke(eventFile("application-down.json"));

        assertEquals(1, output.path("failed").asInt(), output.toString());
        NotificationLog.Notification failed = fx.records().get(0);
        assertEquals("failed", failed.status());
        assertEquals(Optional.of(404), failed.httpStatus());
        assertTrue(failed.error().orElse("").contains("Unknown Webhook"), "error: " + failed.error());
        assertSecretNeverShown();
    }

    @Test
    void slowWebhookTimesOutAndIsRetried() throws IOException {
        CapturingHttpServer discord = fx.server().respondWith(new Response(204, "", Map.of(), 7000));
        discordChannel("Alerts", discord, true, true);

        fx.invoke(eventFile("application-down.json"));

        NotificationLog.Notification failed = fx.records().get(0);
        assertEquals("failed", failed.status());
        assertTrue(failed.error().orElse("").contains("timed out"), "error: " + failed.error());
        assertSecretNeverShown();
    }

    @Test
    void onlyEnabledDefaultChannelsOrTheRoutedOneGetTheAlert() throws IOException {
        CapturingHttpServer everyone = fx.server();
        CapturingHttpServer team = fx.server();
        CapturingHttpServer paused = fx.server();
        discordChannel("Everyone", everyone, true, true);
        Channel teamChannel = discordChannel("Team", team, false, true);
        discordChannel("Paused", paused, true, false);

        fx.invoke(eventFile("application-down.json"));
        ObjectNode routed = sample("application-up.json");
        ((ObjectNode) routed.get("detail")).putArray("channels").add(teamChannel.id());
        fx.invoke(routed);

        assertEquals(1, everyone.requests().size(), "the default channel gets the default-routed alert only");
        assertEquals(1, team.requests().size(), "the routed channel gets the routed alert only");
        assertTrue(Json.parse(team.requests().get(0).body()).toString().contains("UP again"));
        assertEquals(0, paused.requests().size(), "a disabled channel gets nothing");
    }

    // --- helpers -------------------------------------------------------------------------------

    Channel discordChannel(String name, CapturingHttpServer server, boolean isDefault, boolean enabled) {
        return fx.channel("""
                {"type": "discord", "name": "%s", "default": %s, "enabled": %s,
                 "settings": {"webhookUrl": "%s"}}
                """.formatted(name, isDefault, enabled, server.url(HOOK_PATH)));
    }

    /** The token in a Discord webhook URL lets anyone post: no record or log line may show it. */
    void assertSecretNeverShown() {
        fx.assertSecretsNeverShown(TOKEN, "/api/webhooks/");
    }

    static List<String> names(JsonNode fields) {
        List<String> names = new ArrayList<>();
        fields.forEach(f -> names.add(f.path("name").asText()));
        return names;
    }
}
