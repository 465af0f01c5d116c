package dev.vigil.statuspage;

import dev.vigil.domain.BucketCounts;
import dev.vigil.domain.Resolution;
import dev.vigil.domain.Uptime;
import dev.vigil.domain.UptimeBucket;
import dev.vigil.domain.UptimePlan;
import dev.vigil.domain.UptimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a status page shows of a component's uptime, from its rollups: the figures of the last 24 hours, 30 days
 * and 90 days ({@link UptimePlan}s ending now, as the uptime API reads them) and a bar of the last
 * {@value #DAYS} UTC days, today included, one segment per day ({@link UptimeSeries} of day buckets). All are
 * summed by the shared {@link Uptime} arithmetic: paused and maintenance time excluded, no monitored time no
 * figure (never 100 %). One {@link Reading} names every bucket the page needs of a component, so it is read in
 * one set of batched reads: the {@value #DAYS} day buckets of the bar, plus the hour and minute buckets at the
 * figures' ragged ends.
 */
final class UptimeBars {
    /** How many UTC days the bar shows, today included. */
    static final int DAYS = 90;
    static final Duration LAST_DAY = Duration.ofHours(24);
    static final Duration LAST_MONTH = Duration.ofDays(30);
    static final Duration LAST_QUARTER = Duration.ofDays(DAYS);

    private UptimeBars() {
    }

    /** The buckets of a component to read at {@code now}, and how to sum them. */
    record Reading(UptimePlan day, UptimePlan month, UptimePlan quarter, UptimeSeries days) {
        /** Every bucket the figures and the bar need, each once. */
        Set<UptimeBucket> buckets() {
            Set<UptimeBucket> buckets = new LinkedHashSet<>(days.buckets());
            buckets.addAll(day.buckets());
            buckets.addAll(month.buckets());
            buckets.addAll(quarter.buckets());
            return buckets;
        }
    }

    static Reading reading(Instant now) {
        Instant firstDay = Resolution.DAY.floor(now).minus(Duration.ofDays(DAYS - 1));
        return new Reading(UptimePlan.of(now.minus(LAST_DAY), now, now), UptimePlan.of(now.minus(LAST_MONTH), now, now),
                UptimePlan.of(now.minus(LAST_QUARTER), now, now), UptimeSeries.of(firstDay, now, Duration.ofDays(1), now));
    }

    /** The figures and the day bar summed from {@code read} (the stored buckets and the live span up to now). */
    static PublicStatus.Figures figures(Reading reading, Collection<BucketCounts> read) {
        List<PublicStatus.Day> days = new ArrayList<>();
        for (Uptime day : reading.days().points(read)) {
            days.add(new PublicStatus.Day(LocalDate.ofInstant(day.from(), ZoneOffset.UTC), day.ratio()));
        }
        return new PublicStatus.Figures(Uptime.of(reading.day(), read).ratio(), Uptime.of(reading.month(), read).ratio(),
                Uptime.of(reading.quarter(), read).ratio(), days);
    }

    /** A day's segment colour: its CSS class, by the day's uptime; grey ({@code none}) when nothing was monitored. */
    static String band(Optional<Double> uptime) {
        if (uptime.isEmpty()) {
            return "none";
        }
        double ratio = uptime.get();
        return ratio >= 0.999 ? "full" : ratio >= 0.99 ? "high" : ratio >= 0.95 ? "mid" : "low";
    }

    /**
     * A ratio as a percentage with two decimals, rounded down so that any downtime at all never reads as
     * "100.00 %"; "no data" when nothing was monitored.
     */
    static String percent(Optional<Double> uptime) {
        return uptime.map(ratio -> String.format(java.util.Locale.ROOT, "%.2f %%", Math.floor(ratio * 10_000) / 100))
                .orElse("no data");
    }
}
