package dev.vigil.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An organisation whose services Vigil watches. Every application, channel, alert and delivery record
 * belongs to exactly one tenant; {@value #DEFAULT_ID} holds whatever was stored before tenants
 * existed and everything a single-team install registers. {@code timezone} is the IANA zone in which
 * its {@code activeHours} and {@code quietHours} are read (the quiet hours always carry that zone).
 * The scheduled tenant sweep runs every {@code sweepIntervalMinutes} within the active
 * hours, never for a {@code paused} tenant; {@code lastSweepAt} is when it last ran. {@code version}
 * counts the operator's writes of its settings. {@code privateTargets} is the operator's permission for
 * the tenant's checks to reach private, loopback and link-local addresses (databases inside a VPC);
 * {@code thresholds} are the tenant's condition overrides by check type (condition texts, such as
 * {@code "http" -> ["latencyMs < 800"]}), applied over each type's defaults and under a check's own.
 */
public record Tenant(
        String id,
        String name,
        ZoneId timezone,
        int sweepIntervalMinutes,
        ActiveHours activeHours,
        Optional<QuietHours> quietHours,
        boolean paused,
        Instant createdAt,
        Instant updatedAt,
        Optional<Instant> lastSweepAt,
        long version,
        boolean privateTargets,
        Map<String, List<String>> thresholds) {

    public static final String DEFAULT_ID = "default";
    public static final int DEFAULT_SWEEP_MINUTES = 30;
    public static final int MIN_SWEEP_MINUTES = 5;
    public static final int MAX_SWEEP_MINUTES = 24 * 60;

    public Tenant {
        ZoneId zone = timezone;
        quietHours = quietHours.map(q -> q.zone().equals(zone) ? q : new QuietHours(q.start(), q.end(), zone));
        Map<String, List<String>> copy = new TreeMap<>();
        thresholds.forEach((type, conditions) -> copy.put(type, List.copyOf(conditions)));
        thresholds = Collections.unmodifiableMap(copy);
    }

    /** A tenant without private targets or threshold overrides. */
    public Tenant(String id, String name, ZoneId timezone, int sweepIntervalMinutes, ActiveHours activeHours,
                  Optional<QuietHours> quietHours, boolean paused, Instant createdAt, Instant updatedAt,
                  Optional<Instant> lastSweepAt, long version) {
        this(id, name, timezone, sweepIntervalMinutes, activeHours, quietHours, paused, createdAt, updatedAt, lastSweepAt,
                version, false, Map.of());
    }

    /** This tenant with other threshold overrides (by check type). */
    public Tenant withThresholds(Map<String, List<String>> overrides) {
        return new Tenant(id, name, timezone, sweepIntervalMinutes, activeHours, quietHours, paused, createdAt, updatedAt,
                lastSweepAt, version, privateTargets, overrides);
    }

    /** This tenant with private targets allowed or not. */
    public Tenant withPrivateTargets(boolean allowed) {
        return new Tenant(id, name, timezone, sweepIntervalMinutes, activeHours, quietHours, paused, createdAt, updatedAt,
                lastSweepAt, version, allowed, thresholds);
    }

    /** The next version of this tenant's settings, written at {@code now}. */
    public Tenant nextVersion(Instant now) {
        return new Tenant(id, name, timezone, sweepIntervalMinutes, activeHours, quietHours, paused, createdAt, now, lastSweepAt,
                version + 1, privateTargets, thresholds);
    }

    /** The tenant that existing data and single-team installs use, as it is created on first use. */
    public static Tenant defaultTenant(Instant now) {
        return new Tenant(DEFAULT_ID, "Default", ZoneId.of("UTC"), DEFAULT_SWEEP_MINUTES, ActiveHours.DEFAULT,
                Optional.empty(), false, now, now, Optional.empty(), 1);
    }

    public boolean isDefault() {
        return DEFAULT_ID.equals(id);
    }

    /** Whether {@code id} can name a tenant: {@value #DEFAULT_ID} or a generated tenant id. */
    public static boolean isWellFormedId(String id) {
        return DEFAULT_ID.equals(id) || Ids.TENANT.matches(id);
    }

    /**
     * When the sweep is next due: one interval after the last sweep (or after creation, before the
     * first); none while paused.
     */
    public Optional<Instant> nextSweepAt() {
        if (paused) {
            return Optional.empty();
        }
        return Optional.of(lastSweepAt.orElse(createdAt).plus(Duration.ofMinutes(sweepIntervalMinutes)));
    }
}
