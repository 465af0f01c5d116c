package dev.vigil.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.runtime.Json;
import dev.vigil.sweep.SweepMessage;
import dev.vigil.sweep.SweepQueue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The sweep queue in this process, in place of SQS: messages are handed, asynchronously and in batches
 * of the template's {@code BatchSize}, in the event shape SQS uses, to the function the template
 * subscribes to the queue. As with the template's redrive policy, a message the function reports failed
 * ({@code batchItemFailures}), or a batch whose invocation throws, is delivered again, three times in
 * all; then it is dropped, with a line saying that on AWS it would wait in the dead-letter queue.
 */
final class LocalSweepQueue implements SweepQueue, AutoCloseable {
    static final int MAX_RECEIVES = 3;

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final long retryDelayMillis;
    private volatile LocalFunction consumer;
    private volatile int batchSize = 10;

    LocalSweepQueue(long retryDelayMillis) {
        this.retryDelayMillis = retryDelayMillis;
    }

    void deliverTo(LocalFunction function, int batch) {
        this.consumer = function;
        this.batchSize = Math.max(1, batch);
    }

    private record Delivery(String messageId, SweepMessage message) {
    }

    @Override
    public void send(List<SweepMessage> messages) {
        if (consumer == null) {
            throw new IllegalStateException("no function of the template reads the sweep queue");
        }
        List<Delivery> deliveries = messages.stream().map(m -> new Delivery(UUID.randomUUID().toString(), m)).toList();
        for (int from = 0; from < deliveries.size(); from += batchSize) {
            List<Delivery> batch = deliveries.subList(from, Math.min(deliveries.size(), from + batchSize));
            executor.submit(() -> deliver(batch, 1));
        }
    }

    private void deliver(List<Delivery> batch, int receive) {
        Set<String> failed = new HashSet<>();
        try {
            JsonNode answer = consumer.invoke(event(batch, receive));
            answer.path("batchItemFailures").forEach(f -> failed.add(f.path("itemIdentifier").asText()));
        } catch (RuntimeException e) {
            System.err.printf("[sweep-queue] %s failed on a batch of %d: %s%n", consumer.logicalId(), batch.size(), e);
            batch.forEach(d -> failed.add(d.messageId()));
        }
        List<Delivery> again = new ArrayList<>(batch.stream().filter(d -> failed.contains(d.messageId())).toList());
        if (again.isEmpty()) {
            return;
        }
        if (receive >= MAX_RECEIVES) {
            again.forEach(d -> System.err.printf("[sweep-queue] gave up on %s after %d receives; on AWS it would wait in the"
                    + " dead-letter queue%n", d.message().body(), receive));
            return;
        }
        try {
            Thread.sleep(retryDelayMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        deliver(again, receive + 1);
    }

    private static ObjectNode event(List<Delivery> batch, int receive) {
        ObjectNode event = Json.object();
        ArrayNode records = event.putArray("Records");
        long now = Instant.now().toEpochMilli();
        for (Delivery d : batch) {
            ObjectNode record = records.addObject().put("messageId", d.messageId()).put("receiptHandle", d.messageId())
                    .put("body", d.message().body());
            record.putObject("attributes").put("ApproximateReceiveCount", Integer.toString(receive))
                    .put("SentTimestamp", Long.toString(d.message().queuedAt().toEpochMilli()))
                    .put("ApproximateFirstReceiveTimestamp", Long.toString(now));
            record.putObject("messageAttributes");
            record.put("eventSource", "aws:sqs").put("eventSourceARN", "arn:aws:sqs:us-east-1:000000000000:vigil-local-sweep")
                    .put("awsRegion", "us-east-1");
        }
        return event;
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
