package dev.vigil.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Reads a table's DynamoDB stream on DynamoDB Local from its start, shard by shard: each call to
 * {@link #next} returns the records written since the previous one, in order within a shard.
 */
public final class TableStream implements AutoCloseable {
    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    /** The next iterator of every shard seen; empty once a closed shard was read to its end. */
    private final Map<String, String> iterators = new LinkedHashMap<>();
    /** The sequence number of the last record read of every shard. */
    private final Map<String, String> lastRead = new LinkedHashMap<>();

    public TableStream(String endpoint, String streamArn) {
        this(endpoint, streamArn, Map.of());
    }

    /**
     * A reader that takes up each shard of {@code positions} (shard id to the sequence number of the
     * last record read, as {@link #positions} gave them) just after that record, and other shards from
     * their start: for a reader that carries on where an earlier one stopped.
     */
    public TableStream(String endpoint, String streamArn, Map<String, String> positions) {
        this.streams = AwsTestClients.build(DynamoDbStreamsClient.builder(), endpoint);
        this.streamArn = streamArn;
        this.lastRead.putAll(positions);
    }

    /** The sequence number of the last record read, by shard id. */
    public Map<String, String> positions() {
        return Map.copyOf(lastRead);
    }

    public String streamArn() {
        return streamArn;
    }

    /** Up to {@code limit} records per shard written since the last call. */
    public List<Record> next(int limit) {
        List<Record> records = new ArrayList<>();
        for (Shard shard : streams.describeStream(d -> d.streamArn(streamArn)).streamDescription().shards()) {
            String iterator = iterators.computeIfAbsent(shard.shardId(), this::iterator);
            if (iterator.isEmpty()) {
                continue;
            }
            GetRecordsResponse response;
            try {
                response = streams.getRecords(g -> g.shardIterator(iterator).limit(limit));
            } catch (TrimmedDataAccessException staleIterator) {
                // DynamoDB Local refuses an iterator taken on a still empty shard once other tables were written
                // meanwhile, though nothing was trimmed: take the shard up again after what was read of it.
                String again = iterator(shard.shardId());
                response = streams.getRecords(g -> g.shardIterator(again).limit(limit));
            }
            records.addAll(response.records());
            if (response.hasRecords() && !response.records().isEmpty()) {
                lastRead.put(shard.shardId(), response.records().get(response.records().size() - 1).dynamodb().sequenceNumber());
            }
            iterators.put(shard.shardId(), response.nextShardIterator() == null ? "" : response.nextShardIterator());
        }
        return records;
    }

    /** An iterator of the shard just after its last record read, or at its start if none was read. */
    private String iterator(String shardId) {
        String after = lastRead.get(shardId);
        return streams.getShardIterator(g -> {
            g.streamArn(streamArn).shardId(shardId);
            if (after == null) {
                g.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
            } else {
                g.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(after);
            }
        }).shardIterator();
    }

    /** The event Lambda passes a function for {@code records} of this stream (its DynamoDB event JSON). */
    public ObjectNode lambdaEvent(List<Record> records) {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        ArrayNode list = event.putArray("Records");
        for (Record record : records) {
            ObjectNode node = list.addObject();
            node.put("eventID", record.eventID());
            node.put("eventName", record.eventNameAsString());
            node.put("eventVersion", "1.1");
            node.put("eventSource", "aws:dynamodb");
            node.put("awsRegion", "us-east-1");
            ObjectNode change = node.putObject("dynamodb");
            StreamRecord data = record.dynamodb();
            if (data.approximateCreationDateTime() != null) {
                change.put("ApproximateCreationDateTime", data.approximateCreationDateTime().getEpochSecond());
            }
            change.set("Keys", image(data.keys()));
            if (data.hasNewImage()) {
                change.set("NewImage", image(data.newImage()));
            }
            if (data.hasOldImage()) {
                change.set("OldImage", image(data.oldImage()));
            }
            change.put("SequenceNumber", data.sequenceNumber());
            change.put("SizeBytes", data.sizeBytes());
            change.put("StreamViewType", data.streamViewTypeAsString());
            node.put("eventSourceARN", streamArn);
        }
        return event;
    }

    private static ObjectNode image(Map<String, AttributeValue> item) {
        ObjectNode image = JsonNodeFactory.instance.objectNode();
        item.forEach((name, value) -> image.set(name, value(value)));
        return image;
    }

    private static ObjectNode value(AttributeValue value) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        if (value.s() != null) {
            node.put("S", value.s());
        } else if (value.n() != null) {
            node.put("N", value.n());
        } else if (value.bool() != null) {
            node.put("BOOL", value.bool());
        } else if (Boolean.TRUE.equals(value.nul())) {
            node.put("NULL", true);
        } else if (value.hasL()) {
            ArrayNode list = node.putArray("L");
            value.l().forEach(v -> list.add(value(v)));
        } else if (value.hasM()) {
            node.set("M", image(value.m()));
        } else if (value.equals(AttributeValue.builder().build())) {
            // An empty map (an item's map of open runs once its last one ended) reads back with no type set.
            node.putObject("M");
        } else {
            throw new IllegalArgumentException("unsupported attribute value " + value.type());
        }
        return node;
    }

    @Override
    public void close() {
        streams.close();
    }
}
