package dev.vigil.admin;

import dev.vigil.domain.Channel;
import dev.vigil.domain.ChannelType;
import dev.vigil.domain.Ids;
import dev.vigil.store.ChannelStore;
import dev.vigil.store.SecretStore;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Creates, changes and removes channels for the admin API, keeping secrets in the secret store. */
public final class ChannelRegistry {
    private final ChannelStore store;
    private final SecretStore secrets;
    private final Clock clock;

    public ChannelRegistry(ChannelStore store, SecretStore secrets, Clock clock) {
        this.store = store;
        this.secrets = secrets;
        this.clock = clock;
    }

    public Channel create(ChannelRequest request) {
        Instant now = clock.instant();
        ChannelType type = request.type().orElseThrow();
        String id = Ids.CHANNEL.next();
        Split split = split(type, request.settings(), Map.of(), Map.of());
        Channel channel = new Channel(id, type, request.name().orElseThrow(), request.enabled().orElse(true),
                request.isDefault().orElse(false), split.plain(), split.hints(), now, now,
                request.repeatMinutes().flatMap(r -> r));
        if (!split.secrets().isEmpty()) {
            secrets.put(type, id, split.secrets());
        }
        try {
            store.create(channel);
        } catch (RuntimeException e) {
            secrets.delete(type, id);
            throw e;
        }
        return channel;
    }

    public Optional<Channel> update(Channel existing, ChannelRequest request) {
        Map<String, String> storedSecrets = existing.type().hasSecrets() ? secrets.get(existing.type(), existing.id()) : Map.of();
        Split split = split(existing.type(), request.settings(), existing.settings(), storedSecrets);
        Channel changed = new Channel(existing.id(), existing.type(), request.name().orElse(existing.name()),
                request.enabled().orElse(existing.enabled()), request.isDefault().orElse(existing.isDefault()),
                split.plain(), split.hints(), existing.createdAt(), clock.instant(),
                request.repeatMinutes().orElse(existing.repeatMinutes()));
        if (!split.secrets().equals(storedSecrets)) {
            secrets.put(existing.type(), existing.id(), split.secrets());
        }
        return store.replace(changed) ? Optional.of(changed) : Optional.empty();
    }

    public Optional<Channel> find(String id) {
        return store.find(id);
    }

    public List<Channel> all() {
        return store.all();
    }

    public boolean delete(String id) {
        Optional<Channel> deleted = store.delete(id);
        deleted.ifPresent(channel -> secrets.delete(channel.type(), channel.id()));
        return deleted.isPresent();
    }

    /** Ids in {@code ids} that name no channel. */
    public List<String> unknown(List<String> ids) {
        List<String> known = store.findAll(ids).stream().map(Channel::id).toList();
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
