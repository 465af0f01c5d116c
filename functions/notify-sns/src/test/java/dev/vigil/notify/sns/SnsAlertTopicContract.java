package dev.vigil.notify.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.Application;
import dev.vigil.domain.Status;
import dev.vigil.runtime.Json;
import dev.vigil.testkit.AwsTestClients;
import dev.vigil.testkit.SqsInbox;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * What {@link SnsAlertTopic} does against a real SNS API, observed through an SQS queue subscribed to
 * the topic. Subclasses say where the API is (moto_server, LocalStack). The queue gets the standard
 * SNS envelope (raw delivery off), whose {@code Message} is the {@code default} text of the JSON
 * message structure, as SQS subscribers have no key of their own in it.
 */
abstract class SnsAlertTopicContract {
    private static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(15);

    private static final Instant LAST_BEAT = Instant.parse("2025-03-01T09:15:00Z");
    private static final Instant DEADLINE = Instant.parse("2025-03-01T09:21:00Z");
    private static final Instant DETECTED = Instant.parse("2025-03-01T09:21:30Z");

    private SnsClient sns;
    private SqsClient sqs;
    private String topicArn;
    private SqsInbox inbox;

    /** Base URL of the AWS-compatible endpoint serving SNS and SQS. */
    protected abstract String endpoint();

    @BeforeEach
    void createTopicAndQueue() {
        sns = AwsTestClients.build(SnsClient.builder(), endpoint());
        sqs = AwsTestClients.sqs(endpoint());
        topicArn = sns.createTopic(t -> t.name("vigil-alerts-" + UUID.randomUUID().toString().substring(0, 8))).topicArn();
        inbox = SqsInbox.create(sqs, "vigil-alerts-observer").allowSendFrom("sns.amazonaws.com", topicArn);
        sns.subscribe(s -> s.topicArn(topicArn).protocol("sqs").endpoint(inbox.arn())
                .attributes(Map.of("RawMessageDelivery", "false")));
    }

    @AfterEach
    void closeClients() {
        // Null when the endpoint was unavailable and the test was skipped before set-up built them.
        if (sns != null) {
            sns.close();
        }
        if (sqs != null) {
            sqs.close();
        }
    }

    @Test
    void downAlertReachesSubscriberWithSubjectAndShortText() {
        AlertEvent event = Alerts.down(application(Status.UP, Optional.of(LAST_BEAT)), DEADLINE, DETECTED);
        AlertMessage message = AlertMessage.of(event);

        String messageId = new SnsAlertTopic(sns, topicArn).publish(message);

        JsonNode envelope = onlyEnvelope();
        assertEquals("Notification", envelope.path("Type").asText());
        assertEquals(topicArn, envelope.path("TopicArn").asText());
        assertEquals(messageId, envelope.path("MessageId").asText(), "the id publish returned is the delivered message's");
        assertEquals("[Vigil] DOWN: Billing nightly", envelope.path("Subject").asText());
        assertEquals(message.subject(), envelope.path("Subject").asText());
        // The SQS subscriber gets the "default" key, which is the SMS line.
        assertEquals(message.sms(), envelope.path("Message").asText());
        assertEquals("Vigil: DOWN Billing nightly - last beat Mar 1 09:15Z", envelope.path("Message").asText());

        // The email text cannot be seen through an SQS subscriber; check what the email key carries.
        assertTrue(message.emailBody().contains("Billing nightly"), message.emailBody());
        assertTrue(message.emailBody().contains("DOWN"), message.emailBody());
        assertTrue(message.emailBody().contains("2025-03-01 09:15:00 UTC"), message.emailBody());
    }

    @Test
    void upAlertReachesSubscriberWithSubjectAndShortText() {
        Instant beatAt = Instant.parse("2025-03-01T09:40:05Z");
        AlertEvent event = Alerts.up(application(Status.DOWN, Optional.of(LAST_BEAT), 3), beatAt,
                beatAt.plusMillis(120));
        AlertMessage message = AlertMessage.of(event);

        String messageId = new SnsAlertTopic(sns, topicArn).publish(message);

        JsonNode envelope = onlyEnvelope();
        assertEquals(messageId, envelope.path("MessageId").asText());
        assertEquals("[Vigil] UP: Billing nightly", envelope.path("Subject").asText());
        assertEquals(message.subject(), envelope.path("Subject").asText());
        assertEquals(message.sms(), envelope.path("Message").asText());
        assertEquals("Vigil: UP Billing nightly - beating again Mar 1 09:40Z", envelope.path("Message").asText());

        assertTrue(message.emailBody().contains("Billing nightly is UP again"), message.emailBody());
        assertTrue(message.emailBody().contains("2025-03-01 09:40:05 UTC"), message.emailBody());
    }

    @Test
    void hostileNameIsAcceptedAndArrivesAsPublished() {
        String name = ("nightly\u2028backup\u2029\uD83D\uDD25\u202Eexe\r\n\u0000").repeat(20);
        AlertEvent event = Alerts.down(application(name, Status.UP, Optional.of(LAST_BEAT), 2), DEADLINE, DETECTED);
        AlertMessage message = AlertMessage.of(event);

        String messageId = new SnsAlertTopic(sns, topicArn).publish(message);

        JsonNode envelope = onlyEnvelope();
        assertEquals(messageId, envelope.path("MessageId").asText());
        assertEquals(message.subject(), envelope.path("Subject").asText());
        assertTrue(message.subject().startsWith("[Vigil] DOWN: nightly backup ?exe nightly backup ?exe"), message.subject());
        assertEquals(message.sms(), envelope.path("Message").asText());
    }

    @Test
    void digestOfManyHostileNamesIsCutToWhatSnsAccepts() {
        List<AlertEvent> held = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            held.add(Alerts.down(application("\uD83D\uDD25\"\u2028".repeat(100), Status.UP, Optional.of(LAST_BEAT), i),
                    DEADLINE, DETECTED));
        }
        AlertMessage message = AlertMessage.of(Alerts.digest("ch_a", held, DETECTED, DETECTED));

        String messageId = new SnsAlertTopic(sns, topicArn).publish(message);

        JsonNode envelope = onlyEnvelope();
        assertEquals(messageId, envelope.path("MessageId").asText());
        assertEquals("[Vigil] 2000 alerts held during quiet hours", envelope.path("Subject").asText());
        assertTrue(message.emailBody().contains("(Cut to the size SNS accepts."), "the body was cut");
    }

    private static Application application(Status status, Optional<Instant> lastHeartbeat) {
        return application(status, lastHeartbeat, 2);
    }

    /** An application after {@code flips} flips, so its next alert is flip {@code flips + 1}. */
    private static Application application(Status status, Optional<Instant> lastHeartbeat, long flips) {
        return application("Billing nightly", status, lastHeartbeat, flips);
    }

    private static Application application(String name, Status status, Optional<Instant> lastHeartbeat, long flips) {
        Instant created = Instant.parse("2025-02-01T00:00:00Z");
        return new Application("app-7f3a", UUID.randomUUID().toString(), name, 300, 60, status, status,
                true, lastHeartbeat, created, Optional.empty(), flips, created, created);
    }

    /** The SNS envelope of the one message the publish delivered to the subscribed queue. */
    private JsonNode onlyEnvelope() {
        String body = inbox.onlyMessage(RECEIVE_TIMEOUT);
        try {
            return Json.parse(body);
        } catch (Exception e) {
            throw new AssertionError("SQS body is not the JSON SNS envelope: " + body, e);
        }
    }
}
