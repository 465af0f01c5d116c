package dev.vigil.notify;

import dev.vigil.domain.AlertEvent;
import java.util.Optional;

/** Delivers one alert to one channel, formatted for that channel; throws {@link DeliveryException} on failure. */
public interface ChannelSender {
    /** Sends; returns the provider's HTTP status, if the channel speaks HTTP. */
    Optional<Integer> send(ChannelTarget target, AlertEvent event);

    /**
     * Whether the channel keeps incident state that a late down alert could leave open (PagerDuty): then
     * a recovery that overtook a down is sent again after it.
     */
    default boolean tracksIncidents() {
        return false;
    }
}
