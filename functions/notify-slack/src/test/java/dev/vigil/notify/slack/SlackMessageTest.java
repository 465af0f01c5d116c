package dev.vigil.notify.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.AlertType;
import dev.vigil.domain.Status;
import dev.vigil.fixtures.SampleAlerts;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Slack payload on its own, for the cases the sample events do not cover. */
class SlackMessageTest {
    static final Instant NOW = Instant.parse("2026-11-24T11:58:12Z");

    @Test
    void applicationThatNeverBeatSaysSo() {
        AlertEvent event = down("cron", Optional.empty(), 90, 0);

        JsonNode payload = SlackMessage.payload(event, Optional.empty());

        assertEquals("Vigil: cron is DOWN, last heartbeat never", payload.path("text").asText());
        JsonNode fields = payload.path("attachments").get(0).path("blocks").get(1).path("fields");
        assertEquals("*Last heartbeat*\nnever", fields.get(0).path("text").asText());
        assertEquals("*Expected every*\n90 s (grace 0 s)", fields.get(2).path("text").asText());
    }

    @Test
    void longAndMultiLineNamesAreCutToOneShortLine() {
        AlertEvent event = down("line one\nline two " + "x".repeat(400), Optional.of(NOW.minusSeconds(600)), 3600, 86400);

        JsonNode payload = SlackMessage.payload(event, Optional.empty());

        String headline = payload.path("attachments").get(0).path("blocks").get(0).path("text").path("text").asText();
        assertTrue(headline.startsWith("\uD83D\uDD34 line one line two xxx"), headline);
        assertTrue(headline.contains("x... is DOWN\n"), headline);
        assertTrue(headline.length() < 300, headline);
        JsonNode fields = payload.path("attachments").get(0).path("blocks").get(1).path("fields");
        assertEquals("*Expected every*\n1 h (grace 1 d)", fields.get(2).path("text").asText());
    }

    @Test
    void escapingCoversExactlySlacksControlCharacters() {
        assertEquals("a &amp;lt; b &lt; c &gt; d *e* _f_", SlackMessage.escape("a &lt; b < c > d *e* _f_"));
    }

    @Test
    void userTextCannotPingOrRestyle() {
        AlertEvent event = down("@here *bold* _slanted_ ~struck~ `code` <!channel> @Channel &", Optional.empty(), 60, 0);

        JsonNode payload = SlackMessage.payload(event, Optional.empty());

        String plain = "@\u2060here *bold* _slanted_ ~struck~ `code` &lt;!channel&gt; @\u2060Channel &amp;";
        assertEquals(false, payload.path("mrkdwn").asBoolean(true), "the top-level text is not formatted");
        assertEquals("Vigil: " + plain + " is DOWN, last heartbeat never", payload.path("text").asText());
        JsonNode headline = payload.path("attachments").get(0).path("blocks").get(0).path("text");
        assertEquals("plain_text", headline.path("type").asText());
        assertTrue(headline.path("text").asText().startsWith("\uD83D\uDD34 " + plain + " is DOWN"), headline.toString());
        assertFalse(payload.toString().contains("<!channel>"), payload.toString());
        payload.path("attachments").get(0).path("blocks").findValues("text").forEach(text -> {
            if ("mrkdwn".equals(text.path("type").asText())) {
                assertFalse(text.path("text").asText().contains("bold"), "user text in a mrkdwn object: " + text);
            }
        });
    }

    static AlertEvent down(String name, Optional<Instant> lastBeat, long interval, long grace) {
        return SampleAlerts.flip("app_1", 1, AlertType.APPLICATION_DOWN, name, Status.DOWN, Status.UP, lastBeat,
                Optional.of(NOW.minusSeconds(10)), interval, grace, NOW);
    }
}
