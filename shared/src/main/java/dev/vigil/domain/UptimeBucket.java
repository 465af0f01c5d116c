package dev.vigil.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One rollup bucket of a subject (an application or a check): a {@link Resolution} and the UTC edge it
 * starts on. Its {@link #key()} is what a store keeps it under beside the subject's id (for example
 * {@code hour#2026-11-30T16:00:00Z}: sorts by resolution, then time), and {@link #ttlEpochSeconds()} is the
 * TTL its item gets, so that storage stays bounded whatever a subject's age: at most 1 441 minute, 721 hour
 * and 401 day items per subject.
 */
public record UptimeBucket(Resolution resolution, Instant start) implements Comparable<UptimeBucket> {
    public UptimeBucket {
        Objects.requireNonNull(resolution, "resolution");
        if (!resolution.isEdge(start)) {
            throw new IllegalArgumentException("a " + resolution.wire() + " bucket starts on a " + resolution.wire()
                    + " edge, not at " + start);
        }
    }

    /** The bucket of {@code resolution} that holds {@code at}. */
    public static UptimeBucket holding(Resolution resolution, Instant at) {
        return new UptimeBucket(resolution, resolution.floor(at));
    }

    /** The first instant after the bucket. */
    public Instant end() {
        return start.plus(resolution.length());
    }

    /** The next bucket of the same size. */
    public UptimeBucket next() {
        return new UptimeBucket(resolution, end());
    }

    /** When the bucket's item expires: its end plus its resolution's retention. */
    public Instant expiresAt() {
        return end().plus(resolution.retention());
    }

    /** The item's TTL attribute: {@link #expiresAt()} in epoch seconds. */
    public long ttlEpochSeconds() {
        return expiresAt().getEpochSecond();
    }

    /** Whether the bucket is still kept at {@code now} (its TTL is still ahead). */
    public boolean keptAt(Instant now) {
        return expiresAt().isAfter(now);
    }

    /** The key a store keeps the bucket under: resolution, {@code #}, start in ISO-8601 UTC. */
    public String key() {
        return resolution.wire() + "#" + start;
    }

    @Override
    public int compareTo(UptimeBucket other) {
        int byResolution = resolution.compareTo(other.resolution);
        return byResolution != 0 ? byResolution : start.compareTo(other.start);
    }
}
