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
 * during a window of {@code maintenance} its misses are not alerted; {@code slug} names it in the slug
 * heartbeat URLs ({@code /heartbeat/{pingKey}/{slug}}), unique within its tenant ({@link Slugs}).
 *
 * <p>Every change goes through a {@code with...} method, which keeps all the other rules.
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
        List<MaintenanceWindow> maintenance,
        Optional<String> slug) {

    /** Beats on a fixed interval, down at the first miss or failure, up at the first success, no tags. */
    public static final BeatRules DEFAULT = new BeatRules(Optional.empty(), 1, 1, Optional.empty(), Optional.empty(),
            false, Optional.empty(), List.of(), List.of(), Optional.empty());

    /** Rules without maintenance windows or a slug. */
    public BeatRules(Optional<CronSchedule> cron, int failureThreshold, int recoveryThreshold, Optional<Duration> minRuntime,
                     Optional<Duration> maxRuntime, boolean manualResume, Optional<String> parentId, List<String> tags) {
        this(cron, failureThreshold, recoveryThreshold, minRuntime, maxRuntime, manualResume, parentId, tags, List.of(),
                Optional.empty());
    }

    /** Rules without a slug. */
    public BeatRules(Optional<CronSchedule> cron, int failureThreshold, int recoveryThreshold, Optional<Duration> minRuntime,
                     Optional<Duration> maxRuntime, boolean manualResume, Optional<String> parentId, List<String> tags,
                     List<MaintenanceWindow> maintenance) {
        this(cron, failureThreshold, recoveryThreshold, minRuntime, maxRuntime, manualResume, parentId, tags, maintenance,
                Optional.empty());
    }

    /** Rules without maintenance windows. */
    public BeatRules(Optional<CronSchedule> cron, int failureThreshold, int recoveryThreshold, Optional<Duration> minRuntime,
                     Optional<Duration> maxRuntime, boolean manualResume, Optional<String> parentId, List<String> tags,
                     Optional<String> slug) {
        this(cron, failureThreshold, recoveryThreshold, minRuntime, maxRuntime, manualResume, parentId, tags, List.of(), slug);
    }

    public BeatRules {
        tags = List.copyOf(tags);
        maintenance = List.copyOf(maintenance);
        if (maintenance.size() > MaintenanceWindow.MAX_WINDOWS) {
            throw new IllegalArgumentException("at most " + MaintenanceWindow.MAX_WINDOWS + " maintenance windows");
        }
        if (failureThreshold < 1 || recoveryThreshold < 1) {
            throw new IllegalArgumentException("thresholds must be at least 1");
        }
    }

    /** A cron schedule: the expression and the IANA timezone it is read in. */
    public record CronSchedule(CronExpression expression, ZoneId zone) {
        /**
         * The time between its next two firings after {@code now}, in whole seconds (at least 1): what
         * the schedule's interval is shown as, for an admin who gave none; deadlines never use it.
         */
        public long periodSecondsAfter(java.time.Instant now) {
            return expression.next(now, zone)
                    .flatMap(first -> expression.next(first, zone).map(second -> Duration.between(first, second).toSeconds()))
                    .map(seconds -> Math.max(1, seconds)).orElse(1L);
        }
    }

    /** The same rules with other tags (already {@link Tags#normalize normalized}). */
    public BeatRules withTags(List<String> changed) {
        return new BeatRules(cron, failureThreshold, recoveryThreshold, minRuntime, maxRuntime, manualResume, parentId,
                changed, maintenance, slug);
    }

    /** The same rules with another slug (empty: none). */
    public BeatRules withSlug(Optional<String> changed) {
        return new BeatRules(cron, failureThreshold, recoveryThreshold, minRuntime, maxRuntime, manualResume, parentId,
                tags, maintenance, changed);
    }

    /** The same rules on another schedule (empty: the fixed interval). */
    public BeatRules withCron(Optional<CronSchedule> changed) {
        return new BeatRules(changed, failureThreshold, recoveryThreshold, minRuntime, maxRuntime, manualResume, parentId,
                tags, maintenance, slug);
    }

    /** The same rules with other thresholds. */
    public BeatRules withThresholds(int failures, int recoveries) {
        return new BeatRules(cron, failures, recoveries, minRuntime, maxRuntime, manualResume, parentId, tags, maintenance,
                slug);
    }

    /** The same rules with other runtime limits (empty: none). */
    public BeatRules withRuntime(Optional<Duration> min, Optional<Duration> max) {
        return new BeatRules(cron, failureThreshold, recoveryThreshold, min, max, manualResume, parentId, tags, maintenance,
                slug);
    }

    /** The same rules with another manual-resume setting. */
    public BeatRules withManualResume(boolean manual) {
        return new BeatRules(cron, failureThreshold, recoveryThreshold, minRuntime, maxRuntime, manual, parentId, tags,
                maintenance, slug);
    }

    /** The same rules with another parent (empty: none). */
    public BeatRules withParent(Optional<String> parent) {
        return new BeatRules(cron, failureThreshold, recoveryThreshold, minRuntime, maxRuntime, manualResume, parent, tags,
                maintenance, slug);
    }

    /** The same rules with other maintenance windows. */
    public BeatRules withMaintenance(List<MaintenanceWindow> windows) {
        return new BeatRules(cron, failureThreshold, recoveryThreshold, minRuntime, maxRuntime, manualResume, parentId, tags,
                windows, slug);
    }
}
