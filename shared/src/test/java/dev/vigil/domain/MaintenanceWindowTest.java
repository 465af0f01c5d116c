package dev.vigil.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MaintenanceWindowTest {
    private static final Instant START = Instant.parse("2026-06-10T22:00:00Z");
    private static final Instant END = Instant.parse("2026-06-10T23:00:00Z");
    private static final MaintenanceWindow ONCE = new MaintenanceWindow.OneOff(START, END);
    /** Every night at 03:00 Paris time, for 90 minutes. */
    private static final MaintenanceWindow NIGHTLY = new MaintenanceWindow.Recurring(CronExpression.parse("0 3 * * *"),
            ZoneId.of("Europe/Paris"), Duration.ofMinutes(90));

    @Test
    void oneOffWindowHoldsFromItsStartInclusive() {
        assertEquals(Optional.of(END), ONCE.endIfActiveAt(START));
    }

    @Test
    void oneOffWindowIsOverAtItsEnd() {
        assertEquals(Optional.empty(), ONCE.endIfActiveAt(END));
    }

    @Test
    void oneOffWindowDoesNotHoldBeforeItStarts() {
        assertEquals(Optional.empty(), ONCE.endIfActiveAt(START.minusSeconds(1)));
    }

    @Test
    void oneOffWindowEndingBeforeItStartsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MaintenanceWindow.OneOff(END, START));
    }

    @Test
    void recurringWindowHoldsInsideTonightsWindowInItsTimezone() {
        // 03:00 CEST = 01:00Z; the window lasts until 02:30Z.
        assertEquals(Optional.of(Instant.parse("2026-06-11T02:30:00Z")),
                NIGHTLY.endIfActiveAt(Instant.parse("2026-06-11T01:45:00Z")));
    }

    @Test
    void recurringWindowIsOverAtItsEnd() {
        assertEquals(Optional.empty(), NIGHTLY.endIfActiveAt(Instant.parse("2026-06-11T02:30:00Z")));
    }

    @Test
    void recurringWindowDoesNotHoldDuringTheDay() {
        assertEquals(Optional.empty(), NIGHTLY.endIfActiveAt(Instant.parse("2026-06-11T12:00:00Z")));
    }

    @Test
    void recurringWindowFollowsWinterTime() {
        // In January 03:00 Paris is 02:00Z.
        assertEquals(Optional.of(Instant.parse("2026-01-15T03:30:00Z")),
                NIGHTLY.endIfActiveAt(Instant.parse("2026-01-15T02:00:00Z")));
    }

    @Test
    void overlappingRecurringWindowsMakeOneWindow() {
        MaintenanceWindow hourlyForNinety = new MaintenanceWindow.Recurring(CronExpression.parse("0 0-2 * * *"),
                ZoneId.of("UTC"), Duration.ofMinutes(90));
        // Opens 00:00, 01:00, 02:00, each for 90 minutes: one window from 00:00 to 03:30.
        assertEquals(Optional.of(Instant.parse("2026-06-11T03:30:00Z")),
                hourlyForNinety.endIfActiveAt(Instant.parse("2026-06-11T00:10:00Z")));
    }

    @Test
    void adjoiningWindowsExtendTheMaintenance() {
        MaintenanceWindow next = new MaintenanceWindow.OneOff(END, END.plusSeconds(1800));
        assertEquals(Optional.of(END.plusSeconds(1800)), MaintenanceWindow.endOfMaintenanceAt(List.of(ONCE, next),
                START.plusSeconds(60)));
    }

    @Test
    void recurringWindowLongerThanAWeekIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MaintenanceWindow.Recurring(CronExpression.parse("@daily"),
                ZoneId.of("UTC"), Duration.ofDays(8)));
    }
}
