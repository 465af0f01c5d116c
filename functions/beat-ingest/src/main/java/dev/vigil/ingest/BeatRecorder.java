package dev.vigil.ingest;

import dev.vigil.store.ApplicationStore;
import dev.vigil.store.BeatOutcome;
import dev.vigil.store.HeartbeatLog;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * Receives a beat: one conditional write of the application's state, timed by the server's clock, and
 * nothing else on the request path. The beat's history entry, and the recovery alert when it ended an
 * outage, follow from the table's stream (the beat-history function).
 */
public final class BeatRecorder {
    private final ApplicationStore applications;
    private final Clock clock;

    public BeatRecorder(ApplicationStore applications, Clock clock) {
        this.applications = applications;
        this.clock = clock;
    }

    /**
     * The outcome a client sees: its application's status, {@code up} or {@code paused}, and whether the
     * beat was coalesced (above the beat rate: counted, not stored).
     */
    public record Receipt(String status, boolean coalesced) {
        public Receipt(String status) {
            this(status, false);
        }
    }

    /**
     * Canonical lower-case form of a well-formed UUID (8-4-4-4-12 hex digits), or empty; nothing
     * malformed reaches the store. Checked by hand: no regex engine on the hot path.
     */
    public static Optional<String> canonicalUuid(String candidate) {
        if (candidate == null || candidate.length() != 36) {
            return Optional.empty();
        }
        for (int i = 0; i < 36; i++) {
            char c = candidate.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (dash ? c != '-' : !hex) {
                return Optional.empty();
            }
        }
        return Optional.of(UUID.fromString(candidate).toString());
    }

    /** For priming: a read of {@code uuid}, whose successful (empty) answer the SDK handles as a beat's. */
    void primeSuccessfulAnswer(String uuid) {
        applications.findByUuid(uuid);
    }

    public Optional<Receipt> beat(String rawUuid, String method, Optional<String> sourceIp, Optional<String> userAgent) {
        Optional<String> uuid = canonicalUuid(rawUuid);
        if (uuid.isEmpty()) {
            return Optional.empty();
        }
        BeatOutcome outcome = applications.recordBeat(uuid.get(),
                new HeartbeatLog.Beat(clock.instant(), method, sourceIp, userAgent));
        return switch (outcome) {
            case BeatOutcome.Accepted accepted -> Optional.of(new Receipt("up"));
            case BeatOutcome.Paused paused -> Optional.of(new Receipt("paused"));
            case BeatOutcome.Coalesced coalesced -> Optional.of(new Receipt(coalesced.paused() ? "paused" : "up", true));
            case BeatOutcome.Unknown unknown -> Optional.empty();
        };
    }
}
