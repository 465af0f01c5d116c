package dev.vigil.ingest;

import dev.vigil.bus.AlertLedger;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.Application;
import dev.vigil.domain.Status;
import dev.vigil.runtime.Log;
import dev.vigil.store.ApplicationStore;
import dev.vigil.store.BeatOutcome;
import dev.vigil.store.HeartbeatLog;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Receives a beat: one conditional write of the state, timed by the server's clock; the beat joins the
 * history; a beat that ends a {@code down} state announces the recovery at once.
 */
public final class BeatRecorder {
    private static final Log LOG = Log.of(BeatRecorder.class);
    private static final Pattern UUID_FORMAT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final ApplicationStore applications;
    private final HeartbeatLog history;
    private final AlertLedger ledger;
    private final Clock clock;

    public BeatRecorder(ApplicationStore applications, HeartbeatLog history, AlertLedger ledger, Clock clock) {
        this.applications = applications;
        this.history = history;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** The outcome a client sees: its application's id and status, or nothing for an unknown UUID. */
    public record Receipt(String applicationId, String status) {
    }

    /** Canonical lower-case form of a well-formed UUID, or empty; nothing malformed reaches the store. */
    public static Optional<String> canonicalUuid(String candidate) {
        if (candidate == null || !UUID_FORMAT.matcher(candidate).matches()) {
            return Optional.empty();
        }
        return Optional.of(UUID.fromString(candidate).toString());
    }

    public Optional<Receipt> beat(String rawUuid, String method, Optional<String> sourceIp, Optional<String> userAgent) {
        Optional<String> uuid = canonicalUuid(rawUuid);
        if (uuid.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        BeatOutcome outcome = applications.recordBeat(uuid.get(), now);
        Application before;
        String status;
        if (outcome instanceof BeatOutcome.Accepted accepted) {
            before = accepted.before();
            status = Status.UP.wire();
        } else if (outcome instanceof BeatOutcome.Paused paused) {
            before = paused.before();
            status = "paused";
        } else {
            return Optional.empty();
        }
        history.append(before.id(), new HeartbeatLog.Beat(now, method, sourceIp, userAgent));
        if (outcome instanceof BeatOutcome.Accepted && before.status() == Status.DOWN && before.announced() == Status.DOWN) {
            // This beat ended an announced outage: record and publish the recovery now. If this fails,
            // the detector finds the unannounced recovery when it next reads the application.
            try {
                AlertEvent up = Alerts.up(before, now, now);
                ledger.record(up, applications.markRecoveryAnnounced(before, up));
            } catch (RuntimeException e) {
                LOG.error("Recovery announcement deferred to the detector", e, "applicationId", before.id());
            }
        }
        LOG.info("Beat received", "applicationId", before.id(), "previousStatus", before.status().wire(), "status", status);
        return Optional.of(new Receipt(before.id(), status));
    }
}
