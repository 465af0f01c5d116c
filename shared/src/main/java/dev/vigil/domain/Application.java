package dev.vigil.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A registered application and the facts stored about it. {@code announced} is the status last put on
 * the event bus; when it differs from {@code status} a flip has not been announced yet. {@code flips}
 * counts announced flips and numbers the alert events. {@code watchedSince} is when the current
 * watch began: creation, or the moment it was resumed after a pause. {@code channels} names the alert
 * channels its alerts go to; empty means the default channels. {@code severity} and {@code quietHours}
 * decide whether an alert is urgent or may wait for the digest. {@code acknowledgedFlip} is the flip
 * number of the outage an admin acknowledged (0 for none). {@code version} counts the admin's writes
 * of its settings (0 for an item stored before versions existed); beats and flips leave it alone.
 * {@code tenantId} is the tenant it belongs to, for good ({@link Tenant#DEFAULT_ID} for an item stored
 * before tenants existed).
 */
public record Application(
        String id,
        String uuid,
        String name,
        long intervalSeconds,
        long graceSeconds,
        Status status,
        Status announced,
        boolean active,
        Optional<Instant> lastHeartbeat,
        Instant watchedSince,
        Optional<Instant> dueAt,
        long flips,
        Instant createdAt,
        Instant updatedAt,
        List<String> channels,
        Severity severity,
        Optional<QuietHours> quietHours,
        long acknowledgedFlip,
        long version,
        String tenantId,
        BeatRules rules,
        RunState run) {

    public Application {
        channels = List.copyOf(channels);
    }

    /** An application with the default beat rules and no run in progress. */
    public Application(String id, String uuid, String name, long intervalSeconds, long graceSeconds, Status status,
                       Status announced, boolean active, Optional<Instant> lastHeartbeat, Instant watchedSince,
                       Optional<Instant> dueAt, long flips, Instant createdAt, Instant updatedAt, List<String> channels,
                       Severity severity, Optional<QuietHours> quietHours, long acknowledgedFlip, long version,
                       String tenantId) {
        this(id, uuid, name, intervalSeconds, graceSeconds, status, announced, active, lastHeartbeat, watchedSince,
                dueAt, flips, createdAt, updatedAt, channels, severity, quietHours, acknowledgedFlip, version, tenantId,
                BeatRules.DEFAULT, RunState.NONE);
    }

    /** An application of the default tenant. */
    public Application(String id, String uuid, String name, long intervalSeconds, long graceSeconds, Status status,
                       Status announced, boolean active, Optional<Instant> lastHeartbeat, Instant watchedSince,
                       Optional<Instant> dueAt, long flips, Instant createdAt, Instant updatedAt, List<String> channels,
                       Severity severity, Optional<QuietHours> quietHours, long acknowledgedFlip, long version) {
        this(id, uuid, name, intervalSeconds, graceSeconds, status, announced, active, lastHeartbeat, watchedSince,
                dueAt, flips, createdAt, updatedAt, channels, severity, quietHours, acknowledgedFlip, version,
                Tenant.DEFAULT_ID);
    }

    /** An application at settings version 0. */
    public Application(String id, String uuid, String name, long intervalSeconds, long graceSeconds, Status status,
                       Status announced, boolean active, Optional<Instant> lastHeartbeat, Instant watchedSince,
                       Optional<Instant> dueAt, long flips, Instant createdAt, Instant updatedAt, List<String> channels,
                       Severity severity, Optional<QuietHours> quietHours, long acknowledgedFlip) {
        this(id, uuid, name, intervalSeconds, graceSeconds, status, announced, active, lastHeartbeat, watchedSince,
                dueAt, flips, createdAt, updatedAt, channels, severity, quietHours, acknowledgedFlip, 0);
    }

    /** An application with the default alert policy: critical, no quiet hours, nothing acknowledged. */
    public Application(String id, String uuid, String name, long intervalSeconds, long graceSeconds, Status status,
                       Status announced, boolean active, Optional<Instant> lastHeartbeat, Instant watchedSince,
                       Optional<Instant> dueAt, long flips, Instant createdAt, Instant updatedAt, List<String> channels) {
        this(id, uuid, name, intervalSeconds, graceSeconds, status, announced, active, lastHeartbeat, watchedSince,
                dueAt, flips, createdAt, updatedAt, channels, Severity.CRITICAL, Optional.empty(), 0);
    }

    /** True when the current outage was acknowledged: its reminders stop. */
    public boolean acknowledged() {
        return status == Status.DOWN && acknowledgedFlip == flips;
    }

    /** An application routed to the default channels. */
    public Application(String id, String uuid, String name, long intervalSeconds, long graceSeconds, Status status,
                       Status announced, boolean active, Optional<Instant> lastHeartbeat, Instant watchedSince,
                       Optional<Instant> dueAt, long flips, Instant createdAt, Instant updatedAt) {
        this(id, uuid, name, intervalSeconds, graceSeconds, status, announced, active, lastHeartbeat, watchedSince,
                dueAt, flips, createdAt, updatedAt, List.of());
    }

    /**
     * A newly registered application: status {@code new}, watched from {@code now}, its first deadline
     * one interval plus grace later (none while paused); its creation is the first write of its
     * settings (version 1).
     */
    public static Application registered(String id, String uuid, String name, long intervalSeconds, long graceSeconds,
                                         boolean active, List<String> channels, Severity severity,
                                         Optional<QuietHours> quietHours, Instant now) {
        Application app = new Application(id, uuid, name, intervalSeconds, graceSeconds, Status.NEW, Status.NEW, active,
                Optional.empty(), now, Optional.empty(), 0, now, now, channels, severity, quietHours, 0, 1);
        return app.withDueAt(Deadlines.deadline(app));
    }

    public Duration interval() {
        return Duration.ofSeconds(intervalSeconds);
    }

    public Duration grace() {
        return Duration.ofSeconds(graceSeconds);
    }

    /** True when a flip to up was stored (by a beat) but its event was not yet written. */
    public boolean recoveryUnannounced() {
        return status == Status.UP && announced == Status.DOWN;
    }

    public Application with(String name, long intervalSeconds, long graceSeconds, boolean active, Instant now) {
        Instant since = active && !this.active ? now : watchedSince;
        Application changed = new Application(id, uuid, name, intervalSeconds, graceSeconds, status, announced, active,
                lastHeartbeat, since, Optional.empty(), flips, createdAt, now, channels, severity, quietHours, acknowledgedFlip,
                version, tenantId, rules, run);
        return changed.withDueAt(Due.of(changed));
    }

    public Application withDueAt(Optional<Instant> due) {
        return new Application(id, uuid, name, intervalSeconds, graceSeconds, status, announced, active, lastHeartbeat,
                watchedSince, due, flips, createdAt, updatedAt, channels, severity, quietHours, acknowledgedFlip, version,
                tenantId, rules, run);
    }

    public Application withPolicy(List<String> routed, Severity level, Optional<QuietHours> quiet) {
        return new Application(id, uuid, name, intervalSeconds, graceSeconds, status, announced, active, lastHeartbeat,
                watchedSince, dueAt, flips, createdAt, updatedAt, routed, level, quiet, acknowledgedFlip, version, tenantId,
                rules, run);
    }

    /** The same application, belonging to {@code tenant}: set once, when it is registered. */
    public Application inTenant(String tenant) {
        return new Application(id, uuid, name, intervalSeconds, graceSeconds, status, announced, active, lastHeartbeat,
                watchedSince, dueAt, flips, createdAt, updatedAt, channels, severity, quietHours, acknowledgedFlip, version,
                tenant, rules, run);
    }

    /** The same application with other beat rules (its deadline recomputed by the caller). */
    public Application withRules(BeatRules changed) {
        return new Application(id, uuid, name, intervalSeconds, graceSeconds, status, announced, active, lastHeartbeat,
                watchedSince, dueAt, flips, createdAt, updatedAt, channels, severity, quietHours, acknowledgedFlip, version,
                tenantId, changed, run);
    }

    /**
     * The same application watched afresh from {@code at} (as after a resume), its deadline recomputed:
     * a miss that could not be judged waits one more window from there.
     */
    public Application withWatchRestarted(Instant at) {
        Application restarted = new Application(id, uuid, name, intervalSeconds, graceSeconds, status, announced, active,
                lastHeartbeat, at, dueAt, flips, createdAt, updatedAt, channels, severity, quietHours, acknowledgedFlip,
                version, tenantId, rules, run);
        return restarted.withDueAt(Due.of(restarted));
    }

    /**
     * The miss of this application that is {@code unknown} rather than down ({@link RunState#unknown}), while
     * it stands: the application is active, not down, and neither beat nor was resumed since it was marked.
     */
    public Optional<RunState.UnknownMiss> unknownMiss() {
        if (!active || status == Status.DOWN) {
            return Optional.empty();
        }
        return run.standingUnknown(lastHeartbeat, watchedSince);
    }

    /** The same application with another run state. */
    public Application withRun(RunState changed) {
        return new Application(id, uuid, name, intervalSeconds, graceSeconds, status, announced, active, lastHeartbeat,
                watchedSince, dueAt, flips, createdAt, updatedAt, channels, severity, quietHours, acknowledgedFlip, version,
                tenantId, rules, changed);
    }
}
