package dev.vigil.domain;

import java.util.Collection;

/**
 * What a status page shows for a component: operational, degraded, down, or under maintenance. An
 * application's comes from its {@link BeatState}: up, new (no beat yet) and paused read as operational, late
 * and unknown as degraded, down as down. A check's from its confirmed status (healthy, degraded,
 * unhealthy). During a maintenance notice that covers it, a component shows maintenance whatever it would show
 * otherwise: a planned outage is not an incident.
 */
public enum ComponentHealth implements WireName {
    OPERATIONAL, MAINTENANCE, DEGRADED, DOWN;

    /** An application's, from its beat state. */
    public static ComponentHealth ofBeat(BeatState state) {
        return switch (state) {
            case NEW, UP, PAUSED -> OPERATIONAL;
            case LATE, UNKNOWN -> DEGRADED;
            case DOWN -> DOWN;
        };
    }

    /** This health, or {@link #MAINTENANCE} when a maintenance window covers the component now. */
    public ComponentHealth during(boolean underMaintenance) {
        return underMaintenance ? MAINTENANCE : this;
    }

    /** The page's overall health: its worst component's (down over degraded over maintenance); operational when it shows none. */
    public static ComponentHealth overall(Collection<ComponentHealth> components) {
        return components.stream().max(Enum::compareTo).orElse(OPERATIONAL);
    }
}
