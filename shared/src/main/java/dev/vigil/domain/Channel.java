package dev.vigil.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A configured alert channel. {@code settings} holds the non-secret settings; the secret ones live in
 * the secret store under the channel's id, and {@code secretHints} keeps their last four characters
 * for display. {@code isDefault} channels receive the alerts of applications that name no channels.
 * {@code repeatMinutes}, when set, repeats a down alert on this channel that often until the
 * application recovers or its outage is acknowledged. {@code version} counts the writes of the
 * channel (1 when created; 0 for an item stored before versions existed). {@code tenantId} is the
 * tenant it belongs to, for good ({@link Tenant#DEFAULT_ID} for an item stored before tenants existed,
 * and for the built-in channels). {@code escalation} channels are paged when a tenant's recovery is escalated
 * ({@link AlertType#RECOVERY_ESCALATED}); a tenant without any gets its escalations on its default channels.
 */
public record Channel(
        String id,
        ChannelType type,
        String name,
        boolean enabled,
        boolean isDefault,
        Map<String, String> settings,
        Map<String, String> secretHints,
        Instant createdAt,
        Instant updatedAt,
        Optional<Long> repeatMinutes,
        long version,
        String tenantId,
        boolean escalation) {

    /** A channel that is not an escalation channel. */
    public Channel(String id, ChannelType type, String name, boolean enabled, boolean isDefault, Map<String, String> settings,
                   Map<String, String> secretHints, Instant createdAt, Instant updatedAt, Optional<Long> repeatMinutes,
                   long version, String tenantId) {
        this(id, type, name, enabled, isDefault, settings, secretHints, createdAt, updatedAt, repeatMinutes, version, tenantId,
                false);
    }

    /** A channel of the default tenant. */
    public Channel(String id, ChannelType type, String name, boolean enabled, boolean isDefault, Map<String, String> settings,
                   Map<String, String> secretHints, Instant createdAt, Instant updatedAt, Optional<Long> repeatMinutes,
                   long version) {
        this(id, type, name, enabled, isDefault, settings, secretHints, createdAt, updatedAt, repeatMinutes, version,
                Tenant.DEFAULT_ID);
    }

    /** A channel at version 0 (as stored before versions existed). */
    public Channel(String id, ChannelType type, String name, boolean enabled, boolean isDefault, Map<String, String> settings,
                   Map<String, String> secretHints, Instant createdAt, Instant updatedAt, Optional<Long> repeatMinutes) {
        this(id, type, name, enabled, isDefault, settings, secretHints, createdAt, updatedAt, repeatMinutes, 0);
    }

    /** A channel that alerts once per state change, without reminders. */
    public Channel(String id, ChannelType type, String name, boolean enabled, boolean isDefault, Map<String, String> settings,
                   Map<String, String> secretHints, Instant createdAt, Instant updatedAt) {
        this(id, type, name, enabled, isDefault, settings, secretHints, createdAt, updatedAt, Optional.empty());
    }

    /** The stack's own SNS topic, used when no SNS channel is configured, so email and SMS work from the start. */
    public static final String BUILT_IN_SNS = "sns";
    /** The in-app list: every alert is recorded for the dashboard. */
    public static final String BUILT_IN_INAPP = "inapp";

    public static Channel builtIn(String id, ChannelType type, String name) {
        return new Channel(id, type, name, true, true, Map.of(), Map.of(), Instant.EPOCH, Instant.EPOCH);
    }

    /** The same channel, belonging to {@code tenant}: set once, when it is created. */
    public Channel inTenant(String tenant) {
        return new Channel(id, type, name, enabled, isDefault, settings, secretHints, createdAt, updatedAt, repeatMinutes,
                version, tenant, escalation);
    }

    /** The same channel, paged on escalated recoveries or not. */
    public Channel withEscalation(boolean paged) {
        return new Channel(id, type, name, enabled, isDefault, settings, secretHints, createdAt, updatedAt, repeatMinutes,
                version, tenantId, paged);
    }

    public Optional<String> setting(String name) {
        return Optional.ofNullable(settings.get(name));
    }

    /** Shows a secret as its last four characters. */
    public static String hint(String secret) {
        return secret.length() <= 8 ? "****" : "****" + secret.substring(secret.length() - 4);
    }
}
