package dev.vigil.notify.slack;

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
 * One alert as a Slack incoming-webhook payload: a plain {@code text} that notifications and old
 * clients show, and one attachment whose {@code color} bar tells down (red) from up (green) and whose
 * Block Kit {@code blocks} carry the details: a headline, a {@code fields} section (an application's
 * heartbeats and schedule, or a check's status change, type, threshold, latency and measured values), a
 * {@code context} line with the alert id, and an {@code actions} button to the dashboard when one is
 * configured.
 *
 * <p>Text that users chose or a check measured (names, notes, a check's threshold and measured values) is
 * never read as formatting: it goes only into {@code plain_text} objects and the top-level {@code text},
 * which is sent with {@code "mrkdwn": false}, so {@code *bold*} or {@code _x_} stay as typed; it is escaped
 * ({@link #escape}), so {@code <!channel>} cannot notify a whole channel or forge a link; and a word
 * joiner after the {@code @} of {@code @here}, {@code @channel} and {@code @everyone} keeps those from
 * ever reading as mentions. Only Vigil's own labels, ids and times are {@code mrkdwn}. Times are
 * Slack {@code <!date>} tokens, which each reader sees in their own time zone; the UTC fallback shows
 * where they cannot be rendered.
 */
final class SlackMessage {
    static final String RED = "#d62828";
    static final String GREEN = "#2a9d8f";
    static final String GREY = "#8d99ae";
    /** Application names are at most 100 characters; anything longer is cut well within Slack's block limits. */
    static final int MAX_NAME = 150;
    /** Slack's limit for the text of a text object. */
    static final int MAX_TEXT = 3000;
    /** Slack's limit for the text of a field. */
    static final int MAX_FIELD = 2000;
    private static final String RED_CIRCLE = "\uD83D\uDD34";
    private static final String GREEN_CIRCLE = "\uD83D\uDFE2";
    private static final String BELL = "\uD83D\uDD14";
    private static final Pattern MASS_MENTION = Pattern.compile("@(here|channel|everyone)", Pattern.CASE_INSENSITIVE);

    private SlackMessage() {
    }

    static ObjectNode payload(AlertEvent event, Optional<URI> dashboard) {
        if (event.isTest()) {
            return test(event);
        }
        String fallback = fallback(event);
        ObjectNode payload = Json.object();
        payload.put("text", fallback);
        payload.put("mrkdwn", false);
        ObjectNode attachment = payload.putArray("attachments").addObject();
        AlertText.Tone tone = AlertText.tone(event);
        attachment.put("color", tone == AlertText.Tone.ALARM ? RED : tone == AlertText.Tone.RECOVERY ? GREEN : GREY);
        attachment.put("fallback", fallback);
        ArrayNode blocks = attachment.putArray("blocks");

        String emoji = tone == AlertText.Tone.ALARM ? RED_CIRCLE : tone == AlertText.Tone.RECOVERY ? GREEN_CIRCLE : BELL;
        String explanation = AlertText.explanation(event);
        // Escaping makes a character at most five ("&amp;"): a fifth of the limit always fits.
        String headline = emoji + " " + name(event) + AlertText.stateSuffix(event) + (explanation.isEmpty() ? "" : "\n" + explanation);
        blocks.addObject().put("type", "section").putObject("text").put("type", "plain_text")
                .put("text", plain(AlertText.limit(headline, MAX_TEXT / 5))).put("emoji", false);
        if (event.check().isPresent()) {
            checkFields(blocks.addObject().put("type", "section").putArray("fields"), event, event.check().get());
        } else if (event.aboutOneApplication()) {
            ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
            field(fields, "Last heartbeat", event.lastHeartbeat().map(SlackMessage::date).orElse("never"));
            if (event.isDown()) {
                event.deadline().ifPresent(deadline -> field(fields, "Deadline", date(deadline)));
            }
            field(fields, "Expected every", AlertText.schedule(event));
            field(fields, "Application id", escape(event.applicationId()));
        } else {
            return payload;
        }

        blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
                .put("text", "Vigil alert " + escape(event.eventId()) + " · detected " + date(event.time()));

        dashboard.ifPresent(url -> {
            ObjectNode button = blocks.addObject().put("type", "actions").putArray("elements").addObject();
            button.put("type", "button");
            button.putObject("text").put("type", "plain_text").put("text", "Open dashboard");
            button.put("url", url.toString());
            button.put("action_id", "vigil_open_dashboard");
        });
        return payload;
    }

    /**
     * A channel's test alert: grey, a bell, the headline {@code Test alert from Vigil: channel <name> works}
     * (the name as typed, never formatting) and what it is, then its id and when it was asked for.
     */
    private static ObjectNode test(AlertEvent event) {
        String headline = plain(AlertText.testHeadline(event, MAX_NAME));
        ObjectNode payload = Json.object();
        payload.put("text", headline);
        payload.put("mrkdwn", false);
        ObjectNode attachment = payload.putArray("attachments").addObject();
        attachment.put("color", GREY);
        attachment.put("fallback", headline);
        ArrayNode blocks = attachment.putArray("blocks");
        blocks.addObject().put("type", "section").putObject("text").put("type", "plain_text")
                .put("text", BELL + " " + headline + "\n" + AlertText.TEST_EXPLANATION).put("emoji", false);
        blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
                .put("text", "Vigil test alert " + escape(event.eventId()) + " · sent " + date(event.time()));
        return payload;
    }

    /** The plain line shown in notifications, and by clients that render no attachments. */
    static String fallback(AlertEvent event) {
        String name = plain(name(event));
        if (!event.isFlip()) {
            return "Vigil: " + name + AlertText.stateSuffix(event);
        }
        return event.isDown()
                ? "Vigil: " + name + " is DOWN, last heartbeat " + event.lastHeartbeat().map(AlertText::utc).orElse("never")
                : "Vigil: " + name + " is UP again, heartbeat at " + AlertText.utc(event.lastHeartbeat().orElse(event.time()));
    }

    /** Slack's escaping of its control characters, which is all its text format needs (and allows). */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /**
     * User text for a {@code plain_text} object or the unformatted {@code text}: {@link #escape escaped},
     * and with a word joiner (U+2060) after the {@code @} of a broadcast word, so it can never mention anyone.
     */
    static String plain(String text) {
        return MASS_MENTION.matcher(escape(text)).replaceAll("@\u2060$1");
    }

    private static String name(AlertEvent event) {
        return AlertText.limit(AlertText.oneLine(event.name()), MAX_NAME, "...");
    }

    private static void field(ArrayNode fields, String label, String value) {
        fields.addObject().put("type", "mrkdwn").put("text", "*" + label + "*\n" + value);
    }

    /**
     * A check's facts, as {@code plain_text} fields (its threshold and measured values are chosen or
     * measured text): status change, type, threshold, latency, key measured values and id.
     */
    private static void checkFields(ArrayNode fields, AlertEvent event, CheckFacts facts) {
        plainField(fields, "Status", AlertText.checkChange(facts));
        plainField(fields, "Check type", facts.checkType());
        facts.threshold().ifPresent(threshold -> plainField(fields, "Threshold", threshold));
        plainField(fields, "Latency", facts.latencyMs() + " ms");
        String measured = AlertText.checkMeasuredLine(facts);
        if (!measured.isEmpty()) {
            plainField(fields, "Measured", measured);
        }
        plainField(fields, "Check id", event.applicationId());
    }

    /** A field whose value is shown as typed; its label is on the line above it. */
    private static void plainField(ArrayNode fields, String label, String value) {
        fields.addObject().put("type", "plain_text")
                .put("text", label + "\n" + plain(AlertText.limit(AlertText.oneLine(value), MAX_FIELD / 5)))
                .put("emoji", false);
    }

    /** A time each reader sees in their own zone, e.g. "today 11:52:00", falling back to UTC. */
    private static String date(Instant instant) {
        return "<!date^" + instant.getEpochSecond() + "^{date_short_pretty} {time_secs}|" + AlertText.utc(instant) + ">";
    }
}
