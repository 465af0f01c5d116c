package dev.vigil.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.runtime.AwsJsonCall;
import dev.vigil.runtime.Env;
import dev.vigil.testkit.AwsTestClients;
import dev.vigil.testkit.MotoServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** The sweep queue's SQS adapter against moto_server's SQS; skipped, saying why, without moto_server. */
class SqsSweepQueueTest {
    private SqsClient sqs;
    private String queueUrl;

    @BeforeEach
    void createQueue() {
        assumeTrue(MotoServer.available(), () -> MotoServer.skipReason(getClass()));
        sqs = AwsTestClients.sqs(MotoServer.shared().endpoint());
        queueUrl = sqs.createQueue(q -> q.queueName("sweep-" + UUID.randomUUID().toString().substring(0, 8))).queueUrl();
    }

    private SqsSweepQueue queue(String url) {
        return SqsSweepQueue.fromEnv(Env.of(Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL", MotoServer.shared().endpoint(),
                SqsSweepQueue.URL_SETTING, url)));
    }

    @Test
    void tenantsAreSentTenToAMessageInBatchesOfTenMessages() {
        List<String> ids = IntStream.range(0, 123).mapToObj(i -> String.format("tn_%012d", i)).toList();
        Instant queuedAt = Instant.parse("2026-11-24T12:00:00.812Z");

        queue(queueUrl).send(SweepMessage.batches(ids, queuedAt));

        List<SweepMessage> received = new ArrayList<>();
        List<Message> batch;
        do {
            batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            batch.forEach(m -> received.add(SweepMessage.parse(m.body())));
        } while (!batch.isEmpty());
        assertEquals(13, received.size(), "123 tenants, 10 a message, sent in two calls");
        assertEquals(ids, received.stream().sorted(Comparator.comparing(m -> m.tenantIds().get(0)))
                .flatMap(m -> m.tenantIds().stream()).toList());
        assertEquals(queuedAt, received.get(0).queuedAt());
    }

    @Test
    void aQueueThatDoesNotExistFailsTheSend() {
        SqsSweepQueue missing = queue(queueUrl.replaceAll("[^/]+$", "no-such-queue"));
        assertThrows(AwsJsonCall.Failure.class, () -> missing.send(SweepMessage.batches(List.of("tn_k3v9x2m7q4pa"), Instant.now())));
    }
}
