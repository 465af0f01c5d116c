package dev.vigil.notify.slack;

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
 * The Slack notifier fed the sample bus events from {@code events/}: channels created through the
 * registry (webhook URLs in an in-memory secret store), a real local HTTP server standing in for
 * Slack, and the channel and notification tables on DynamoDB Local.
 */
class NotifySlackHandlerTest {
    static final Instant NOW = Instant.parse("2026-11-24T11:58:13Z");
    static final String HOOK_PATH = "/services/T000/B000/XXXX";

    final DynamoLocal db = DynamoLocal.shared();
    final TestClock clock = new TestClock(NOW);
    final InMemorySecretStore secrets = new InMemorySecretStore();
    final List<CapturingHttpServer> servers = new ArrayList<>();
    final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    Services services;
    ChannelRegistry registry;
    NotifySlackHandler handler;

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
    void applicationDownPostsBlockKitMessageAndRecordsItSent() throws IOException {
        CapturingHttpServer slack = server();
        Channel channel = slackChannel("Ops room", slack, HOOK_PATH, true, true);

        JsonNode output = invoke(eventFile("application-down.json"));

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
        assertEquals("mrkdwn", headline.path("type").asText());
        assertTrue(headline.path("text").asText().startsWith(":red_circle: *nightly-backup is DOWN*"), headline.toString());

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

        List<NotificationLog.Notification> records = records();
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
        CapturingHttpServer slack = server();
        slackChannel("Ops room", slack, HOOK_PATH, true, true);

        invoke(eventFile("application-up.json"));

        JsonNode body = Json.parse(slack.requests().get(0).body());
        assertTrue(body.path("text").asText().contains("nightly-backup is UP again"), body.toString());
        JsonNode attachment = body.path("attachments").get(0);
        assertEquals("#2a9d8f", attachment.path("color").asText());
        assertTrue(attachment.path("blocks").get(0).path("text").path("text").asText()
                .startsWith(":large_green_circle: *nightly-backup is UP again*"), attachment.toString());
        JsonNode fields = attachment.path("blocks").get(1).path("fields");
        assertEquals(3, fields.size(), fields.toString());
        fields.forEach(f -> assertFalse(f.path("text").asText().contains("Deadline"), f.toString()));
    }

    @Test
    void dashboardUrlAddsButtonLinkingToIt() throws IOException {
        wire(Map.of("DashboardUrl", "https://vigil.example.com/dashboard"));
        CapturingHttpServer slack = server();
        slackChannel("Ops room", slack, HOOK_PATH, true, true);

        invoke(eventFile("application-down.json"));

        JsonNode blocks = Json.parse(slack.requests().get(0).body()).path("attachments").get(0).path("blocks");
        assertEquals(List.of("section", "section", "context", "actions"), types(blocks));
        JsonNode button = blocks.get(3).path("elements").get(0);
        assertEquals("button", button.path("type").asText());
        assertEquals("plain_text", button.path("text").path("type").asText());
        assertEquals("https://vigil.example.com/dashboard", button.path("url").asText());
    }

    @Test
    void dashboardUrlThatIsNotHttpIsLeftOut() throws IOException {
        wire(Map.of("DashboardUrl", "javascript:alert(1)"));
        CapturingHttpServer slack = server();
        slackChannel("Ops room", slack, HOOK_PATH, true, true);

        invoke(eventFile("application-down.json"));

        JsonNode blocks = Json.parse(slack.requests().get(0).body()).path("attachments").get(0).path("blocks");
        assertEquals(List.of("section", "section", "context"), types(blocks));
    }

    @Test
    void applicationNameCannotMentionChannelOrForgeLinks() throws IOException {
        CapturingHttpServer slack = server();
        slackChannel("Ops room", slack, HOOK_PATH, true, true);
        ObjectNode event = sample("application-down.json");
        detail(event).put("name", "<!channel> R&D <https://evil.example|backup>");

        invoke(event);

        String body = slack.requests().get(0).body();
        JsonNode json = Json.parse(body);
        String escaped = "&lt;!channel&gt; R&amp;D &lt;https://evil.example|backup&gt;";
        assertTrue(json.path("text").asText().contains(escaped), json.path("text").asText());
        assertTrue(json.path("attachments").get(0).path("blocks").get(0).path("text").path("text").asText()
                .contains("*" + escaped + " is DOWN*"), body);
        assertFalse(body.contains("<!channel>"), body);
        assertFalse(body.contains("<https://evil"), body);
    }

    @Test
    void sameEventDeliveredTwicePostsOnce() throws IOException {
        CapturingHttpServer slack = server();
        slackChannel("Ops room", slack, HOOK_PATH, true, true);

        JsonNode first = invoke(eventFile("application-down.json"));
        clock.advance(Duration.ofSeconds(2));
        JsonNode second = invoke(eventFile("application-down.json"));

        assertEquals(1, first.path("sent").asInt());
        assertEquals(0, second.path("sent").asInt());
        assertEquals(1, second.path("alreadyHandled").asInt());
        assertEquals(1, slack.requests().size(), "a redelivered event must not post twice");
        assertEquals(1, records().size());
    }

    @Test
    void serverErrorIsRetriedByLambdaAndTheRetrySends() throws IOException {
        CapturingHttpServer slack = server().respondWith(Response.of(500, "internal_error"), Response.of(200, "ok"));
        Channel channel = slackChannel("Ops room", slack, HOOK_PATH, true, true);

        RuntimeException thrown = assertThrows(RuntimeException.class, () -> invoke(eventFile("application-down.json")));

        assertTrue(thrown instanceof AlertDispatcher.RetryLater, "Lambda must see a failure to retry: " + thrown);
        assertFalse(thrown.getMessage().contains(HOOK_PATH), thrown.getMessage());
        NotificationLog.Notification failed = records().get(0);
        assertEquals(channel.id(), failed.channel());
        assertEquals("failed", failed.status());
        assertEquals(Optional.of(500), failed.httpStatus());
        assertEquals(1, failed.attempts());
        assertTrue(failed.error().orElse("").contains("500"), "error: " + failed.error());

        clock.advance(Duration.ofMinutes(1));
        JsonNode retry = invoke(eventFile("application-down.json"));

        assertEquals(1, retry.path("sent").asInt(), retry.toString());
        assertEquals(2, slack.requests().size());
        NotificationLog.Notification sent = records().get(0);
        assertEquals("sent", sent.status());
        assertEquals(Optional.of(200), sent.httpStatus());
        assertEquals(2, sent.attempts());
        assertEquals(Optional.empty(), sent.error(), "a successful retry clears the old error");
        assertEquals(1, records().size());
        assertSecretNeverShown();
    }

    @Test
    void revokedWebhookIsRecordedFailedAndNotRetried() throws IOException {
        CapturingHttpServer slack = server().respondWith(Response.of(404, "no_service"));
        slackChannel("Ops room", slack, HOOK_PATH, true, true);

        JsonNode output = invoke(eventFile("application-down.json"));

        assertEquals(1, output.path("failed").asInt(), output.toString());
        assertEquals(0, output.path("sent").asInt());
        NotificationLog.Notification failed = records().get(0);
        assertEquals("failed", failed.status());
        assertEquals(Optional.of(404), failed.httpStatus());
        String error = failed.error().orElseThrow();
        assertTrue(error.contains("404") && error.contains("no_service") && error.contains("127.0.0.1"), error);
        assertSecretNeverShown();
    }

    @Test
    void oneFailingWebhookDoesNotStopTheOtherAndOnlyItIsRetried() throws IOException {
        CapturingHttpServer good = server();
        CapturingHttpServer bad = server().respondWith(Response.of(500, ""), Response.of(200, "ok"));
        Channel goodChannel = slackChannel("Good room", good, "/services/T000/B000/GOOD", true, true);
        Channel badChannel = slackChannel("Bad room", bad, "/services/T000/B000/BAD0", true, true);

        AlertDispatcher.RetryLater thrown = assertThrows(AlertDispatcher.RetryLater.class,
                () -> invoke(eventFile("application-down.json")));

        assertTrue(thrown.getMessage().contains(badChannel.id()), thrown.getMessage());
        assertFalse(thrown.getMessage().contains(goodChannel.id()), thrown.getMessage());
        assertEquals(1, good.requests().size());
        assertEquals(1, bad.requests().size());
        assertEquals("sent", record(goodChannel).status());
        assertEquals("failed", record(badChannel).status());
        assertEquals(Optional.of(500), record(badChannel).httpStatus());

        clock.advance(Duration.ofMinutes(1));
        JsonNode retry = invoke(eventFile("application-down.json"));

        assertEquals(1, retry.path("sent").asInt(), retry.toString());
        assertEquals(1, retry.path("alreadyHandled").asInt(), retry.toString());
        assertEquals(1, good.requests().size(), "the channel that got the alert must not get it again");
        assertEquals(2, bad.requests().size());
        assertEquals("sent", record(badChannel).status());
        assertEquals(2, record(badChannel).attempts());
        assertEquals(1, record(goodChannel).attempts());
    }

    @Test
    void applicationRoutedToAChannelAlertsOnlyThere() throws IOException {
        CapturingHttpServer slack = server();
        slackChannel("Everyone", slack, "/services/T000/B000/DFLT", true, true);
        Channel team = slackChannel("Backup team", slack, "/services/T000/B000/TEAM", false, true);
        Channel off = slackChannel("Switched off", slack, "/services/T000/B000/OFF0", false, false);
        ObjectNode event = sample("application-down.json");
        detail(event).putArray("channels").add(team.id()).add(off.id()).add("ch_gone");

        JsonNode output = invoke(event);

        assertEquals(1, output.path("sent").asInt(), output.toString());
        assertEquals(List.of("/services/T000/B000/TEAM"),
                slack.requests().stream().map(CapturingHttpServer.Request::path).toList());
        assertEquals(List.of(team.id()), records().stream().map(NotificationLog.Notification::channel).toList());
    }

    @Test
    void defaultAlertsSkipDisabledAndNonDefaultChannels() throws IOException {
        CapturingHttpServer slack = server();
        Channel on = slackChannel("Everyone", slack, "/services/T000/B000/DFLT", true, true);
        slackChannel("Paused room", slack, "/services/T000/B000/OFF0", true, false);
        slackChannel("Opt-in room", slack, "/services/T000/B000/OPT0", false, true);

        invoke(eventFile("application-down.json"));

        assertEquals(List.of("/services/T000/B000/DFLT"),
                slack.requests().stream().map(CapturingHttpServer.Request::path).toList());
        assertEquals(List.of(on.id()), records().stream().map(NotificationLog.Notification::channel).toList());
    }

    @Test
    void noSlackChannelMeansNothingIsPostedOrRecorded() throws IOException {
        JsonNode output = invoke(eventFile("application-down.json"));

        assertEquals(0, output.path("sent").asInt(), output.toString());
        assertEquals(List.of(), records());
    }

    @Test
    void slowWebhookTimesOutAndIsRetried() throws IOException {
        CapturingHttpServer slack = server().respondWith(new Response(200, "ok", Map.of(), 7000));
        slackChannel("Ops room", slack, HOOK_PATH, true, true);

        long began = System.nanoTime();
        assertThrows(AlertDispatcher.RetryLater.class, () -> invoke(eventFile("application-down.json")));
        Duration took = Duration.ofNanos(System.nanoTime() - began);

        assertTrue(took.compareTo(Duration.ofSeconds(7)) < 0, "the request timeout must cut the wait: " + took);
        NotificationLog.Notification failed = records().get(0);
        assertEquals("failed", failed.status());
        assertEquals(Optional.empty(), failed.httpStatus());
        assertTrue(failed.error().orElse("").contains("timed out"), "error: " + failed.error());
        assertSecretNeverShown();
    }

    // --- helpers -------------------------------------------------------------------------------

    /** Wires the handler from the template, with {@code parameters} overriding template parameter defaults. */
    void wire(Map<String, String> parameters) {
        SamTemplate template = SamTemplate.load();
        Map<String, String> env = new HashMap<>(template.environment(
                template.function("NotifySlackFunction").orElseThrow(), parameters));
        services = Services.builder(Env.of(env)).clock(clock).dynamo(db.client()).port(SecretStore.class, secrets).build();
        registry = new ChannelRegistry(new ChannelStore(db.client(), env.get("CHANNELS_TABLE")), secrets, clock);
        handler = new NotifySlackHandler(services);
    }

    CapturingHttpServer server() {
        CapturingHttpServer server = new CapturingHttpServer();
        servers.add(server);
        return server;
    }

    Channel slackChannel(String name, CapturingHttpServer server, String path, boolean isDefault, boolean enabled)
            throws IOException {
        return registry.create(ChannelRequest.forCreate(Json.parse("""
                {"type": "slack", "name": "%s", "default": %s, "enabled": %s,
                 "settings": {"webhookUrl": "%s"}}
                """.formatted(name, isDefault, enabled, server.url(path)))));
    }

    /** The webhook path is the secret part of a Slack webhook URL: no record or log line may show it. */
    void assertSecretNeverShown() {
        for (NotificationLog.Notification record : records()) {
            String error = record.error().orElse("");
            assertFalse(error.contains("/services/"), "the webhook URL leaked into the record: " + error);
        }
        String logged = logs.toString(StandardCharsets.UTF_8);
        assertFalse(logged.contains("/services/"), "the webhook URL leaked into the logs: " + logged);
        assertTrue(logged.contains("Alert delivery failed"), "the failure is logged: " + logged);
    }

    List<NotificationLog.Notification> records() {
        return Stores.notifications(services).list(50, Optional.empty(), Optional.empty()).items();
    }

    NotificationLog.Notification record(Channel channel) {
        return records().stream().filter(r -> r.channel().equals(channel.id())).findFirst().orElseThrow();
    }

    static List<String> types(JsonNode blocks) {
        List<String> types = new ArrayList<>();
        blocks.forEach(b -> types.add(b.path("type").asText()));
        return types;
    }

    static Path eventFile(String name) {
        return SamTemplate.locate().getParent().resolve("events").resolve(name);
    }

    static ObjectNode sample(String name) throws IOException {
        return (ObjectNode) Json.MAPPER.readTree(Files.readString(eventFile(name)));
    }

    static ObjectNode detail(ObjectNode event) {
        return (ObjectNode) event.get("detail");
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
