package dev.vigil.ingest;

import dev.vigil.domain.BeatDetail;
import dev.vigil.domain.Runs;
import dev.vigil.store.ApplicationStore;
import dev.vigil.store.BeatOutcome;
import dev.vigil.store.HeartbeatLog;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Records a beat with its signal: the application's one conditional write, and, only for a beat that
 * carries a body or metadata, its history entry with them (a second, conditional write, so the body
 * never rides on the application item and its stream images). A plain beat's entry follows from the
 * table's stream, as before.
 */
public final class SignalRecorder {
    private final ApplicationStore applications;
    private final HeartbeatLog history;
    private final Clock clock;

    public SignalRecorder(ApplicationStore applications, HeartbeatLog history, Clock clock) {
        this.applications = applications;
        this.history = history;
        this.clock = clock;
    }

    /**
     * What a client sees: its application's status after a success ({@code up}, {@code down}, {@code paused}),
     * or the signal it sent; and whether the beat was coalesced (above the beat rate: counted, not stored).
     */
    public record Receipt(String status, BeatDetail detail, boolean coalesced) {
        public Receipt(String status, BeatDetail detail) {
            this(status, detail, false);
        }
    }

    /** Records a beat for the application with ping UUID {@code uuid} (canonical); empty if there is none. */
    public Optional<Receipt> record(String uuid, BeatDetail detail, String method, Optional<String> sourceIp,
                                    Optional<String> userAgent) {
        Instant now = clock.instant();
        HeartbeatLog.Beat beat = new HeartbeatLog.Beat(now, method, sourceIp, userAgent, detail);
        BeatOutcome outcome = applications.recordBeat(uuid, beat);
        return switch (outcome) {
            case BeatOutcome.Accepted accepted -> {
                accepted.recorded().ifPresent(recorded -> writeEntry(recorded, beat));
                yield Optional.of(new Receipt(accepted.stillDown() ? "down" : "up", detail));
            }
            case BeatOutcome.Paused paused -> {
                paused.recorded().ifPresent(recorded -> writeEntry(recorded, beat));
                yield Optional.of(new Receipt("paused", detail));
            }
            case BeatOutcome.Coalesced coalesced -> Optional.of(new Receipt(coalesced.paused() ? "paused" : "up", detail, true));
            case BeatOutcome.Unknown unknown -> Optional.empty();
        };
    }

    /** The history entry of a beat with a body or metadata, with the duration of the run it ended. */
    private void writeEntry(BeatOutcome.Recorded recorded, HeartbeatLog.Beat beat) {
        BeatDetail detail = beat.detail();
        if (detail.kind().endsRun()) {
            detail = detail.withDuration(Runs.duration(recorded.before(), detail.rid(), beat.receivedAt()));
        }
        history.appendWithPayload(new HeartbeatLog.Entry(recorded.applicationId(), recorded.sequence(),
                new HeartbeatLog.Beat(beat.receivedAt(), beat.method(), beat.sourceIp(), beat.userAgent(), detail)));
    }
}
