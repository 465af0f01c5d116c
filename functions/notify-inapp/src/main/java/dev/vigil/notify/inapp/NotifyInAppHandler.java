package dev.vigil.notify.inapp;

import dev.vigil.channels.ChannelType;
import dev.vigil.config.Services;
import dev.vigil.notify.AlertDispatcher;
import dev.vigil.notify.NotifierFunction;
import java.util.Optional;

/**
 * The in-app channel: every alert is recorded in the notification log, which the admin API lists
 * ({@code GET /api/notifications?channel=inapp}) and the dashboard shows. The record is the delivery.
 */
public final class NotifyInAppHandler extends NotifierFunction {
    public NotifyInAppHandler() {
        this(Services.fromEnvironment());
    }

    public NotifyInAppHandler(Services services) {
        this(dispatcher(services, ChannelType.INAPP, (target, event) -> Optional.empty()));
    }

    public NotifyInAppHandler(AlertDispatcher dispatcher) {
        super(dispatcher);
    }
}
