package dev.vigil.domain;

/**
 * A component's pulse as seen at a moment, and the system's (the worst of its components'). From
 * worst to best: {@link #ERROR}, {@link #WARNING}, {@link #UNKNOWN}, {@link #ALIVE}. A stale component
 * ranks above one that never ran: something that ran and stopped is news, while a component that never
 * ran is what a freshly deployed stack shows until its first scheduled run.
 */
public enum PulseStatus implements WireName {
    /** The last run succeeded and finished within 1.5 times the schedule. */
    ALIVE(0),
    /** Never ran (no pulse recorded). */
    UNKNOWN(1),
    /** Stale: the last pulse is older than 1.5 times the schedule. */
    WARNING(2),
    /** The last run failed. */
    ERROR(3);

    private final int rank;

    PulseStatus(int rank) {
        this.rank = rank;
    }

    /** The worse of this and {@code other}. */
    public PulseStatus worst(PulseStatus other) {
        return other.rank > rank ? other : this;
    }
}
