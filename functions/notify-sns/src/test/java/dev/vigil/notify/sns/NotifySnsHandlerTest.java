package dev.vigil.notify.sns;

import static dev.vigil.fixtures.NotifierFixture.eventFile;
import static dev.vigil.fixtures.NotifierFixture.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.fixtures.NotifierFixture;
import dev.vigil.runtime.Json;
import dev.vigil.store.NotificationLog;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SNS notifier fed the sample bus events from {@code events/}, with a recording alert topic and
 * the notification log on DynamoDB Local.
 */
class NotifySnsHandlerTest {
    final RecordingTopic topic = new RecordingTopic();

    @RegisterExtension
    final NotifierFixture fx = NotifierFixture.of("NotifySnsFunction",
            (platform, secrets) -> new NotifySnsHandler(platform, topic));

    @Test
    void applicationDownEventSendsOneAlertWithSubjectAndShortSms() throws IOException {
        JsonNode output = fx.invoke(eventFile("application-down.json"));

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
        JsonNode output = fx.invoke(eventFile("application-up.json"));

        assertEquals(1, output.path("sent").asInt(), output.toString());
        assertEquals(List.of("[Vigil] UP: nightly-backup"), topic.sent.stream().map(AlertMessage::subject).toList());
    }

    @Test
    void aCheckEventReachesTheStacksTopicOnceWordedAsACheck() throws IOException {
        fx.assertRedeliveryIsSentOnce(eventFile("check-unhealthy.json"));

        assertEquals(List.of("[Vigil] UNHEALTHY: api-health"), topic.sent.stream().map(AlertMessage::subject).toList());
        assertTrue(topic.sent.get(0).emailBody().contains("Threshold:       latencyMs < 500\n"), topic.sent.get(0).emailBody());
        assertEquals("CheckStatusChanged", fx.single().type());
    }

    @Test
    void sameEventDeliveredTwicePublishesOnce() throws IOException {
        fx.assertRedeliveryIsSentOnce(eventFile("application-down.json"));

        assertEquals(1, topic.sent.size(), "a redelivered event must not alert twice");
        List<NotificationLog.Notification> records = fx.records();
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
        fx.invoke(eventFile("application-down.json"));
        fx.invoke(eventFile("application-up.json"));

        assertEquals(List.of("[Vigil] DOWN: nightly-backup", "[Vigil] UP: nightly-backup"),
                topic.sent.stream().map(AlertMessage::subject).toList());
        assertEquals(2, fx.records().size());
    }

    @Test
    void failingTopicRecordsFailureAndRethrowsSoLambdaRetries() throws IOException {
        topic.failure = new IllegalStateException("SNS throttled the publish");

        JsonNode answer = fx.invoke(eventFile("application-down.json"));

        assertEquals(1, fx.retriesScheduled().size(), "the failed delivery is scheduled again: " + answer);
        NotificationLog.Notification failed = fx.records().get(0);
        assertEquals("failed", failed.status());
        assertEquals(1, failed.attempts());
        assertTrue(failed.error().orElse("").contains("SNS throttled the publish"), "error: " + failed.error());
        assertEquals(List.of("failed"), fx.platform().tables().notifications().list(10, Optional.of("failed"), Optional.empty())
                .items().stream().map(NotificationLog.Notification::status).toList());

        topic.failure = null;
        fx.clock().advance(Duration.ofSeconds(30));
        JsonNode retry = fx.invoke(eventFile("application-down.json"));

        assertEquals(1, retry.path("sent").asInt());
        assertEquals(1, topic.sent.size());
        NotificationLog.Notification sent = fx.records().get(0);
        assertEquals("sent", sent.status());
        assertEquals(2, sent.attempts());
        assertEquals(Optional.empty(), sent.error(), "a successful retry clears the old error");
        assertEquals(1, fx.records().size());
    }

    @Test
    void eventNotFromVigilIsIgnoredAndNothingRecorded() throws IOException {
        ObjectNode foreign = sample("application-down.json");
        foreign.put("source", "com.example.billing");

        assertEquals(Json.object().put("outcome", "ignored"), fx.invoke(foreign));
        assertEquals(Json.object().put("outcome", "ignored"), fx.invoke(eventFile("schedule-tick.json")));
        assertTrue(topic.sent.isEmpty());
        assertEquals(List.of(), fx.records());
    }

    @Test
    void vigilEventWithBrokenDetailIsIgnoredNotRetried() throws IOException {
        ObjectNode missingName = sample("application-down.json");
        ((ObjectNode) missingName.get("detail")).remove("name");
        ObjectNode badTime = sample("application-down.json");
        ((ObjectNode) badTime.get("detail")).put("time", "yesterday");

        assertEquals("ignored", fx.invoke(missingName).path("outcome").asText());
        assertEquals("ignored", fx.invoke(badTime).path("outcome").asText());
        assertTrue(topic.sent.isEmpty());
        assertEquals(List.of(), fx.records());
    }

    // --- helpers -------------------------------------------------------------------------------

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
