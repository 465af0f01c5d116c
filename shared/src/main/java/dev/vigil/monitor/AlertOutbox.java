package dev.vigil.monitor;

import dev.vigil.events.AlertEvent;
import dev.vigil.events.EventPublisher;
import dev.vigil.log.Log;
import dev.vigil.store.EventStore;
import java.time.Clock;

/**
 * Moves recorded alert events onto the bus. An event the bus refused stays pending and is published
 * again on the detector's next pass, so an outage of the bus delays alerts but loses none.
 */
public final class AlertOutbox {
    private static final Log LOG = Log.of(AlertOutbox.class);

    private final EventStore events;
    private final EventPublisher publisher;
    private final Clock clock;

    public AlertOutbox(EventStore events, EventPublisher publisher, Clock clock) {
        this.events = events;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** Publishes one event; returns false (and leaves it pending) if the bus did not take it. */
    public boolean publish(AlertEvent event) {
        try {
            publisher.publish(event);
        } catch (RuntimeException e) {
            LOG.error("Publishing alert event failed; it stays pending", e,
                    "eventId", event.eventId(), "applicationId", event.applicationId());
            return false;
        }
        events.markPublished(event.eventId(), clock.instant());
        LOG.info("Alert event published", "eventId", event.eventId(), "type", event.type(),
                "applicationId", event.applicationId());
        return true;
    }

    /** Publishes the events still pending, oldest first; returns how many went out. */
    public int publishPending(int limit) {
        int published = 0;
        for (AlertEvent event : events.pending(limit)) {
            if (publish(event)) {
                published++;
            }
        }
        return published;
    }
}
