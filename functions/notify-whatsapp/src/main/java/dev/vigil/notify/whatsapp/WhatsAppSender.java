package dev.vigil.notify.whatsapp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.CheckFacts;
import dev.vigil.notify.AlertText;
import dev.vigil.notify.ChannelSender;
import dev.vigil.notify.ChannelTarget;
import dev.vigil.notify.DeliveryException;
import dev.vigil.notify.HttpDelivery;
import dev.vigil.runtime.Json;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Sends an alert as a WhatsApp Cloud API text message:
 * {@code POST <apiBaseUrl>/<phoneNumberId>/messages} with {@code Authorization: Bearer <accessToken>}.
 * A 2xx answer means Meta accepted the message, not that it was delivered: free-form text reaches only
 * users who wrote to the business number in the last 24 hours (WhatsApp's customer service window);
 * outside it Meta drops the message and reports that asynchronously (error 131047) to the business's
 * own webhook. The access token never appears in an error ({@link HttpDelivery} redacts it, even
 * where the answer quotes it back).
 */
public final class WhatsAppSender implements ChannelSender {
    public static final String DEFAULT_API_BASE_URL = "https://graph.facebook.com/v21.0";
    static final int MAX_TEXT = 4096;
    /** Phone number ids are numeric; anything that could change the URL's path is refused. */
    private static final Pattern RATE_LIMIT_CODE = Pattern.compile("\"code\"\\s*:\\s*(4|80007|130429|131056)\\b");
    private static final Pattern PHONE_NUMBER_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final String RED = "\uD83D\uDD34";
    private static final String GREEN = "\uD83D\uDFE2";

    private final HttpDelivery http;
    private final Optional<String> dashboardUrl;

    public WhatsAppSender(HttpDelivery http, Optional<URI> dashboard) {
        this.http = http;
        this.dashboardUrl = dashboard.map(URI::toString);
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
        String base = target.optionalUrl("apiBaseUrl").map(URI::toString).orElse(DEFAULT_API_BASE_URL);
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        // The base is an absolute http(s) URL and the id a plain token, so this is one too.
        URI url = URI.create(base + "/" + phoneNumberId + "/messages");
        String body = Json.write(body(recipient(to), text(event, dashboardUrl)));
        try {
            return Optional.of(http.postJson(target, url, Map.of("Authorization", "Bearer " + accessToken), body));
        } catch (DeliveryException e) {
            throw rateLimited(e) ? new DeliveryException(true, e.httpStatus(), e.getMessage()) : e;
        }
    }

    /**
     * The Graph API reports rate limits as HTTP 400 with an error code (4, 80007, 130429, 131056);
     * those pass with time, so they are retried like a 429.
     */
    static boolean rateLimited(DeliveryException e) {
        if (e.httpStatus().orElse(0) != 400 || e.getMessage() == null) {
            return false;
        }
        java.util.regex.Matcher code = RATE_LIMIT_CODE.matcher(e.getMessage());
        return code.find();
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

    /**
     * The message, with WhatsApp's {@code *bold*} for the headline; at most {@value #MAX_TEXT} characters.
     * A check alert says what its run found and its status change, type, threshold and measured values; a
     * channel's test alert says it is one, and that nothing needs doing.
     */
    static String text(AlertEvent event, Optional<String> dashboardUrl) {
        String name = AlertText.oneLine(event.name());
        StringBuilder text = new StringBuilder();
        if (event.isTest()) {
            text.append("\uD83D\uDD14 *").append(AlertText.testHeadline(event, MAX_TEXT / 4)).append("*\n");
            text.append(AlertText.TEST_EXPLANATION).append('\n');
        } else if (event.check().isPresent()) {
            CheckFacts facts = event.check().get();
            text.append(event.isDown() ? RED : GREEN).append(" *").append(name).append(AlertText.stateSuffix(event)).append("*\n");
            text.append(AlertText.explanation(event)).append('\n');
            text.append("Status: ").append(AlertText.checkChange(facts)).append('\n');
            text.append("Check type: ").append(AlertText.oneLine(facts.checkType())).append('\n');
            facts.threshold().ifPresent(t -> text.append("Threshold: ").append(AlertText.oneLine(t)).append('\n'));
            String measured = AlertText.checkMeasuredLine(facts);
            if (!measured.isEmpty()) {
                text.append("Measured: ").append(measured).append('\n');
            }
        } else if (!event.isFlip()) {
            // A reminder, a flapping notice or a quiet-hours digest: its headline and what it says.
            String mark = AlertText.tone(event) == AlertText.Tone.ALARM ? RED : "\uD83D\uDD14";
            text.append(mark).append(" *").append(name).append(AlertText.stateSuffix(event)).append("*\n");
            text.append(AlertText.explanation(event)).append('\n');
        } else if (event.isDown()) {
            text.append(RED).append(" *").append(name).append(" is DOWN*\n");
            text.append("No heartbeat arrived before its deadline.\n");
            text.append("Last heartbeat: ").append(event.lastHeartbeat().map(AlertText::utc).orElse("never")).append('\n');
            event.deadline().ifPresent(d -> text.append("Deadline: ").append(AlertText.utc(d)).append('\n'));
        } else {
            text.append(GREEN).append(" *").append(name).append(" is UP again*\n");
            text.append("A heartbeat arrived at ").append(AlertText.utc(event.lastHeartbeat().orElse(event.time())))
                    .append(".\n");
        }
        if (event.aboutOneApplication()) {
            text.append("Expected every ").append(AlertText.schedule(event)).append('\n');
        }
        text.append("Alert id: ").append(event.eventId());
        dashboardUrl.ifPresent(link -> text.append("\nDetails: ").append(link));
        return AlertText.limit(text.toString(), MAX_TEXT);
    }
}
