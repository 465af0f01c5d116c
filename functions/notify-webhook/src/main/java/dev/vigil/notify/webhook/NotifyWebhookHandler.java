package dev.vigil.notify.webhook;

import dev.vigil.domain.ChannelType;
import dev.vigil.notify.HttpDelivery;
import dev.vigil.notify.NotifierFunction;
import dev.vigil.notify.SsmSecretReader;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Priming;
import dev.vigil.store.SecretReader;
import dev.vigil.wiring.Platform;

/** POSTs alerts as signed JSON to user webhooks. */
public final class NotifyWebhookHandler extends NotifierFunction {
    /** On Lambda: the platform from the environment, channel secrets from SSM Parameter Store. */
    public NotifyWebhookHandler() {
        this(Platform.fromEnvironment(), SsmSecretReader.fromEnv(Env.system()));
        Priming.beforeSnapshot(this);
    }

    public NotifyWebhookHandler(Platform platform, SecretReader secrets) {
        super(platform, secrets, ChannelType.WEBHOOK,
                new WebhookSender(HttpDelivery.fromEnv(platform.env())));
    }
}
