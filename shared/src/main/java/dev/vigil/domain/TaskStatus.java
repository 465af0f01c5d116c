package dev.vigil.domain;

import java.util.Optional;

/** What Vigil believes about a scheduled task: never run yet, its last runs succeeded, or failing. */
public enum TaskStatus implements WireName {
    NEW, OK, FAILING;

    public static Optional<TaskStatus> fromWire(String value) {
        return WireName.parse(TaskStatus.class, value);
    }
}
