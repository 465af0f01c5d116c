package dev.vigil.domain;

import java.util.Optional;

/**
 * Where an incident stands, in order: investigating, identified, monitoring, resolved. An update moves it
 * forward or leaves it where it is (a further message); it never moves back, and a resolved incident is closed.
 */
public enum IncidentStatus implements WireName {
    INVESTIGATING, IDENTIFIED, MONITORING, RESOLVED;

    public static Optional<IncidentStatus> fromWire(String value) {
        return WireName.parse(IncidentStatus.class, value);
    }

    /** Whether an update may take an incident from this status to {@code next}. */
    public boolean mayMoveTo(IncidentStatus next) {
        return this != RESOLVED && next.ordinal() >= ordinal();
    }
}
