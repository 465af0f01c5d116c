package dev.vigil.notify.discord;

import dev.vigil.domain.ChannelType;
import dev.vigil.notify.DashboardLink;
import dev.vigil.notify.HttpDelivery;
import dev.vigil.notify.NotifierFunction;
import dev.vigil.notify.SsmSecretReader;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Priming;
import dev.vigil.store.SecretReader;
import dev.vigil.wiring.Platform;

/** Delivers alerts to Discord webhooks as embeds. */
public final class NotifyDiscordHandler extends NotifierFunction {
    /** On Lambda: the platform from the environment, channel secrets from SSM Parameter Store. */
    public NotifyDiscordHandler() {
        this(Platform.fromEnvironment(), SsmSecretReader.fromEnv(Env.system()));
        Priming.beforeSnapshot(this);
    }

    public NotifyDiscordHandler(Platform platform, SecretReader secrets) {
        super(platform, secrets, ChannelType.DISCORD,
                new DiscordSender(HttpDelivery.fromEnv(platform.env()), DashboardLink.parse(platform.env().get(DashboardLink.VARIABLE), DiscordSender.MAX_EMBED_URL)));
    }
}
