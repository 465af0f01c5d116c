package dev.vigil.notify.slack;

import dev.vigil.config.Env;
import dev.vigil.events.AlertEvent;
import dev.vigil.json.Json;
import dev.vigil.log.Log;
import dev.vigil.notify.ChannelSender;
import dev.vigil.notify.ChannelTarget;
import dev.vigil.notify.DeliveryException;
import dev.vigil.notify.HttpDelivery;
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
    private static final Log LOG = Log.of(SlackSender.class);
    static final String WEBHOOK_URL = "webhookUrl";

    private final HttpDelivery http;
    private final Optional<URI> dashboard;

    public SlackSender(HttpDelivery http, Env env) {
        this.http = http;
        this.dashboard = dashboard(env);
    }

    @Override
    public Optional<Integer> send(ChannelTarget target, AlertEvent event) {
        URI webhook = webhook(target);
        String body = Json.write(SlackMessage.payload(event, dashboard));
        return Optional.of(http.postJson(webhook, Map.of(), body));
    }

    /** The webhook URL, checked here so that a bad one fails permanently without being quoted anywhere. */
    private static URI webhook(ChannelTarget target) {
        String value = target.require(WEBHOOK_URL);
        try {
            URI uri = URI.create(value);
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException malformed) {
            // Reported below without the value.
        }
        throw new DeliveryException(false, Optional.empty(),
                "channel " + target.channel().id() + " has a " + WEBHOOK_URL + " that is not an absolute http(s) URL");
    }

    /** DASHBOARD_URL when it is an absolute http(s) URL; Slack rejects a whole message over a bad button URL. */
    static Optional<URI> dashboard(Env env) {
        Optional<String> value = env.get("DASHBOARD_URL");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = URI.create(value.get());
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null
                    && value.get().length() <= 3000) {
                return Optional.of(uri);
            }
        } catch (IllegalArgumentException malformed) {
            // Reported below.
        }
        LOG.warn("DASHBOARD_URL is not an absolute http(s) URL; alerts go out without a dashboard link",
                "dashboardUrl", value.get());
        return Optional.empty();
    }
}
