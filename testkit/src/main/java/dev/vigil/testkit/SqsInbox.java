package dev.vigil.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An SQS queue that a test subscribes to a topic or targets from a rule, to read back what an AWS
 * service delivered. Names are unique, so tests do not depend on the endpoint being empty.
 */
public final class SqsInbox {
    private final SqsClient sqs;
    private final String url;
    private final String arn;

    private SqsInbox(SqsClient sqs, String url, String arn) {
        this.sqs = sqs;
        this.url = url;
        this.arn = arn;
    }

    public static SqsInbox create(SqsClient sqs, String namePrefix) {
        String name = namePrefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        String url = sqs.createQueue(q -> q.queueName(name)).queueUrl();
        String arn = sqs.getQueueAttributes(a -> a.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        return new SqsInbox(sqs, url, arn);
    }

    public String arn() {
        return arn;
    }

    /** Lets {@code servicePrincipal} (e.g. sns.amazonaws.com) send from {@code sourceArn}; real AWS needs it, emulators ignore it. */
    public SqsInbox allowSendFrom(String servicePrincipal, String sourceArn) {
        String policy = """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"%s"},\
                "Action":"sqs:SendMessage","Resource":"%s","Condition":{"ArnEquals":{"aws:SourceArn":"%s"}}}]}"""
                .formatted(servicePrincipal, arn, sourceArn);
        sqs.setQueueAttributes(a -> a.queueUrl(url).attributes(Map.of(QueueAttributeName.POLICY, policy)));
        return this;
    }

    /**
     * Waits up to {@code timeout} for a message, then a second more to be sure no other follows, and
     * returns the body of the only one; fails when none or several arrived.
     */
    public String onlyMessage(Duration timeout) {
        List<Message> received = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.isEmpty() && System.nanoTime() < deadline) {
            received.addAll(receive(5));
        }
        if (received.isEmpty()) {
            throw new AssertionError("no message reached " + url + " within " + timeout);
        }
        received.addAll(receive(1));
        if (received.size() != 1) {
            throw new AssertionError("expected exactly one message on " + url + ", got " + received.size());
        }
        return received.get(0).body();
    }

    /** Waits until {@code count} messages arrived (or the timeout passed) and returns their bodies. */
    public List<String> messages(int count, Duration timeout) {
        List<Message> received = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.size() < count && System.nanoTime() < deadline) {
            received.addAll(receive(1));
        }
        return received.stream().map(Message::body).toList();
    }

    private List<Message> receive(int waitSeconds) {
        return sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(waitSeconds)
                .visibilityTimeout(60)).messages();
    }
}
