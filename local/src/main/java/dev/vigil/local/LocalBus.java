package dev.vigil.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.bus.AlertEventCodec;
import dev.vigil.bus.EventPublisher;
import dev.vigil.domain.AlertEvent;
import dev.vigil.runtime.Json;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The event bus when no AWS endpoint is configured: each published event is wrapped in the envelope
 * EventBridge would deliver and handed, asynchronously, to every function whose rule in the template
 * matches it. Like Lambda's asynchronous invocation, a failing target is retried twice with backoff.
 */
final class LocalBus implements EventPublisher, AutoCloseable {
    static final int RETRIES = 2;

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final long backoffMillis;

    LocalBus(long backoffMillis) {
        this.backoffMillis = backoffMillis;
    }

    record Rule(String name, EventPattern pattern, LocalFunction target) {
    }

    void addRule(String name, JsonNode pattern, LocalFunction target) {
        rules.add(new Rule(name, new EventPattern(pattern), target));
    }

    @Override
    public void publish(AlertEvent event) {
        ObjectNode envelope = envelope(event);
        for (Rule rule : rules) {
            if (rule.pattern().matches(envelope)) {
                executor.submit(() -> deliver(rule, envelope));
            }
        }
    }

    static ObjectNode envelope(AlertEvent event) {
        ObjectNode envelope = Json.object();
        envelope.put("version", "0");
        envelope.put("id", UUID.randomUUID().toString());
        envelope.put("detail-type", event.type().wire());
        envelope.put("source", AlertEventCodec.SOURCE);
        envelope.put("account", "000000000000");
        envelope.put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        envelope.put("region", "us-east-1");
        envelope.putArray("resources").add(AlertEventCodec.resource(event));
        envelope.set("detail", AlertEventCodec.toDetail(event));
        return envelope;
    }

    private void deliver(Rule rule, ObjectNode envelope) {
        for (int attempt = 0; attempt <= RETRIES; attempt++) {
            try {
                rule.target().invoke(envelope);
                return;
            } catch (RuntimeException e) {
                System.err.printf("[bus] %s failed on attempt %d for %s: %s%n", rule.target().logicalId(), attempt + 1,
                        envelope.path("detail").path("eventId").asText(), e);
                if (attempt == RETRIES) {
                    System.err.printf("[bus] %s gave up on %s; on AWS it would go to the dead-letter queue%n",
                            rule.target().logicalId(), envelope.path("detail").path("eventId").asText());
                    return;
                }
                try {
                    Thread.sleep(backoffMillis * (1L << attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
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
