package dev.vigil.notify.webhook;

import dev.vigil.channels.ChannelType;
import dev.vigil.config.Services;
import dev.vigil.notify.AlertDispatcher;
import dev.vigil.notify.HttpDelivery;
import dev.vigil.notify.NotifierFunction;

/** POSTs alerts as signed JSON to user webhooks. */
public final class NotifyWebhookHandler extends NotifierFunction {
    public NotifyWebhookHandler() {
        this(Services.fromEnvironment());
    }

    public NotifyWebhookHandler(Services services) {
        this(dispatcher(services, ChannelType.WEBHOOK,
                new WebhookSender(services.port(HttpDelivery.class, env -> new HttpDelivery()), services.env())));
    }

    public NotifyWebhookHandler(AlertDispatcher dispatcher) {
        super(dispatcher);
    }
}
