package dev.vigil.domain;

import java.util.Optional;

/** Where an alert record is in its life: {@code open}, then {@code acknowledged} (optional), then {@code resolved}. */
public enum AlertStatus implements WireName {
    OPEN, ACKNOWLEDGED, RESOLVED;

    /** Whether the alert still stands: open or acknowledged, not resolved. */
    public boolean active() {
        return this != RESOLVED;
    }

    public static Optional<AlertStatus> fromWire(String value) {
        return WireName.parse(AlertStatus.class, value);
    }
}
