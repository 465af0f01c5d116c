package dev.vigil.statuspage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.BucketCounts;
import dev.vigil.domain.Resolution;
import dev.vigil.domain.Rollups;
import dev.vigil.domain.UptimeBucket;
import dev.vigil.domain.UptimeState;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The figures and the day bar of a component, from rollup buckets as plain objects. */
class UptimeBarsTest {
    private static final Instant NOW = Instant.parse("2026-11-30T15:20:30Z");

    /** What the rollups hold of a subject that was in {@code state} over {@code [from, to)}. */
    private static List<BucketCounts> spent(UptimeState state, Instant from, Instant to) {
        return BucketCounts.of(Rollups.observe(state, from, to).increments());
    }

    @Test
    void theBarIsNinetyUtcDaysEndingToday() {
        UptimeBars.Reading reading = UptimeBars.reading(NOW);

        List<PublicStatus.Day> days = UptimeBars.figures(reading, List.of()).days();

        assertEquals(90, days.size());
        assertEquals(LocalDate.parse("2026-09-02"), days.getFirst().date());
        assertEquals(LocalDate.parse("2026-11-30"), days.getLast().date());
    }

    @Test
    void aComponentWithNoRollupsHasNoFigureAndGreyDaysNeverAHundredPercent() {
        PublicStatus.Figures figures = UptimeBars.figures(UptimeBars.reading(NOW), List.of());

        assertEquals(Optional.empty(), figures.last24h());
        assertEquals(Optional.empty(), figures.last90d());
        assertTrue(figures.days().stream().allMatch(day -> day.uptime().isEmpty()));
        assertEquals("none", UptimeBars.band(Optional.empty()));
        assertEquals("no data", UptimeBars.percent(Optional.empty()));
    }

    @Test
    void aDayIsColouredByItsOwnUptimeAndTheFiguresByTheirWindows() {
        List<BucketCounts> read = new ArrayList<>();
        read.addAll(spent(UptimeState.UP, Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-10T01:00:00Z")));
        read.addAll(spent(UptimeState.DOWN, Instant.parse("2026-11-10T01:00:00Z"), Instant.parse("2026-11-10T02:12:00Z")));
        read.addAll(spent(UptimeState.UP, Instant.parse("2026-11-10T02:12:00Z"), NOW));

        PublicStatus.Figures figures = UptimeBars.figures(UptimeBars.reading(NOW), read);

        PublicStatus.Day tenth = figures.days().stream().filter(d -> d.date().equals(LocalDate.parse("2026-11-10"))).findFirst().orElseThrow();
        assertEquals(1 - 72.0 / 1440, tenth.uptime().orElseThrow(), 1e-12, "72 minutes down of the day");
        assertEquals("mid", UptimeBars.band(tenth.uptime()));
        assertEquals(Optional.of(1.0), figures.last24h());
        double monitored = Duration.between(Instant.parse("2026-11-01T00:00:00Z"), NOW).toMillis();
        assertEquals(1 - Duration.ofMinutes(72).toMillis() / monitored, figures.last90d().orElseThrow(), 1e-12);
        assertTrue(figures.days().get(59).uptime().isEmpty(), "31 October was not monitored");
    }

    @Test
    void pausedAndMaintenanceTimeNeitherLowersNorRaisesADay() {
        List<BucketCounts> read = new ArrayList<>();
        read.addAll(spent(UptimeState.UP, Instant.parse("2026-11-29T00:00:00Z"), Instant.parse("2026-11-29T06:00:00Z")));
        read.addAll(spent(UptimeState.MAINTENANCE, Instant.parse("2026-11-29T06:00:00Z"), Instant.parse("2026-11-29T12:00:00Z")));
        read.addAll(spent(UptimeState.DOWN, Instant.parse("2026-11-29T12:00:00Z"), Instant.parse("2026-11-29T13:00:00Z")));
        read.addAll(spent(UptimeState.PAUSED, Instant.parse("2026-11-29T13:00:00Z"), Instant.parse("2026-11-30T00:00:00Z")));

        PublicStatus.Figures figures = UptimeBars.figures(UptimeBars.reading(NOW), read);

        assertEquals(Optional.of(6.0 / 7), figures.days().get(88).uptime(), "6 hours up of 7 monitored");
        assertTrue(figures.days().get(89).uptime().isEmpty(), "paused all of today: no data");
    }

    @Test
    void bandsFollowTheThresholds() {
        assertEquals("full", UptimeBars.band(Optional.of(0.999)));
        assertEquals("high", UptimeBars.band(Optional.of(0.9989)));
        assertEquals("high", UptimeBars.band(Optional.of(0.99)));
        assertEquals("mid", UptimeBars.band(Optional.of(0.95)));
        assertEquals("low", UptimeBars.band(Optional.of(0.9499)));
        assertEquals("low", UptimeBars.band(Optional.of(0.0)));
    }

    @Test
    void anyDowntimeAtAllNeverReadsAsAHundredPercent() {
        assertEquals("99.99 %", UptimeBars.percent(Optional.of(0.999999)));
        assertEquals("100.00 %", UptimeBars.percent(Optional.of(1.0)));
        assertEquals("0.00 %", UptimeBars.percent(Optional.of(0.0)));
    }

    @Test
    void aComponentIsReadFromAFewHundredBucketsAtMostAtAnyTimeOfDay() {
        int most = 0;
        for (Instant now = Instant.parse("2026-11-30T00:00:00Z"); now.isBefore(Instant.parse("2026-12-01T00:00:00Z"));
                now = now.plusSeconds(60 * 7 + 13)) {
            Set<UptimeBucket> buckets = UptimeBars.reading(now).buckets();
            long days = buckets.stream().filter(b -> b.resolution() == Resolution.DAY).count();
            long hours = buckets.stream().filter(b -> b.resolution() == Resolution.HOUR).count();
            long minutes = buckets.stream().filter(b -> b.resolution() == Resolution.MINUTE).count();
            assertTrue(days <= 91 && hours <= 48 && minutes <= 120, now + ": " + days + " days, " + hours + " hours, " + minutes + " minutes");
            most = Math.max(most, buckets.size());
        }
        System.out.printf("status page uptime read per component: %d items at %s, at most %d over a day%n",
                UptimeBars.reading(NOW).buckets().size(), NOW, most);
        assertTrue(most <= 259, "at most " + most);
    }
}
