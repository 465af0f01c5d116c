package dev.vigil.domain;

import java.util.Optional;

/**
 * What an alert about an active check adds to an {@link AlertEvent}: the check's type, the status it
 * was confirmed in and the one before ({@code healthy}, {@code degraded} or {@code unhealthy}), the
 * latency of the run that confirmed it, the condition that fired (none on a recovery), the run's
 * one-line reason, its measured details as a JSON object text (sanitised excerpts only), and its tier
 * ({@code critical}, {@code core}...; empty in an event written before tiers travelled with it).
 */
public record CheckFacts(
        String checkType,
        String checkStatus,
        String previousCheckStatus,
        long latencyMs,
        Optional<String> threshold,
        String reason,
        String detailsJson,
        Optional<String> tier) {

    public static final String HEALTHY = "healthy";
    public static final String DEGRADED = "degraded";
    public static final String UNHEALTHY = "unhealthy";

    public CheckFacts {
        if (!isConfirmable(checkStatus) || !isConfirmable(previousCheckStatus)) {
            throw new IllegalArgumentException("a check alert's statuses are healthy, degraded or unhealthy");
        }
    }

    /** Facts without a tier. */
    public CheckFacts(String checkType, String checkStatus, String previousCheckStatus, long latencyMs,
                      Optional<String> threshold, String reason, String detailsJson) {
        this(checkType, checkStatus, previousCheckStatus, latencyMs, threshold, reason, detailsJson, Optional.empty());
    }

    /** The same facts, of a check of {@code tierName}. */
    public CheckFacts inTier(String tierName) {
        return new CheckFacts(checkType, checkStatus, previousCheckStatus, latencyMs, threshold, reason, detailsJson,
                Optional.of(tierName));
    }

    /** Whether the check is healthy now: the alert is a recovery. */
    public boolean recovered() {
        return HEALTHY.equals(checkStatus);
    }

    private static boolean isConfirmable(String status) {
        return HEALTHY.equals(status) || DEGRADED.equals(status) || UNHEALTHY.equals(status);
    }
}
