package dev.vigil.app;

import java.util.Locale;
import java.util.Optional;

/** How bad an application's outage is; the urgent severities go through quiet hours. */
public enum Severity {
    CRITICAL, WARNING, INFO;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Severity> fromWire(String value) {
        for (Severity s : values()) {
            if (s.wire().equals(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
