package dev.vigil.notify.discord;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.AlertEvent;
import dev.vigil.notify.AlertText;
import dev.vigil.runtime.Json;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * One alert as a Discord execute-webhook payload: posted as "Vigil", with one embed whose colour
 * tells down (red) from up (green), and which links to the dashboard when one is configured.
 * {@code allowed_mentions} is empty, so no text in the message can ping {@code @everyone} or a role.
 * Times are Discord {@code <t:...>} tokens, shown in each reader's time zone. Texts are cut to
 * Discord's embed limits (title 256, field name 256, field value 1024, footer 2048).
 */
final class DiscordMessage {
    static final int RED = 0xD62828;
    static final int GREEN = 0x2A9D8F;
    static final int GREY = 0x8D99AE;
    static final String USERNAME = "Vigil";
    static final int MAX_TITLE = 256;
    static final int MAX_FIELD_NAME = 256;
    static final int MAX_FIELD_VALUE = 1024;
    static final int MAX_FOOTER = 2048;

    private DiscordMessage() {
    }

    static ObjectNode payload(AlertEvent event, Optional<URI> dashboard) {
        ObjectNode payload = Json.object();
        payload.put("username", USERNAME);
        payload.putObject("allowed_mentions").putArray("parse");
        ObjectNode embed = payload.putArray("embeds").addObject();
        embed.put("title", title(event));
        embed.put("description", limit(AlertText.explanation(event), 4096));
        dashboard.ifPresent(url -> embed.put("url", url.toString()));
        AlertText.Tone tone = AlertText.tone(event);
        embed.put("color", tone == AlertText.Tone.ALARM ? RED : tone == AlertText.Tone.RECOVERY ? GREEN : GREY);
        embed.put("timestamp", event.time().toString());
        embed.putObject("footer").put("text", limit("Vigil · alert " + event.eventId(), MAX_FOOTER));
        if (!event.aboutOneApplication()) {
            return payload;
        }
        ArrayNode fields = embed.putArray("fields");
        field(fields, "Last heartbeat", event.lastHeartbeat().map(DiscordMessage::date).orElse("never"));
        if (event.isDown()) {
            event.deadline().ifPresent(deadline -> field(fields, "Deadline", date(deadline)));
        }
        field(fields, "Expected every", AlertText.schedule(event));
        field(fields, "Application id", code(event.applicationId()));
        return payload;
    }

    /** "name is DOWN" or "name is UP again", the name cut so that the whole title fits in 256 characters. */
    static String title(AlertEvent event) {
        String state = AlertText.stateSuffix(event);
        return limit(AlertText.oneLine(event.name()), MAX_TITLE - state.length()) + state;
    }

    private static void field(ArrayNode fields, String name, String value) {
        fields.addObject().put("name", limit(name, MAX_FIELD_NAME)).put("value", limit(value, MAX_FIELD_VALUE))
                .put("inline", true);
    }

    /** A time each reader sees in their own zone, e.g. "24 November 2026 12:52". */
    private static String date(Instant instant) {
        return "<t:" + instant.getEpochSecond() + ":f>";
    }

    /** Inline code, so ids show verbatim; a backtick inside would end it early, so none is kept. */
    private static String code(String text) {
        return "`" + text.replace("`", "") + "`";
    }

    /** Cut to {@code max} characters with Discord's usual "…", never splitting a character. */
    static String limit(String text, int max) {
        return AlertText.limit(text, max, "…");
    }
}
