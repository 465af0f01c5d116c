package dev.vigil.checks.recovery;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long the recovery function waits before it forces another sweep of a tenant whose forced sweep
 * failed: exponential backoff with full jitter. After the n-th failure in a row the wait is drawn
 * uniformly from 0 to {@code min(cap, base * 2^(n-1))}, so tenants that failed together do not retry
 * together. The defaults are a base of 60 s and a cap of 1 h ({@code RECOVERY_BACKOFF_BASE_SECONDS},
 * {@code RECOVERY_BACKOFF_CAP_SECONDS}).
 */
public record Backoff(Duration base, Duration cap) {
    public static final Duration DEFAULT_BASE = Duration.ofSeconds(60);
    public static final Duration DEFAULT_CAP = Duration.ofHours(1);

    public Backoff {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("the backoff base must be positive and the cap at least the base");
        }
    }

    /** The longest wait after {@code failures} failures in a row: {@code min(cap, base * 2^(failures-1))}; zero before any. */
    public Duration ceiling(int failures) {
        if (failures < 1) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - 1, 40);
        long millis = base.toMillis();
        for (int i = 0; i < doublings && millis < cap.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, cap.toMillis()));
    }

    /** The wait after {@code failures} failures in a row: uniform from 0 to {@link #ceiling} inclusive, drawn with {@code random}. */
    public Duration delay(int failures, RandomGenerator random) {
        long ceiling = ceiling(failures).toMillis();
        return Duration.ofMillis(ceiling == 0 ? 0 : random.nextLong(ceiling + 1));
    }
}
