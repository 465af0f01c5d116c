package dev.vigil.domain;

import java.util.Optional;

/** Vigil's own scheduled functions, each of which records a {@link Pulse} at the end of every scheduled run. */
public enum Component implements WireName {
    MISSED_BEAT_DETECTOR("missed-beat-detector"),
    TENANT_SWEEP("tenant-sweep"),
    RECOVERY("recovery"),
    /** Runs the tenants' due scheduled tasks. */
    PULSE("pulse");

    private final String wire;

    Component(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    public static Optional<Component> fromWire(String value) {
        return WireName.parse(Component.class, value);
    }
}
