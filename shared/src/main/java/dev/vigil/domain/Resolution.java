package dev.vigil.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The three sizes of uptime bucket, each starting on a UTC edge (a minute, an hour, midnight UTC), and how
 * long each is kept after it ends: minutes 24 hours, hours 30 days, days 400 days. A year's figure can so
 * always be read from days; the last day's ragged edge from hours and minutes. UTC days are whole multiples
 * of 86 400 000 ms since the epoch ({@link Instant} has no leap seconds), so a bucket's edges are plain
 * arithmetic on epoch milliseconds.
 */
public enum Resolution implements WireName {
    MINUTE(Duration.ofMinutes(1), Duration.ofHours(24)),
    HOUR(Duration.ofHours(1), Duration.ofDays(30)),
    DAY(Duration.ofDays(1), Duration.ofDays(400));

    private final Duration length;
    private final Duration retention;

    Resolution(Duration length, Duration retention) {
        this.length = length;
        this.retention = retention;
    }

    public static Optional<Resolution> fromWire(String value) {
        return WireName.parse(Resolution.class, value);
    }

    /** How much time one bucket covers. */
    public Duration length() {
        return length;
    }

    /** How long a bucket is kept after it ends (its item's TTL is its end plus this). */
    public Duration retention() {
        return retention;
    }

    public long lengthMillis() {
        return length.toMillis();
    }

    /** The start of the bucket of this size that holds {@code at}. */
    public Instant floor(Instant at) {
        long millis = lengthMillis();
        return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), millis) * millis);
    }

    /** {@code at} when it is on an edge of this size, else the next edge after it. */
    public Instant ceil(Instant at) {
        Instant floor = floor(at);
        return floor.equals(at) ? at : floor.plus(length);
    }

    /** Whether {@code at} is on an edge of this size (and has no fraction of a millisecond). */
    public boolean isEdge(Instant at) {
        return at.getNano() % 1_000_000 == 0 && floor(at).equals(at);
    }

    /** Whether the bucket of this size starting at {@code start} is still kept at {@code now}. */
    public boolean keptAt(Instant start, Instant now) {
        return start.plus(length).plus(retention).isAfter(now);
    }

    /** The start of the oldest bucket of this size still kept at {@code now}. */
    public Instant oldestKeptAt(Instant now) {
        return floor(now.minus(length).minus(retention)).plus(length);
    }
}
