package dev.vigil.events;

import dev.vigil.aws.Clients;
import dev.vigil.config.Env;
import dev.vigil.json.Json;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/** Publishes alert events to the EventBridge bus named by {@code EVENT_BUS_NAME}. */
public final class EventBridgePublisher implements EventPublisher {
    private final EventBridgeClient client;
    private final String busName;

    public EventBridgePublisher(EventBridgeClient client, String busName) {
        this.client = client;
        this.busName = busName;
    }

    public static EventBridgePublisher fromEnv(Env env) {
        EventBridgeClient client = Clients.configure(EventBridgeClient.builder(), env, "EVENTBRIDGE")
                .httpClient(Clients.httpClient())
                .build();
        return new EventBridgePublisher(client, env.require("EVENT_BUS_NAME"));
    }

    @Override
    public void publish(AlertEvent event) {
        PutEventsRequestEntry entry = PutEventsRequestEntry.builder()
                .eventBusName(busName)
                .source(AlertEvent.SOURCE)
                .detailType(event.type())
                .resources("vigil:application/" + event.applicationId())
                .detail(Json.write(event.toDetail()))
                .build();
        PutEventsResponse response = client.putEvents(r -> r.entries(entry));
        if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
            PutEventsResultEntry failed = response.entries().get(0);
            throw new IllegalStateException("EventBridge rejected " + event.eventId() + ": "
                    + failed.errorCode() + " " + failed.errorMessage());
        }
    }
}
