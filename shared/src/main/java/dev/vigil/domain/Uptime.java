package dev.vigil.domain;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A subject's uptime over a window, summed from the buckets an {@link UptimePlan} named.
 *
 * <p>Uptime is {@code up ÷ (up + down)}: the monitored time is up plus down; paused and maintenance time
 * are reported but excluded from both, so a paused week or an announced maintenance window neither lowers
 * nor raises the figure. A window with no monitored time has no uptime figure (empty, never 100 %).
 * Downtime minutes round up: any part of a minute down counts as a minute. The average latency is the
 * summed latency over the results that carried one; empty when none did. Outages are the transitions
 * into down that started in the window's buckets (an outage that began before the window is not counted).
 */
public record Uptime(
        Instant from,
        Instant to,
        long upMillis,
        long downMillis,
        long pausedMillis,
        long maintenanceMillis,
        long results,
        long latencySumMs,
        long latencyCount,
        long outages) {

    /**
     * The sum over {@code read} of the buckets {@code plan} names. Buckets it does not name are ignored, so
     * the live span's increments (from {@link Rollups#observe} up to now) can be passed along with the
     * items read; a bucket present twice (an item and its live increments) is summed.
     */
    public static Uptime of(UptimePlan plan, Collection<BucketCounts> read) {
        return sum(plan.from(), plan.to(), Set.copyOf(plan.buckets()), read);
    }

    static Uptime sum(Instant from, Instant to, Set<UptimeBucket> wanted, Collection<BucketCounts> read) {
        long[] totals = new long[UptimeCounter.values().length];
        Set<UptimeBucket> seen = new HashSet<>();
        for (BucketCounts counts : read) {
            if (!wanted.contains(counts.bucket())) {
                continue;
            }
            seen.add(counts.bucket());
            for (UptimeCounter counter : UptimeCounter.values()) {
                totals[counter.ordinal()] = Math.addExact(totals[counter.ordinal()], counts.get(counter));
            }
        }
        return new Uptime(from, to, totals[UptimeCounter.UP.ordinal()], totals[UptimeCounter.DOWN.ordinal()],
                totals[UptimeCounter.PAUSED.ordinal()], totals[UptimeCounter.MAINTENANCE.ordinal()],
                totals[UptimeCounter.RESULTS.ordinal()], totals[UptimeCounter.LATENCY_SUM_MS.ordinal()],
                totals[UptimeCounter.LATENCY_COUNT.ordinal()], totals[UptimeCounter.OUTAGES.ordinal()]);
    }

    /** Up plus down: the time the figure is a share of. */
    public long monitoredMillis() {
        return upMillis + downMillis;
    }

    /** Up ÷ (up + down), between 0 and 1; empty when nothing was monitored in the window. */
    public Optional<Double> ratio() {
        long monitored = monitoredMillis();
        return monitored == 0 ? Optional.empty() : Optional.of((double) upMillis / monitored);
    }

    /** Downtime in minutes, any part of a minute counting as one. */
    public long downtimeMinutes() {
        return Math.ceilDiv(downMillis, 60_000L);
    }

    /** The mean latency of the results that had one, in milliseconds; empty when none had. */
    public Optional<Double> averageLatencyMs() {
        return latencyCount == 0 ? Optional.empty() : Optional.of((double) latencySumMs / latencyCount);
    }
}
