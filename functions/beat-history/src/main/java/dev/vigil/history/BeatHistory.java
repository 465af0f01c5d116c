package dev.vigil.history;

import dev.vigil.bus.AlertLedger;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.Application;
import dev.vigil.runtime.Log;
import dev.vigil.store.ApplicationStore;
import dev.vigil.store.HeartbeatLog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What follows a batch of changes to applications, read from the table's stream: every beat joins the
 * history (in batches, idempotently), and a beat that finds the application up while its last
 * announcement was "down" announces the recovery through the alert ledger — the beat that ended the
 * outage, or any later one if that announcement failed (once, however often the record is delivered;
 * the detector catches any this misses through the down index).
 */
public final class BeatHistory {
    private static final Log LOG = Log.of(BeatHistory.class);

    private final ApplicationStore applications;
    private final HeartbeatLog history;
    private final AlertLedger ledger;
    private final Clock clock;

    public BeatHistory(ApplicationStore applications, HeartbeatLog history, AlertLedger ledger, Clock clock) {
        this.applications = applications;
        this.history = history;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** One change of an application item: its images before and after. */
    public record Change(Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
    }

    /** What a batch did. */
    public record Result(int beats, int recoveries) {
    }

    /** For SnapStart priming: the store's read path, for an application nobody has. */
    void prime() {
        applications.findByUuid("00000000-0000-4000-8000-000000000000");
    }

    public Result apply(List<Change> changes) {
        List<HeartbeatLog.Entry> entries = new ArrayList<>();
        int recoveries = 0;
        for (Change change : changes) {
            var beat = ApplicationStore.beatBetween(change.before(), change.after());
            if (beat.isEmpty()) {
                continue;
            }
            entries.add(beat.get());
            Application after = ApplicationStore.fromItem(change.after());
            if (after.recoveryUnannounced()) {
                AlertEvent up = Alerts.up(after, beat.get().beat().receivedAt(), clock.instant());
                if (ledger.record(up, applications.markRecoveryAnnounced(after, up)) != AlertLedger.Outcome.LOST_RACE) {
                    recoveries++;
                    LOG.info("Application is up again", "applicationId", after.id(), "eventId", up.eventId());
                }
            }
        }
        history.appendAll(entries);
        return new Result(entries.size(), recoveries);
    }
}
