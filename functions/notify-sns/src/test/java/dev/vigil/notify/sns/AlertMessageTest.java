package dev.vigil.notify.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.bus.AlertEventCodec;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.AlertType;
import dev.vigil.domain.Status;
import dev.vigil.fixtures.SampleAlerts;
import dev.vigil.runtime.Json;
import dev.vigil.testkit.SamTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The wording of alerts: what lands in a mailbox and on a phone. */
class AlertMessageTest {
    static final Instant BEAT = Instant.parse("2026-11-24T11:52:00.318Z");
    static final Instant DEADLINE = Instant.parse("2026-11-24T11:58:00.318Z");
    static final Instant DETECTED = Instant.parse("2026-11-24T11:58:12.045Z");

    @Test
    void downMessageFromSampleEventNamesApplicationTimesAndIds() throws IOException {
        AlertMessage message = AlertMessage.of(sample("application-down.json"));

        assertEquals("[Vigil] DOWN: nightly-backup", message.subject());
        assertEquals("Vigil: DOWN nightly-backup - last beat Nov 24 11:52Z", message.sms());
        String body = message.emailBody();
        assertTrue(body.startsWith("nightly-backup is DOWN: no heartbeat arrived before its deadline."), body);
        assertTrue(body.contains("Last heartbeat:  2026-11-24 11:52:00 UTC"), body);
        assertTrue(body.contains("Deadline:        2026-11-24 11:58:00 UTC"), body);
        assertTrue(body.contains("Expected every:  5 min (grace 1 min)"), body);
        assertTrue(body.contains("Application id:  app_k3v9x2m7q4pa"), body);
        assertTrue(body.contains("Alert id:        app_k3v9x2m7q4pa-1"), body);
        assertTrue(body.contains("Detected at:     2026-11-24 11:58:12 UTC"), body);
    }

    @Test
    void downMessageOfAFailedRunSaysWhyInsteadOfAMissedDeadline() {
        dev.vigil.domain.Application app = new dev.vigil.domain.Application("app_k3v9x2m7q4pa",
                "3f1c2a9e-8d4b-4e1f-9a6c-2b7d5e8f0a13", "nightly-backup", 300, 60, Status.UP, Status.UP, true,
                Optional.of(BEAT), BEAT, Optional.empty(), 0, BEAT, BEAT);

        AlertMessage message = AlertMessage.of(dev.vigil.domain.Alerts.failed(app, "Failed: the job exited with code 3.",
                BEAT, DETECTED));

        assertTrue(message.emailBody().startsWith("nightly-backup is DOWN: Failed: the job exited with code 3."),
                message.emailBody());
        assertFalse(message.emailBody().contains("Deadline:"), message.emailBody());
    }

    @Test
    void upMessageSaysBeatingAgain() throws IOException {
        AlertMessage message = AlertMessage.of(sample("application-up.json"));

        assertEquals("[Vigil] UP: nightly-backup", message.subject());
        assertEquals("Vigil: UP nightly-backup - beating again Nov 24 12:03Z", message.sms());
        assertTrue(message.emailBody().startsWith("nightly-backup is UP again: a heartbeat arrived."), message.emailBody());
        assertTrue(message.emailBody().contains("Heartbeat at:    2026-11-24 12:03:41 UTC"), message.emailBody());
        assertFalse(message.emailBody().contains("Deadline:"), "a recovery has no deadline: " + message.emailBody());
        assertFalse(message.emailBody().contains("DOWN"), message.emailBody());
    }

    @Test
    void downMessageForApplicationThatNeverBeatSaysNever() {
        AlertMessage message = AlertMessage.of(down("fresh-app", Optional.empty()));

        assertTrue(message.emailBody().contains("Last heartbeat:  never"), message.emailBody());
        assertTrue(message.sms().endsWith("last beat never"), message.sms());
    }

    @Test
    void veryLongNameKeepsSubjectUnderSnsLimitOf100() {
        String name = "x".repeat(300);
        AlertMessage message = AlertMessage.of(down(name, Optional.of(BEAT)));

        assertEquals(99, message.subject().length(), message.subject());
        assertTrue(message.subject().startsWith("[Vigil] DOWN: xxx"), message.subject());
        assertTrue(message.subject().endsWith("..."), "a cut subject shows it was cut: " + message.subject());
        assertTrue(message.sms().length() <= 140, "SMS length " + message.sms().length());
        assertTrue(message.sms().startsWith("Vigil: DOWN "), message.sms());
    }

    @Test
    void nameOfExactlyFittingLengthIsNotCut() {
        String name = "y".repeat(99 - "[Vigil] DOWN: ".length());
        AlertMessage message = AlertMessage.of(down(name, Optional.of(BEAT)));

        assertEquals("[Vigil] DOWN: " + name, message.subject());
    }

    @Test
    void newlinesAndTabsInNamesAreRemovedFromSubjectSmsAndBody() {
        AlertMessage message = AlertMessage.of(down("nightly\r\nbackup\tjob\n", Optional.of(BEAT)));

        assertEquals("[Vigil] DOWN: nightly backup job", message.subject());
        assertFalse(message.subject().contains("\n") || message.subject().contains("\r"), message.subject());
        assertFalse(message.sms().contains("\n") || message.sms().contains("\r"), message.sms());
        assertTrue(message.sms().startsWith("Vigil: DOWN nightly backup job - "), message.sms());
        assertTrue(message.emailBody().startsWith("nightly backup job is DOWN"), message.emailBody());
    }

    @Test
    void smsStaysWithin140CharactersForUpMessagesToo() {
        AlertEvent up = SampleAlerts.flip("app_k3v9x2m7q4pa", 2, AlertType.APPLICATION_UP, "z".repeat(200),
                Status.UP, Status.DOWN, Optional.of(BEAT), Optional.empty(), 300, 60, DETECTED);

        AlertMessage message = AlertMessage.of(up);

        assertTrue(message.sms().length() <= 140, "SMS length " + message.sms().length());
        assertTrue(message.subject().length() <= 100, "subject length " + message.subject().length());
        assertTrue(message.subject().startsWith("[Vigil] UP: "), message.subject());
    }

    static AlertEvent down(String name, Optional<Instant> lastBeat) {
        return SampleAlerts.flip("app_k3v9x2m7q4pa", 1, AlertType.APPLICATION_DOWN, name, Status.DOWN,
                Status.UP, lastBeat, Optional.of(DEADLINE), 300, 60, DETECTED);
    }

    static AlertEvent sample(String file) throws IOException {
        String text = Files.readString(SamTemplate.locate().getParent().resolve("events").resolve(file));
        return AlertEventCodec.fromBusEvent(Json.MAPPER.readTree(text));
    }
}
