package dev.vigil.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.app.Status;
import dev.vigil.events.AlertEvent;
import dev.vigil.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The alert kinds beyond down and up: how they are named, worded and carried on the bus. */
class AlertKindsTest {
    static final Instant T = Instant.parse("2026-11-24T22:30:00Z");
    static final AlertEvent DOWN = new AlertEvent("app_x-3", AlertEvent.APPLICATION_DOWN, "app_x", "nightly-backup",
            Status.DOWN, Status.UP, Optional.of(T.minusSeconds(400)), Optional.of(T.minusSeconds(40)), 300, 60, T);

    @Test
    void remindersAreNumberedPerOutageAndGoToOneChannel() {
        AlertEvent second = DOWN.reminder(1, "ch_a", T.plusSeconds(600)).reminder(2, "ch_a", T.plusSeconds(1200));
        assertEquals("app_x-3-r2", second.eventId());
        assertEquals(List.of("ch_a"), second.channels());
        assertEquals("STILL DOWN", AlertText.state(second));
        assertEquals(" is still DOWN", AlertText.stateSuffix(second));
        assertEquals(AlertText.Tone.ALARM, AlertText.tone(second));
        assertTrue(AlertText.explanation(second).contains("reminder 2"));
    }

    @Test
    void flappingKeepsTheFlipsIdAndSaysHowOften() {
        AlertEvent flapping = DOWN.asFlapping(5, Duration.ofMinutes(30));
        assertEquals(DOWN.eventId(), flapping.eventId());
        assertEquals(" is flapping", AlertText.stateSuffix(flapping));
        assertTrue(AlertText.explanation(flapping).startsWith("Flapping: 5 state changes in 30 min"));
    }

    @Test
    void aDigestListsTheHeldAlertsAndIsNeutral() {
        AlertEvent up = new AlertEvent("app_x-4", AlertEvent.APPLICATION_UP, "app_x", "nightly-backup", Status.UP,
                Status.DOWN, Optional.of(T.plusSeconds(600)), Optional.empty(), 300, 60, T.plusSeconds(600));
        AlertEvent digest = AlertEvent.digest("ch_a", List.of(DOWN, up), Instant.parse("2026-11-25T07:00:00Z"),
                Instant.parse("2026-11-25T07:00:20Z"));
        assertEquals("2 alerts held during quiet hours", digest.name());
        assertEquals(AlertText.Tone.INFO, AlertText.tone(digest));
        assertEquals("- 2026-11-24 22:30 UTC: nightly-backup went DOWN\n- 2026-11-24 22:40 UTC: nightly-backup is UP again",
                digest.note().orElseThrow());
        assertEquals(digest, AlertEvent.fromDetail(Json.MAPPER.valueToTree(digest.toDetail())), "it survives the bus");
    }
}
