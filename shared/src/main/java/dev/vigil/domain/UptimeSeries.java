package dev.vigil.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An uptime series for a chart: the window cut into points of one {@code step} each, every point summed
 * from buckets of one resolution, the coarsest that divides the step (a step of whole days reads days, of
 * whole hours reads hours, else minutes). Points start on the resolution's UTC edges: the first at the
 * edge at or before {@code from}, each next one a step later, the last the one holding {@code to} (capped
 * at {@code now}; it may be the live, partial one).
 *
 * <p>Only points whose buckets are all still kept are returned: older points are left out rather than shown
 * half empty, so a series of minute steps reaches back 24 hours, of hour steps 30 days, of day steps 400
 * days. One resolution per series bounds the read by its retention: at most 1 441, 721 or 401 items.
 */
public record UptimeSeries(Resolution resolution, Duration step, List<Instant> pointStarts, List<UptimeBucket> buckets) {
    /** The longest step: a day bucket's retention. */
    public static final Duration MAX_STEP = Resolution.DAY.retention();

    public UptimeSeries {
        pointStarts = List.copyOf(pointStarts);
        buckets = List.copyOf(buckets);
    }

    /** The series of {@code [from, to)} in points of {@code step}, read at {@code now}. */
    public static UptimeSeries of(Instant from, Instant to, Duration step, Instant now) {
        Objects.requireNonNull(now, "now");
        if (from == null || to == null || !to.isAfter(from)) {
            throw new InvalidInput("an uptime series needs from before to");
        }
        UptimePlan.checkInRange(from, "from");
        UptimePlan.checkInRange(to, "to");
        if (step == null || step.isNegative() || step.isZero()) {
            throw new InvalidInput("an uptime series step is a positive whole number of minutes");
        }
        if (step.compareTo(MAX_STEP) > 0) {
            throw new InvalidInput("an uptime series step is at most " + MAX_STEP.toDays() + " days");
        }
        if (step.toMillis() % 60_000 != 0 || step.toNanos() % 1_000_000 != 0) {
            throw new InvalidInput("an uptime series step is a positive whole number of minutes");
        }
        Resolution resolution = resolutionOf(step);
        Instant end = to.isAfter(now) ? now : to;
        List<Instant> starts = new ArrayList<>();
        List<UptimeBucket> buckets = new ArrayList<>();
        Instant first = resolution.floor(from);
        Instant oldestKept = resolution.oldestKeptAt(now);
        if (first.isBefore(oldestKept)) {
            // Skip the points that are no longer kept, whole steps at a time.
            long behind = oldestKept.toEpochMilli() - first.toEpochMilli();
            first = first.plus(step.multipliedBy(Math.ceilDiv(behind, step.toMillis())));
        }
        for (Instant point = first; point.isBefore(end); point = point.plus(step)) {
            starts.add(point);
            for (Instant b = point; b.isBefore(point.plus(step)); b = b.plus(resolution.length())) {
                buckets.add(new UptimeBucket(resolution, b));
            }
        }
        return new UptimeSeries(resolution, step, starts, buckets);
    }

    /** One {@link Uptime} per point, in time order, summed from {@code read} (other buckets are ignored). */
    public List<Uptime> points(Collection<BucketCounts> read) {
        List<Uptime> points = new ArrayList<>();
        for (Instant start : pointStarts) {
            Instant end = start.plus(step);
            Set<UptimeBucket> wanted = new LinkedHashSet<>();
            for (Instant b = start; b.isBefore(end); b = b.plus(resolution.length())) {
                wanted.add(new UptimeBucket(resolution, b));
            }
            points.add(Uptime.sum(start, end, wanted, read));
        }
        return points;
    }

    private static Resolution resolutionOf(Duration step) {
        long millis = step.toMillis();
        for (Resolution resolution : new Resolution[] {Resolution.DAY, Resolution.HOUR}) {
            if (millis % resolution.lengthMillis() == 0) {
                return resolution;
            }
        }
        return Resolution.MINUTE;
    }
}
