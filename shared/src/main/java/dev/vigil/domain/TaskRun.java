package dev.vigil.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * One recorded run of a scheduled task: the firing it was for ({@code scheduledFor}), when it started,
 * how it ended and how long it took, the error of a failed run (no secrets: the outbound client's
 * redacted text), the run scheduled next, and, for a {@link Outcome#SKIPPED} record, how many firings
 * were missed ({@code missed}) while nothing ran them.
 */
public record TaskRun(String taskId, String tenantId, Instant scheduledFor, Instant startedAt, Outcome outcome,
                      long durationMs, Optional<String> error, Optional<Instant> nextRunAt, long missed) {

    /** How a run ended. */
    public enum Outcome implements WireName {
        /** The task fired and its target took it. */
        EXECUTED,
        /** Firings missed (Vigil was not running); one record counts them. */
        SKIPPED,
        /** The task fired and its target refused it or could not be reached. */
        FAILED;

        public static Optional<Outcome> fromWire(String value) {
            return WireName.parse(Outcome.class, value);
        }
    }

    public boolean failed() {
        return outcome == Outcome.FAILED;
    }
}
