package dev.vigil.notify;

import static dev.vigil.fixtures.SampleAlerts.DOWN;
import static dev.vigil.fixtures.SampleAlerts.T;
import static dev.vigil.fixtures.SampleAlerts.UP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.bus.AlertEventCodec;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Alerts;
import dev.vigil.runtime.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The alert kinds beyond down and up: how they are named, worded and carried on the bus. */
class AlertKindsTest {

    @Test
    void remindersAreNumberedPerOutageAndGoToOneChannel() {
        AlertEvent second = Alerts.reminder(Alerts.reminder(DOWN, 1, "ch_a", T.plusSeconds(600)), 2, "ch_a", T.plusSeconds(1200));
        assertEquals("app_x-3-r2-ch_a", second.eventId());
        assertEquals(3, second.flip(), "the numbers travel as numbers, not inside the id");
        assertEquals(2, second.reminder());
        assertEquals(List.of("ch_a"), second.channels());
        assertEquals("STILL DOWN", AlertText.state(second));
        assertEquals(" is still DOWN", AlertText.stateSuffix(second));
        assertEquals(AlertText.Tone.ALARM, AlertText.tone(second));
        assertTrue(AlertText.explanation(second).contains("reminder 2"));
    }

    @Test
    void flappingKeepsTheFlipsIdAndSaysHowOften() {
        AlertEvent flapping = Alerts.flapping(DOWN, 5, Duration.ofMinutes(30), dev.vigil.domain.Status.UP);
        assertEquals(DOWN.eventId(), flapping.eventId());
        assertEquals(" is flapping", AlertText.stateSuffix(flapping));
        assertTrue(AlertText.explanation(flapping).startsWith("Flapping: 5 state changes in 30 min"));
        assertTrue(AlertText.explanation(flapping).endsWith("it is UP now."), "the state when it is sent, not the flip's");
    }

    @Test
    void aDigestListsTheHeldAlertsAndIsNeutral() {
        AlertEvent digest = Alerts.digest("ch_a", List.of(DOWN, UP), Instant.parse("2026-11-25T07:00:00Z"),
                Instant.parse("2026-11-25T07:00:20Z"));
        assertEquals("2 alerts held during quiet hours", digest.name());
        assertEquals(AlertText.Tone.INFO, AlertText.tone(digest));
        assertEquals("- 2026-11-24 22:30 UTC: nightly-backup went DOWN\n- 2026-11-24 22:40 UTC: nightly-backup is UP again",
                digest.note().orElseThrow());
        assertEquals(digest, AlertEventCodec.fromDetail(Json.MAPPER.valueToTree(AlertEventCodec.toDetail(digest))), "it survives the bus");
    }
}
