package dev.vigil.checks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.InvalidInput;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An active check as it is defined: what it probes ({@code type} and the plain part of its
 * {@code settings}; the secret part is kept apart, see {@link Settings}), its tier, its own conditions
 * (over the type's defaults and the tenant's overrides, see {@link Conditions#effective}), the timeout of
 * one run, whether it runs, and after how many consecutive failing results it alerts
 * ({@code failureThreshold}) and after how many passing ones it recovers ({@code recoveryThreshold}).
 * {@code version} counts the writes of its definition; {@code tags} label it for filters, badges and metrics.
 */
public record Check(
        String id,
        String tenantId,
        String type,
        String name,
        Tier tier,
        ObjectNode settings,
        List<Condition> conditions,
        Duration timeout,
        boolean enabled,
        int failureThreshold,
        int recoveryThreshold,
        long version,
        Instant createdAt,
        Instant updatedAt,
        List<String> tags) {

    public static final int MAX_NAME = 100;
    public static final int MAX_THRESHOLD = 20;

    /** A check without tags. */
    public Check(String id, String tenantId, String type, String name, Tier tier, ObjectNode settings,
                 List<Condition> conditions, Duration timeout, boolean enabled, int failureThreshold,
                 int recoveryThreshold, long version, Instant createdAt, Instant updatedAt) {
        this(id, tenantId, type, name, tier, settings, conditions, timeout, enabled, failureThreshold, recoveryThreshold,
                version, createdAt, updatedAt, List.of());
    }

    public Check {
        tags = List.copyOf(tags);
        settings = settings.deepCopy();
        conditions = List.copyOf(conditions);
        if (name == null || name.isBlank() || name.length() > MAX_NAME) {
            throw new InvalidInput("name must be 1 to " + MAX_NAME + " characters");
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(tier.maxTimeout()) > 0) {
            throw new InvalidInput("timeout of a " + tier.wire() + " check must be more than 0 and at most "
                    + tier.maxTimeout().toSeconds() + " s");
        }
        if (failureThreshold < 1 || failureThreshold > MAX_THRESHOLD) {
            throw new InvalidInput("failureThreshold must be from 1 to " + MAX_THRESHOLD);
        }
        if (recoveryThreshold < 1 || recoveryThreshold > MAX_THRESHOLD) {
            throw new InvalidInput("recoveryThreshold must be from 1 to " + MAX_THRESHOLD);
        }
        if (conditions.size() > Conditions.MAX) {
            throw new InvalidInput("at most " + Conditions.MAX + " conditions, not " + conditions.size());
        }
    }

    /**
     * A new check at version 1, with the tier's default timeout and thresholds of 1, after checking its
     * type, settings (split into plain and secret) and conditions. Throws {@link InvalidInput}.
     */
    public static Check define(String id, String tenantId, String type, String name, Tier tier, Settings settings,
                               List<Condition> conditions, Instant now) {
        CheckType kind = CheckTypes.require(type);
        kind.validate(settings);
        Conditions.validate(kind, conditions);
        return new Check(id, tenantId, type, name, tier, settings.plain(), conditions, tier.defaultTimeout(), true, 1, 1, 1, now, now);
    }

    public Check withTimeout(Duration value) {
        return new Check(id, tenantId, type, name, tier, settings, conditions, value, enabled, failureThreshold,
                recoveryThreshold, version, createdAt, updatedAt, tags);
    }

    public Check withThresholds(int failures, int recoveries) {
        return new Check(id, tenantId, type, name, tier, settings, conditions, timeout, enabled, failures, recoveries,
                version, createdAt, updatedAt, tags);
    }

    public Check withEnabled(boolean value) {
        return new Check(id, tenantId, type, name, tier, settings, conditions, timeout, value, failureThreshold,
                recoveryThreshold, version, createdAt, updatedAt, tags);
    }

    public Check withConditions(List<Condition> value) {
        return new Check(id, tenantId, type, name, tier, settings, value, timeout, enabled, failureThreshold,
                recoveryThreshold, version, createdAt, updatedAt, tags);
    }

    /** The same check with other tags (already {@link dev.vigil.domain.Tags#normalize normalized}). */
    public Check withTags(List<String> value) {
        return new Check(id, tenantId, type, name, tier, settings, conditions, timeout, enabled, failureThreshold,
                recoveryThreshold, version, createdAt, updatedAt, value);
    }

    /** The next version of this check's definition, written at {@code now}. */
    public Check nextVersion(Instant now) {
        return new Check(id, tenantId, type, name, tier, settings, conditions, timeout, enabled, failureThreshold,
                recoveryThreshold, version + 1, createdAt, now, tags);
    }
}
