package dev.vigil.domain;

import static dev.vigil.domain.ScheduledApps.cron;
import static dev.vigil.domain.ScheduledApps.interval;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The deadline of cron and long-interval schedules, one behaviour per test. */
class ScheduleDeadlinesTest {

    @Test
    void cronDeadlineIsTheNextFiringAfterTheLastBeatPlusGrace() {
        Application app = cron("30 2 * * *", "UTC", 600, Instant.parse("2026-06-10T02:31:00Z"));
        assertEquals(Optional.of(Instant.parse("2026-06-11T02:40:00Z")), Deadlines.deadline(app));
    }

    @Test
    void cronDeadlineIsStrictlyAfterABeatThatLandsOnAFiring() {
        Application app = cron("30 2 * * *", "UTC", 0, Instant.parse("2026-06-10T02:30:00Z"));
        assertEquals(Optional.of(Instant.parse("2026-06-11T02:30:00Z")), Deadlines.deadline(app));
    }

    @Test
    void cronScheduleUsesParisTimeAcrossSpringForward() {
        // 2026-03-29: Paris jumps from 02:00 to 03:00 CEST; 02:30 does not exist and fires at 03:00 CEST (01:00Z).
        Application app = cron("30 2 * * *", "Europe/Paris", 600, Instant.parse("2026-03-28T01:30:00Z"));
        assertEquals(Optional.of(Instant.parse("2026-03-29T01:10:00Z")), Deadlines.deadline(app));
    }

    @Test
    void cronScheduleUsesParisTimeAcrossFallBack() {
        // 2026-10-25: Paris goes back from 03:00 CEST to 02:00 CET; 02:30 happens twice and fires at the first (00:30Z).
        Application app = cron("30 2 * * *", "Europe/Paris", 600, Instant.parse("2026-10-24T00:30:00Z"));
        assertEquals(Optional.of(Instant.parse("2026-10-25T00:40:00Z")), Deadlines.deadline(app));
    }

    @Test
    void repeatedHourOnFallBackFiresOnceNotAgainAtItsSecondOccurrence() {
        Application app = cron("30 2 * * *", "Europe/Paris", 0, Instant.parse("2026-10-25T00:31:00Z"));
        // Not 2026-10-25T01:30Z (02:30 CET the same night): the next firing is the next day's 02:30 CET.
        assertEquals(Optional.of(Instant.parse("2026-10-26T01:30:00Z")), Deadlines.deadline(app));
    }

    @Test
    void cronScheduleUsesNewYorkTimeAcrossSpringForward() {
        // 2026-03-08: New York moves to EDT; 09:00 EST (14:00Z) is followed by 09:00 EDT (13:00Z), 23 hours later.
        Application app = cron("0 9 * * *", "America/New_York", 300, Instant.parse("2026-03-07T14:00:00Z"));
        assertEquals(Optional.of(Instant.parse("2026-03-08T13:05:00Z")), Deadlines.deadline(app));
    }

    @Test
    void cronScheduleUsesNewYorkTimeAcrossFallBack() {
        // 2026-11-01: New York moves back to EST; 09:00 EDT (13:00Z) is followed by 09:00 EST (14:00Z), 25 hours later.
        Application app = cron("0 9 * * *", "America/New_York", 300, Instant.parse("2026-10-31T13:00:00Z"));
        assertEquals(Optional.of(Instant.parse("2026-11-01T14:05:00Z")), Deadlines.deadline(app));
    }

    @Test
    void newYorkRepeatedHourFiresAtItsFirstOccurrence() {
        // 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST) on 2026-11-01.
        Application app = cron("30 1 * * *", "America/New_York", 0, Instant.parse("2026-10-31T06:00:00Z"));
        assertEquals(Optional.of(Instant.parse("2026-11-01T05:30:00Z")), Deadlines.deadline(app));
    }

    @Test
    void weekdayCronSkipsTheWeekend() {
        Application app = cron("0 8 * * MON-FRI", "UTC", 0, Instant.parse("2026-06-12T08:00:00Z")); // a Friday
        assertEquals(Optional.of(Instant.parse("2026-06-15T08:00:00Z")), Deadlines.deadline(app));
    }

    @Test
    void cronWindowStoredForTheBeatWriteIsTheGraceAloneALowerBound() {
        Application app = cron("0 3 * * *", "UTC", 120, Instant.parse("2026-06-10T03:00:00Z"));
        assertEquals(120_000, Deadlines.windowMillis(app));
        Instant beat = app.lastHeartbeat().orElseThrow();
        // The index never holds a later deadline than the true one.
        assertEquals(true, !beat.plusMillis(Deadlines.windowMillis(app)).isAfter(Deadlines.deadline(app).orElseThrow()));
    }

    @Test
    void intervalWindowStoredForTheBeatWriteIsIntervalPlusGrace() {
        assertEquals(360_000, Deadlines.windowMillis(interval(300, 60, Instant.parse("2026-06-10T03:00:00Z"))));
    }

    @Test
    void thirtyDayIntervalIsDueThirtyDaysAndGraceAfterTheBeat() {
        Instant beat = Instant.parse("2026-02-01T00:00:00Z");
        Application app = interval(Duration.ofDays(30).toSeconds(), 3600, beat);
        assertEquals(Optional.of(Instant.parse("2026-03-03T01:00:00Z")), Deadlines.deadline(app));
    }

    @Test
    void yearLongIntervalIsDueAYearAndGraceAfterTheBeat() {
        Instant beat = Instant.parse("2026-02-01T00:00:00Z");
        Application app = interval(Duration.ofDays(365).toSeconds(), 0, beat);
        assertEquals(Optional.of(Instant.parse("2027-02-01T00:00:00Z")), Deadlines.deadline(app));
    }

    @Test
    void yearLongIntervalIsNotOverdueASecondBeforeItsDeadline() {
        Instant beat = Instant.parse("2026-02-01T00:00:00Z");
        Application app = interval(Duration.ofDays(365).toSeconds(), 0, beat);
        assertEquals(BeatState.UP, BeatState.of(app, Instant.parse("2027-01-31T23:59:59Z")));
        assertEquals(BeatState.DOWN, BeatState.of(app, Instant.parse("2027-02-01T00:00:00Z")));
    }

    @Test
    void monthlyCronIsDueOnTheFirstOfNextMonth() {
        Application app = cron("@monthly", "Europe/Paris", 0, Instant.parse("2026-01-31T23:00:00Z")); // 1 Feb 00:00 Paris
        assertEquals(Optional.of(Instant.parse("2026-02-28T23:00:00Z")), Deadlines.deadline(app));
    }
}
