package dev.vigil.checks.recovery;

import dev.vigil.domain.WireName;
import java.util.Optional;

/**
 * What started a recovery attempt: the recovery function's {@code schedule}, a run asked for through
 * {@code POST /api/recovery/run} ({@code api}), or one tenant's recovery asked for through
 * {@code POST /api/tenants/{id}/recover} ({@code manual}).
 */
public enum RecoveryTrigger implements WireName {
    SCHEDULE, API, MANUAL;

    public static Optional<RecoveryTrigger> fromWire(String value) {
        return WireName.parse(RecoveryTrigger.class, value);
    }
}
