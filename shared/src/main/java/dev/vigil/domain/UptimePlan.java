package dev.vigil.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which buckets to read for the uptime of a window: the coarsest buckets that tile it, days in the
 * middle, hours and then minutes at the ragged ends, each still kept when read. A 24 hour window reads at
 * most 24 hours and 120 minutes; 30 days at most 30 days, 48 hours and 60 minutes; a year at most 366 days,
 * 23 hours and 60 minutes (older than 30 days, its start is on a UTC midnight). So a year's figure is a few
 * hundred small items, whatever the subject's age.
 *
 * <p>Rounding: buckets are the finest unit, so the window read is the asked one widened to bucket edges
 * ({@link #from()} and {@link #to()} say which). Its start goes back to the start of the finest bucket
 * still kept there: its minute within the last 24 hours, its hour within 30 days, else its UTC day; before
 * the oldest kept day (400 days) it moves forward to that day. Its end is capped at {@code now} and goes
 * forward to the end of its minute; where the minutes before it are no longer kept, to the end of its hour
 * or day. A window whose end is {@code now} so includes the live, partial minute.
 */
public record UptimePlan(Instant from, Instant to, List<UptimeBucket> buckets) {
    public UptimePlan {
        buckets = List.copyOf(buckets);
    }

    /** The plan for the window {@code [from, to)} read at {@code now}. */
    public static UptimePlan of(Instant from, Instant to, Instant now) {
        Objects.requireNonNull(now, "now");
        if (from == null || to == null || !to.isAfter(from)) {
            throw new InvalidInput("an uptime window needs from before to");
        }
        checkInRange(from, "from");
        checkInRange(to, "to");
        Instant start = alignStart(from, now);
        Instant end = Resolution.MINUTE.ceil(to.isAfter(now) ? now : to);
        List<UptimeBucket> tiles = new ArrayList<>();
        Instant cursor = start;
        while (cursor.isBefore(end)) {
            UptimeBucket tile = tileAt(cursor, end, now);
            tiles.add(tile);
            cursor = tile.end();
        }
        return new UptimePlan(start, cursor.isAfter(start) ? cursor : start, tiles);
    }

    /** The earliest and latest instants a window may name: a UTC year 1970 to 9999. */
    static final Instant EARLIEST = Instant.EPOCH;
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    static void checkInRange(Instant at, String name) {
        if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
            throw new InvalidInput(name + " must be between 1970 and 9999");
        }
    }

    /** Whether the plan reads nothing: the window is in the future, or older than anything kept. */
    public boolean isEmpty() {
        return buckets.isEmpty();
    }

    private static Instant alignStart(Instant from, Instant now) {
        for (Resolution resolution : Resolution.values()) {
            Instant start = resolution.floor(from);
            if (resolution.keptAt(start, now)) {
                return start;
            }
        }
        return Resolution.DAY.oldestKeptAt(now);
    }

    /**
     * The coarsest bucket that starts at {@code cursor}, ends by {@code end} and is still kept; when the
     * end falls inside a bucket finer than any kept at {@code cursor}, the finest kept one (the window
     * widens to its end).
     */
    private static UptimeBucket tileAt(Instant cursor, Instant end, Instant now) {
        Resolution[] coarseFirst = {Resolution.DAY, Resolution.HOUR, Resolution.MINUTE};
        for (Resolution resolution : coarseFirst) {
            if (resolution.isEdge(cursor) && !cursor.plus(resolution.length()).isAfter(end)
                    && resolution.keptAt(cursor, now)) {
                return new UptimeBucket(resolution, cursor);
            }
        }
        for (Resolution resolution : Resolution.values()) {
            if (resolution.isEdge(cursor) && resolution.keptAt(cursor, now)) {
                return new UptimeBucket(resolution, cursor);
            }
        }
        throw new IllegalStateException("no kept bucket starts at " + cursor);
    }
}
