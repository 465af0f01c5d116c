package dev.vigil.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Five-field cron read as Vixie cron reads it, fired in a time zone across daylight-saving changes. */
class CronExpressionTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static Instant next(String cron, String after, ZoneId zone) {
        return CronExpression.parse(cron).next(Instant.parse(after), zone).orElseThrow();
    }

    /** Every firing in [from, to). */
    private static List<Instant> firings(String cron, String from, String to, ZoneId zone) {
        CronExpression expression = CronExpression.parse(cron);
        List<Instant> all = new ArrayList<>();
        Instant at = Instant.parse(from).minusMillis(1);
        Instant end = Instant.parse(to);
        while (true) {
            Optional<Instant> next = expression.next(at, zone);
            if (next.isEmpty() || !next.get().isBefore(end)) {
                return all;
            }
            all.add(next.get());
            at = next.get();
        }
    }

    @Test
    void firesAtTheNextMatchingMinuteStrictlyAfter() {
        assertEquals(Instant.parse("2026-11-24T12:05:00Z"), next("*/5 * * * *", "2026-11-24T12:00:00Z", ZoneOffset.UTC));
        assertEquals(Instant.parse("2026-11-24T12:01:00Z"), next("* * * * *", "2026-11-24T12:00:30Z", ZoneOffset.UTC));
    }

    @Test
    void readsListsRangesStepsAndNames() {
        CronExpression cron = CronExpression.parse("0,30 9-17/4 * JAN-mar,dec mon-FRI");
        assertEquals(List.of(Instant.parse("2026-12-01T09:00:00Z"), Instant.parse("2026-12-01T09:30:00Z"),
                        Instant.parse("2026-12-01T13:00:00Z"), Instant.parse("2026-12-01T13:30:00Z"),
                        Instant.parse("2026-12-01T17:00:00Z"), Instant.parse("2026-12-01T17:30:00Z")),
                firings("0,30 9-17/4 * JAN-mar,dec mon-FRI", "2026-11-28T00:00:00Z", "2026-12-02T00:00:00Z", ZoneOffset.UTC));
        assertTrue(cron.matchesDay(LocalDate.parse("2027-03-31")), "a Wednesday in March");
        assertTrue(!cron.matchesDay(LocalDate.parse("2027-04-01")), "April is not listed");
    }

    @Test
    void zeroAndSevenAreBothSunday() {
        assertEquals(firings("0 8 * * 0", "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", ZoneOffset.UTC),
                firings("0 8 * * 7", "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", ZoneOffset.UTC));
        assertEquals(Instant.parse("2026-11-29T08:00:00Z"), next("0 8 * * SUN", "2026-11-24T12:00:00Z", ZoneOffset.UTC));
    }

    @Test
    void restrictedDayOfMonthAndDayOfWeekMatchEither() {
        // The 13th, or any Friday: Friday 2026-11-27 comes before Sunday 2026-12-13.
        assertEquals(Instant.parse("2026-11-27T00:00:00Z"), next("0 0 13 * 5", "2026-11-24T12:00:00Z", ZoneOffset.UTC));
        // With the day of the week unrestricted, only the day of the month counts.
        assertEquals(Instant.parse("2026-12-13T00:00:00Z"), next("0 0 13 * *", "2026-11-24T12:00:00Z", ZoneOffset.UTC));
        // A stepped star still counts as unrestricted: every other day of the month that is also a Friday.
        assertEquals(Instant.parse("2026-11-27T00:00:00Z"), next("0 0 */2 * FRI", "2026-11-24T12:00:00Z", ZoneOffset.UTC));
        assertEquals(Instant.parse("2026-12-11T00:00:00Z"), next("0 0 */2 * FRI", "2026-11-28T00:00:00Z", ZoneOffset.UTC));
    }

    @Test
    void shorthandsExpandToTheirFields() {
        assertEquals(Instant.parse("2027-01-01T00:00:00Z"), next("@yearly", "2026-11-24T12:00:00Z", ZoneOffset.UTC));
        assertEquals(Instant.parse("2026-11-25T00:00:00Z"), next("@daily", "2026-11-24T12:00:00Z", ZoneOffset.UTC));
    }

    @Test
    void firesInTheTaskTimezone() {
        assertEquals(Instant.parse("2026-11-25T08:00:00Z"), next("0 9 * * *", "2026-11-24T12:00:00Z", PARIS));
        assertEquals(Instant.parse("2026-11-25T14:00:00Z"), next("0 9 * * *", "2026-11-24T15:00:00Z", NEW_YORK));
    }

    @Test
    void aDailyTimeInTheSpringForwardGapFiresWhenTheGapEndsInParis() {
        // 2026-03-29: Paris goes from 02:00 CET to 03:00 CEST; 02:30 does not exist.
        List<Instant> runs = firings("30 2 * * *", "2026-03-28T00:00:00Z", "2026-03-31T00:00:00Z", PARIS);
        assertEquals(List.of(Instant.parse("2026-03-28T01:30:00Z"), Instant.parse("2026-03-29T01:00:00Z"),
                Instant.parse("2026-03-30T00:30:00Z")), runs, "02:30 CET, then 03:00 CEST on the day of the gap, then 02:30 CEST");
    }

    @Test
    void aDailyTimeInTheSpringForwardGapFiresWhenTheGapEndsInNewYork() {
        // 2026-03-08: New York goes from 02:00 EST to 03:00 EDT.
        assertEquals(List.of(Instant.parse("2026-03-07T07:30:00Z"), Instant.parse("2026-03-08T07:00:00Z"),
                        Instant.parse("2026-03-09T06:30:00Z")),
                firings("30 2 * * *", "2026-03-07T00:00:00Z", "2026-03-10T00:00:00Z", NEW_YORK));
    }

    @Test
    void minutesInsideTheGapFireOnceAtItsEnd() {
        List<Instant> runs = firings("*/20 2-3 * * *", "2026-03-29T00:00:00Z", "2026-03-29T03:00:00Z", PARIS);
        assertEquals(List.of(Instant.parse("2026-03-29T01:00:00Z"), Instant.parse("2026-03-29T01:20:00Z"),
                Instant.parse("2026-03-29T01:40:00Z")), runs, "02:00-02:40 all land on 03:00 CEST, which fires once; then 03:20, 03:40");
    }

    @Test
    void aTimeInTheRepeatedFallBackHourFiresOnceAtItsFirstOccurrenceInParis() {
        // 2026-10-25: Paris goes back from 03:00 CEST to 02:00 CET; 02:30 happens twice.
        List<Instant> runs = firings("30 2 * * *", "2026-10-24T00:00:00Z", "2026-10-27T00:00:00Z", PARIS);
        assertEquals(List.of(Instant.parse("2026-10-24T00:30:00Z"), Instant.parse("2026-10-25T00:30:00Z"),
                Instant.parse("2026-10-26T01:30:00Z")), runs, "only the CEST 02:30 on the day of the change");
    }

    @Test
    void aTimeInTheRepeatedFallBackHourFiresOnceAtItsFirstOccurrenceInNewYork() {
        // 2026-11-01: New York goes back from 02:00 EDT to 01:00 EST; 01:30 happens twice.
        List<Instant> runs = firings("30 1 * * *", "2026-10-31T00:00:00Z", "2026-11-03T00:00:00Z", NEW_YORK);
        assertEquals(List.of(Instant.parse("2026-10-31T05:30:00Z"), Instant.parse("2026-11-01T05:30:00Z"),
                Instant.parse("2026-11-02T06:30:00Z")), runs);
    }

    @Test
    void anHourlyTaskKeepsItsLocalMinutesAcrossBothChanges() {
        List<Instant> spring = firings("15 * * * *", "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z", PARIS);
        assertEquals(24, spring.size(), "the spring-forward day has 23 hours, and the 02:15 that does not exist fires at 03:00");
        assertTrue(spring.contains(Instant.parse("2026-03-29T01:00:00Z")) && spring.contains(Instant.parse("2026-03-29T01:15:00Z")));
        assertEquals(24, firings("15 * * * *", "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z", PARIS).size(),
                "the fall-back day has 25 hours, the repeated 02:15 fires once");
    }

    @Test
    void badExpressionsNameTheFieldAndTheProblem() {
        assertEquals("the minute field '61' is out of range 0-59",
                assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("61 * * * *")).getMessage());
        assertEquals("the hour field '5-2' is a range that runs backwards",
                assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("0 5-2 * * *")).getMessage());
        assertEquals("the day-of-week field 'FUNDAY' is not a number, range, step or name",
                assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("0 0 * * FUNDAY")).getMessage());
        assertEquals("the minute field '*/0' has a step that is not a positive number",
                assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("*/0 * * * *")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("* * * *")).getMessage()
                .contains("five fields"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("0 0 31 2 *")).getMessage()
                .contains("matches no date"));
        assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("0 0 0 * *"), "days of the month start at 1");
        assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("0 0 * 13 *"));
    }

    @Test
    void theLeapDayIsFoundYearsAhead() {
        assertEquals(Instant.parse("2028-02-29T12:00:00Z"), next("0 12 29 2 *", "2026-11-24T12:00:00Z", ZoneOffset.UTC));
    }
}
