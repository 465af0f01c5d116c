package dev.vigil.checks;

import dev.vigil.domain.WireName;
import java.util.Optional;

/**
 * What one run of a check found: {@code healthy}, {@code degraded} (a warning condition failed),
 * {@code unhealthy} (a critical condition failed) or {@code unknown} (the check could not tell: it was
 * refused, misconfigured, threw, or did not finish in time).
 */
public enum CheckStatus implements WireName {
    HEALTHY(0), DEGRADED(1), UNHEALTHY(2), UNKNOWN(-1);

    private final int rank;

    CheckStatus(int rank) {
        this.rank = rank;
    }

    /** 0 healthy, 1 degraded, 2 unhealthy; -1 for unknown, which is neither better nor worse. */
    public int rank() {
        return rank;
    }

    /** The worse of two known statuses. */
    public CheckStatus worse(CheckStatus other) {
        return other.rank > rank ? other : this;
    }

    public static Optional<CheckStatus> fromWire(String value) {
        return WireName.parse(CheckStatus.class, value);
    }
}
