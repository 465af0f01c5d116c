package dev.vigil.notify.pagerduty;

import dev.vigil.domain.ChannelType;
import dev.vigil.notify.DashboardLink;
import dev.vigil.notify.HttpDelivery;
import dev.vigil.notify.NotifierFunction;
import dev.vigil.notify.SsmSecretReader;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Priming;
import dev.vigil.store.SecretReader;
import dev.vigil.wiring.Platform;

/** Triggers and resolves PagerDuty incidents through the Events API v2. */
public final class NotifyPagerDutyHandler extends NotifierFunction {
    /** On Lambda: the platform from the environment, channel secrets from SSM Parameter Store. */
    public NotifyPagerDutyHandler() {
        this(Platform.fromEnvironment(), SsmSecretReader.fromEnv(Env.system()));
        Priming.beforeSnapshot(this);
    }

    public NotifyPagerDutyHandler(Platform platform, SecretReader secrets) {
        super(platform, secrets, ChannelType.PAGERDUTY,
                new PagerDutySender(HttpDelivery.fromEnv(platform.env()), DashboardLink.parse(platform.env().get(DashboardLink.VARIABLE))));
    }
}
