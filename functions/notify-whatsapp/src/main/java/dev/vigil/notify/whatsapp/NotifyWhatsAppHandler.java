package dev.vigil.notify.whatsapp;

import dev.vigil.domain.ChannelType;
import dev.vigil.notify.DashboardLink;
import dev.vigil.notify.HttpDelivery;
import dev.vigil.notify.NotifierFunction;
import dev.vigil.notify.SsmSecretReader;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Priming;
import dev.vigil.store.SecretReader;
import dev.vigil.wiring.Platform;

/** Sends alerts as WhatsApp Cloud API text messages. */
public final class NotifyWhatsAppHandler extends NotifierFunction {
    /** On Lambda: the platform from the environment, channel secrets from SSM Parameter Store. */
    public NotifyWhatsAppHandler() {
        this(Platform.fromEnvironment(), SsmSecretReader.fromEnv(Env.system()));
        Priming.beforeSnapshot(this);
    }

    public NotifyWhatsAppHandler(Platform platform, SecretReader secrets) {
        super(platform, secrets, ChannelType.WHATSAPP,
                new WhatsAppSender(HttpDelivery.fromEnv(platform.env()), DashboardLink.parse(platform.env().get(DashboardLink.VARIABLE))));
    }
}
