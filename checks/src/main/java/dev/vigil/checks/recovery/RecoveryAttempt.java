package dev.vigil.checks.recovery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.WireName;
import dev.vigil.runtime.Json;
import java.time.Instant;
import java.util.Optional;

/**
 * One forced sweep of a tenant by the recovery function: when, what started it, its number in the
 * tenant's current episode (1 for the first attempt after the tenant turned unhealthy), how it ended,
 * the execution record of the sweep (when the sweep answered one) and the error (when it failed).
 */
public record RecoveryAttempt(
        String attemptId,
        String tenantId,
        Instant at,
        RecoveryTrigger trigger,
        int number,
        Outcome outcome,
        Optional<String> executionId,
        Optional<String> error,
        long durationMs) {

    /**
     * {@code recovered}: the forced sweep was successful ({@code SweepHealth.successful}); {@code failed}:
     * it ended in {@code error}, found a critical check confirmed unhealthy, or the sweep function failed; {@code running}: it had not answered when
     * the wait ended (it goes on and records its execution; the next run judges the tenant by it); {@code skipped}:
     * no sweep ran because the sweep function is switched off or the tenant was paused or deleted meanwhile
     * ({@code error} says which) — not an attempt: it is neither recorded nor counted in the tenant's episode.
     */
    public enum Outcome implements WireName { RECOVERED, FAILED, RUNNING, SKIPPED }

    public ObjectNode toJson() {
        ObjectNode node = Json.object().put("attemptId", attemptId).put("tenantId", tenantId).put("at", at.toString())
                .put("trigger", trigger.wire()).put("attempt", number).put("outcome", outcome.wire());
        node.put("executionId", executionId.orElse(null));
        node.put("error", error.orElse(null));
        node.put("durationMs", durationMs);
        return node;
    }
}
