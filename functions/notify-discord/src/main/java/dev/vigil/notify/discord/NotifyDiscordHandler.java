package dev.vigil.notify.discord;

import dev.vigil.channels.ChannelType;
import dev.vigil.config.Services;
import dev.vigil.notify.AlertDispatcher;
import dev.vigil.notify.HttpDelivery;
import dev.vigil.notify.NotifierFunction;

/** Delivers alerts to Discord webhooks as embeds. */
public final class NotifyDiscordHandler extends NotifierFunction {
    public NotifyDiscordHandler() {
        this(Services.fromEnvironment());
    }

    public NotifyDiscordHandler(Services services) {
        this(dispatcher(services, ChannelType.DISCORD,
                new DiscordSender(services.port(HttpDelivery.class, env -> new HttpDelivery()), services.env())));
    }

    public NotifyDiscordHandler(AlertDispatcher dispatcher) {
        super(dispatcher);
    }
}
