package dev.vigil.notify.slack;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.AlertEvent;
import dev.vigil.notify.AlertText;
import dev.vigil.runtime.Json;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * One alert as a Slack incoming-webhook payload: a plain {@code text} that notifications and old
 * clients show, and one attachment whose {@code color} bar tells down (red) from up (green) and whose
 * Block Kit {@code blocks} carry the details: a headline, a {@code fields} section, a {@code context}
 * line with the alert id, and an {@code actions} button to the dashboard when one is configured.
 *
 * <p>Text from the event goes through {@link #escape}, so an application named {@code <!channel>}
 * cannot notify a whole channel or forge a link. Times are Slack {@code <!date>} tokens, which each
 * reader sees in their own time zone; the UTC fallback shows where they cannot be rendered.
 */
final class SlackMessage {
    static final String RED = "#d62828";
    static final String GREEN = "#2a9d8f";
    static final String GREY = "#8d99ae";
    /** Application names are at most 100 characters; anything longer is cut well within Slack's block limits. */
    static final int MAX_NAME = 150;

    private SlackMessage() {
    }

    static ObjectNode payload(AlertEvent event, Optional<URI> dashboard) {
        String name = escape(name(event));
        String fallback = fallback(event);
        ObjectNode payload = Json.object();
        payload.put("text", fallback);
        ObjectNode attachment = payload.putArray("attachments").addObject();
        AlertText.Tone tone = AlertText.tone(event);
        attachment.put("color", tone == AlertText.Tone.ALARM ? RED : tone == AlertText.Tone.RECOVERY ? GREEN : GREY);
        attachment.put("fallback", fallback);
        ArrayNode blocks = attachment.putArray("blocks");

        String emoji = tone == AlertText.Tone.ALARM ? ":red_circle:" : tone == AlertText.Tone.RECOVERY ? ":large_green_circle:" : ":bell:";
        String headline = emoji + " *" + name + AlertText.stateSuffix(event) + "*\n" + escape(AlertText.explanation(event));
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", headline);
        if (!event.aboutOneApplication()) {
            return payload;
        }

        ObjectNode details = blocks.addObject().put("type", "section");
        ArrayNode fields = details.putArray("fields");
        field(fields, "Last heartbeat", event.lastHeartbeat().map(SlackMessage::date).orElse("never"));
        if (event.isDown()) {
            event.deadline().ifPresent(deadline -> field(fields, "Deadline", date(deadline)));
        }
        field(fields, "Expected every", AlertText.schedule(event));
        field(fields, "Application id", escape(event.applicationId()));

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

    /** The plain line shown in notifications, and by clients that render no attachments. */
    static String fallback(AlertEvent event) {
        String name = escape(name(event));
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

    private static String name(AlertEvent event) {
        return AlertText.limit(AlertText.oneLine(event.name()), MAX_NAME, "...");
    }

    private static void field(ArrayNode fields, String label, String value) {
        fields.addObject().put("type", "mrkdwn").put("text", "*" + label + "*\n" + value);
    }

    /** A time each reader sees in their own zone, e.g. "today 11:52:00", falling back to UTC. */
    private static String date(Instant instant) {
        return "<!date^" + instant.getEpochSecond() + "^{date_short_pretty} {time_secs}|" + AlertText.utc(instant) + ">";
    }
}
