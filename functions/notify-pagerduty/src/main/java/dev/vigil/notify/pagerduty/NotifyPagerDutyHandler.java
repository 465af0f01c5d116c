package dev.vigil.notify.pagerduty;

import dev.vigil.channels.ChannelType;
import dev.vigil.config.Services;
import dev.vigil.notify.AlertDispatcher;
import dev.vigil.notify.HttpDelivery;
import dev.vigil.notify.NotifierFunction;

/** Triggers and resolves PagerDuty incidents through the Events API v2. */
public final class NotifyPagerDutyHandler extends NotifierFunction {
    public NotifyPagerDutyHandler() {
        this(Services.fromEnvironment());
    }

    public NotifyPagerDutyHandler(Services services) {
        this(dispatcher(services, ChannelType.PAGERDUTY,
                new PagerDutySender(services.port(HttpDelivery.class, env -> new HttpDelivery()), services.env())));
    }

    public NotifyPagerDutyHandler(AlertDispatcher dispatcher) {
        super(dispatcher);
    }
}
