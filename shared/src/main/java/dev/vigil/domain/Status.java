package dev.vigil.domain;

import java.util.Optional;

/** What Vigil believes about an application: never beaten yet, beating on time, or overdue. */
public enum Status implements WireName {
    NEW, UP, DOWN;

    public static Optional<Status> fromWire(String value) {
        return WireName.parse(Status.class, value);
    }
}
