package dev.vigil.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.AlertType;
import dev.vigil.domain.Status;
import dev.vigil.fixtures.SampleAlerts;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The wording all notifiers share. */
class AlertTextTest {
    /** Formerly AlertMessageTest's case. */
    @Test
    void intervalsAreWordedInTheLargestWholeUnit() {
        assertEquals("45 s", AlertText.human(java.time.Duration.ofSeconds(45)));
        assertEquals("0 s", AlertText.human(java.time.Duration.ZERO));
        assertEquals("5 min", AlertText.human(java.time.Duration.ofMinutes(5)));
        assertEquals("2 h", AlertText.human(java.time.Duration.ofHours(2)));
        assertEquals("1 d", AlertText.human(java.time.Duration.ofDays(1)));
        assertEquals("90 s", AlertText.human(java.time.Duration.ofSeconds(90)));
    }

    @Test
    void secondsAreWordedAsTheirDuration() {
        assertEquals("45 s", AlertText.human(45));
        assertEquals("0 s", AlertText.human(0));
        assertEquals("5 min", AlertText.human(300));
        assertEquals("2 h", AlertText.human(7200));
        assertEquals("1 d", AlertText.human(86400));
        assertEquals("90 s", AlertText.human(90));
        assertEquals("25 h", AlertText.human(90000));
    }

    @Test
    void scheduleNamesIntervalAndGrace() {
        AlertEvent event = SampleAlerts.flip("app_1", 1, AlertType.APPLICATION_DOWN, "cron", Status.DOWN, Status.UP,
                Optional.empty(), Optional.empty(), 300, 60, Instant.parse("2026-11-24T11:58:12Z"));

        assertEquals("5 min (grace 1 min)", AlertText.schedule(event));
    }

    @Test
    void timesAreUtcToTheSecond() {
        assertEquals("2026-11-24 11:52:00 UTC", AlertText.utc(Instant.parse("2026-11-24T11:52:00.318Z")));
        assertEquals("2026-11-24 11:52:00 UTC", AlertText.UTC_TIME.format(Instant.parse("2026-11-24T11:52:00Z")));
    }

    @Test
    void oneLineJoinsLinesAndTabs() {
        assertEquals("nightly backup job", AlertText.oneLine("nightly\r\nbackup\tjob\n"));
        assertEquals("a b", AlertText.oneLine("  a\n\n\tb  "));
    }

    @Test
    void limitCutsWithAsciiDots() {
        assertEquals("abcdef", AlertText.limit("abcdef", 6));
        assertEquals("abc...", AlertText.limit("abcdefg", 6));
        assertEquals(6, AlertText.limit("x".repeat(100), 6).length());
    }

    @Test
    void limitWithEllipsisNeverSplitsACharacter() {
        String fire = "\uD83D\uDD25";
        assertEquals("abcdef", AlertText.limit("abcdef", 6, "…"));
        assertEquals("abcde…", AlertText.limit("abcdefg", 6, "…"));
        String cut = AlertText.limit("abcd" + fire + "xyz", 6, "…");
        assertEquals("abcd…", cut);
        assertFalse(Character.isHighSurrogate(cut.charAt(cut.length() - 2)), cut);
        assertEquals("abc" + fire + "...", AlertText.limit("abc" + fire + "wxyz", 8, "..."));
        assertEquals("ab...", AlertText.limit("ab" + fire + "xyz", 6, "..."));
    }
}
