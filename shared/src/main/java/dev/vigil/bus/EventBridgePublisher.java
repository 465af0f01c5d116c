package dev.vigil.bus;

import dev.vigil.domain.AlertEvent;
import dev.vigil.runtime.Json;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/** Publishes alert events to one EventBridge bus, source {@value AlertEventCodec#SOURCE}, detail-type the alert type. */
public final class EventBridgePublisher implements EventPublisher {
    private final EventBridgeClient client;
    private final String busName;

    public EventBridgePublisher(EventBridgeClient client, String busName) {
        this.client = client;
        this.busName = busName;
    }

    @Override
    public void publish(AlertEvent event) {
        PutEventsRequestEntry entry = PutEventsRequestEntry.builder()
                .eventBusName(busName)
                .source(AlertEventCodec.SOURCE)
                .detailType(event.type().wire())
                .resources("vigil:application/" + event.applicationId())
                .detail(Json.write(AlertEventCodec.toDetail(event)))
                .build();
        PutEventsResponse response = client.putEvents(r -> r.entries(entry));
        if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
            PutEventsResultEntry failed = response.entries().get(0);
            throw new IllegalStateException("EventBridge rejected " + event.eventId() + ": "
                    + failed.errorCode() + " " + failed.errorMessage());
        }
    }
}
