package dev.vigil.admin;

import dev.vigil.domain.Uptime;
import java.math.BigInteger;
import java.util.OptionalLong;

/**
 * What an uptime badge shows for a window ({@code 24h}, {@code 30d} or {@code 1y}): the label
 * {@code uptime <window>} and the share of the monitored time that was up, as a percentage with two
 * decimals. The figure is cut, never rounded: 99.996 % shows as {@code 99.99%}, so {@code 100.00%} means
 * no downtime at all. Colours: at least 99.9 % bright green, at least 99 % green, at least 95 % yellow,
 * below red. With nothing monitored in the window (never watched, or paused all along) it shows a grey
 * {@code no data}, never 100 %.
 *
 * @param upMillis        the time up in the window (summed over every subject the badge counts)
 * @param monitoredMillis the time up or down in the window (paused and maintenance time excluded)
 */
record UptimeBadge(String window, long upMillis, long monitoredMillis) {
    static final String NO_DATA = "no data";

    UptimeBadge {
        if (upMillis < 0 || monitoredMillis < upMillis) {
            throw new IllegalArgumentException("up " + upMillis + " ms of " + monitoredMillis + " ms monitored");
        }
    }

    /** The badge of {@code uptime}, the window's figure as {@link Uptime#of} summed it. */
    static UptimeBadge of(String window, Uptime uptime) {
        return new UptimeBadge(window, uptime.upMillis(), uptime.monitoredMillis());
    }

    /** The uptime in hundredths of a percent, cut (9999 for 99.99 %); empty when nothing was monitored. */
    OptionalLong hundredths() {
        if (monitoredMillis == 0) {
            return OptionalLong.empty();
        }
        // Exact integer arithmetic: a double could show 99.99999 % as 100.00 %.
        return OptionalLong.of(BigInteger.valueOf(upMillis).multiply(BigInteger.valueOf(10_000))
                .divide(BigInteger.valueOf(monitoredMillis)).longValueExact());
    }

    String label() {
        return "uptime " + window;
    }

    /** {@code 99.95%}, or {@code no data}. */
    String message() {
        OptionalLong hundredths = hundredths();
        if (hundredths.isEmpty()) {
            return NO_DATA;
        }
        long value = hundredths.getAsLong();
        return value / 100 + "." + String.format("%02d", value % 100) + "%";
    }

    BadgeColour colour() {
        OptionalLong hundredths = hundredths();
        if (hundredths.isEmpty()) {
            return BadgeColour.GREY;
        }
        long value = hundredths.getAsLong();
        if (value >= 9_990) {
            return BadgeColour.BRIGHT_GREEN;
        }
        if (value >= 9_900) {
            return BadgeColour.GREEN;
        }
        return value >= 9_500 ? BadgeColour.YELLOW : BadgeColour.RED;
    }
}
