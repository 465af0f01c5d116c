package dev.vigil.checks;

import dev.vigil.domain.WireName;
import java.util.Optional;

/**
 * What started a sweep of a tenant: the {@code schedule} (only the checks that are due, only inside the
 * tenant's active hours, never a tenant younger than the minimum age), or a forced run — {@code manual}
 * (an operator asked) or {@code recovery} (the recovery function re-runs a tenant whose sweep failed) —
 * which runs every enabled check at once, whatever the hour or the tenant's age.
 */
public enum SweepTrigger implements WireName {
    SCHEDULE, RECOVERY, MANUAL;

    /** Whether the run ignores due times, active hours and the tenant's age. */
    public boolean forced() {
        return this != SCHEDULE;
    }

    public static Optional<SweepTrigger> fromWire(String value) {
        return WireName.parse(SweepTrigger.class, value);
    }
}
