package dev.vigil.notify.whatsapp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.config.Env;
import dev.vigil.events.AlertEvent;
import dev.vigil.json.Json;
import dev.vigil.notify.ChannelSender;
import dev.vigil.notify.ChannelTarget;
import dev.vigil.notify.DeliveryException;
import dev.vigil.notify.HttpDelivery;
import java.net.URI;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Sends an alert as a WhatsApp Cloud API text message:
 * {@code POST <apiBaseUrl>/<phoneNumberId>/messages} with {@code Authorization: Bearer <accessToken>}.
 * A 2xx answer means Meta accepted the message, not that it was delivered: free-form text reaches only
 * users who wrote to the business number in the last 24 hours (WhatsApp's customer service window);
 * outside it Meta drops the message and reports that asynchronously (error 131047) to the business's
 * own webhook. The access token never appears in an error.
 */
public final class WhatsAppSender implements ChannelSender {
    public static final String DEFAULT_API_BASE_URL = "https://graph.facebook.com/v21.0";
    static final int MAX_TEXT = 4096;
    /** The shortest cut-off beginning of a secret that is still redacted at the end of an error. */
    private static final int MIN_CUT_SECRET = 4;
    /** Phone number ids are numeric; anything that could change the URL's path is refused. */
    private static final Pattern PHONE_NUMBER_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final String RED = "\uD83D\uDD34";
    private static final String GREEN = "\uD83D\uDFE2";

    private final HttpDelivery http;
    private final Optional<String> dashboardUrl;

    public WhatsAppSender(HttpDelivery http, Env env) {
        this.http = http;
        this.dashboardUrl = env.get("DASHBOARD_URL");
    }

    @Override
    public Optional<Integer> send(ChannelTarget target, AlertEvent event) {
        String phoneNumberId = target.require("phoneNumberId");
        String accessToken = target.require("accessToken");
        String to = target.require("to");
        String channelId = target.channel().id();
        if (!PHONE_NUMBER_ID.matcher(phoneNumberId).matches()) {
            throw new DeliveryException(false, Optional.empty(), "channel " + channelId
                    + " has an invalid phoneNumberId: expected the numeric id shown in Meta's WhatsApp API setup");
        }
        String base = target.optional("apiBaseUrl").orElse(DEFAULT_API_BASE_URL);
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        URI url;
        try {
            url = URI.create(base + "/" + phoneNumberId + "/messages");
        } catch (IllegalArgumentException e) {
            throw new DeliveryException(false, Optional.empty(), "channel " + channelId + " has an invalid apiBaseUrl");
        }
        String body = Json.write(body(recipient(to), text(event, dashboardUrl)));
        try {
            return Optional.of(http.postJson(url, Map.of("Authorization", "Bearer " + accessToken), body));
        } catch (DeliveryException e) {
            throw redact(e, accessToken);
        }
    }

    /** The error without the access token, whatever the answer echoed. */
    static DeliveryException redact(DeliveryException e, String accessToken) {
        String message = e.getMessage();
        if (message == null || accessToken.isEmpty()) {
            return e;
        }
        String redacted = message.replace(accessToken, "[access token]");
        // HttpDelivery cuts long answers, so a token echoed near the cut would still show its beginning.
        for (int n = accessToken.length() - 1; n >= MIN_CUT_SECRET; n--) {
            if (redacted.endsWith(accessToken.substring(0, n))) {
                redacted = redacted.substring(0, redacted.length() - n) + "[access token]";
                break;
            }
        }
        return redacted.equals(message) ? e : new DeliveryException(e.retryable(), e.httpStatus(), redacted);
    }

    /** The Cloud API body of a plain text message without link preview. */
    static ObjectNode body(String to, String text) {
        ObjectNode body = Json.object();
        body.put("messaging_product", "whatsapp");
        body.put("recipient_type", "individual");
        body.put("to", to);
        body.put("type", "text");
        body.putObject("text").put("preview_url", false).put("body", text);
        return body;
    }

    /** WhatsApp wants the number in international form without the plus: {@code +15551234567} → {@code 15551234567}. */
    static String recipient(String e164) {
        return e164.replaceAll("[^0-9]", "");
    }

    /** The message, with WhatsApp's {@code *bold*} for the headline; at most {@value #MAX_TEXT} characters. */
    static String text(AlertEvent event, Optional<String> dashboardUrl) {
        String name = event.name().replaceAll("[\\r\\n\\t]+", " ").strip();
        StringBuilder text = new StringBuilder();
        if (event.isDown()) {
            text.append(RED).append(" *").append(name).append(" is DOWN*\n");
            text.append("No heartbeat arrived before its deadline.\n");
            text.append("Last heartbeat: ").append(event.lastHeartbeat().map(TIME::format).orElse("never")).append('\n');
            event.deadline().ifPresent(d -> text.append("Deadline: ").append(TIME.format(d)).append('\n'));
        } else {
            text.append(GREEN).append(" *").append(name).append(" is UP again*\n");
            text.append("A heartbeat arrived at ").append(TIME.format(event.lastHeartbeat().orElse(event.time())))
                    .append(".\n");
        }
        text.append("Expected every ").append(human(event.intervalSeconds())).append(" (grace ")
                .append(human(event.graceSeconds())).append(")\n");
        text.append("Alert id: ").append(event.eventId());
        dashboardUrl.ifPresent(link -> text.append("\nDetails: ").append(link));
        return text.length() <= MAX_TEXT ? text.toString() : text.substring(0, MAX_TEXT - 3) + "...";
    }

    static String human(long s) {
        if (s % 86400 == 0 && s > 0) {
            return s / 86400 + " d";
        }
        if (s % 3600 == 0 && s > 0) {
            return s / 3600 + " h";
        }
        if (s % 60 == 0 && s > 0) {
            return s / 60 + " min";
        }
        return s + " s";
    }
}
