package dev.vigil.notify.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.AlertType;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.Status;
import dev.vigil.fixtures.SampleAlerts;
import dev.vigil.runtime.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Application names chosen to break a publish: SNS refuses a subject that is not printable ASCII on one
 * line under 100 characters, and a message over 256 KB; a reader must not be fooled by invisible
 * characters. Whatever the name, the alert is still published and still names the application.
 */
class HostileNamesTest {
    static final String RLO = "\u202E";
    static final String LINE_SEPARATOR = "\u2028";
    static final String PARAGRAPH_SEPARATOR = "\u2029";
    static final String EMOJI = "\uD83D\uDD25";

    /** Names an attacker, or a careless script, could register. */
    static Stream<String> hostileNames() {
        return Stream.of(
                "n".repeat(300),
                "nightly\nbackup\r\nrun\rthree",
                "nightly" + LINE_SEPARATOR + "backup" + PARAGRAPH_SEPARATOR + "job",
                EMOJI + " billing " + EMOJI.repeat(150),
                "invoice-" + RLO + "fdp.exe",
                "tab\there\u0000nul\u001Besc[31mred\u007Fdel\u0085nel",
                "\uD83D lone high and lone low \uDC25",
                "1" + "\u200B".repeat(10) + "\uFEFF" + "\u0301" + "starts with a digit",
                (EMOJI + LINE_SEPARATOR + RLO + "x\n").repeat(75));
    }

    @ParameterizedTest
    @MethodSource("hostileNames")
    void subjectIsPrintableAsciiOnOneLineUnder100Characters(String name) {
        for (AlertEvent event : alertsNamed(name)) {
            String subject = AlertMessage.of(event).subject();

            assertTrue(subject.length() < 100, subject.length() + ": " + subject);
            assertTrue(subject.chars().allMatch(c -> c >= 0x20 && c < 0x7F), "printable ASCII: " + subject);
            assertTrue(subject.startsWith("[Vigil] "), "begins with punctuation, as SNS requires: " + subject);
            assertFalse(subject.contains("  "), "no runs of spaces: " + subject);
        }
    }

    @ParameterizedTest
    @MethodSource("hostileNames")
    void bodyAndSmsHoldNoLineSeparatorsControlsOrOverrides(String name) {
        for (AlertEvent event : alertsNamed(name)) {
            AlertMessage message = AlertMessage.of(event);

            assertClean(message.emailBody(), true);
            assertClean(message.sms(), false);
            assertTrue(message.sms().length() <= 140, "SMS length " + message.sms().length());
        }
    }

    @ParameterizedTest
    @MethodSource("hostileNames")
    void publishedMessageIsValidUtf8JsonWithin256Kilobytes(String name) throws IOException {
        for (AlertEvent event : alertsNamed(name)) {
            AlertMessage message = AlertMessage.of(event);

            byte[] published = message.snsMessage().getBytes(StandardCharsets.UTF_8);
            assertTrue(published.length <= 262_144, published.length + " bytes");
            assertEquals(message.snsMessage(), new String(published, StandardCharsets.UTF_8), "round-trips through UTF-8");
            JsonNode structure = Json.parse(message.snsMessage());
            assertEquals(message.emailBody(), structure.path("email").asText());
            assertEquals(message.sms(), structure.path("sms").asText());
        }
    }

    @Test
    void accentsAndTypographyAreTransliteratedAndTheRestReplaced() {
        AlertMessage message = AlertMessage.of(down("Café “Zürich” – Straße ﬁle Øresund " + EMOJI + " 東京"));

        assertEquals("[Vigil] DOWN: Cafe \"Zurich\" - Strasse file Oresund ? ??", message.subject());
        assertTrue(message.emailBody().startsWith("Café “Zürich” – Straße ﬁle Øresund " + EMOJI + " 東京 is DOWN"),
                "the email keeps the name as written: " + message.emailBody());
    }

    @Test
    void rightToLeftOverrideCannotReverseTheNameAnywhere() {
        AlertMessage message = AlertMessage.of(down("invoice-" + RLO + "fdp.exe"));

        assertEquals("[Vigil] DOWN: invoice-fdp.exe", message.subject());
        assertTrue(message.emailBody().startsWith("invoice-fdp.exe is DOWN"), message.emailBody());
        assertTrue(message.sms().startsWith("Vigil: DOWN invoice-fdp.exe - "), message.sms());
    }

    @Test
    void lineAndParagraphSeparatorsBecomeSpaces() {
        AlertMessage message = AlertMessage.of(down("nightly" + LINE_SEPARATOR + "backup" + PARAGRAPH_SEPARATOR + "job"));

        assertEquals("[Vigil] DOWN: nightly backup job", message.subject());
        assertTrue(message.sms().startsWith("Vigil: DOWN nightly backup job - "), message.sms());
        assertTrue(message.emailBody().startsWith("nightly backup job is DOWN"), message.emailBody());
    }

    @Test
    void smsCutNeverSplitsAnEmoji() {
        AlertMessage message = AlertMessage.of(down("a" + EMOJI.repeat(200)));

        assertTrue(message.sms().endsWith("..."), message.sms());
        assertTrue(message.sms().length() <= 140, "SMS length " + message.sms().length());
        assertFalse(hasLoneSurrogate(message.sms()), message.sms());
    }

    @Test
    void digestTooLargeForSnsIsCutAndSaysWhichAlertItWas() {
        List<AlertEvent> held = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            held.add(SampleAlerts.flip("app_" + i, 1, AlertType.APPLICATION_DOWN, (EMOJI + "\"\\" + LINE_SEPARATOR).repeat(40),
                    Status.DOWN, Status.UP, Optional.empty(), Optional.empty(), 60, 0, SampleAlerts.T));
        }
        AlertEvent digest = Alerts.digest("ch_a", held, SampleAlerts.T.plusSeconds(3600), SampleAlerts.T.plusSeconds(3600));

        AlertMessage message = AlertMessage.of(digest);

        int bytes = message.snsMessage().getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes <= 262_144, bytes + " bytes");
        assertTrue(bytes > 200_000, "the cut keeps as much as fits: " + bytes + " bytes");
        assertTrue(message.emailBody().endsWith("(Cut to the size SNS accepts. Alert id: " + digest.eventId() + ")\n"),
                message.emailBody().substring(message.emailBody().length() - 200));
        assertFalse(hasLoneSurrogate(message.emailBody()));
        assertEquals("[Vigil] 3000 alerts held during quiet hours", message.subject());
    }

    /** A down alert, a recovery, a reminder, a flapping notice and a digest, all about {@code name}. */
    static List<AlertEvent> alertsNamed(String name) {
        AlertEvent down = down(name);
        AlertEvent up = SampleAlerts.flip("app_k3v9x2m7q4pa", 2, AlertType.APPLICATION_UP, name, Status.UP, Status.DOWN,
                Optional.of(AlertMessageTest.BEAT), Optional.empty(), 300, 60, AlertMessageTest.DETECTED);
        Instant later = AlertMessageTest.DETECTED.plusSeconds(3600);
        return List.of(down, up, Alerts.reminder(down, 2, "ch_a", later), Alerts.flapping(down, 5, java.time.Duration.ofMinutes(30), down.status()),
                Alerts.digest("ch_a", List.of(down, up), later, later));
    }

    static AlertEvent down(String name) {
        return AlertMessageTest.down(name, Optional.of(AlertMessageTest.BEAT));
    }

    private static void assertClean(String text, boolean multiLine) {
        text.codePoints().forEach(c -> {
            boolean allowedBreak = multiLine && c == '\n';
            assertFalse(Character.getType(c) == Character.CONTROL && !allowedBreak,
                    "control U+" + Integer.toHexString(c) + " in " + text);
            assertFalse(c == 0x2028 || c == 0x2029 || c == 0x202E || c == 0x202D || c == 0xFEFF,
                    "invisible U+" + Integer.toHexString(c) + " in " + text);
        });
        assertFalse(hasLoneSurrogate(text), text);
    }

    private static boolean hasLoneSurrogate(String text) {
        return text.codePoints().anyMatch(c -> Character.getType(c) == Character.SURROGATE);
    }
}
