package dev.vigil.domain;

import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The counters of one {@link UptimeBucket} as read from its item (absent counters are zero), or as summed
 * from increments not written yet (the live span since the watermark, say).
 */
public record BucketCounts(UptimeBucket bucket, Map<UptimeCounter, Long> counters) {
    public BucketCounts {
        Objects.requireNonNull(bucket, "bucket");
        EnumMap<UptimeCounter, Long> copy = new EnumMap<>(UptimeCounter.class);
        counters.forEach((counter, value) -> {
            if (value < 0) {
                throw new IllegalArgumentException("counter " + counter.attribute() + " is negative: " + value);
            }
            copy.put(counter, value);
        });
        counters = Map.copyOf(copy);
    }

    /** The value of {@code counter}, zero when the item has none. */
    public long get(UptimeCounter counter) {
        return counters.getOrDefault(counter, 0L);
    }

    /** The increments summed per bucket, in the order their buckets first appear. */
    public static List<BucketCounts> of(Collection<UptimeIncrement> increments) {
        Map<UptimeBucket, EnumMap<UptimeCounter, Long>> sums = new LinkedHashMap<>();
        for (UptimeIncrement increment : increments) {
            sums.computeIfAbsent(increment.bucket(), b -> new EnumMap<>(UptimeCounter.class))
                    .merge(increment.counter(), increment.amount(), Long::sum);
        }
        return sums.entrySet().stream().map(e -> new BucketCounts(e.getKey(), e.getValue())).toList();
    }
}
