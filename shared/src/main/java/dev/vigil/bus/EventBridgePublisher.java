package dev.vigil.bus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.AlertEvent;
import dev.vigil.runtime.AwsJsonCall;
import dev.vigil.runtime.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes alert events to one EventBridge bus, source {@value AlertEventCodec#SOURCE}, detail-type
 * the alert type, with {@code PutEvents} called directly ({@link AwsJsonCall}). Throws when the bus did
 * not take the event (an error answer, or a failed entry), so the ledger keeps it pending.
 */
public final class EventBridgePublisher implements EventPublisher {
    private final AwsJsonCall events;
    private final String busName;

    public EventBridgePublisher(AwsJsonCall events, String busName) {
        this.events = events;
        this.busName = busName;
    }

    @Override
    public void publish(AlertEvent event) {
        JsonNode answer = events.call("PutEvents", entries(List.of(event)));
        if (answer.path("FailedEntryCount").asInt(0) > 0) {
            JsonNode failed = answer.path("Entries").path(0);
            throw new IllegalStateException("EventBridge rejected " + event.eventId() + ": "
                    + failed.path("ErrorCode").asText() + " " + failed.path("ErrorMessage").asText());
        }
    }

    /** One {@code PutEvents} call for up to {@value EventPublisher#BATCH} events; the entries it failed are returned. */
    @Override
    public List<AlertEvent> publishBatch(List<AlertEvent> batch) {
        if (batch.size() > BATCH) {
            throw new IllegalArgumentException("PutEvents takes at most " + BATCH + " entries, got " + batch.size());
        }
        JsonNode answer;
        try {
            answer = events.call("PutEvents", entries(batch));
        } catch (RuntimeException e) {
            return batch;
        }
        if (answer.path("FailedEntryCount").asInt(0) == 0) {
            return List.of();
        }
        List<AlertEvent> refused = new ArrayList<>();
        JsonNode results = answer.path("Entries");
        for (int i = 0; i < batch.size(); i++) {
            JsonNode result = results.path(i);
            if (result.isMissingNode() || result.hasNonNull("ErrorCode") || !result.hasNonNull("EventId")) {
                refused.add(batch.get(i));
            }
        }
        return refused;
    }

    private ObjectNode entries(List<AlertEvent> batch) {
        ObjectNode body = Json.object();
        ArrayNode entries = body.putArray("Entries");
        for (AlertEvent event : batch) {
            ObjectNode entry = entries.addObject();
            entry.put("EventBusName", busName);
            entry.put("Source", AlertEventCodec.SOURCE);
            entry.put("DetailType", event.type().wire());
            entry.putArray("Resources").add(AlertEventCodec.resource(event));
            entry.put("Detail", Json.write(AlertEventCodec.toDetail(event)));
        }
        return body;
    }
}
