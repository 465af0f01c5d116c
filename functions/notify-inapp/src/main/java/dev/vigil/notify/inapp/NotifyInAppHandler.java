package dev.vigil.notify.inapp;

import dev.vigil.domain.ChannelType;
import dev.vigil.notify.NotifierFunction;
import dev.vigil.runtime.Priming;
import dev.vigil.wiring.Platform;
import java.util.Optional;

/**
 * The in-app channel: every alert is recorded in the notification log, which the admin API lists
 * ({@code GET /api/notifications?channel=inapp}) and the dashboard shows. The record is the delivery.
 */
public final class NotifyInAppHandler extends NotifierFunction {
    public NotifyInAppHandler() {
        this(Platform.fromEnvironment());
        Priming.beforeSnapshot(this);
    }

    public NotifyInAppHandler(Platform platform) {
        super(platform, ChannelType.INAPP, (target, event) -> Optional.empty());
    }
}
