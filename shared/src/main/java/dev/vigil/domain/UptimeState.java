package dev.vigil.domain;

import java.util.Optional;

/**
 * What a span of time counts as in the rollups. Up and down time make the uptime figure; paused and
 * maintenance time are kept apart and excluded from it (a paused application is not watched, and a
 * maintenance window is announced downtime), so they neither raise nor lower the figure.
 */
public enum UptimeState implements WireName {
    UP(UptimeCounter.UP),
    DOWN(UptimeCounter.DOWN),
    PAUSED(UptimeCounter.PAUSED),
    MAINTENANCE(UptimeCounter.MAINTENANCE);

    private final UptimeCounter counter;

    UptimeState(UptimeCounter counter) {
        this.counter = counter;
    }

    /** The counter a span in this state adds its milliseconds to. */
    public UptimeCounter counter() {
        return counter;
    }

    /**
     * What the time an application spends in {@code state} counts as, when no maintenance window holds
     * (the writer checks that first: inside a window the time is {@link #MAINTENANCE}). Late counts as up
     * (it is not down until the grace period ends); new and unknown are not monitored (nothing has been
     * expected yet, or Vigil could not judge), so they add nothing.
     */
    public static Optional<UptimeState> of(BeatState state) {
        return switch (state) {
            case UP, LATE -> Optional.of(UP);
            case DOWN -> Optional.of(DOWN);
            case PAUSED -> Optional.of(PAUSED);
            case NEW, UNKNOWN -> Optional.empty();
        };
    }
}
