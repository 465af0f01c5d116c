package dev.vigil.notify.slack;

import static dev.vigil.fixtures.NotifierFixture.detail;
import static dev.vigil.fixtures.NotifierFixture.eventFile;
import static dev.vigil.fixtures.NotifierFixture.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.Channel;
import dev.vigil.fixtures.NotifierFixture;
import dev.vigil.notify.HttpDelivery;
import dev.vigil.runtime.Json;
import dev.vigil.store.NotificationLog;
import dev.vigil.testkit.CapturingHttpServer;
import dev.vigil.testkit.CapturingHttpServer.Response;
import dev.vigil.testkit.TricklingHttpServer;
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
 * The Slack notifier fed the sample bus events from {@code events/}: channels created through the
 * registry (webhook URLs in an in-memory secret store), a real local HTTP server standing in for
 * Slack, and the channel and notification tables on DynamoDB Local.
 */
class NotifySlackHandlerTest {
    static final String HOOK_PATH = "/services/T000/B000/XXXX";

    @RegisterExtension
    final NotifierFixture fx = NotifierFixture.of("NotifySlackFunction", NotifySlackHandler::new);

    @Test
    void applicationDownPostsBlockKitMessageAndRecordsItSent() throws IOException {
        CapturingHttpServer slack = fx.server();
        Channel channel = slackChannel("Ops room", slack, HOOK_PATH, true, true);

        JsonNode output = fx.invoke(eventFile("application-down.json"));

        assertEquals(1, output.path("sent").asInt(), output.toString());
        assertEquals(1, slack.requests().size());
        CapturingHttpServer.Request request = slack.requests().get(0);
        assertEquals("POST", request.method());
        assertEquals(HOOK_PATH, request.path());
        assertEquals("application/json", request.header("content-type"));
        JsonNode body = Json.parse(request.body());

        String text = body.path("text").asText();
        assertTrue(text.contains("nightly-backup is DOWN") && text.contains("2026-11-24 11:52:00 UTC"), text);
        assertEquals(1, body.path("attachments").size());
        JsonNode attachment = body.path("attachments").get(0);
        assertEquals("#d62828", attachment.path("color").asText());
        assertEquals(List.of("section", "section", "context"), types(attachment.path("blocks")));

        JsonNode headline = attachment.path("blocks").get(0).path("text");
        assertEquals("plain_text", headline.path("type").asText(), "the name is never read as formatting");
        assertEquals("\uD83D\uDD34 nightly-backup is DOWN\nNo heartbeat arrived before its deadline.", headline.path("text").asText());

        JsonNode fields = attachment.path("blocks").get(1).path("fields");
        assertEquals(4, fields.size(), fields.toString());
        fields.forEach(f -> assertEquals("mrkdwn", f.path("type").asText()));
        assertEquals("*Last heartbeat*\n<!date^" + Instant.parse("2026-11-24T11:52:00.318Z").getEpochSecond()
                + "^{date_short_pretty} {time_secs}|2026-11-24 11:52:00 UTC>", fields.get(0).path("text").asText());
        assertTrue(fields.get(1).path("text").asText().startsWith("*Deadline*\n")
                && fields.get(1).path("text").asText().contains("2026-11-24 11:58:00 UTC"), fields.get(1).toString());
        assertEquals("*Expected every*\n5 min (grace 1 min)", fields.get(2).path("text").asText());
        assertEquals("*Application id*\napp_k3v9x2m7q4pa", fields.get(3).path("text").asText());

        String context = attachment.path("blocks").get(2).path("elements").get(0).path("text").asText();
        assertTrue(context.contains("app_k3v9x2m7q4pa-1") && context.contains("2026-11-24 11:58:12 UTC"), context);

        List<NotificationLog.Notification> records = fx.records();
        assertEquals(1, records.size(), "records: " + records);
        NotificationLog.Notification record = records.get(0);
        assertEquals(channel.id(), record.channel());
        assertEquals("slack", record.channelType());
        assertEquals("sent", record.status());
        assertEquals(Optional.of(200), record.httpStatus());
        assertEquals(1, record.attempts());
        assertEquals("app_k3v9x2m7q4pa-1", record.eventId());
        assertEquals(Optional.empty(), record.error());
    }

    @Test
    void applicationUpIsGreenAndHasNoDeadline() throws IOException {
        CapturingHttpServer slack = fx.server();
        slackChannel("Ops room", slack, HOOK_PATH, true, true);

        fx.invoke(eventFile("application-up.json"));

        JsonNode body = Json.parse(slack.requests().get(0).body());
        assertTrue(body.path("text").asText().contains("nightly-backup is UP again"), body.toString());
        JsonNode attachment = body.path("attachments").get(0);
        assertEquals("#2a9d8f", attachment.path("color").asText());
        assertTrue(attachment.path("blocks").get(0).path("text").path("text").asText()
                .startsWith("\uD83D\uDFE2 nightly-backup is UP again"), attachment.toString());
        JsonNode fields = attachment.path("blocks").get(1).path("fields");
        assertEquals(3, fields.size(), fields.toString());
        fields.forEach(f -> assertFalse(f.path("text").asText().contains("Deadline"), f.toString()));
    }

    @Test
    void dashboardUrlAddsButtonLinkingToIt() throws IOException {
        fx.wire(Map.of("DashboardUrl", "https://vigil.example.com/dashboard"));
        CapturingHttpServer slack = fx.server();
        slackChannel("Ops room", slack, HOOK_PATH, true, true);

        fx.invoke(eventFile("application-down.json"));

        JsonNode blocks = Json.parse(slack.requests().get(0).body()).path("attachments").get(0).path("blocks");
        assertEquals(List.of("section", "section", "context", "actions"), types(blocks));
        JsonNode button = blocks.get(3).path("elements").get(0);
        assertEquals("button", button.path("type").asText());
        assertEquals("plain_text", button.path("text").path("type").asText());
        assertEquals("https://vigil.example.com/dashboard", button.path("url").asText());
    }

    @Test
    void dashboardUrlThatIsNotHttpIsLeftOut() throws IOException {
        fx.wire(Map.of("DashboardUrl", "javascript:alert(1)"));
        CapturingHttpServer slack = fx.server();
        slackChannel("Ops room", slack, HOOK_PATH, true, true);

        fx.invoke(eventFile("application-down.json"));

        JsonNode blocks = Json.parse(slack.requests().get(0).body()).path("attachments").get(0).path("blocks");
        assertEquals(List.of("section", "section", "context"), types(blocks));
    }

    @Test
    void applicationNameCannotMentionChannelOrForgeLinks() throws IOException {
        CapturingHttpServer slack = fx.server();
        slackChannel("Ops room", slack, HOOK_PATH, true, true);
        ObjectNode event = sample("application-down.json");
        detail(event).put("name", "<!channel> R&D <https://evil.example|backup>");

        fx.invoke(event);

        String body = slack.requests().get(0).body();
        JsonNode json = Json.parse(body);
        String escaped = "&lt;!channel&gt; R&amp;D &lt;https://evil.example|backup&gt;";
        assertTrue(json.path("text").asText().contains(escaped), json.path("text").asText());
        assertTrue(json.path("attachments").get(0).path("blocks").get(0).path("text").path("text").asText()
                .contains(escaped + " is DOWN"), body);
        assertFalse(body.contains("<!channel>"), body);
        assertFalse(body.contains("<https://evil"), body);
    }

    @Test
    void sameEventDeliveredTwicePostsOnce() throws IOException {
        CapturingHttpServer slack = fx.server();
        slackChannel("Ops room", slack, HOOK_PATH, true, true);

        fx.assertRedeliveryIsSentOnce(eventFile("application-down.json"));

        assertEquals(1, slack.requests().size(), "a redelivered event must not post twice");
        assertEquals(1, fx.records().size());
    }

    @Test
    void serverErrorIsScheduledAgainAndTheRetrySends() throws IOException {
        CapturingHttpServer slack = fx.server().respondWith(Response.of(500, "internal_error"), Response.of(200, "ok"));
        Channel channel = slackChannel("Ops room", slack, HOOK_PATH, true, true);

        JsonNode answer = fx.invoke(eventFile("application-down.json"));

        assertEquals(1, fx.retriesScheduled().size(), "the failed delivery is scheduled again: " + answer);
        assertFalse(answer.toString().contains(HOOK_PATH), answer.toString());
        NotificationLog.Notification failed = fx.records().get(0);
        assertEquals(channel.id(), failed.channel());
        assertEquals("failed", failed.status());
        assertEquals(Optional.of(500), failed.httpStatus());
        assertEquals(1, failed.attempts());
        assertTrue(failed.error().orElse("").contains("500"), "error: " + failed.error());

        fx.clock().advance(Duration.ofMinutes(1));
        JsonNode retry = fx.invoke(eventFile("application-down.json"));

        assertEquals(1, retry.path("sent").asInt(), retry.toString());
        assertEquals(2, slack.requests().size());
        NotificationLog.Notification sent = fx.records().get(0);
        assertEquals("sent", sent.status());
        assertEquals(Optional.of(200), sent.httpStatus());
        assertEquals(2, sent.attempts());
        assertEquals(Optional.empty(), sent.error(), "a successful retry clears the old error");
        assertEquals(1, fx.records().size());
        assertSecretNeverShown();
    }

    @Test
    void eachInvocationCountsItsSentAndFailedDeliveriesForTheSlackChannelType() throws IOException {
        CapturingHttpServer slack = fx.server().respondWith(Response.of(500, "internal_error"), Response.of(200, "ok"));
        slackChannel("Ops room", slack, HOOK_PATH, true, true);

        fx.invoke(eventFile("application-down.json"));
        fx.clock().advance(Duration.ofMinutes(1));
        fx.invoke(eventFile("application-down.json"));

        List<JsonNode> lines = fx.metricLines();
        assertEquals(2, lines.size(), fx.logs());
        assertEquals("notify-slack", lines.get(0).path("Function").asText());
        assertEquals("slack", lines.get(0).path("Channel").asText());
        assertEquals("[[\"Function\",\"Channel\"]]",
                lines.get(0).path("_aws").path("CloudWatchMetrics").path(0).path("Dimensions").toString());
        assertEquals(0, lines.get(0).path("DeliveriesSent").asLong());
        assertEquals(1, lines.get(0).path("DeliveriesFailed").asLong());
        assertEquals(1, lines.get(1).path("DeliveriesSent").asLong());
        assertEquals(0, lines.get(1).path("DeliveriesFailed").asLong());
    }

    @Test
    void revokedWebhookIsRecordedFailedAndNotRetried() throws IOException {
        CapturingHttpServer slack = fx.server().respondWith(Response.of(404, "no_service"));
        slackChannel("Ops room", slack, HOOK_PATH, true, true);

        JsonNode output = fx.invoke(eventFile("application-down.json"));

        assertEquals(1, output.path("failed").asInt(), output.toString());
        assertEquals(0, output.path("sent").asInt());
        NotificationLog.Notification failed = fx.records().get(0);
        assertEquals("failed", failed.status());
        assertEquals(Optional.of(404), failed.httpStatus());
        String error = failed.error().orElseThrow();
        assertTrue(error.contains("404") && error.contains("no_service") && error.contains("127.0.0.1"), error);
        assertSecretNeverShown();
    }

    @Test
    void oneFailingWebhookDoesNotStopTheOtherAndOnlyItIsRetried() throws IOException {
        CapturingHttpServer good = fx.server();
        CapturingHttpServer bad = fx.server().respondWith(Response.of(500, ""), Response.of(200, "ok"));
        Channel goodChannel = slackChannel("Good room", good, "/services/T000/B000/GOOD", true, true);
        Channel badChannel = slackChannel("Bad room", bad, "/services/T000/B000/BAD0", true, true);

        fx.invoke(eventFile("application-down.json"));

        assertEquals(List.of(badChannel.id()), fx.retriesScheduled(), "only the failed channel is retried");
        assertEquals(1, good.requests().size());
        assertEquals(1, bad.requests().size());
        assertEquals("sent", fx.record(goodChannel).status());
        assertEquals("failed", fx.record(badChannel).status());
        assertEquals(Optional.of(500), fx.record(badChannel).httpStatus());

        fx.clock().advance(Duration.ofMinutes(1));
        JsonNode retry = fx.invoke(eventFile("application-down.json"));

        assertEquals(1, retry.path("sent").asInt(), retry.toString());
        assertEquals(1, retry.path("alreadyHandled").asInt(), retry.toString());
        assertEquals(1, good.requests().size(), "the channel that got the alert must not get it again");
        assertEquals(2, bad.requests().size());
        assertEquals("sent", fx.record(badChannel).status());
        assertEquals(2, fx.record(badChannel).attempts());
        assertEquals(1, fx.record(goodChannel).attempts());
    }

    @Test
    void applicationRoutedToAChannelAlertsOnlyThere() throws IOException {
        CapturingHttpServer slack = fx.server();
        slackChannel("Everyone", slack, "/services/T000/B000/DFLT", true, true);
        Channel team = slackChannel("Backup team", slack, "/services/T000/B000/TEAM", false, true);
        Channel off = slackChannel("Switched off", slack, "/services/T000/B000/OFF0", false, false);
        ObjectNode event = sample("application-down.json");
        detail(event).putArray("channels").add(team.id()).add(off.id()).add("ch_gone");

        JsonNode output = fx.invoke(event);

        assertEquals(1, output.path("sent").asInt(), output.toString());
        assertEquals(List.of("/services/T000/B000/TEAM"),
                slack.requests().stream().map(CapturingHttpServer.Request::path).toList());
        assertEquals(List.of(team.id()), fx.records().stream().map(NotificationLog.Notification::channel).toList());
    }

    @Test
    void defaultAlertsSkipDisabledAndNonDefaultChannels() throws IOException {
        CapturingHttpServer slack = fx.server();
        Channel on = slackChannel("Everyone", slack, "/services/T000/B000/DFLT", true, true);
        slackChannel("Paused room", slack, "/services/T000/B000/OFF0", true, false);
        slackChannel("Opt-in room", slack, "/services/T000/B000/OPT0", false, true);

        fx.invoke(eventFile("application-down.json"));

        assertEquals(List.of("/services/T000/B000/DFLT"),
                slack.requests().stream().map(CapturingHttpServer.Request::path).toList());
        assertEquals(List.of(on.id()), fx.records().stream().map(NotificationLog.Notification::channel).toList());
    }

    @Test
    void noSlackChannelMeansNothingIsPostedOrRecorded() throws IOException {
        JsonNode output = fx.invoke(eventFile("application-down.json"));

        assertEquals(0, output.path("sent").asInt(), output.toString());
        assertEquals(List.of(), fx.records());
    }

    @Test
    void slowWebhookTimesOutAndIsRetried() throws IOException {
        CapturingHttpServer slack = fx.server().respondWith(new Response(200, "ok", Map.of(), 7000));
        slackChannel("Ops room", slack, HOOK_PATH, true, true);

        long began = System.nanoTime();
        fx.invoke(eventFile("application-down.json"));
        Duration took = Duration.ofNanos(System.nanoTime() - began);

        assertTrue(took.compareTo(Duration.ofSeconds(7)) < 0, "the request timeout must cut the wait: " + took);
        NotificationLog.Notification failed = fx.records().get(0);
        assertEquals("failed", failed.status());
        assertEquals(Optional.empty(), failed.httpStatus());
        assertTrue(failed.error().orElse("").contains("timed out"), "error: " + failed.error());
        assertSecretNeverShown();
    }

    @Test
    void aTricklingWebhookIsCutAtTheDeadlineAndTheOtherChannelStillGetsTheAlert() throws IOException {
        fx.wire(Map.of(), Map.of(HttpDelivery.DEADLINE_SECONDS, "2"));
        try (TricklingHttpServer trickle = TricklingHttpServer.head()) {
            CapturingHttpServer healthy = fx.server();
            Channel slow = fx.channel("""
                    {"type": "slack", "name": "Slow room", "default": true,
                     "settings": {"webhookUrl": "%s"}}
                    """.formatted(trickle.url("/services/T000/B000/SLOW")));
            Channel fine = slackChannel("Fine room", healthy, "/services/T000/B000/FINE", true, true);

            long began = System.nanoTime();
            fx.invoke(eventFile("application-down.json"));
            Duration took = Duration.ofNanos(System.nanoTime() - began);

            assertTrue(took.compareTo(Duration.ofSeconds(2 + 5)) < 0, "one 2 s deadline, then the other channel: took " + took);
            assertEquals(1, healthy.requests().size(), "the healthy channel got the alert");
            assertEquals("sent", fx.record(fine).status());
            assertEquals("failed", fx.record(slow).status());
            assertEquals("timed out after 2 s calling 127.0.0.1", fx.record(slow).error().orElseThrow());
        }
    }

    // --- helpers -------------------------------------------------------------------------------

    Channel slackChannel(String name, CapturingHttpServer server, String path, boolean isDefault, boolean enabled) {
        return fx.channel("""
                {"type": "slack", "name": "%s", "default": %s, "enabled": %s,
                 "settings": {"webhookUrl": "%s"}}
                """.formatted(name, isDefault, enabled, server.url(path)));
    }

    /** The webhook path is the secret part of a Slack webhook URL: no record or log line may show it. */
    void assertSecretNeverShown() {
        fx.assertSecretsNeverShown("/services/");
    }

    static List<String> types(JsonNode blocks) {
        List<String> types = new ArrayList<>();
        blocks.forEach(b -> types.add(b.path("type").asText()));
        return types;
    }
}
