package dev.vigil.domain;

import java.util.Optional;

/** How bad an application's outage is; the urgent severities go through quiet hours. */
public enum Severity implements WireName {
    CRITICAL, WARNING, INFO;

    public static Optional<Severity> fromWire(String value) {
        return WireName.parse(Severity.class, value);
    }
}
