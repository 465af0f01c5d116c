package dev.vigil.checks;

/**
 * The alerting state of a check: the status last confirmed ({@code healthy} until proven otherwise) and
 * the runs of consecutive results behind it. A pure state machine, {@link #next}: a worse status is
 * confirmed after {@code failureThreshold} consecutive results at least that bad, a better one after
 * {@code recoveryThreshold} consecutive results at least that good (with thresholds of 1, every result
 * is confirmed at once). An {@code unknown} result (the check could not tell) neither counts nor breaks
 * a run.
 *
 * <p>{@code failing} counts consecutive degraded-or-unhealthy results, {@code unhealthy} consecutive
 * unhealthy ones, {@code healthy} consecutive healthy ones, {@code notUnhealthy} consecutive
 * healthy-or-degraded ones.
 */
public record CheckState(CheckStatus confirmed, int failing, int unhealthy, int healthy, int notUnhealthy) {
    /** A check that has not run: healthy, no runs counted. */
    public static final CheckState INITIAL = new CheckState(CheckStatus.HEALTHY, 0, 0, 0, 0);
    /** Runs are counted up to this and no further, so a check failing for years does not overflow. */
    static final int CAP = 1000;

    public CheckState {
        if (confirmed == CheckStatus.UNKNOWN) {
            throw new IllegalArgumentException("a confirmed status is healthy, degraded or unhealthy");
        }
    }

    /** The new state and whether the confirmed status changed (from {@code from} to {@code to}): an alert or a recovery. */
    public record Transition(CheckState state, boolean changed, CheckStatus from, CheckStatus to) {
    }

    /** The state after one more result. */
    public Transition next(CheckStatus result, int failureThreshold, int recoveryThreshold) {
        if (result == CheckStatus.UNKNOWN) {
            return new Transition(this, false, confirmed, confirmed);
        }
        int rank = result.rank();
        int nowFailing = rank >= 1 ? bump(failing) : 0;
        int nowUnhealthy = rank >= 2 ? bump(unhealthy) : 0;
        int nowHealthy = rank <= 0 ? bump(healthy) : 0;
        int nowNotUnhealthy = rank <= 1 ? bump(notUnhealthy) : 0;
        CheckStatus status = confirmed;
        if (nowUnhealthy >= failureThreshold && confirmed.rank() < 2) {
            status = CheckStatus.UNHEALTHY;
        } else if (nowFailing >= failureThreshold && confirmed.rank() < 1) {
            status = CheckStatus.DEGRADED;
        } else if (nowHealthy >= recoveryThreshold && confirmed.rank() > 0) {
            status = CheckStatus.HEALTHY;
        } else if (nowNotUnhealthy >= recoveryThreshold && confirmed.rank() > 1) {
            status = CheckStatus.DEGRADED;
        }
        CheckState state = new CheckState(status, nowFailing, nowUnhealthy, nowHealthy, nowNotUnhealthy);
        return new Transition(state, status != confirmed, confirmed, status);
    }

    private static int bump(int run) {
        return Math.min(CAP, run + 1);
    }
}
