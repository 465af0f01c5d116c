package dev.vigil.notify.slack;

import static dev.vigil.fixtures.SampleAlerts.CHANNEL_TEST;
import static dev.vigil.fixtures.SampleAlerts.CHECK_DEGRADED;
import static dev.vigil.fixtures.SampleAlerts.CHECK_RECOVERED;
import static dev.vigil.fixtures.SampleAlerts.CHECK_UNHEALTHY;
import static dev.vigil.fixtures.SampleAlerts.DIGEST;
import static dev.vigil.fixtures.SampleAlerts.FLAPPING;
import static dev.vigil.fixtures.SampleAlerts.REMINDER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.CheckFacts;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reminders, flapping notices, quiet-hours digests and check alerts as this channel shows them. */
class SlackAlertKindsTest {
    @Test
    void reminderAndFlappingAreRedWithTheirOwnHeadline() {
        var reminder = SlackMessage.payload(REMINDER, Optional.empty()).path("attachments").get(0);
        assertEquals(SlackMessage.RED, reminder.path("color").asText());
        String headline = reminder.path("blocks").get(0).path("text").path("text").asText();
        assertTrue(headline.startsWith("\uD83D\uDD34 nightly-backup is still DOWN\n") && headline.contains("reminder 2"), headline);
        String flapping = SlackMessage.payload(FLAPPING, Optional.empty()).path("text").asText();
        assertEquals("Vigil: nightly-backup is flapping", flapping);
    }

    @Test
    void digestIsGreyAndListsTheHeldAlertsWithoutApplicationFields() {
        var payload = SlackMessage.payload(DIGEST, Optional.empty());
        var attachment = payload.path("attachments").get(0);
        assertEquals(SlackMessage.GREY, attachment.path("color").asText());
        assertEquals(1, attachment.path("blocks").size(), attachment.toString());
        String text = attachment.path("blocks").get(0).path("text").path("text").asText();
        assertTrue(text.startsWith("\uD83D\uDD14 1 alert held during quiet hours\n") && text.contains("nightly-backup went DOWN"), text);
    }

    @Test
    void aCheckAlertShowsTheChecksFactsInPlainTextFields() {
        var payload = SlackMessage.payload(CHECK_UNHEALTHY, Optional.of(URI.create("https://vigil.example.com/")));
        assertEquals("Vigil: api-health is UNHEALTHY", payload.path("text").asText());
        var attachment = payload.path("attachments").get(0);
        assertEquals(SlackMessage.RED, attachment.path("color").asText());
        JsonNode blocks = attachment.path("blocks");
        assertEquals("\uD83D\uDD34 api-health is UNHEALTHY\nlatencyMs &lt; 500 failed: was 812; latency 812 ms",
                blocks.get(0).path("text").path("text").asText());
        assertEquals(List.of("Status\nUNHEALTHY (was HEALTHY)", "Check type\nhttp", "Threshold\nlatencyMs &lt; 500",
                "Latency\n812 ms", "Measured\nconnected: true, status: 200", "Check id\nchk_x"), texts(blocks.get(1)));
        blocks.get(1).path("fields").forEach(field -> assertEquals("plain_text", field.path("type").asText()));
        assertEquals("context", blocks.get(2).path("type").asText());
        assertTrue(blocks.get(2).toString().contains("chk_x-run42"), blocks.get(2).toString());
        assertEquals("actions", blocks.get(3).path("type").asText(), "the dashboard button, as on application alerts");
        assertFalse(payload.toString().contains("heartbeat") || payload.toString().contains("Expected every"), payload.toString());
    }

    @Test
    void degradedIsRedAndRecoveredGreenWithoutAThreshold() {
        var degraded = SlackMessage.payload(CHECK_DEGRADED, Optional.empty()).path("attachments").get(0);
        assertEquals(SlackMessage.RED, degraded.path("color").asText());
        assertTrue(texts(degraded.path("blocks").get(1)).contains("Threshold\nlatencyMs &lt; 300"));
        var recovered = SlackMessage.payload(CHECK_RECOVERED, Optional.empty());
        assertEquals("Vigil: api-health is HEALTHY again", recovered.path("text").asText());
        var attachment = recovered.path("attachments").get(0);
        assertEquals(SlackMessage.GREEN, attachment.path("color").asText());
        assertTrue(attachment.path("blocks").get(0).path("text").path("text").asText()
                .endsWith("api-health is HEALTHY again\nall 2 conditions hold; latency 95 ms"));
        assertEquals("Status\nHEALTHY (was UNHEALTHY)", texts(attachment.path("blocks").get(1)).get(0));
        assertFalse(attachment.toString().contains("Threshold"), attachment.toString());
    }

    @Test
    void whatACheckMeasuredCannotPingOrRestyle() {
        AlertEvent event = Alerts.checkChanged("chk_x", "default", "api-health", 3, new CheckFacts("http",
                CheckFacts.UNHEALTHY, CheckFacts.HEALTHY, 40, Optional.of("body.$.msg == '<!channel>'"), "",
                "{\"body.$.msg\":\"<!channel> @here *bold*\"}"), List.of(), Optional.empty(), CHECK_UNHEALTHY.time());
        var payload = SlackMessage.payload(event, Optional.empty());
        assertFalse(payload.toString().contains("<!channel>"), payload.toString());
        List<String> fields = texts(payload.path("attachments").get(0).path("blocks").get(1));
        assertTrue(fields.contains("Measured\nbody.$.msg: &lt;!channel&gt; @\u2060here *bold*"), fields.toString());
        assertTrue(fields.contains("Threshold\nbody.$.msg == '&lt;!channel&gt;'"), fields.toString());
    }

    private static List<String> texts(JsonNode section) {
        List<String> texts = new ArrayList<>();
        section.path("fields").forEach(field -> texts.add(field.path("text").asText()));
        return texts;
    }

    @Test
    void aChannelTestIsGreySaysItIsATestAndCannotPing() {
        var payload = SlackMessage.payload(CHANNEL_TEST, Optional.of(URI.create("https://vigil.example.com/")));
        assertEquals("Test alert from Vigil: channel ops room works", payload.path("text").asText());
        var attachment = payload.path("attachments").get(0);
        assertEquals(SlackMessage.GREY, attachment.path("color").asText());
        JsonNode blocks = attachment.path("blocks");
        assertEquals("\uD83D\uDD14 Test alert from Vigil: channel ops room works\n" + dev.vigil.notify.AlertText.TEST_EXPLANATION,
                blocks.get(0).path("text").path("text").asText());
        assertTrue(blocks.get(1).toString().contains(CHANNEL_TEST.eventId()), blocks.get(1).toString());
        assertEquals(2, blocks.size(), "no heartbeat fields and no dashboard button: " + blocks);

        AlertEvent hostile = dev.vigil.domain.Alerts.channelTest(new dev.vigil.domain.Channel("ch_t3stt3stt3st",
                dev.vigil.domain.ChannelType.SLACK, "<!channel> @here", true, false, java.util.Map.of(), java.util.Map.of(),
                CHANNEL_TEST.time(), CHANNEL_TEST.time()), CHANNEL_TEST.time());
        String text = SlackMessage.payload(hostile, Optional.empty()).toString();
        assertFalse(text.contains("<!channel>") || text.contains("@here"), text);
    }
}
