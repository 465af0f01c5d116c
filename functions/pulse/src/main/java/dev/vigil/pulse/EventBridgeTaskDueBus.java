package dev.vigil.pulse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.bus.AlertEventCodec;
import dev.vigil.runtime.AwsJsonCall;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Json;

/**
 * {@code ScheduledTaskDue} events on the stack's EventBridge bus ({@code EVENT_BUS_NAME}): source
 * {@value AlertEventCodec#SOURCE}, resource {@code vigil:task/<taskId>}, one {@code PutEvents} call per event.
 */
public final class EventBridgeTaskDueBus implements TaskDueBus {
    private final AwsJsonCall events;
    private final String busName;

    public EventBridgeTaskDueBus(AwsJsonCall events, String busName) {
        this.events = events;
        this.busName = busName;
    }

    public static EventBridgeTaskDueBus fromEnv(Env env) {
        return new EventBridgeTaskDueBus(AwsJsonCall.fromEnv(env, "EVENTBRIDGE", "events", "AWSEvents"),
                env.require("EVENT_BUS_NAME"));
    }

    @Override
    public void put(String taskId, ObjectNode detail) {
        ObjectNode body = Json.object();
        ObjectNode entry = body.putArray("Entries").addObject();
        entry.put("EventBusName", busName);
        entry.put("Source", AlertEventCodec.SOURCE);
        entry.put("DetailType", DETAIL_TYPE);
        entry.putArray("Resources").add("vigil:task/" + taskId);
        entry.put("Detail", Json.write(detail));
        JsonNode answer = events.call("PutEvents", body);
        if (answer.path("FailedEntryCount").asInt(0) > 0) {
            JsonNode failed = answer.path("Entries").path(0);
            throw new IllegalStateException("EventBridge rejected the event: " + failed.path("ErrorCode").asText());
        }
    }
}
