package dev.vigil.domain;

/**
 * What a beat says about a run: {@code success} (a run ended well, or a plain beat), {@code start} (a run
 * began), {@code fail} (a run failed: a fail signal or a non-zero exit code) and {@code log} (a message,
 * no state change).
 */
public enum SignalKind implements WireName {
    SUCCESS, START, FAIL, LOG;

    /** Whether the signal ends a run (and counts as the job having run, for the deadline). */
    public boolean endsRun() {
        return this == SUCCESS || this == FAIL;
    }
}
