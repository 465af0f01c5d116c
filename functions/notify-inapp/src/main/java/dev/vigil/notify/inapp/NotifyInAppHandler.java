package dev.vigil.notify.inapp;

import dev.vigil.domain.ChannelType;
import dev.vigil.notify.NotifierFunction;
import dev.vigil.runtime.Priming;
import dev.vigil.store.SecretStore;
import dev.vigil.wiring.Platform;
import java.util.Map;
import java.util.Optional;

/**
 * The in-app channel: every alert is recorded in the notification log, which the admin API lists
 * ({@code GET /api/notifications?channel=inapp}) and the dashboard shows. The record is the delivery.
 */
public final class NotifyInAppHandler extends NotifierFunction {
    /** In-app channels hold no secrets. */
    private static final SecretStore NO_SECRETS = new SecretStore() {
        @Override
        public Map<String, String> get(String channelId) {
            return Map.of();
        }

        @Override
        public void put(String channelId, Map<String, String> secrets) {
            throw new UnsupportedOperationException("in-app channels hold no secrets");
        }

        @Override
        public void delete(String channelId) {
            throw new UnsupportedOperationException("in-app channels hold no secrets");
        }
    };

    public NotifyInAppHandler() {
        this(Platform.fromEnvironment());
        Priming.beforeSnapshot(this);
    }

    public NotifyInAppHandler(Platform platform) {
        super(platform, NO_SECRETS, ChannelType.INAPP, (target, event) -> Optional.empty());
    }
}
