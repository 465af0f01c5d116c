package dev.vigil.monitor;

import dev.vigil.app.Application;
import dev.vigil.app.Deadlines;
import dev.vigil.log.Log;
import dev.vigil.store.ApplicationStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * One pass of missed-beat detection: read the overdue applications from the deadline index, flip
 * each to {@code down} with a conditional write (racing passes flip once), announce recoveries a
 * crashed ingest left behind, then publish every pending alert event.
 */
public final class MissedBeatScan {
    private static final Log LOG = Log.of(MissedBeatScan.class);
    static final int BATCH_PER_SHARD = 100;
    static final int PENDING_BATCH = 100;

    private final ApplicationStore applications;
    private final AlertOutbox outbox;
    private final Optional<FollowUps> followUps;
    private final Clock clock;

    public MissedBeatScan(ApplicationStore applications, AlertOutbox outbox, FollowUps followUps, Clock clock) {
        this.applications = applications;
        this.outbox = outbox;
        this.followUps = Optional.of(followUps);
        this.clock = clock;
    }

    /** A pass without reminders and digests, for tests of detection alone. */
    public MissedBeatScan(ApplicationStore applications, AlertOutbox outbox, Clock clock) {
        this.applications = applications;
        this.outbox = outbox;
        this.followUps = Optional.empty();
        this.clock = clock;
    }

    /** What one pass did. */
    public record Result(int read, int scanned, int flippedDown, int recoveries, int published) {
    }

    public Result runPass() {
        Instant now = clock.instant();
        ApplicationStore.DueBatch batch = applications.overdue(now, BATCH_PER_SHARD);
        int down = 0;
        int recoveries = 0;
        for (Application app : batch.applications()) {
            try {
                Application current = app;
                if (current.recoveryUnannounced()) {
                    Optional<dev.vigil.events.AlertEvent> recovery =
                            applications.announceRecovery(current, current.lastHeartbeat().orElse(now), now);
                    if (recovery.isPresent()) {
                        recoveries++;
                        outbox.publish(recovery.get());
                    }
                    current = applications.findByUuid(current.uuid()).orElse(null);
                    if (current == null) {
                        continue;
                    }
                }
                if (check(current, now)) {
                    down++;
                }
            } catch (RuntimeException e) {
                // One bad item must not stop the pass; it is read again next pass.
                LOG.error("Checking an overdue application failed", e, "applicationId", app.id());
            }
        }
        int scheduledEvents = followUps.map(FollowUps::run).orElse(0);
        int published = outbox.publishPending(PENDING_BATCH);
        Result result = new Result(batch.applications().size(), batch.scannedCount(), down, recoveries, published);
        if (result.read() > 0 || published > 0 || scheduledEvents > 0) {
            LOG.info("Missed-beat pass", "read", result.read(), "flippedDown", down, "recoveries", recoveries,
                    "published", published, "scheduledEvents", scheduledEvents);
        }
        return result;
    }

    private boolean check(Application app, Instant now) {
        Optional<Instant> deadline = Deadlines.deadline(app);
        if (deadline.isEmpty() || app.dueAt().isEmpty()) {
            return false;
        }
        if (now.isBefore(deadline.get())) {
            // The stored deadline is earlier than the facts say (settings changed): move it.
            applications.postpone(app, deadline.get());
            return false;
        }
        return applications.flipDown(app, deadline.get(), now).map(event -> {
            LOG.info("Application is down", "applicationId", app.id(), "eventId", event.eventId(),
                    "deadline", deadline.get().toString());
            return true;
        }).orElse(false);
    }
}
