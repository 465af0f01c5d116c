package dev.vigil.bus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.AlertEvent;
import dev.vigil.runtime.AwsJsonCall;
import dev.vigil.runtime.Json;

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
        ObjectNode body = Json.object();
        ObjectNode entry = body.putArray("Entries").addObject();
        entry.put("EventBusName", busName);
        entry.put("Source", AlertEventCodec.SOURCE);
        entry.put("DetailType", event.type().wire());
        entry.putArray("Resources").add("vigil:application/" + event.applicationId());
        entry.put("Detail", Json.write(AlertEventCodec.toDetail(event)));
        JsonNode answer = events.call("PutEvents", body);
        if (answer.path("FailedEntryCount").asInt(0) > 0) {
            JsonNode failed = answer.path("Entries").path(0);
            throw new IllegalStateException("EventBridge rejected " + event.eventId() + ": "
                    + failed.path("ErrorCode").asText() + " " + failed.path("ErrorMessage").asText());
        }
    }
}
