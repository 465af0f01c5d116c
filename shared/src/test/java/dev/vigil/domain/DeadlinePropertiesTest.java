package dev.vigil.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Properties of the deadline and of a beat, over interval and cron schedules in several time zones. */
class DeadlinePropertiesTest {
    /** 2020-01-01 to 2031-01-01, so that many daylight-saving changes fall in range. */
    private static final long FROM = 1_577_836_800L;
    private static final long TO = 1_924_992_000L;
    private static final Instant WATCHED_SINCE = Instant.ofEpochSecond(FROM - 1);
    private static final List<String> CRONS = List.of("30 2 * * *", "0 9 * * MON-FRI", "*/15 * * * *", "0 0 1 * *",
            "0 3 * * 0", "45 1,13 * * *", "@hourly");
    private static final List<String> ZONES = List.of("UTC", "Europe/Paris", "America/New_York", "Australia/Sydney",
            "Asia/Kolkata");

    @Provide
    Arbitrary<Application> schedules() {
        Arbitrary<Application> intervals = Arbitraries.longs().between(1, 366L * 24 * 3600).flatMap(interval ->
                Arbitraries.longs().between(0, 86_400).map(grace -> ScheduledApps.interval(interval, grace, null)));
        Arbitrary<Application> crons = Arbitraries.of(CRONS).flatMap(cron -> Arbitraries.of(ZONES).flatMap(zone ->
                Arbitraries.longs().between(0, 86_400).map(grace -> ScheduledApps.cron(cron, zone, grace, null))));
        return Arbitraries.oneOf(intervals, crons);
    }

    private static Application beatenAt(Application app, Instant beat) {
        return ScheduledApps.app(app.intervalSeconds(), app.graceSeconds(), Status.UP, true, beat, WATCHED_SINCE,
                app.rules(), RunState.NONE);
    }

    @Property
    void deadlineIsNeverBeforeTheLastBeat(@ForAll("schedules") Application app,
                                          @ForAll @LongRange(min = FROM, max = TO) long beatSecond) {
        Instant beat = Instant.ofEpochSecond(beatSecond);
        Optional<Instant> deadline = Deadlines.deadline(beatenAt(app, beat));
        assertTrue(deadline.isPresent() && deadline.get().isAfter(beat), () -> "deadline " + deadline + " not after beat " + beat);
    }

    @Property
    void laterBeatNeverGivesAnEarlierDeadline(@ForAll("schedules") Application app,
                                              @ForAll @LongRange(min = FROM, max = TO) long beatSecond,
                                              @ForAll @LongRange(min = 0, max = 40 * 86_400) long later) {
        Instant first = Instant.ofEpochSecond(beatSecond);
        Instant second = first.plusSeconds(later);
        Instant earlierDeadline = Deadlines.deadline(beatenAt(app, first)).orElseThrow();
        Instant laterDeadline = Deadlines.deadline(beatenAt(app, second)).orElseThrow();
        assertFalse(laterDeadline.isBefore(earlierDeadline), () -> laterDeadline + " before " + earlierDeadline);
    }

    @Property
    void beatAlwaysResetsADownApplicationWhenThresholdsAreOne(@ForAll("schedules") Application app,
                                                              @ForAll @LongRange(min = FROM, max = TO) long beatSecond,
                                                              @ForAll boolean paused,
                                                              @ForAll @IntRange(min = 0, max = 5) int failStreak) {
        Instant beat = Instant.ofEpochSecond(beatSecond);
        Application down = ScheduledApps.app(app.intervalSeconds(), app.graceSeconds(), Status.DOWN, !paused, null,
                WATCHED_SINCE, app.rules(), new RunState(Optional.empty(), Optional.empty(), failStreak, 0));
        Application after = Beats.afterBeat(down, beat);
        assertEquals(BeatState.UP, BeatState.of(after, beat));
        assertEquals(Status.UP, after.status());
        assertTrue(after.active());
    }
}
