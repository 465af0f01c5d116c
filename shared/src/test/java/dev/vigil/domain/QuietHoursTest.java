package dev.vigil.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QuietHoursTest {
    private final QuietHours night = QuietHours.parse("22:00", "07:00", "Europe/Paris");

    @Test
    void lateEveningIsQuietUntilTomorrowMorning() {
        // 23:30 in Paris (UTC+1 in November) ends at 07:00 the next day.
        assertEquals(Optional.of(Instant.parse("2026-11-25T06:00:00Z")),
                night.endOfPeriodContaining(Instant.parse("2026-11-24T22:30:00Z")));
    }

    @Test
    void earlyMorningIsQuietUntilTheSameMorning() {
        assertEquals(Optional.of(Instant.parse("2026-11-24T06:00:00Z")),
                night.endOfPeriodContaining(Instant.parse("2026-11-24T03:00:00Z")));
    }

    @Test
    void daytimeIsNotQuiet() {
        assertEquals(Optional.empty(), night.endOfPeriodContaining(Instant.parse("2026-11-24T11:00:00Z")));
        assertEquals(Optional.empty(), night.endOfPeriodContaining(Instant.parse("2026-11-24T06:00:00Z")), "07:00 itself is awake");
    }

    @Test
    void aSameDayWindowWorksToo() {
        QuietHours lunch = QuietHours.parse("12:00", "13:30", "UTC");
        assertEquals(Optional.of(Instant.parse("2026-11-24T13:30:00Z")), lunch.endOfPeriodContaining(Instant.parse("2026-11-24T12:10:00Z")));
        assertEquals(Optional.empty(), lunch.endOfPeriodContaining(Instant.parse("2026-11-24T13:30:00Z")));
    }

    @Test
    void summerTimeIsRespected() {
        // On 29 March 2026 Paris moves to UTC+2: 07:00 local is 05:00 UTC.
        assertEquals(Optional.of(Instant.parse("2026-03-29T05:00:00Z")),
                night.endOfPeriodContaining(Instant.parse("2026-03-28T23:30:00Z")));
    }

    @Test
    void badQuietHoursAreRejectedWithAClearMessage() {
        assertThrows(IllegalArgumentException.class, () -> QuietHours.parse("25:00", "07:00", "UTC"));
        assertThrows(IllegalArgumentException.class, () -> QuietHours.parse("22:00", "07:00", "Mars/Olympus"));
        assertThrows(IllegalArgumentException.class, () -> QuietHours.parse("07:00", "07:00", "UTC"));
    }
}
