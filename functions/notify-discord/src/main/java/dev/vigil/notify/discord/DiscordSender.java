package dev.vigil.notify.discord;

import dev.vigil.domain.AlertEvent;
import dev.vigil.notify.ChannelSender;
import dev.vigil.notify.ChannelTarget;
import dev.vigil.notify.HttpDelivery;
import dev.vigil.runtime.Json;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Posts an alert to a Discord webhook (the channel's secret {@code webhookUrl}) as a
 * {@link DiscordMessage} embed. Discord answers 204 No Content; a 4xx (unknown webhook, invalid form
 * body) is permanent, a 429 or 5xx is retried. The optional {@code DASHBOARD_URL} becomes the embed's
 * title link. The webhook URL holds its token: no message here ever contains it.
 */
public final class DiscordSender implements ChannelSender {
    static final String WEBHOOK_URL = "webhookUrl";
    /** Discord rejects a whole message over an embed URL longer than this. */
    public static final int MAX_EMBED_URL = 2048;

    private final HttpDelivery http;
    private final Optional<URI> dashboard;

    public DiscordSender(HttpDelivery http, Optional<URI> dashboard) {
        this.http = http;
        this.dashboard = dashboard;
    }

    @Override
    public Optional<Integer> send(ChannelTarget target, AlertEvent event) {
        URI webhook = target.url(WEBHOOK_URL);
        String body = Json.write(DiscordMessage.payload(event, dashboard));
        return Optional.of(http.postJson(target, webhook, Map.of(), body));
    }
}
