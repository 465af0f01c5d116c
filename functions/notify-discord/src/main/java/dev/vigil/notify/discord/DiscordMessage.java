package dev.vigil.notify.discord;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.CheckFacts;
import dev.vigil.notify.AlertText;
import dev.vigil.runtime.Json;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One alert as a Discord execute-webhook payload: posted as "Vigil", with one embed whose colour
 * tells down (red) from up (green), whose fields hold an application's heartbeats and schedule or a
 * check's status change, type, threshold, latency and measured values, and which links to the
 * dashboard when one is configured.
 * {@code allowed_mentions} is empty, so no text in the message can ping {@code @everyone} or a role.
 * Text that users chose or a check measured (names, notes, thresholds, measured values) is also
 * {@link #escape escaped}: its markdown ({@code **bold**}, {@code ||spoilers||}, links, headings,
 * quotes) and mention syntax ({@code <@&id>}) show as typed, and {@code @everyone} or {@code @here}
 * gets a zero-width space after the {@code @}, so it does not even look like a mention. Times are
 * Discord {@code <t:...>} tokens, shown in each reader's time zone. Texts are cut to Discord's embed limits (title 256, field name 256, field value 1024,
 * footer 2048).
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
    private static final String INLINE_MARKUP = "\\*_~`|<[]";
    private static final String LINE_MARKUP = "#>-+";
    private static final Pattern LIST_NUMBER = Pattern.compile("(?m)^([0-9]+)\\.");
    private static final Pattern MASS_MENTION = Pattern.compile("@(everyone|here)", Pattern.CASE_INSENSITIVE);

    private DiscordMessage() {
    }

    static ObjectNode payload(AlertEvent event, Optional<URI> dashboard) {
        ObjectNode payload = Json.object();
        payload.put("username", USERNAME);
        payload.putObject("allowed_mentions").putArray("parse");
        ObjectNode embed = payload.putArray("embeds").addObject();
        embed.put("title", title(event));
        embed.put("description", limit(escape(AlertText.explanation(event)), 4096));
        dashboard.ifPresent(url -> embed.put("url", url.toString()));
        AlertText.Tone tone = AlertText.tone(event);
        embed.put("color", tone == AlertText.Tone.ALARM ? RED : tone == AlertText.Tone.RECOVERY ? GREEN : GREY);
        embed.put("timestamp", event.time().toString());
        embed.putObject("footer").put("text", limit((event.isTest() ? "Vigil · test alert " : "Vigil · alert ") + event.eventId(),
                MAX_FOOTER));
        if (event.check().isPresent()) {
            checkFields(embed.putArray("fields"), event, event.check().get());
            return payload;
        }
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

    /**
     * "name is DOWN" or "name is UP again", or a test's "Test alert from Vigil: channel name works"; the name
     * escaped and cut so that the whole title fits in 256 characters.
     */
    static String title(AlertEvent event) {
        if (event.isTest()) {
            // "Test alert from Vigil: channel <name> works", grey, with what a test is as its description.
            return limit(escape(AlertText.testHeadline(event, MAX_TITLE)), MAX_TITLE);
        }
        String state = AlertText.stateSuffix(event);
        return limit(escape(AlertText.oneLine(event.name())), MAX_TITLE - state.length()) + state;
    }

    /**
     * User text as Discord shows it literally: a backslash before each markdown character ({@code \ * _ ~ `
     * | < [ ]}, and {@code # > - +} or a list number's dot at the start of a line), and a zero-width space
     * after the {@code @} of {@code @everyone} and {@code @here}.
     */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        boolean lineStart = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (INLINE_MARKUP.indexOf(c) >= 0 || (lineStart && LINE_MARKUP.indexOf(c) >= 0)) {
                out.append('\\');
            }
            out.append(c);
            lineStart = c == '\n';
        }
        String escaped = LIST_NUMBER.matcher(out).replaceAll("$1\\\\.");
        return MASS_MENTION.matcher(escaped).replaceAll("@\u200B$1");
    }

    /** A check's facts: status change, type, threshold, latency, key measured values (escaped) and id. */
    private static void checkFields(ArrayNode fields, AlertEvent event, CheckFacts facts) {
        field(fields, "Status", AlertText.checkChange(facts));
        field(fields, "Check type", escape(AlertText.oneLine(facts.checkType())));
        facts.threshold().ifPresent(threshold -> field(fields, "Threshold", escape(AlertText.oneLine(threshold))));
        field(fields, "Latency", facts.latencyMs() + " ms");
        String measured = AlertText.checkMeasuredLine(facts);
        if (!measured.isEmpty()) {
            field(fields, "Measured", escape(measured));
        }
        field(fields, "Check id", code(event.applicationId()));
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

    /**
     * Cut to {@code max} characters with Discord's usual "…", never splitting a character, nor an escape:
     * a backslash left alone before the "…" is dropped.
     */
    static String limit(String text, int max) {
        String cut = AlertText.limit(text, max, "…");
        if (cut.equals(text) || !cut.endsWith("\\…")) {
            return cut;
        }
        int backslashes = 0;
        for (int i = cut.length() - 2; i >= 0 && cut.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 0 ? cut : cut.substring(0, cut.length() - 2) + "…";
    }
}
