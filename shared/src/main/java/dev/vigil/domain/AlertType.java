package dev.vigil.domain;

import java.util.Optional;

/** What an alert event says; its wire name is the event's {@code detail-type} on the bus. */
public enum AlertType {
    /** An application missed its deadline. */
    APPLICATION_DOWN("ApplicationDown"),
    /** A down application beat again. */
    APPLICATION_UP("ApplicationUp"),
    /** A repeated down alert, sent on one channel while the outage lasts and is not acknowledged. */
    APPLICATION_STILL_DOWN("ApplicationStillDown"),
    /** Sent in place of a flip when the application changes state too often to alert on each change. */
    APPLICATION_FLAPPING("ApplicationFlapping"),
    /** The alerts held during quiet hours, sent on one channel when they end. */
    ALERT_DIGEST("AlertDigest"),
    /** A flapping application stopped changing state: says what it is now, after its changes went unalerted. */
    APPLICATION_SETTLED("ApplicationSettled"),
    /** An active check's confirmed status changed (healthy, degraded, unhealthy), for the worse or the better. */
    CHECK_STATUS_CHANGED("CheckStatusChanged"),
    /**
     * A tenant's sweeps stayed unhealthy after the recovery function's forced sweeps: carries the tenant's id in
     * {@code applicationId}, its name in {@code name}, and the diagnosis (failing checks, last good execution,
     * attempts, error samples, the API operations that act on it) in {@code diagnosis}.
     */
    RECOVERY_ESCALATED("RecoveryEscalated"),
    /** A scheduled task started failing (its failure threshold reached) or, failing, ran successfully again. */
    TASK_STATUS_CHANGED("ScheduledTaskStatusChanged"),
    /**
     * A test alert asked for on one channel ({@code POST /api/channels/{id}/test}): carries the channel's id
     * in {@code applicationId} and in {@code channels}, its name in {@code name}; it goes to that channel
     * only, is never held, suppressed or repeated, and opens no alert record.
     */
    CHANNEL_TEST("ChannelTest"),

    /**
     * Vigil's own ingest became unhealthy (recorded write failures, or a fleet-wide drop of beats: misses
     * are then {@code unknown}, not {@code down}) or healthy again; one per episode each way, about the
     * system ({@link AlertLifecycle#INGEST_SUBJECT}) in the default tenant.
     */
    INGEST_HEALTH_CHANGED("IngestHealthChanged");

    private final String wire;

    AlertType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Whether this is a state change (down or up), as opposed to a reminder, notice or digest. */
    public boolean isFlip() {
        return this == APPLICATION_DOWN || this == APPLICATION_UP;
    }

    public static Optional<AlertType> fromWire(String value) {
        for (AlertType type : values()) {
            if (type.wire.equals(value)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
