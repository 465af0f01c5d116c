package dev.vigil.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.runtime.Json;
import dev.vigil.testkit.AwsTestClients;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Wiring on an AWS-compatible endpoint (moto_server, LocalStack): the bus and topic are created there,
 * each bus rule of the template targets an SQS queue that this runner polls to invoke the notifier
 * (the endpoint cannot run Lambda code), and a queue subscribed to the topic shows what SNS sent.
 */
final class EndpointWiring implements AutoCloseable {
    private final EventBridgeClient events;
    private final SnsClient sns;
    private final SqsClient sqs;
    private final PrintStream out;
    private final ExecutorService pollers = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean running = true;

    EndpointWiring(String endpoint, PrintStream out) {
        this.out = out;
        this.events = AwsTestClients.build(EventBridgeClient.builder(), endpoint);
        this.sns = AwsTestClients.build(SnsClient.builder(), endpoint);
        this.sqs = AwsTestClients.sqs(endpoint);
    }

    String createTopic(String name) {
        return sns.createTopic(t -> t.name(name)).topicArn();
    }

    void createBus(String name) {
        try {
            events.createEventBus(b -> b.name(name));
        } catch (ResourceAlreadyExistsException existing) {
            // Reuse the bus of an earlier run against the same endpoint.
        }
    }

    /** The template's rule on the endpoint's bus, delivering to a queue that invokes {@code target}. */
    void routeRule(String bus, String ruleName, JsonNode pattern, LocalFunction target) {
        String queueUrl = sqs.createQueue(q -> q.queueName("vigil-local-" + ruleName)
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "10"))).queueUrl();
        String queueArn = queueArn(queueUrl);
        events.putRule(r -> r.name(ruleName).eventBusName(bus).eventPattern(Json.write(pattern)));
        events.putTargets(t -> t.rule(ruleName).eventBusName(bus).targets(x -> x.id("queue").arn(queueArn)));
        poll(queueUrl, message -> target.invoke(Json.parse(message.body())));
    }

    /** Subscribes a queue to the topic and prints every message SNS delivers to it. */
    void printTopic(String topicArn) {
        String queueUrl = sqs.createQueue(q -> q.queueName("vigil-local-alert-feed")).queueUrl();
        sns.subscribe(s -> s.topicArn(topicArn).protocol("sqs").endpoint(queueArn(queueUrl)));
        poll(queueUrl, message -> {
            JsonNode envelope = Json.parse(message.body());
            out.println("[sns] " + envelope.path("Subject").asText("") + " | " + envelope.path("Message").asText(""));
        });
    }

    private String queueArn(String queueUrl) {
        return sqs.getQueueAttributes(a -> a.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    interface MessageHandler {
        void handle(Message message) throws Exception;
    }

    private void poll(String queueUrl, MessageHandler handler) {
        pollers.submit(() -> {
            while (running) {
                try {
                    List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(1)
                            .maxNumberOfMessages(10)).messages();
                    for (Message message : messages) {
                        try {
                            handler.handle(message);
                            sqs.deleteMessage(d -> d.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                        } catch (Exception e) {
                            // Left on the queue: it is delivered again after the visibility timeout.
                            System.err.println("[bus] delivery from " + queueUrl + " failed, will retry: " + e);
                        }
                    }
                } catch (RuntimeException e) {
                    if (running) {
                        System.err.println("[bus] polling " + queueUrl + " failed: " + e);
                        Pause.quietly(1000);
                    }
                }
            }
        });
    }

    @Override
    public void close() {
        running = false;
        pollers.shutdownNow();
        events.close();
        sns.close();
        sqs.close();
    }
}
