package dev.vigil.bus;

import dev.vigil.domain.AlertEvent;
import java.util.ArrayList;
import java.util.List;

/** Puts alert events on the bus. Throws when the bus did not accept the event, so it stays pending. */
public interface EventPublisher {
    /** The most events one {@link #publishBatch} call takes (EventBridge's {@code PutEvents} limit). */
    int BATCH = 10;

    void publish(AlertEvent event);

    /**
     * Publishes up to {@value #BATCH} events at once; returns those the bus did not take (all of them
     * when the call failed). One call per event unless the bus can take several in one request.
     */
    default List<AlertEvent> publishBatch(List<AlertEvent> events) {
        List<AlertEvent> refused = new ArrayList<>();
        for (AlertEvent event : events) {
            try {
                publish(event);
            } catch (RuntimeException e) {
                refused.add(event);
            }
        }
        return refused;
    }
}
