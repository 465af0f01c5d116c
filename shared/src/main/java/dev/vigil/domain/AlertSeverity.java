package dev.vigil.domain;

import java.util.Optional;

/**
 * How urgent an alert record is: {@code p1} (act now), {@code p2} (act today), {@code p3} (look when
 * convenient). {@link AlertLifecycle} maps each alert event to one.
 */
public enum AlertSeverity implements WireName {
    P1, P2, P3;

    public static Optional<AlertSeverity> fromWire(String value) {
        return WireName.parse(AlertSeverity.class, value);
    }
}
