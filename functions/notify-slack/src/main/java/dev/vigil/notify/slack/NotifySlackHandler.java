package dev.vigil.notify.slack;

import dev.vigil.domain.ChannelType;
import dev.vigil.notify.DashboardLink;
import dev.vigil.notify.HttpDelivery;
import dev.vigil.notify.NotifierFunction;
import dev.vigil.notify.SsmSecretReader;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Priming;
import dev.vigil.store.SecretReader;
import dev.vigil.wiring.Platform;

/** Delivers alerts to Slack incoming webhooks as Block Kit messages. */
public final class NotifySlackHandler extends NotifierFunction {
    /** On Lambda: the platform from the environment, channel secrets from SSM Parameter Store. */
    public NotifySlackHandler() {
        this(Platform.fromEnvironment(), SsmSecretReader.fromEnv(Env.system()));
        Priming.beforeSnapshot(this);
    }

    public NotifySlackHandler(Platform platform, SecretReader secrets) {
        super(platform, secrets, ChannelType.SLACK,
                new SlackSender(HttpDelivery.fromEnv(platform.env()), DashboardLink.parse(platform.env().get(DashboardLink.VARIABLE), SlackSender.MAX_BUTTON_URL)));
    }
}
