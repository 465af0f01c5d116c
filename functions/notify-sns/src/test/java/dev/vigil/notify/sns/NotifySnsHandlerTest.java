package dev.vigil.notify.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.config.Env;
import dev.vigil.config.Services;
import dev.vigil.json.Json;
import dev.vigil.notify.AlertDispatcher;
import dev.vigil.store.NotificationLog;
import dev.vigil.store.Stores;
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
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SNS notifier fed the sample bus events from {@code events/}, with a recording alert topic and
 * the notification log on DynamoDB Local.
 */
class NotifySnsHandlerTest {
    static final Instant NOW = Instant.parse("2026-11-24T11:58:13Z");

    final DynamoLocal db = DynamoLocal.shared();
    final TestClock clock = new TestClock(NOW);
    final RecordingTopic topic = new RecordingTopic();
    Services services;
    NotifySnsHandler handler;

    @BeforeEach
    void emptyTables() {
        db.reset();
        SamTemplate template = SamTemplate.load();
        Map<String, String> env = new HashMap<>(template.environment(
                template.function("NotifySnsFunction").orElseThrow(), Map.of()));
        services = Services.builder(Env.of(env)).clock(clock).dynamo(db.client()).port(AlertTopic.class, topic).build();
        handler = new NotifySnsHandler(services);
    }

    @Test
    void applicationDownEventSendsOneAlertWithSubjectAndShortSms() throws IOException {
        JsonNode output = invoke(eventFile("application-down.json"));

        assertEquals(1, output.path("sent").asInt(), output.toString());
        assertEquals(1, topic.sent.size());
        AlertMessage message = topic.sent.get(0);
        assertEquals("[Vigil] DOWN: nightly-backup", message.subject());
        assertTrue(message.sms().length() <= 140, "SMS too long (" + message.sms().length() + "): " + message.sms());
        assertTrue(message.sms().contains("DOWN") && message.sms().contains("nightly-backup"), message.sms());
        assertTrue(message.emailBody().contains("app_k3v9x2m7q4pa-1"), message.emailBody());
    }

    @Test
    void applicationUpEventSendsUpAlert() throws IOException {
        JsonNode output = invoke(eventFile("application-up.json"));

        assertEquals(1, output.path("sent").asInt(), output.toString());
        assertEquals(List.of("[Vigil] UP: nightly-backup"), topic.sent.stream().map(AlertMessage::subject).toList());
    }

    @Test
    void sameEventDeliveredTwicePublishesOnce() throws IOException {
        JsonNode first = invoke(eventFile("application-down.json"));
        clock.advance(Duration.ofSeconds(2));
        JsonNode second = invoke(eventFile("application-down.json"));

        assertEquals(1, first.path("sent").asInt());
        assertEquals(0, second.path("sent").asInt());
        assertEquals(1, second.path("alreadyHandled").asInt());
        assertEquals(1, topic.sent.size(), "a redelivered event must not alert twice");
        List<NotificationLog.Notification> records = records();
        assertEquals(1, records.size(), "records: " + records);
        NotificationLog.Notification record = records.get(0);
        assertEquals("sent", record.status());
        assertEquals(1, record.attempts());
        assertEquals("app_k3v9x2m7q4pa-1", record.eventId());
        assertEquals("sns", record.channel());
        assertEquals("app_k3v9x2m7q4pa", record.applicationId());
        assertEquals("nightly-backup", record.applicationName());
        assertEquals("ApplicationDown", record.type());
        assertEquals(Optional.empty(), record.error());
    }

    @Test
    void downAndUpOfTheSameApplicationAreSeparateAlerts() throws IOException {
        invoke(eventFile("application-down.json"));
        invoke(eventFile("application-up.json"));

        assertEquals(List.of("[Vigil] DOWN: nightly-backup", "[Vigil] UP: nightly-backup"),
                topic.sent.stream().map(AlertMessage::subject).toList());
        assertEquals(2, records().size());
    }

    @Test
    void failingTopicRecordsFailureAndRethrowsSoLambdaRetries() throws IOException {
        topic.failure = new IllegalStateException("SNS throttled the publish");

        RuntimeException thrown = assertThrows(RuntimeException.class, () -> invoke(eventFile("application-down.json")));

        assertTrue(thrown instanceof AlertDispatcher.RetryLater, "Lambda must see a failure to retry: " + thrown);
        NotificationLog.Notification failed = records().get(0);
        assertEquals("failed", failed.status());
        assertEquals(1, failed.attempts());
        assertTrue(failed.error().orElse("").contains("SNS throttled the publish"), "error: " + failed.error());
        assertEquals(List.of("failed"), Stores.notifications(services).list(10, Optional.of("failed"), Optional.empty())
                .items().stream().map(NotificationLog.Notification::status).toList());

        topic.failure = null;
        clock.advance(Duration.ofSeconds(30));
        JsonNode retry = invoke(eventFile("application-down.json"));

        assertEquals(1, retry.path("sent").asInt());
        assertEquals(1, topic.sent.size());
        NotificationLog.Notification sent = records().get(0);
        assertEquals("sent", sent.status());
        assertEquals(2, sent.attempts());
        assertEquals(Optional.empty(), sent.error(), "a successful retry clears the old error");
        assertEquals(1, records().size());
    }

    @Test
    void eventNotFromVigilIsIgnoredAndNothingRecorded() throws IOException {
        ObjectNode foreign = sample("application-down.json");
        foreign.put("source", "com.example.billing");

        assertEquals(Json.object().put("outcome", "ignored"), invoke(foreign));
        assertEquals(Json.object().put("outcome", "ignored"), invoke(eventFile("schedule-tick.json")));
        assertTrue(topic.sent.isEmpty());
        assertEquals(List.of(), records());
    }

    @Test
    void vigilEventWithBrokenDetailIsIgnoredNotRetried() throws IOException {
        ObjectNode missingName = sample("application-down.json");
        ((ObjectNode) missingName.get("detail")).remove("name");
        ObjectNode badTime = sample("application-down.json");
        ((ObjectNode) badTime.get("detail")).put("time", "yesterday");

        assertEquals("ignored", invoke(missingName).path("outcome").asText());
        assertEquals("ignored", invoke(badTime).path("outcome").asText());
        assertTrue(topic.sent.isEmpty());
        assertEquals(List.of(), records());
    }

    // --- helpers -------------------------------------------------------------------------------

    List<NotificationLog.Notification> records() {
        return Stores.notifications(services).list(50, Optional.empty(), Optional.empty()).items();
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

    /** Records what would have been published; throws {@link #failure} when set, as SNS would. */
    static final class RecordingTopic implements AlertTopic {
        final List<AlertMessage> sent = new CopyOnWriteArrayList<>();
        volatile RuntimeException failure;

        @Override
        public String publish(Optional<String> topicArn, AlertMessage message) {
            if (failure != null) {
                throw failure;
            }
            sent.add(message);
            return "msg-" + sent.size();
        }
    }
}
