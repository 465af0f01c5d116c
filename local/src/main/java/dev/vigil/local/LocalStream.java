package dev.vigil.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.runtime.Json;
import dev.vigil.testkit.TableStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * A DynamoDB stream event source, as Lambda runs one: reads a table's stream on DynamoDB Local, wraps
 * up to {@code batchSize} records in the event Lambda would pass, keeps only those the template's
 * filter lets through, and invokes the function; a batch whose invocation fails is retried (after a
 * second) until it succeeds, so no record is skipped.
 */
final class LocalStream implements AutoCloseable {
    private static final long IDLE_MILLIS = 100;

    private final TableStream stream;
    private final LocalFunction target;
    private final int batchSize;
    private final Optional<EventPattern> filter;
    private final Optional<Path> checkpoint;
    private final Consumer<List<Record>> observer;
    private final Thread reader;
    private volatile boolean running = true;

    LocalStream(String endpoint, String streamArn, LocalFunction target, int batchSize, Optional<EventPattern> filter) {
        this(endpoint, streamArn, target, batchSize, filter, Optional.empty(), records -> { });
    }

    /**
     * A reader that, given a {@code checkpoint} file, carries on after the last record an earlier reader
     * delivered (and records its own progress there after every batch), and shows {@code observer}
     * every record read, before the filter, once the function has taken the batch.
     */
    LocalStream(String endpoint, String streamArn, LocalFunction target, int batchSize, Optional<EventPattern> filter,
                Optional<Path> checkpoint, Consumer<List<Record>> observer) {
        this.stream = new TableStream(endpoint, streamArn, checkpoint.map(LocalStream::positions).orElse(Map.of()));
        this.target = target;
        this.batchSize = batchSize;
        this.filter = filter;
        this.checkpoint = checkpoint;
        this.observer = observer;
        this.reader = Thread.ofVirtual().name("stream-" + target.logicalId()).unstarted(this::run);
    }

    /** The positions a checkpoint file holds: shard id to the sequence number of the last record delivered. */
    private static Map<String, String> positions(Path file) {
        Map<String, String> positions = new LinkedHashMap<>();
        DataDir.read(file).ifPresent(text -> {
            try {
                Json.parse(text).fields().forEachRemaining(e -> positions.put(e.getKey(), e.getValue().asText()));
            } catch (Exception e) {
                throw new IllegalStateException("the stream checkpoint " + file + " is not JSON; remove it to read the"
                        + " stream from its start", e);
            }
        });
        return positions;
    }

    LocalStream start() {
        reader.start();
        return this;
    }

    private void run() {
        while (running) {
            try {
                List<Record> records = stream.next(batchSize);
                if (records.isEmpty()) {
                    Thread.sleep(IDLE_MILLIS);
                } else {
                    deliver(records);
                    if (running) {
                        saveCheckpoint();
                        observer.accept(records);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (running) {
                    System.err.println("[stream] " + target.logicalId() + ": " + e);
                    Pause.quietly(1000);
                }
            }
        }
    }

    private void deliver(List<Record> records) {
        ObjectNode event = event(records);
        while (running && event.path("Records").size() > 0) {
            try {
                target.invoke(event);
                return;
            } catch (RuntimeException e) {
                System.err.println("[stream] " + target.logicalId() + " failed on a batch of " + records.size()
                        + " records, retrying: " + e);
                Pause.quietly(1000);
            }
        }
    }

    private void saveCheckpoint() {
        checkpoint.ifPresent(file -> {
            ObjectNode positions = Json.object();
            stream.positions().forEach(positions::put);
            DataDir.writePrivately(file, Json.write(positions));
        });
    }

    /** The Lambda event for {@code records}, without those the template's filter drops. */
    private ObjectNode event(List<Record> records) {
        ObjectNode event = stream.lambdaEvent(records);
        if (filter.isPresent()) {
            ArrayNode kept = Json.object().putArray("Records");
            event.path("Records").forEach(record -> {
                if (filter.get().matches(record)) {
                    kept.add(record);
                }
            });
            event.set("Records", kept);
        }
        return event;
    }

    /** The template's {@code FilterCriteria}: its first pattern, if any. */
    static Optional<EventPattern> filter(JsonNode properties) {
        JsonNode pattern = properties.path("FilterCriteria").path("Filters").path(0).path("Pattern");
        if (pattern.isMissingNode()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new EventPattern(Json.parse(pattern.asText())));
        } catch (Exception e) {
            throw new IllegalStateException("FilterCriteria pattern is not JSON: " + pattern.asText(), e);
        }
    }

    @Override
    public void close() {
        running = false;
        reader.interrupt();
        stream.close();
    }
}
