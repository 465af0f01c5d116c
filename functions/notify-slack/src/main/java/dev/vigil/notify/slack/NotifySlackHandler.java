package dev.vigil.notify.slack;

import dev.vigil.channels.ChannelType;
import dev.vigil.config.Services;
import dev.vigil.notify.AlertDispatcher;
import dev.vigil.notify.HttpDelivery;
import dev.vigil.notify.NotifierFunction;

/** Delivers alerts to Slack incoming webhooks as Block Kit messages. */
public final class NotifySlackHandler extends NotifierFunction {
    public NotifySlackHandler() {
        this(Services.fromEnvironment());
    }

    public NotifySlackHandler(Services services) {
        this(dispatcher(services, ChannelType.SLACK,
                new SlackSender(services.port(HttpDelivery.class, env -> new HttpDelivery()), services.env())));
    }

    public NotifySlackHandler(AlertDispatcher dispatcher) {
        super(dispatcher);
    }
}
