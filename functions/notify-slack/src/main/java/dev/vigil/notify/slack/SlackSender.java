package dev.vigil.notify.slack;

import dev.vigil.domain.AlertEvent;
import dev.vigil.notify.ChannelSender;
import dev.vigil.notify.ChannelTarget;
import dev.vigil.notify.HttpDelivery;
import dev.vigil.runtime.Json;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Posts an alert to a Slack incoming webhook (the channel's secret {@code webhookUrl}) as a
 * {@link SlackMessage}. Slack answers 200 {@code ok}; a 4xx ({@code no_service}, {@code invalid_payload},
 * {@code channel_is_archived}) is permanent, a 429 or 5xx is retried. The optional {@code DASHBOARD_URL}
 * becomes a button on every message. The webhook URL is a secret: no message here ever contains it.
 */
public final class SlackSender implements ChannelSender {
    static final String WEBHOOK_URL = "webhookUrl";
    /** Slack rejects a whole message over a button URL longer than this. */
    public static final int MAX_BUTTON_URL = 3000;

    private final HttpDelivery http;
    private final Optional<URI> dashboard;

    public SlackSender(HttpDelivery http, Optional<URI> dashboard) {
        this.http = http;
        this.dashboard = dashboard;
    }

    @Override
    public Optional<Integer> send(ChannelTarget target, AlertEvent event) {
        URI webhook = target.url(WEBHOOK_URL);
        String body = Json.write(SlackMessage.payload(event, dashboard));
        return Optional.of(http.postJson(target, webhook, Map.of(), body));
    }
}
