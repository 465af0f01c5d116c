package dev.vigil.notify.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.app.Application;
import dev.vigil.app.Status;
import dev.vigil.events.AlertEvent;
import dev.vigil.json.Json;
import java.net.URI;
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
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

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
    private String queueUrl;

    /** Base URL of the AWS-compatible endpoint serving SNS and SQS. */
    protected abstract String endpoint();

    @BeforeEach
    void createTopicAndQueue() {
        sns = SnsClient.builder()
                .endpointOverride(URI.create(endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        sqs = SqsClient.builder()
                .endpointOverride(URI.create(endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();

        // Unique names, so the test does not depend on the endpoint being empty.
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        topicArn = sns.createTopic(t -> t.name("vigil-alerts-" + suffix)).topicArn();
        queueUrl = sqs.createQueue(q -> q.queueName("vigil-alerts-observer-" + suffix)).queueUrl();
        String queueArn = sqs.getQueueAttributes(a -> a.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        // Real SNS only delivers to a queue whose policy lets the topic send; emulators ignore it.
        sqs.setQueueAttributes(a -> a.queueUrl(queueUrl).attributes(Map.of(QueueAttributeName.POLICY,
                sendMessagePolicy(queueArn, "sns.amazonaws.com", topicArn))));
        sns.subscribe(s -> s.topicArn(topicArn).protocol("sqs").endpoint(queueArn)
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
        AlertEvent event = AlertEvent.down(application(Status.UP, Optional.of(LAST_BEAT)), 3, DEADLINE, DETECTED);
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
        AlertEvent event = AlertEvent.up(application(Status.DOWN, Optional.of(LAST_BEAT)), 4, beatAt,
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

    private static Application application(Status status, Optional<Instant> lastHeartbeat) {
        Instant created = Instant.parse("2025-02-01T00:00:00Z");
        return new Application("app-7f3a", UUID.randomUUID().toString(), "Billing nightly", 300, 60, status, status,
                true, lastHeartbeat, created, Optional.empty(), 2, created, created);
    }

    /**
     * Waits for the one message the publish produced, then checks for a short while that no second one
     * follows, and returns its parsed SNS envelope.
     */
    private JsonNode onlyEnvelope() {
        List<Message> received = new ArrayList<>();
        long deadline = System.nanoTime() + RECEIVE_TIMEOUT.toNanos();
        while (received.isEmpty() && System.nanoTime() < deadline) {
            received.addAll(receive(5));
        }
        assertEquals(1, received.size(), "messages on the subscribed queue after publish");
        received.addAll(receive(1));
        assertEquals(1, received.size(), "a single publish must deliver a single message");
        try {
            return Json.parse(received.get(0).body());
        } catch (Exception e) {
            throw new AssertionError("SQS body is not the JSON SNS envelope: " + received.get(0).body(), e);
        }
    }

    private List<Message> receive(int waitSeconds) {
        return sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(waitSeconds)
                .visibilityTimeout(60)).messages();
    }

    private static String sendMessagePolicy(String queueArn, String servicePrincipal, String sourceArn) {
        var statement = Json.object();
        statement.put("Effect", "Allow");
        statement.putObject("Principal").put("Service", servicePrincipal);
        statement.put("Action", "sqs:SendMessage");
        statement.put("Resource", queueArn);
        statement.putObject("Condition").putObject("ArnEquals").put("aws:SourceArn", sourceArn);
        var policy = Json.object();
        policy.put("Version", "2012-10-17");
        policy.putArray("Statement").add(statement);
        return Json.write(policy);
    }
}
