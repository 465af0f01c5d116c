package dev.vigil.app;

import java.util.Locale;
import java.util.Optional;

/** What Vigil believes about an application: never beaten yet, beating on time, or overdue. */
public enum Status {
    NEW, UP, DOWN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Status> fromWire(String value) {
        for (Status status : values()) {
            if (status.wire().equals(value)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
