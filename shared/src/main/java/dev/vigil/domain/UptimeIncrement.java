package dev.vigil.domain;

import java.util.Objects;

/** One atomic {@code ADD} of {@code amount} to {@code counter} of {@code bucket}'s item. */
public record UptimeIncrement(UptimeBucket bucket, UptimeCounter counter, long amount) {
    public UptimeIncrement {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(counter, "counter");
        if (amount <= 0) {
            throw new IllegalArgumentException("an increment adds a positive amount, not " + amount);
        }
    }
}
