package dev.vigil.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An alert about an application, as every part of Vigil passes it around: the bus, the ledger, the
 * notifiers. {@code eventId} is stable, so every consumer can deduplicate on it. {@code flip} is the
 * number of the state change the alert is about (0 for a digest) and {@code reminder} the number of a
 * repeated down alert (0 otherwise): explicit numbers, never read back out of the id. {@code channels}
 * is the routing when the flip happened (empty: the default channels). {@code tenantId} is the tenant
 * of the application ({@link Tenant#DEFAULT_ID} for an event written before tenants existed).
 * An alert about an active check ({@link AlertType#CHECK_STATUS_CHANGED}) carries the check's id in
 * {@code applicationId}, its name in {@code name}, {@code DOWN} while it is degraded or unhealthy and
 * {@code UP} once healthy, the number of the run that confirmed the change in {@code flip}, and the
 * check's own facts in {@code check}. An escalated recovery ({@link AlertType#RECOVERY_ESCALATED}) carries the
 * tenant's id in {@code applicationId} and its diagnosis, a JSON object text, in {@code diagnosis}.
 * {@code suppressed} holds why an alert is not sent to any channel (its application's parent was down
 * when it went down), empty for an alert that is sent. {@link Alerts} makes them; the bus codec writes
 * and reads them.
 */
public record AlertEvent(
        String eventId,
        AlertType type,
        String applicationId,
        String name,
        Status status,
        Status previousStatus,
        Optional<Instant> lastHeartbeat,
        Optional<Instant> deadline,
        long intervalSeconds,
        long graceSeconds,
        Instant time,
        List<String> channels,
        Severity severity,
        Optional<QuietHours> quietHours,
        Optional<String> note,
        long flip,
        int reminder,
        String tenantId,
        Optional<CheckFacts> check,
        Optional<String> diagnosis,
        Optional<String> suppressed) {

    public AlertEvent {
        channels = List.copyOf(channels);
    }

    /** An alert that is sent (not suppressed). */
    public AlertEvent(String eventId, AlertType type, String applicationId, String name, Status status,
                      Status previousStatus, Optional<Instant> lastHeartbeat, Optional<Instant> deadline,
                      long intervalSeconds, long graceSeconds, Instant time, List<String> channels, Severity severity,
                      Optional<QuietHours> quietHours, Optional<String> note, long flip, int reminder, String tenantId,
                      Optional<CheckFacts> check, Optional<String> diagnosis) {
        this(eventId, type, applicationId, name, status, previousStatus, lastHeartbeat, deadline, intervalSeconds,
                graceSeconds, time, channels, severity, quietHours, note, flip, reminder, tenantId, check, diagnosis,
                Optional.empty());
    }

    /**
     * The same alert, suppressed for {@code reason} (its application's parent is down): recorded, shown
     * by the API, never sent to a channel.
     */
    public AlertEvent suppressedFor(Optional<String> reason) {
        return new AlertEvent(eventId, type, applicationId, name, status, previousStatus, lastHeartbeat, deadline,
                intervalSeconds, graceSeconds, time, channels, severity, quietHours, note, flip, reminder, tenantId, check,
                diagnosis, reason);
    }

    /** An alert without a diagnosis (every type but {@link AlertType#RECOVERY_ESCALATED}). */
    public AlertEvent(String eventId, AlertType type, String applicationId, String name, Status status,
                      Status previousStatus, Optional<Instant> lastHeartbeat, Optional<Instant> deadline,
                      long intervalSeconds, long graceSeconds, Instant time, List<String> channels, Severity severity,
                      Optional<QuietHours> quietHours, Optional<String> note, long flip, int reminder, String tenantId,
                      Optional<CheckFacts> check) {
        this(eventId, type, applicationId, name, status, previousStatus, lastHeartbeat, deadline, intervalSeconds,
                graceSeconds, time, channels, severity, quietHours, note, flip, reminder, tenantId, check, Optional.empty());
    }

    /** An alert about an application (no check facts). */
    public AlertEvent(String eventId, AlertType type, String applicationId, String name, Status status,
                      Status previousStatus, Optional<Instant> lastHeartbeat, Optional<Instant> deadline,
                      long intervalSeconds, long graceSeconds, Instant time, List<String> channels, Severity severity,
                      Optional<QuietHours> quietHours, Optional<String> note, long flip, int reminder, String tenantId) {
        this(eventId, type, applicationId, name, status, previousStatus, lastHeartbeat, deadline, intervalSeconds,
                graceSeconds, time, channels, severity, quietHours, note, flip, reminder, tenantId, Optional.empty());
    }

    /** An alert of the default tenant. */
    public AlertEvent(String eventId, AlertType type, String applicationId, String name, Status status,
                      Status previousStatus, Optional<Instant> lastHeartbeat, Optional<Instant> deadline,
                      long intervalSeconds, long graceSeconds, Instant time, List<String> channels, Severity severity,
                      Optional<QuietHours> quietHours, Optional<String> note, long flip, int reminder) {
        this(eventId, type, applicationId, name, status, previousStatus, lastHeartbeat, deadline, intervalSeconds,
                graceSeconds, time, channels, severity, quietHours, note, flip, reminder, Tenant.DEFAULT_ID);
    }

    public boolean isDown() {
        return status == Status.DOWN;
    }

    /** Whether this is a state change (down or up), as opposed to a reminder, notice or digest. */
    public boolean isFlip() {
        return type.isFlip();
    }

    /** Whether the alert is about one application (not a digest of several, nor a check, nor a tenant's recovery). */
    public boolean aboutOneApplication() {
        return type != AlertType.ALERT_DIGEST && !aboutCheck() && !aboutTenant() && !aboutTask() && !isTest()
                && !aboutSystem();
    }

    /**
     * Whether this is a test alert asked for on one channel ({@link AlertType#CHANNEL_TEST}): {@code applicationId}
     * is then the channel's id and {@code name} its name.
     */
    public boolean isTest() {
        return type == AlertType.CHANNEL_TEST;
    }

    /** Whether the alert is about Vigil itself ({@link AlertType#INGEST_HEALTH_CHANGED}), not a tenant's subject. */
    public boolean aboutSystem() {
        return type == AlertType.INGEST_HEALTH_CHANGED;
    }

    /** Whether the alert is about a tenant as a whole ({@link AlertType#RECOVERY_ESCALATED}; its id is in {@code applicationId}). */
    public boolean aboutTenant() {
        return type == AlertType.RECOVERY_ESCALATED;
    }

    /** Whether the alert is about an active check's status ({@link #check()} holds its facts). */
    public boolean aboutCheck() {
        return type == AlertType.CHECK_STATUS_CHANGED;
    }

    /**
     * Whether the alert is about a scheduled task's status: {@code applicationId} is then the task's id,
     * {@code DOWN} failing and {@code UP} ok again, {@code flip} the number of the run that changed it.
     */
    public boolean aboutTask() {
        return type == AlertType.TASK_STATUS_CHANGED;
    }

    /** The same alert with another type, note, routing and time; ids and numbers are the caller's. */
    AlertEvent as(String newId, AlertType newType, Status newStatus, List<String> routed, Optional<String> text,
                  Instant at, int reminderNumber) {
        return new AlertEvent(newId, newType, applicationId, name, newStatus, previousStatus, lastHeartbeat, deadline,
                intervalSeconds, graceSeconds, at, routed, severity, quietHours, text, flip, reminderNumber, tenantId, check,
                diagnosis, suppressed);
    }
}
