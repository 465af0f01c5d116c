package dev.vigil.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.domain.MaintenanceTime.Span;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which parts of a span are maintenance time: window edges, cron windows across DST, overlaps. */
class MaintenanceTimeTest {
    private static final UptimeState UP = UptimeState.UP;
    private static final UptimeState DOWN = UptimeState.DOWN;
    private static final UptimeState MAINTENANCE = UptimeState.MAINTENANCE;

    private static Instant at(String text) {
        return Instant.parse(text);
    }

    private static MaintenanceWindow once(String from, String to) {
        return new MaintenanceWindow.OneOff(at(from), at(to));
    }

    private static Span span(UptimeState state, String from, String to) {
        return new Span(state, at(from), at(to));
    }

    @Test
    void withoutWindowsTheSpanIsOnePartInItsState() {
        assertEquals(List.of(span(DOWN, "2026-11-24T10:00:00Z", "2026-11-24T12:00:00Z")),
                MaintenanceTime.split(List.of(), DOWN, at("2026-11-24T10:00:00Z"), at("2026-11-24T12:00:00Z")));
    }

    @Test
    void downTimeInsideAOneOffWindowIsMaintenance() {
        List<Span> parts = MaintenanceTime.split(List.of(once("2026-11-24T10:30:00Z", "2026-11-24T11:00:00Z")), DOWN,
                at("2026-11-24T10:00:00Z"), at("2026-11-24T12:00:00Z"));

        assertEquals(List.of(span(DOWN, "2026-11-24T10:00:00Z", "2026-11-24T10:30:00Z"),
                span(MAINTENANCE, "2026-11-24T10:30:00Z", "2026-11-24T11:00:00Z"),
                span(DOWN, "2026-11-24T11:00:00Z", "2026-11-24T12:00:00Z")), parts);
    }

    @Test
    void aWindowIncludesItsStartAndExcludesItsEnd() {
        MaintenanceWindow window = once("2026-11-24T10:00:00Z", "2026-11-24T11:00:00Z");

        assertEquals(List.of(span(MAINTENANCE, "2026-11-24T10:00:00Z", "2026-11-24T11:00:00Z")),
                MaintenanceTime.split(List.of(window), UP, at("2026-11-24T10:00:00Z"), at("2026-11-24T11:00:00Z")));
        assertEquals(List.of(span(UP, "2026-11-24T11:00:00Z", "2026-11-24T12:00:00Z")),
                MaintenanceTime.split(List.of(window), UP, at("2026-11-24T11:00:00Z"), at("2026-11-24T12:00:00Z")));
        assertEquals(List.of(span(UP, "2026-11-24T09:00:00Z", "2026-11-24T10:00:00Z")),
                MaintenanceTime.split(List.of(window), UP, at("2026-11-24T09:00:00Z"), at("2026-11-24T10:00:00Z")));
    }

    @Test
    void aSpanWhollyInsideAWindowIsAllMaintenance() {
        assertEquals(List.of(span(MAINTENANCE, "2026-11-24T10:15:00.250Z", "2026-11-24T10:20:00Z")),
                MaintenanceTime.split(List.of(once("2026-11-24T10:00:00Z", "2026-11-24T11:00:00Z")), UP,
                        at("2026-11-24T10:15:00.250Z"), at("2026-11-24T10:20:00Z")));
    }

    @Test
    void pausedTimeStaysPausedInsideAWindow() {
        assertEquals(List.of(span(UptimeState.PAUSED, "2026-11-24T10:00:00Z", "2026-11-24T12:00:00Z")),
                MaintenanceTime.split(List.of(once("2026-11-24T10:30:00Z", "2026-11-24T11:00:00Z")), UptimeState.PAUSED,
                        at("2026-11-24T10:00:00Z"), at("2026-11-24T12:00:00Z")));
    }

    @Test
    void overlappingAndTouchingWindowsMakeOneMaintenancePart() {
        List<MaintenanceWindow> windows = List.of(
                once("2026-11-24T10:00:00Z", "2026-11-24T10:40:00Z"),
                once("2026-11-24T10:20:00Z", "2026-11-24T11:00:00Z"),
                once("2026-11-24T11:00:00Z", "2026-11-24T11:10:00Z"),
                new MaintenanceWindow.Recurring(CronExpression.parse("5 11 * * *"), ZoneOffset.UTC, Duration.ofMinutes(15)));

        List<Span> parts = MaintenanceTime.split(windows, UP, at("2026-11-24T09:00:00Z"), at("2026-11-24T12:00:00Z"));

        assertEquals(List.of(span(UP, "2026-11-24T09:00:00Z", "2026-11-24T10:00:00Z"),
                span(MAINTENANCE, "2026-11-24T10:00:00Z", "2026-11-24T11:20:00Z"),
                span(UP, "2026-11-24T11:20:00Z", "2026-11-24T12:00:00Z")), parts);
    }

    @Test
    void aRecurringWindowOpenedBeforeTheSpanCountsFromTheSpansStart() {
        MaintenanceWindow nightly = new MaintenanceWindow.Recurring(CronExpression.parse("0 22 * * *"), ZoneOffset.UTC,
                Duration.ofHours(4));

        assertEquals(List.of(span(MAINTENANCE, "2026-11-24T00:00:00Z", "2026-11-24T02:00:00Z"),
                        span(DOWN, "2026-11-24T02:00:00Z", "2026-11-24T06:00:00Z")),
                MaintenanceTime.split(List.of(nightly), DOWN, at("2026-11-24T00:00:00Z"), at("2026-11-24T06:00:00Z")));
    }

    @Test
    void cronWindowsOpenAtTheSameWallClockTimeAcrossDst() {
        // 01:00 in Berlin for three hours: 00:00Z in winter time; from 29 March (clocks go forward at 02:00), 23:00Z the day before.
        MaintenanceWindow nightly = new MaintenanceWindow.Recurring(CronExpression.parse("0 1 * * *"),
                ZoneId.of("Europe/Berlin"), Duration.ofHours(3));

        List<MaintenanceTime.Interval> windows = MaintenanceTime.within(List.of(nightly), at("2026-03-28T00:00:00Z"),
                at("2026-03-31T00:00:00Z"));

        assertEquals(List.of(
                new MaintenanceTime.Interval(at("2026-03-28T00:00:00Z"), at("2026-03-28T03:00:00Z")),
                new MaintenanceTime.Interval(at("2026-03-29T00:00:00Z"), at("2026-03-29T03:00:00Z")),
                new MaintenanceTime.Interval(at("2026-03-29T23:00:00Z"), at("2026-03-30T02:00:00Z")),
                new MaintenanceTime.Interval(at("2026-03-30T23:00:00Z"), at("2026-03-31T00:00:00Z"))), windows);
    }

    @Test
    void cronWindowsAcrossTheAutumnChangeLastTheirDurationInRealTime() {
        // 02:30 in New York on 1 November 2026 happens once (the repeated hour is 01:00 to 02:00): 07:30Z, one hour later than the day before.
        MaintenanceWindow nightly = new MaintenanceWindow.Recurring(CronExpression.parse("30 2 * * *"),
                ZoneId.of("America/New_York"), Duration.ofMinutes(90));

        List<MaintenanceTime.Interval> windows = MaintenanceTime.within(List.of(nightly), at("2026-10-31T00:00:00Z"),
                at("2026-11-02T00:00:00Z"));

        assertEquals(List.of(
                new MaintenanceTime.Interval(at("2026-10-31T06:30:00Z"), at("2026-10-31T08:00:00Z")),
                new MaintenanceTime.Interval(at("2026-11-01T07:30:00Z"), at("2026-11-01T09:00:00Z"))), windows);
    }

    @Test
    void theRollupsOfASpanWithAWindowAddMaintenanceInsteadOfDown() {
        Rollups.Step step = Rollups.observe(DOWN, at("2026-11-24T10:00:00Z"), at("2026-11-24T12:00:00Z"),
                List.of(once("2026-11-24T10:30:00Z", "2026-11-24T11:00:00Z")));

        Uptime uptime = Uptime.of(UptimePlan.of(at("2026-11-24T10:00:00Z"), at("2026-11-24T12:00:00Z"),
                at("2026-11-24T12:00:00Z")), BucketCounts.of(step.increments()));

        assertEquals(Duration.ofMinutes(90).toMillis(), uptime.downMillis());
        assertEquals(Duration.ofMinutes(30).toMillis(), uptime.maintenanceMillis());
        assertEquals(at("2026-11-24T12:00:00Z"), step.rolledUpTo());
    }
}
