package dev.vigil.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeadlinesTest {
    private static final Instant CREATED = Instant.parse("2026-11-24T10:00:00Z");

    static Application app(Status status, boolean active, Instant lastBeat, Instant watchedSince) {
        return new Application("app_x", "0f8fad5b-d9cb-469f-a165-70867728950e", "backup", 300, 60, status, status,
                active, Optional.ofNullable(lastBeat), watchedSince, Optional.empty(), 0, CREATED, CREATED);
    }

    @Test
    void newApplicationIsDueOneIntervalPlusGraceAfterCreation() {
        Application app = app(Status.NEW, true, null, CREATED);
        assertEquals(Optional.of(CREATED.plusSeconds(360)), Deadlines.deadline(app));
    }

    @Test
    void staysUpUntilGraceEnds() {
        Instant beat = CREATED.plusSeconds(1000);
        Application app = app(Status.UP, true, beat, CREATED);
        assertFalse(Deadlines.isOverdue(app, beat.plusSeconds(300)), "interval passed but grace has not");
        assertFalse(Deadlines.isOverdue(app, beat.plusSeconds(359)));
        assertTrue(Deadlines.isOverdue(app, beat.plusSeconds(360)), "interval + grace reached");
    }

    @Test
    void pausedApplicationHasNoDeadline() {
        Application app = app(Status.UP, false, CREATED, CREATED);
        assertEquals(Optional.empty(), Deadlines.deadline(app));
        assertFalse(Deadlines.isOverdue(app, CREATED.plus(Duration.ofDays(365))));
    }

    @Test
    void downApplicationWaitsForItsNextBeatNotAnotherDeadline() {
        assertEquals(Optional.empty(), Deadlines.deadline(app(Status.DOWN, true, CREATED, CREATED)));
    }

    @Test
    void resumedApplicationCountsFromResumeNotFromItsOldBeat() {
        Instant resumed = CREATED.plus(Duration.ofDays(2));
        Application app = app(Status.UP, true, CREATED.plusSeconds(10), resumed);
        assertEquals(Optional.of(resumed.plusSeconds(360)), Deadlines.deadline(app));
    }

    @Test
    void resumingViaSettingsStartsAFreshWatch() {
        Application paused = app(Status.UP, false, CREATED.plusSeconds(10), CREATED);
        Instant now = CREATED.plus(Duration.ofDays(1));
        Application resumed = paused.with("backup", 300, 60, true, now);
        assertEquals(now, resumed.watchedSince());
        assertEquals(Optional.of(now.plusSeconds(360)), resumed.dueAt());
    }

    @Test
    void changingTheIntervalMovesTheDeadlineFromTheLastBeat() {
        Instant beat = CREATED.plusSeconds(100);
        Application app = app(Status.UP, true, beat, CREATED).with("backup", 3600, 0, true, beat.plusSeconds(5));
        assertEquals(Optional.of(beat.plusSeconds(3600)), app.dueAt());
    }
}
