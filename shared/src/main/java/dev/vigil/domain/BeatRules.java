package dev.vigil.domain;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * How an application's beats are judged, beyond its interval and grace: the settings an admin writes
 * (they are versioned with the rest). {@code cron} replaces the fixed interval with a 5-field cron
 * expression read in {@code zone}; {@code failureThreshold} failures or misses in a row are needed
 * before it is declared down, and {@code recoveryThreshold} successes in a row before it is declared up
 * again; a run shorter than {@code minRuntime} or longer than {@code maxRuntime} is a failure;
 * {@code manualResume} keeps a paused application paused when it beats; {@code parentId} names the
 * application whose outage suppresses this one's alerts; {@code tags} label it for filters and badges;
 * {@code slug} names it in the slug heartbeat URLs ({@code /heartbeat/{pingKey}/{slug}}), unique within its
 * tenant ({@link Slugs}).
 */
public record BeatRules(
        Optional<CronSchedule> cron,
        int failureThreshold,
        int recoveryThreshold,
        Optional<Duration> minRuntime,
        Optional<Duration> maxRuntime,
        boolean manualResume,
        Optional<String> parentId,
        List<String> tags,
        Optional<String> slug) {

    /** Beats on a fixed interval, down at the first miss or failure, up at the first success, no tags. */
    public static final BeatRules DEFAULT = new BeatRules(Optional.empty(), 1, 1, Optional.empty(), Optional.empty(),
            false, Optional.empty(), List.of(), Optional.empty());

    /** Rules without a slug. */
    public BeatRules(Optional<CronSchedule> cron, int failureThreshold, int recoveryThreshold, Optional<Duration> minRuntime,
                     Optional<Duration> maxRuntime, boolean manualResume, Optional<String> parentId, List<String> tags) {
        this(cron, failureThreshold, recoveryThreshold, minRuntime, maxRuntime, manualResume, parentId, tags, Optional.empty());
    }

    /** The same rules with another slug (empty: none). */
    public BeatRules withSlug(Optional<String> changed) {
        return new BeatRules(cron, failureThreshold, recoveryThreshold, minRuntime, maxRuntime, manualResume, parentId, tags,
                changed);
    }

    public BeatRules {
        tags = List.copyOf(tags);
        if (failureThreshold < 1 || recoveryThreshold < 1) {
            throw new IllegalArgumentException("thresholds must be at least 1");
        }
    }

    /** A cron schedule: the expression and the IANA timezone it is read in. */
    public record CronSchedule(CronExpression expression, ZoneId zone) {
    }
}
