package dev.vigil.notify.whatsapp;

import dev.vigil.channels.ChannelType;
import dev.vigil.config.Services;
import dev.vigil.notify.AlertDispatcher;
import dev.vigil.notify.HttpDelivery;
import dev.vigil.notify.NotifierFunction;

/** Sends alerts as WhatsApp Cloud API text messages. */
public final class NotifyWhatsAppHandler extends NotifierFunction {
    public NotifyWhatsAppHandler() {
        this(Services.fromEnvironment());
    }

    public NotifyWhatsAppHandler(Services services) {
        this(dispatcher(services, ChannelType.WHATSAPP,
                new WhatsAppSender(services.port(HttpDelivery.class, env -> new HttpDelivery()), services.env())));
    }

    public NotifyWhatsAppHandler(AlertDispatcher dispatcher) {
        super(dispatcher);
    }
}
