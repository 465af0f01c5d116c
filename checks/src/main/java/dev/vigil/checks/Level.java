package dev.vigil.checks;

import dev.vigil.domain.WireName;
import java.util.Optional;

/** How bad it is when a condition does not hold: {@code warn} makes a result degraded, {@code critical} unhealthy. */
public enum Level implements WireName {
    WARN(CheckStatus.DEGRADED), CRITICAL(CheckStatus.UNHEALTHY);

    private final CheckStatus status;

    Level(CheckStatus status) {
        this.status = status;
    }

    /** The status of a result in which a condition of this level failed. */
    public CheckStatus status() {
        return status;
    }

    public static Optional<Level> fromWire(String value) {
        return WireName.parse(Level.class, value);
    }
}
