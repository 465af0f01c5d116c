package dev.vigil.history;

import dev.vigil.bus.AlertLedger;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.Application;
import dev.vigil.domain.BeatState;
import dev.vigil.domain.Due;
import dev.vigil.domain.Misses;
import dev.vigil.domain.Runs;
import dev.vigil.domain.SignalKind;
import dev.vigil.domain.UptimeState;
import dev.vigil.runtime.Log;
import dev.vigil.store.ApplicationStore;
import dev.vigil.store.Attr;
import dev.vigil.store.HeartbeatLog;
import dev.vigil.store.RollupStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What follows a batch of changes to applications, read from the table's stream: every beat joins the
 * history (in batches, idempotently; a beat with a body or metadata was written there by the ingest), a
 * failure that reaches the failure threshold or a run that was too fast flips the application down at
 * once, a start whose run would time out before the schedule's deadline moves the deadline to its
 * timeout, and a beat that finds the application up while its last announcement was "down" announces
 * the recovery through the alert ledger — the beat that ended the
 * outage, or any later one if that announcement failed (once, however often the record is delivered;
 * the detector catches any this misses through the down index).
 *
 * <p>Every change that moves the application's uptime state (its first beat, a flip down or up, a pause
 * or a resume, whoever wrote it: the ingest, the detector, this function or the admin API) rolls the time
 * spent in the previous state up into its uptime buckets ({@link RollupStore#observe}), at the beat's time
 * for a beat, else now; changes that keep the state (most beats) write nothing there. The parts of that
 * time inside the application's maintenance windows (as they are at the change) are added as maintenance
 * time, and a flip into down adds one outage.
 */
public final class BeatHistory {
    private static final Log LOG = Log.of(BeatHistory.class);

    private final ApplicationStore applications;
    private final HeartbeatLog history;
    private final AlertLedger ledger;
    private final RollupStore rollups;
    private final Clock clock;

    public BeatHistory(ApplicationStore applications, HeartbeatLog history, AlertLedger ledger, RollupStore rollups,
                       Clock clock) {
        this.applications = applications;
        this.history = history;
        this.ledger = ledger;
        this.rollups = rollups;
        this.clock = clock;
    }

    /** One change of an application item: its images before and after. */
    public record Change(Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
    }

    /** What a batch did. */
    public record Result(int beats, int recoveries, int failures) {
    }

    /** For SnapStart priming: the store's read path, for an application nobody has. */
    void prime() {
        applications.findByUuid("00000000-0000-4000-8000-000000000000");
    }

    public Result apply(List<Change> changes) {
        List<HeartbeatLog.Entry> entries = new ArrayList<>();
        int recoveries = 0;
        int failures = 0;
        for (Change change : changes) {
            var beat = ApplicationStore.beatBetween(change.before(), change.after());
            rollUpUptime(change, beat.map(entry -> entry.beat().receivedAt()));
            if (beat.isEmpty()) {
                continue;
            }
            if (!ApplicationStore.lastBeatHasPayload(change.after())) {
                // A beat with a body or metadata had its entry written, with them, by the ingest.
                entries.add(beat.get());
            }
            Application after = ApplicationStore.fromItem(change.after());
            if (after.recoveryUnannounced()) {
                AlertEvent up = Alerts.up(after, beat.get().beat().receivedAt(), clock.instant());
                if (ledger.record(up, applications.markRecoveryAnnounced(after, up)) != AlertLedger.Outcome.LOST_RACE) {
                    recoveries++;
                    LOG.info("Application is up again", "applicationId", after.id(), "eventId", up.eventId());
                }
                continue;
            }
            if (announceFailure(after, beat.get())) {
                failures++;
                continue;
            }
            moveDeadlineToRunTimeout(after);
        }
        history.appendAll(entries);
        return new Result(entries.size(), recoveries, failures);
    }

    /**
     * When the change moved the application's uptime state, rolls the previous state's time up to the
     * change ({@link #changedAt}) and records the new state. A redelivered change finds the watermark
     * already there, or past it, and adds nothing.
     */
    private void rollUpUptime(Change change, Optional<Instant> beatAt) {
        if (change.before().isEmpty() || change.after().isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Application before = ApplicationStore.fromItem(change.before());
        Application after = ApplicationStore.fromItem(change.after());
        Optional<UptimeState> was = UptimeState.of(BeatState.of(before, now));
        Optional<UptimeState> is = UptimeState.of(BeatState.of(after, now));
        if (!was.equals(is)) {
            rollups.observe(RollupStore.application(after.id()), is, changedAt(change, beatAt, now),
                    after.rules().maintenance());
        }
    }

    /** The item attributes that stamp a change without a beat, in the order they are asked. */
    private static final List<String> CHANGE_STAMPS = List.of("downSince", "unknownSince", "updatedAt", "watchedSince");

    /**
     * When a change happened, read from what the change wrote, so that a redelivered record (a retried
     * batch) rolls up to the instant it did the first time rather than to the time of the retry: the
     * beat's time, else the first of {@link #CHANGE_STAMPS} the change moved (a flip's {@code downSince},
     * an unknown miss's {@code unknownSince}, a pause's or resume's {@code updatedAt}, a restarted watch's
     * {@code watchedSince}). {@code now} only when the item carries none of them.
     */
    static Instant changedAt(Change change, Optional<Instant> beatAt, Instant now) {
        if (beatAt.isPresent()) {
            return beatAt.get();
        }
        for (String stamp : CHANGE_STAMPS) {
            Optional<Instant> after = Attr.instant(change.after(), stamp);
            if (after.isPresent() && !after.equals(Attr.instant(change.before(), stamp))) {
                return after.get();
            }
        }
        return now;
    }

    /**
     * Flips the application down at once when the beat was a failure that reached the failure threshold,
     * or a run that was too fast ({@link Runs#failure}), through the alert ledger: the flip holds only if
     * that beat is still the last success or failure and no flip came since, so a redelivered record or a
     * racing detector flips it once, and a start or a log sent meanwhile does not cancel it. Inside a
     * maintenance window nothing flips; while its parent is down the flip's alert is suppressed, as a
     * miss's is ({@link Misses#suppression}).
     */
    private boolean announceFailure(Application after, HeartbeatLog.Entry entry) {
        Instant at = entry.beat().receivedAt();
        Optional<String> why = Runs.failure(after, entry.beat().detail(), at);
        if (why.isEmpty()) {
            return false;
        }
        Instant now = clock.instant();
        AlertEvent down = Alerts.failed(after, why.get(), at, now).suppressedFor(Misses.suppression(parentOf(after), now));
        boolean failure = entry.beat().detail().kind() == SignalKind.FAIL;
        if (ledger.record(down, applications.markFailed(after, at, failure, down)) == AlertLedger.Outcome.LOST_RACE) {
            return false;
        }
        LOG.info("Application is down: a run failed", "applicationId", after.id(), "eventId", down.eventId(),
                "why", why.get(), "suppressed", down.suppressed().orElse("no"));
        return true;
    }

    /** The application's parent, if it names one of its own tenant that exists. */
    private Optional<Application> parentOf(Application app) {
        return app.rules().parentId().flatMap(applications::findById)
                .filter(parent -> parent.tenantId().equals(app.tenantId()));
    }

    /**
     * A run in progress that times out before the schedule's deadline moves the stored deadline to its
     * timeout ({@link Due#of}), so the detector finds it then; a later beat or flip wins over this write.
     */
    private void moveDeadlineToRunTimeout(Application after) {
        if (Runs.timeout(after).isEmpty()) {
            return;
        }
        Optional<Instant> due = Due.of(after);
        if (due.isPresent() && after.dueAt().isPresent() && due.get().isBefore(after.dueAt().get())) {
            applications.advanceDeadline(after, due.get());
        }
    }
}
