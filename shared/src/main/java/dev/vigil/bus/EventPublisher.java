package dev.vigil.bus;

import dev.vigil.domain.AlertEvent;

/** Puts alert events on the bus. Throws when the bus did not accept the event, so it stays pending. */
public interface EventPublisher {
    void publish(AlertEvent event);
}
