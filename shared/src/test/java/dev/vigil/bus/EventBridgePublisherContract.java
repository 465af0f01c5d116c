package dev.vigil.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.Application;
import dev.vigil.domain.Status;
import dev.vigil.runtime.AwsJsonCall;
import dev.vigil.runtime.Env;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

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
    private SqsInbox inbox;

    /** Base URL of the AWS-compatible endpoint serving EventBridge and SQS. */
    protected abstract String endpoint();

    @BeforeEach
    void createBusRuleAndQueue() {
        events = AwsTestClients.build(EventBridgeClient.builder(), endpoint());
        sqs = AwsTestClients.sqs(endpoint());
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        busName = "vigil-bus-" + suffix;
        events.createEventBus(b -> b.name(busName));
        String ruleName = "vigil-alerts-" + suffix;
        String ruleArn = events.putRule(r -> r.name(ruleName).eventBusName(busName).eventPattern(VIGIL_PATTERN))
                .ruleArn();
        inbox = SqsInbox.create(sqs, "vigil-bus-observer").allowSendFrom("events.amazonaws.com", ruleArn);
        var targets = events.putTargets(t -> t.rule(ruleName).eventBusName(busName)
                .targets(target -> target.id("observer").arn(inbox.arn())));
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
        AlertEvent event = Alerts.down(application(Status.UP, Optional.of(lastBeat)),
                Instant.parse("2025-03-01T09:21:00Z"), Instant.parse("2025-03-01T09:21:30.250Z"));

        new EventBridgePublisher(eventsApi(), busName).publish(event);

        JsonNode envelope = onlyEnvelope();
        assertEquals("vigil", envelope.path("source").asText());
        assertEquals("ApplicationDown", envelope.path("detail-type").asText());
        assertTrue(envelope.path("resources").toString().contains("vigil:application/app-7f3a"),
                () -> "resources: " + envelope.path("resources"));
        assertEquals(event, AlertEventCodec.fromBusEvent(envelope));
    }

    @Test
    void upEventArrivesAsVigilEnvelopeAndRoundTrips() {
        Instant beatAt = Instant.parse("2025-03-01T09:40:05Z");
        AlertEvent event = Alerts.up(application(Status.DOWN, Optional.of(Instant.parse("2025-03-01T09:15:00Z")), 3),
                beatAt, beatAt.plusMillis(120));

        new EventBridgePublisher(eventsApi(), busName).publish(event);

        JsonNode envelope = onlyEnvelope();
        assertEquals("vigil", envelope.path("source").asText());
        assertEquals("ApplicationUp", envelope.path("detail-type").asText());
        assertEquals(event, AlertEventCodec.fromBusEvent(envelope));
    }

    @Test
    void tenEventsGoInOnePutEventsCallAndAllArrive() throws Exception {
        List<AlertEvent> batch = new ArrayList<>();
        for (int flips = 0; flips < EventPublisher.BATCH; flips++) {
            batch.add(Alerts.down(application(Status.UP, Optional.empty(), flips), Instant.parse("2025-03-01T09:21:00Z"),
                    Instant.parse("2025-03-01T09:21:30Z")));
        }
        EventBridgePublisher publisher = new EventBridgePublisher(eventsApi(), busName);

        assertEquals(List.of(), publisher.publishBatch(batch), "the bus took every entry");

        List<String> ids = new ArrayList<>();
        for (String body : inbox.messages(EventPublisher.BATCH, Duration.ofSeconds(15))) {
            ids.add(AlertEventCodec.fromBusEvent(Json.parse(body)).eventId());
        }
        ids.sort(null);
        assertEquals(batch.stream().map(AlertEvent::eventId).sorted().toList(), ids);
        assertThrows(IllegalArgumentException.class, () -> publisher.publishBatch(
                Stream.concat(batch.stream(), batch.stream()).toList()), "PutEvents takes at most ten");
    }

    @Test
    void aBatchToAMissingBusIsRefusedWhole() {
        AlertEvent event = Alerts.down(application(Status.UP, Optional.empty()),
                Instant.parse("2025-03-01T09:21:00Z"), Instant.parse("2025-03-01T09:21:30Z"));
        EventBridgePublisher publisher = new EventBridgePublisher(eventsApi(), "vigil-no-such-bus-" + UUID.randomUUID());
        assertEquals(List.of(event), publisher.publishBatch(List.of(event)));
    }

    /**
     * A bus that does not exist must make publish throw, so the caller keeps the event pending. AWS may
     * answer with an error response or with a failed entry; either way the publisher must not be silent.
     */
    @Test
    void publishingToMissingBusThrows() {
        AlertEvent event = Alerts.down(application(Status.UP, Optional.empty()),
                Instant.parse("2025-03-01T09:21:00Z"), Instant.parse("2025-03-01T09:21:30Z"));
        EventBridgePublisher publisher = new EventBridgePublisher(eventsApi(), "vigil-no-such-bus-" + UUID.randomUUID());

        RuntimeException thrown = assertThrows(RuntimeException.class, () -> publisher.publish(event));

        assertTrue(thrown instanceof AwsJsonCall.Failure || thrown instanceof IllegalStateException,
                () -> "unexpected failure type: " + thrown);
    }

    /** The publisher's own, signed calls to the endpoint (the SDK client above only sets the stage). */
    private AwsJsonCall eventsApi() {
        return AwsJsonCall.fromEnv(Env.of(Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL", endpoint(),
                "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test")), "EVENTBRIDGE", "events", "AWSEvents");
    }

    private static Application application(Status status, Optional<Instant> lastHeartbeat) {
        return application(status, lastHeartbeat, 2);
    }

    private static Application application(Status status, Optional<Instant> lastHeartbeat, long flips) {
        Instant created = Instant.parse("2025-02-01T00:00:00Z");
        return new Application("app-7f3a", UUID.randomUUID().toString(), "Billing nightly", 300, 60, status, status,
                true, lastHeartbeat, created, Optional.empty(), flips, created, created);
    }

    /** The EventBridge envelope of the one event the rule delivered to the queue. */
    private JsonNode onlyEnvelope() {
        String body = inbox.onlyMessage(RECEIVE_TIMEOUT);
        try {
            return Json.parse(body);
        } catch (Exception e) {
            throw new AssertionError("SQS body is not an EventBridge envelope: " + body, e);
        }
    }
}
