package dev.vigil.checks;

import dev.vigil.domain.WireName;
import java.util.Collection;
import java.util.Optional;

/**
 * A tenant's overall status after a sweep, in seed 000's order, worst first: {@code error} (a check
 * could not tell: refused, misconfigured, threw or timed out, so the tenant is not known to be well),
 * {@code alert} (a check is unhealthy), {@code warning} (a check is degraded), {@code all_clear} (every
 * check is healthy, or the tenant has none). It is read from what the checks found, before failure
 * thresholds: a single unhealthy result makes an alert status even while the check's alert waits for
 * its threshold.
 */
public enum SweepStatus implements WireName {
    ALL_CLEAR, WARNING, ALERT, ERROR;

    /** The status one check's result contributes. */
    public static SweepStatus of(CheckStatus status) {
        return switch (status) {
            case HEALTHY -> ALL_CLEAR;
            case DEGRADED -> WARNING;
            case UNHEALTHY -> ALERT;
            case UNKNOWN -> ERROR;
        };
    }

    /** The worst status the results contribute; {@code all_clear} for none. */
    public static SweepStatus of(Collection<CheckStatus> statuses) {
        SweepStatus worst = ALL_CLEAR;
        for (CheckStatus status : statuses) {
            SweepStatus one = of(status);
            worst = one.compareTo(worst) > 0 ? one : worst;
        }
        return worst;
    }

    public static Optional<SweepStatus> fromWire(String value) {
        return WireName.parse(SweepStatus.class, value);
    }
}
