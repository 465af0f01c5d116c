package dev.vigil.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.app.Application;
import dev.vigil.app.Status;
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
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What {@link EventBridgePublisher} does against a real EventBridge API: events land on a custom bus
 * and a rule matching Vigil's events forwards them to an SQS queue, where the test reads the EventBridge
 * envelope back. Subclasses say where the API is (moto_server, LocalStack).
 */
abstract class EventBridgePublisherContract {
    private static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(15);
    private static final String VIGIL_PATTERN =
            "{\"source\":[\"vigil\"],\"detail-type\":[\"ApplicationDown\",\"ApplicationUp\"]}";

    private EventBridgeClient events;
    private SqsClient sqs;
    private String busName;
    private String queueUrl;

    /** Base URL of the AWS-compatible endpoint serving EventBridge and SQS. */
    protected abstract String endpoint();

    @BeforeEach
    void createBusRuleAndQueue() {
        events = EventBridgeClient.builder()
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
        busName = "vigil-bus-" + suffix;
        events.createEventBus(b -> b.name(busName));
        queueUrl = sqs.createQueue(q -> q.queueName("vigil-bus-observer-" + suffix)).queueUrl();
        String queueArn = sqs.getQueueAttributes(a -> a.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String ruleName = "vigil-alerts-" + suffix;
        String ruleArn = events.putRule(r -> r.name(ruleName).eventBusName(busName).eventPattern(VIGIL_PATTERN))
                .ruleArn();
        // Real EventBridge only delivers to a queue whose policy lets the rule send; emulators ignore it.
        sqs.setQueueAttributes(a -> a.queueUrl(queueUrl).attributes(Map.of(QueueAttributeName.POLICY,
                sendMessagePolicy(queueArn, "events.amazonaws.com", ruleArn))));
        var targets = events.putTargets(t -> t.rule(ruleName).eventBusName(busName)
                .targets(target -> target.id("observer").arn(queueArn)));
        assertEquals(0, targets.failedEntryCount(), () -> "putTargets failed: " + targets.failedEntries());
    }

    @AfterEach
    void closeClients() {
        // Null when the endpoint was unavailable and the test was skipped before set-up built them.
        if (events != null) {
            events.close();
        }
        if (sqs != null) {
            sqs.close();
        }
    }

    @Test
    void downEventArrivesAsVigilEnvelopeAndRoundTrips() {
        Instant lastBeat = Instant.parse("2025-03-01T09:15:00Z");
        AlertEvent event = AlertEvent.down(application(Status.UP, Optional.of(lastBeat)), 3,
                Instant.parse("2025-03-01T09:21:00Z"), Instant.parse("2025-03-01T09:21:30.250Z"));

        new EventBridgePublisher(events, busName).publish(event);

        JsonNode envelope = onlyEnvelope();
        assertEquals("vigil", envelope.path("source").asText());
        assertEquals("ApplicationDown", envelope.path("detail-type").asText());
        assertTrue(envelope.path("resources").toString().contains("vigil:application/app-7f3a"),
                () -> "resources: " + envelope.path("resources"));
        assertEquals(event, AlertEvent.fromBusEvent(envelope));
    }

    @Test
    void upEventArrivesAsVigilEnvelopeAndRoundTrips() {
        Instant beatAt = Instant.parse("2025-03-01T09:40:05Z");
        AlertEvent event = AlertEvent.up(application(Status.DOWN, Optional.of(Instant.parse("2025-03-01T09:15:00Z"))),
                4, beatAt, beatAt.plusMillis(120));

        new EventBridgePublisher(events, busName).publish(event);

        JsonNode envelope = onlyEnvelope();
        assertEquals("vigil", envelope.path("source").asText());
        assertEquals("ApplicationUp", envelope.path("detail-type").asText());
        assertEquals(event, AlertEvent.fromBusEvent(envelope));
    }

    /**
     * A bus that does not exist must make publish throw, so the caller keeps the event pending. AWS may
     * answer with an error response or with a failed entry; either way the publisher must not be silent.
     */
    @Test
    void publishingToMissingBusThrows() {
        AlertEvent event = AlertEvent.down(application(Status.UP, Optional.empty()), 1,
                Instant.parse("2025-03-01T09:21:00Z"), Instant.parse("2025-03-01T09:21:30Z"));
        EventBridgePublisher publisher = new EventBridgePublisher(events, "vigil-no-such-bus-" + UUID.randomUUID());

        RuntimeException thrown = assertThrows(RuntimeException.class, () -> publisher.publish(event));

        assertTrue(thrown instanceof EventBridgeException || thrown instanceof IllegalStateException,
                () -> "unexpected failure type: " + thrown);
    }

    private static Application application(Status status, Optional<Instant> lastHeartbeat) {
        Instant created = Instant.parse("2025-02-01T00:00:00Z");
        return new Application("app-7f3a", UUID.randomUUID().toString(), "Billing nightly", 300, 60, status, status,
                true, lastHeartbeat, created, Optional.empty(), 2, created, created);
    }

    /**
     * Waits for the one message the publish produced, then checks for a short while that no second one
     * follows, and returns its parsed EventBridge envelope.
     */
    private JsonNode onlyEnvelope() {
        List<Message> received = new ArrayList<>();
        long deadline = System.nanoTime() + RECEIVE_TIMEOUT.toNanos();
        while (received.isEmpty() && System.nanoTime() < deadline) {
            received.addAll(receive(5));
        }
        assertEquals(1, received.size(), "messages on the rule's target queue after publish");
        received.addAll(receive(1));
        assertEquals(1, received.size(), "a single publish must deliver a single event");
        try {
            return Json.parse(received.get(0).body());
        } catch (Exception e) {
            throw new AssertionError("SQS body is not an EventBridge envelope: " + received.get(0).body(), e);
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
