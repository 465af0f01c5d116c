package dev.vigil.admin;

import dev.vigil.bus.EventPublisher;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.Application;
import dev.vigil.domain.Channel;
import dev.vigil.domain.ChannelType;
import dev.vigil.domain.Ids;
import dev.vigil.domain.Tenant;
import dev.vigil.runtime.Log;
import dev.vigil.store.ChannelStore;
import dev.vigil.store.SecretStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Creates, changes and removes channels for the admin API, keeping secrets in the secret store. Each
 * channel belongs to one tenant; another tenant's channel is not found.
 *
 * <p>A change writes the channel's item first, conditional on the version read, and its secrets after
 * it, so only a write that won can change them. While it stores them it holds the channel: other
 * writes of the channel wait for it (or answer 409), so secrets are stored in the order of the
 * versions and never end up older than the hints the item shows. If the secrets cannot be written, the item already
 * holds the new settings: the caller answers 503, and the same request sent again writes the secrets
 * (any later change rewrites the hints from the secrets it stores, so they agree again). A new
 * channel is the exception: its
 * secrets go first, under an id nobody else knows yet, so a failure leaves no channel without them.
 */
public final class ChannelRegistry {
    private static final int UPDATE_ATTEMPTS = 5;
    private static final Log LOG = Log.of(ChannelRegistry.class);

    private final ChannelStore store;
    private final SecretStore secrets;
    private final ApplicationRegistry applications;
    private final Clock clock;

    public ChannelRegistry(ChannelStore store, SecretStore secrets, ApplicationRegistry applications, Clock clock) {
        this.store = store;
        this.secrets = secrets;
        this.applications = applications;
        this.clock = clock;
    }

    /** Creates a channel of the default tenant. */
    public Channel create(ChannelRequest request) {
        return create(Tenant.DEFAULT_ID, request);
    }

    /** Creates a channel of {@code tenantId}. */
    public Channel create(String tenantId, ChannelRequest request) {
        Instant now = clock.instant();
        ChannelType type = request.type().orElseThrow();
        String id = Ids.CHANNEL.next();
        Split split = split(type, request.settings(), Map.of(), Map.of());
        Channel channel = new Channel(id, type, request.name().orElseThrow(), request.enabled().orElse(true),
                request.isDefault().orElse(false), split.plain(), split.hints(), now, now,
                request.repeatMinutes().flatMap(r -> r), 1).inTenant(tenantId).withEscalation(request.escalation().orElse(false));
        if (!split.secrets().isEmpty()) {
            try {
                secrets.put(type, id, split.secrets());
            } catch (RuntimeException e) {
                throw new SecretsNotStored("the channel was not created: its secret settings could not be stored; "
                        + "send the request again", 0, e);
            }
        }
        try {
            store.create(channel);
        } catch (RuntimeException e) {
            secrets.delete(type, id);
            throw e;
        }
        return channel;
    }

    /**
     * Changes channel {@code id} as {@code parse} reads the request for its type: the item (conditional
     * on the version read), then the secrets. A race with another write is retried on what that write
     * stored, unless {@code ifMatch} names the version read ({@link Change.Stale}).
     */
    public Change<Channel> update(String tenantId, String id, Function<ChannelType, ChannelRequest> parse, IfMatch ifMatch) {
        for (int attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
            Optional<Channel> found = find(tenantId, id);
            if (found.isEmpty()) {
                return new Change.NotFound<>();
            }
            Channel existing = found.get();
            if (!ifMatch.allows(existing.version())) {
                return new Change.Stale<>(existing.version());
            }
            ChannelRequest request = parse.apply(existing.type());
            Map<String, String> storedSecrets = existing.type().hasSecrets() ? secrets.get(existing.type(), existing.id()) : Map.of();
            Split split = split(existing.type(), request.settings(), existing.settings(), storedSecrets);
            Channel changed = new Channel(existing.id(), existing.type(), request.name().orElse(existing.name()),
                    request.enabled().orElse(existing.enabled()), request.isDefault().orElse(existing.isDefault()),
                    split.plain(), split.hints(), existing.createdAt(), clock.instant(),
                    request.repeatMinutes().orElse(existing.repeatMinutes()))
                    .withEscalation(request.escalation().orElse(existing.escalation()));
            boolean secretsChange = existing.type().hasSecrets() && !split.secrets().equals(storedSecrets);
            Optional<Channel> written = store.replace(existing, changed, clock.instant(), secretsChange);
            if (written.isEmpty()) {
                Change.pause(attempt);
                continue;
            }
            if (secretsChange) {
                try {
                    secrets.put(existing.type(), id, split.secrets());
                } catch (RuntimeException e) {
                    release(written.get());
                    throw new SecretsNotStored("channel " + id + " was saved as version " + written.get().version()
                            + " but its secret settings could not be stored; send the same request again", written.get().version(), e);
                }
                release(written.get());
            }
            return new Change.Done<>(written.get());
        }
        return new Change.Conflict<>();
    }

    /**
     * Lets the other writes of the channel go on. If this fails, the hold lapses after
     * {@link ChannelStore#SECRETS_LEASE}; until then those writes answer 409.
     */
    private void release(Channel written) {
        try {
            store.release(written);
        } catch (RuntimeException e) {
            LOG.error("Could not release a channel after storing its secrets", e, "channelId", written.id());
        }
    }

    /** How a test alert asked for on one channel went. */
    public sealed interface TestOutcome {
        /** The test is on the bus, as {@code event}: the channel's notifier delivers and records it. */
        record Sent(Channel channel, AlertEvent event) implements TestOutcome {
        }

        /** The channel is disabled: it would not deliver the test, nor any alert. */
        record Disabled(Channel channel) implements TestOutcome {
        }

        /** A test went less than {@link #TEST_INTERVAL} ago; the next may go after {@code retryAfter}. */
        record TooSoon(Duration retryAfter) implements TestOutcome {
        }

        /** No such channel in the tenant. */
        record NotFound() implements TestOutcome {
        }

        /** The event bus did not take the test; nothing was sent, and another may be asked for at once. */
        record BusUnavailable() implements TestOutcome {
        }
    }

    /** At most one test alert per channel in this long, so the route cannot be used to flood a channel. */
    public static final Duration TEST_INTERVAL = Duration.ofSeconds(10);

    /**
     * Sends a test alert through channel {@code id} of {@code tenantId}, the way real alerts go: on the bus,
     * to that channel's notifier, which delivers and records it. At most one per channel per
     * {@link #TEST_INTERVAL}; a disabled channel sends none.
     */
    public TestOutcome sendTest(String tenantId, String id, EventPublisher bus) {
        Optional<Channel> found = find(tenantId, id);
        if (found.isEmpty()) {
            return new TestOutcome.NotFound();
        }
        Channel channel = found.get();
        if (!channel.enabled()) {
            return new TestOutcome.Disabled(channel);
        }
        Instant now = clock.instant();
        return switch (store.claimTest(id, now, TEST_INTERVAL)) {
            case ChannelStore.TestClaim.Gone gone -> new TestOutcome.NotFound();
            case ChannelStore.TestClaim.TooSoon soon -> new TestOutcome.TooSoon(Duration.between(now, soon.nextAllowed()));
            case ChannelStore.TestClaim.Taken taken -> {
                AlertEvent event = Alerts.channelTest(channel, now);
                try {
                    bus.publish(event);
                } catch (RuntimeException e) {
                    LOG.error("The event bus did not take a test alert", e, "channelId", id);
                    store.releaseTest(id, now);
                    yield new TestOutcome.BusUnavailable();
                }
                yield new TestOutcome.Sent(channel, event);
            }
        };
    }

    /** Channel {@code id} if it belongs to {@code tenantId}: another tenant's is not found. */
    public Optional<Channel> find(String tenantId, String id) {
        return store.find(id).filter(channel -> channel.tenantId().equals(tenantId));
    }

    /**
     * {@code tenantId}'s channels, oldest first, from the tenant index; for the default tenant, while
     * channels stored before tenants existed are not all adopted yet ({@code legacyAdopted} false), from
     * the whole table, keeping those without a tenant too.
     */
    public List<Channel> list(String tenantId, boolean legacyAdopted) {
        if (Tenant.DEFAULT_ID.equals(tenantId) && !legacyAdopted) {
            return store.defaultWithLegacy();
        }
        return store.ofTenant(tenantId);
    }

    /**
     * Deletes channel {@code id} unless applications route to it ({@link Change.InUse}, nothing
     * changed), or, with {@code detach}, after taking it out of their channels. Its secrets go after the
     * item; a channel already gone still has any secrets left behind removed.
     */
    public Change<Channel> delete(String tenantId, String id, IfMatch ifMatch, boolean detach) {
        Optional<Channel> stored = store.find(id);
        if (stored.isEmpty()) {
            removeLeftoverSecrets(id);
            return new Change.NotFound<>();
        }
        if (!stored.get().tenantId().equals(tenantId)) {
            return new Change.NotFound<>();
        }
        Channel channel = stored.get();
        if (!ifMatch.allows(channel.version())) {
            return new Change.Stale<>(channel.version());
        }
        List<Application> routed = applications.routingTo(id);
        if (!routed.isEmpty()) {
            if (!detach) {
                return new Change.InUse(routed);
            }
            for (Application app : routed) {
                if (applications.detach(app.id(), id) instanceof Change.Conflict<Application>) {
                    return new Change.Conflict<>();
                }
            }
        }
        boolean deleted = ifMatch.present() ? store.deleteUnchanged(channel, clock.instant()) : store.delete(id, clock.instant());
        if (!deleted) {
            Optional<Channel> now = store.find(id);
            if (now.isEmpty()) {
                return new Change.NotFound<>();
            }
            return ifMatch.present() && now.get().version() != channel.version()
                    ? new Change.Stale<>(now.get().version()) : new Change.Conflict<>();
        }
        deleteSecrets(channel);
        return new Change.Done<>(channel);
    }

    /**
     * Secrets an earlier DELETE could not remove. The channel's type is gone with it, so every type that
     * keeps secrets is tried; if the store fails again, the next DELETE tries again.
     */
    private void removeLeftoverSecrets(String id) {
        for (ChannelType type : ChannelType.values()) {
            if (!type.hasSecrets()) {
                continue;
            }
            try {
                secrets.delete(type, id);
            } catch (RuntimeException e) {
                LOG.error("Could not remove the secrets of a deleted channel", e, "channelId", id);
            }
        }
    }

    private void deleteSecrets(Channel channel) {
        if (!channel.type().hasSecrets()) {
            return;
        }
        try {
            secrets.delete(channel.type(), channel.id());
        } catch (RuntimeException e) {
            throw new SecretsNotStored("channel " + channel.id() + " is deleted but its secret settings are not removed yet; "
                    + "send the DELETE again", 0, e);
        }
    }

    /** Ids in {@code ids} that name no channel of {@code tenantId}. */
    public List<String> unknown(String tenantId, List<String> ids) {
        List<String> known = store.findAll(ids).stream().filter(c -> c.tenantId().equals(tenantId)).map(Channel::id).toList();
        return ids.stream().filter(id -> !known.contains(id)).distinct().toList();
    }

    private record Split(Map<String, String> plain, Map<String, String> secrets, Map<String, String> hints) {
    }

    /** New values over old ones, sorted into plain settings, secrets and their display hints. */
    private static Split split(ChannelType type, Map<String, String> given, Map<String, String> oldPlain,
                               Map<String, String> oldSecrets) {
        Map<String, String> plain = new LinkedHashMap<>(oldPlain);
        Map<String, String> secret = new LinkedHashMap<>(oldSecrets);
        given.forEach((name, value) -> {
            if (type.field(name).orElseThrow().secret()) {
                secret.put(name, value);
            } else {
                plain.put(name, value);
            }
        });
        Map<String, String> hints = new LinkedHashMap<>();
        secret.forEach((name, value) -> hints.put(name, Channel.hint(value)));
        return new Split(plain, secret, hints);
    }

}
