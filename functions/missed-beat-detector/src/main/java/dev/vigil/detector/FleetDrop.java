package dev.vigil.detector;

import dev.vigil.runtime.Env;

/**
 * The rule that tells a fleet-wide drop of beats (Vigil could not ingest) from applications that really
 * stopped: a pass in which {@code newlyOverdue} applications became overdue is a suspected ingest outage
 * when that is at least the largest of
 * <ul>
 *   <li>{@code minimum} applications (default {@value #DEFAULT_MINIMUM}): a handful of jobs failing together
 *       is a user's own outage and is paged as usual;</li>
 *   <li>{@code fraction} of the watched applications (default {@value #DEFAULT_FRACTION}): a third of a fleet
 *       stopping within one pass is far more likely Vigil's trouble than theirs;</li>
 *   <li>{@code factor} times the baseline (default {@value #DEFAULT_FACTOR}): a fleet whose passes usually see
 *       a few misses each must see many times more.</li>
 * </ul>
 * The baseline is an exponentially weighted average of the newly overdue applications per pass, each
 * normal pass weighing {@code smoothing} (default {@value #DEFAULT_SMOOTHING}, about the last 20 passes,
 * ten minutes); a suspected pass leaves it alone so an outage does not teach it that outages are normal.
 * Pure: tested with plain numbers.
 */
public record FleetDrop(int minimum, double fraction, double factor, double smoothing) {
    public static final int DEFAULT_MINIMUM = 20;
    public static final double DEFAULT_FRACTION = 0.3;
    public static final double DEFAULT_FACTOR = 10;
    public static final double DEFAULT_SMOOTHING = 0.05;
    public static final FleetDrop DEFAULT = new FleetDrop(DEFAULT_MINIMUM, DEFAULT_FRACTION, DEFAULT_FACTOR, DEFAULT_SMOOTHING);

    public FleetDrop {
        if (minimum < 1) {
            throw new IllegalStateException("FLEET_DROP_MINIMUM must be at least 1, was " + minimum);
        }
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalStateException("FLEET_DROP_FRACTION must be above 0 and at most 1, was " + fraction);
        }
        if (!(factor >= 1)) {
            throw new IllegalStateException("FLEET_DROP_FACTOR must be at least 1, was " + factor);
        }
        if (!(smoothing > 0 && smoothing <= 1)) {
            throw new IllegalStateException("FLEET_DROP_SMOOTHING must be above 0 and at most 1, was " + smoothing);
        }
    }

    /** From {@code FLEET_DROP_MINIMUM}, {@code FLEET_DROP_FRACTION}, {@code FLEET_DROP_FACTOR}, {@code FLEET_DROP_SMOOTHING}. */
    public static FleetDrop fromEnv(Env env) {
        return new FleetDrop((int) env.getLong("FLEET_DROP_MINIMUM", DEFAULT_MINIMUM),
                decimal(env, "FLEET_DROP_FRACTION", DEFAULT_FRACTION), decimal(env, "FLEET_DROP_FACTOR", DEFAULT_FACTOR),
                decimal(env, "FLEET_DROP_SMOOTHING", DEFAULT_SMOOTHING));
    }

    private static double decimal(Env env, String name, double fallback) {
        String value = env.get(name, Double.toString(fallback));
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " must be a number, was '" + value + "'");
        }
    }

    /** How many applications newly overdue in one pass make it a suspected ingest outage. */
    public long threshold(long watched, double baseline) {
        long ofFleet = (long) Math.ceil(fraction * Math.max(0, watched));
        long ofBaseline = (long) Math.ceil(factor * Math.max(0, baseline));
        return Math.max(minimum, Math.max(ofFleet, ofBaseline));
    }

    public boolean suspected(long newlyOverdue, long watched, double baseline) {
        return newlyOverdue >= threshold(watched, baseline);
    }

    /** The baseline after a normal pass with {@code newlyOverdue}. */
    public double nextBaseline(double baseline, long newlyOverdue) {
        return baseline + smoothing * (newlyOverdue - baseline);
    }
}
