package dev.vigil.detector;

import dev.vigil.bus.AlertLedger;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.Application;
import dev.vigil.domain.Deadlines;
import dev.vigil.runtime.Log;
import dev.vigil.store.ApplicationStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * One pass of missed-beat detection: read the overdue applications from the deadline index, flip
 * each to {@code down} through the alert ledger (racing passes flip once; the alert is published at
 * once), announce recoveries a crashed ingest left behind, run the follow-ups that are due, and
 * finally publish the events the bus refused earlier.
 */
public final class MissedBeatScan {
    private static final Log LOG = Log.of(MissedBeatScan.class);
    static final int BATCH_PER_SHARD = 100;
    static final int PENDING_BATCH = 100;

    private final ApplicationStore applications;
    private final AlertLedger ledger;
    private final Optional<FollowUps> followUps;
    private final Clock clock;

    public MissedBeatScan(ApplicationStore applications, AlertLedger ledger, FollowUps followUps, Clock clock) {
        this(applications, ledger, Optional.of(followUps), clock);
    }

    /** A pass without reminders and digests, for tests of detection alone. */
    public MissedBeatScan(ApplicationStore applications, AlertLedger ledger, Clock clock) {
        this(applications, ledger, Optional.empty(), clock);
    }

    private MissedBeatScan(ApplicationStore applications, AlertLedger ledger, Optional<FollowUps> followUps, Clock clock) {
        this.applications = applications;
        this.ledger = ledger;
        this.followUps = followUps;
        this.clock = clock;
    }

    /** What one pass did: events published counts those of this pass and earlier ones the bus had refused. */
    public record Result(int read, int scanned, int flippedDown, int recoveries, int published) {
    }

    public Result runPass() {
        Instant now = clock.instant();
        ApplicationStore.DueBatch batch = applications.overdue(now, BATCH_PER_SHARD);
        int down = 0;
        int recoveries = 0;
        int published = 0;
        for (Application app : batch.applications()) {
            try {
                Application current = app;
                if (current.recoveryUnannounced()) {
                    AlertEvent up = Alerts.up(current, current.lastHeartbeat().orElse(now), now);
                    AlertLedger.Outcome outcome = ledger.record(up, applications.markRecoveryAnnounced(current, up));
                    if (outcome != AlertLedger.Outcome.LOST_RACE) {
                        recoveries++;
                        published += outcome == AlertLedger.Outcome.PUBLISHED ? 1 : 0;
                    }
                    current = applications.findByUuid(current.uuid()).orElse(null);
                    if (current == null) {
                        continue;
                    }
                }
                AlertLedger.Outcome outcome = check(current, now);
                if (outcome != AlertLedger.Outcome.LOST_RACE) {
                    down++;
                    published += outcome == AlertLedger.Outcome.PUBLISHED ? 1 : 0;
                }
            } catch (RuntimeException e) {
                // One bad item must not stop the pass; it is read again next pass.
                LOG.error("Checking an overdue application failed", e, "applicationId", app.id());
            }
        }
        FollowUps.Result scheduled = FollowUps.Result.NONE;
        try {
            scheduled = followUps.map(FollowUps::run).orElse(FollowUps.Result.NONE);
        } catch (RuntimeException e) {
            // Reminders and digests wait for the next pass; the sweep below must still run.
            LOG.error("Scheduled alerts could not be read; they are tried again next pass", e);
        }
        published += scheduled.published();
        try {
            published += ledger.publishPending(PENDING_BATCH);
        } catch (RuntimeException e) {
            LOG.error("Pending alert events could not be read; they are published on a later pass", e);
        }
        Result result = new Result(batch.applications().size(), batch.scannedCount(), down, recoveries, published);
        if (result.read() > 0 || published > 0 || scheduled.recorded() > 0) {
            LOG.info("Missed-beat pass", "read", result.read(), "flippedDown", down, "recoveries", recoveries,
                    "published", published, "scheduledEvents", scheduled.recorded());
        }
        return result;
    }

    /** The reads of a pass at the epoch, when nothing is overdue: warms the request path, writes nothing. */
    void prime() {
        applications.overdue(Instant.EPOCH, 1);
        ledger.prime();
    }

    /** Flips an overdue application down; {@code LOST_RACE} also when it is not down after all. */
    private AlertLedger.Outcome check(Application app, Instant now) {
        Optional<Instant> deadline = Deadlines.deadline(app);
        if (deadline.isEmpty() || app.dueAt().isEmpty()) {
            return AlertLedger.Outcome.LOST_RACE;
        }
        if (now.isBefore(deadline.get())) {
            // The stored deadline is earlier than the facts say (settings changed): move it.
            applications.postpone(app, deadline.get());
            return AlertLedger.Outcome.LOST_RACE;
        }
        AlertEvent event = Alerts.down(app, deadline.get(), now);
        AlertLedger.Outcome outcome = ledger.record(event, applications.markDown(app, event));
        if (outcome != AlertLedger.Outcome.LOST_RACE) {
            LOG.info("Application is down", "applicationId", app.id(), "eventId", event.eventId(),
                    "deadline", deadline.get().toString());
        }
        return outcome;
    }
}
