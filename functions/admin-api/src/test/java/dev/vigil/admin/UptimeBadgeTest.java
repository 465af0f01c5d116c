package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.Uptime;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The uptime badge's words and colours, from plain figures: cut to two decimals, thresholds, no data. */
class UptimeBadgeTest {
    private static final long DAY = 86_400_000L;

    private static UptimeBadge badge(long up, long monitored) {
        return new UptimeBadge("30d", up, monitored);
    }

    @Test
    void showsTheShareWithTwoDecimalsUnderItsWindowsLabel() {
        UptimeBadge badge = badge(9_995, 10_000);

        assertEquals("uptime 30d", badge.label());
        assertEquals("99.95%", badge.message());
    }

    @Test
    void cutsRatherThanRoundsSoOnlyNoDowntimeShowsAHundred() {
        assertEquals("99.99%", badge(99_996, 100_000).message());
        assertEquals("99.99%", badge(30 * DAY - 1, 30 * DAY).message(), "one millisecond down in 30 days");
        assertEquals("100.00%", badge(30 * DAY, 30 * DAY).message());
        assertEquals("66.66%", badge(2, 3).message());
    }

    @Test
    void smallFiguresKeepTheirLeadingZeroDecimals() {
        assertEquals("0.00%", badge(0, 5_000).message());
        assertEquals("5.05%", badge(505, 10_000).message());
        assertEquals("95.00%", badge(9_500, 10_000).message());
    }

    @Test
    void colourFollowsTheThresholdsAtTheirExactEdges() {
        assertEquals(BadgeColour.BRIGHT_GREEN, badge(100, 100).colour());
        assertEquals(BadgeColour.BRIGHT_GREEN, badge(999, 1_000).colour(), "99.9 % is bright green");
        assertEquals(BadgeColour.GREEN, badge(99_899, 100_000).colour(), "99.899 % is not 99.9 %");
        assertEquals(BadgeColour.GREEN, badge(99, 100).colour(), "99 % is green");
        assertEquals(BadgeColour.YELLOW, badge(98_999, 100_000).colour());
        assertEquals(BadgeColour.YELLOW, badge(95, 100).colour(), "95 % is yellow");
        assertEquals(BadgeColour.RED, badge(94_999, 100_000).colour());
        assertEquals(BadgeColour.RED, badge(0, 100).colour());
    }

    @Test
    void nothingMonitoredIsGreyNoDataNeverAHundredPercent() {
        UptimeBadge badge = UptimeBadge.of("1y", new Uptime(Instant.EPOCH, Instant.EPOCH.plusMillis(DAY), 0, 0, DAY, 0, 0, 0, 0, 0));

        assertEquals("no data", badge.message());
        assertEquals(BadgeColour.GREY, badge.colour());
        assertEquals("uptime 1y", badge.label());
        assertTrue(badge.hundredths().isEmpty());
    }

    @Test
    void readsUpAndMonitoredTimeOfTheFigurePausedAndMaintenanceExcluded() {
        Uptime uptime = new Uptime(Instant.EPOCH, Instant.EPOCH.plusMillis(DAY), 900, 100, 5_000, 7_000, 0, 0, 0, 0);

        assertEquals("90.00%", UptimeBadge.of("24h", uptime).message());
    }

    @Test
    void aYearOfManySubjectsDoesNotOverflow() {
        long monitored = 1_000 * 366 * DAY;

        assertEquals("99.99%", badge(monitored - 1, monitored).message());
    }

    @Test
    void moreUpThanMonitoredIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> badge(11, 10));
        assertThrows(IllegalArgumentException.class, () -> badge(-1, 10));
    }

    @Test
    void theSvgAndShieldsDocumentCarryTheUptimeColour() {
        UptimeBadge badge = badge(995, 1_000);

        assertTrue(BadgeImage.svg(badge.label(), badge.message(), badge.colour()).contains("fill=\"#97ca00\""));
        assertTrue(BadgeImage.svg(badge.label(), badge.message(), badge.colour()).contains(">99.50%</text>"));
        assertEquals("green", BadgeImage.shields(badge.label(), badge.message(), badge.colour()).path("color").asText());
    }
}
