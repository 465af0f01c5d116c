package dev.vigil.admin;

import dev.vigil.checks.Check;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.Settings;
import dev.vigil.checks.Tier;
import dev.vigil.checks.store.CheckSecrets;
import dev.vigil.checks.store.CheckStore;
import dev.vigil.checks.store.StoredCheck;
import dev.vigil.domain.Ids;
import dev.vigil.domain.TagFilter;
import dev.vigil.runtime.Log;
import dev.vigil.store.Page;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Creates, changes and removes active checks for the admin API, keeping the secret part of their
 * settings in the check secret store, in the order {@link ChannelRegistry} keeps a channel's: a new
 * check's secrets first (under an id nobody knows yet), a change's after its item, which it holds while
 * it stores them ({@link CheckStore#update}), and a deletion's after the item is gone. A secret store
 * that fails is {@link SecretsNotStored}: the same request sent again repairs it. Each check belongs to
 * one tenant; another tenant's check is not found.
 */
final class CheckRegistry {
    private static final int ATTEMPTS = 5;
    private static final Log LOG = Log.of(CheckRegistry.class);

    private final CheckStore store;
    private final CheckSecrets secrets;
    private final Clock clock;

    CheckRegistry(CheckStore store, CheckSecrets secrets, Clock clock) {
        this.store = store;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** A new check of {@code tenantId}, of the {@code core} tier unless the request names one. */
    StoredCheck create(String tenantId, CheckRequest request) {
        Settings settings = request.settings().orElseThrow();
        Check check = request.applyTo(Check.define(Ids.CHECK.next(), tenantId, request.type().orElseThrow(),
                request.name().orElseThrow(), request.tier().orElse(Tier.CORE), settings, request.conditions().orElse(List.of()),
                clock.instant()));
        if (!settings.secrets().isEmpty()) {
            try {
                secrets.put(check.id(), settings.secrets());
            } catch (RuntimeException e) {
                throw new SecretsNotStored("the check was not created: its secret settings could not be stored; "
                        + "send the request again", 0, e);
            }
        }
        boolean created;
        try {
            created = store.create(check, settings.secretHints());
        } catch (RuntimeException e) {
            removeSecrets(check.id());
            throw e;
        }
        if (!created) {
            throw new IllegalStateException("A new check id was taken already");
        }
        return StoredCheck.created(check, settings.secretHints());
    }

    Optional<StoredCheck> find(String tenantId, String id) {
        return store.find(tenantId, id);
    }

    Page<StoredCheck> list(String tenantId, int limit, Optional<String> token) {
        return store.listByTenant(tenantId, limit, token);
    }

    /** A page of {@code tenantId}'s checks that {@code filter} keeps ({@link CheckStore#listByTenant(String, int, Optional, TagFilter)}). */
    Page<StoredCheck> list(String tenantId, int limit, Optional<String> token, TagFilter filter) {
        return store.listByTenant(tenantId, limit, token, filter);
    }

    /** A page of the results of {@code tenantId}'s check {@code id}, newest first; empty if it has no such check. */
    Optional<Page<CheckResult>> results(String tenantId, String id, int limit, Optional<String> token) {
        return find(tenantId, id).map(found -> store.history().page(id, limit, token));
    }

    /**
     * Changes check {@code id} as {@code parse} reads the request for it: the item (conditional on the
     * version read), then the secrets, if the request changes them. A race with another write is retried
     * on what that write stored, unless {@code ifMatch} names the version read ({@link Change.Stale}).
     */
    Change<StoredCheck> update(String tenantId, String id, Function<Check, CheckRequest> parse, IfMatch ifMatch) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<StoredCheck> found = find(tenantId, id);
            if (found.isEmpty()) {
                return new Change.NotFound<>();
            }
            StoredCheck before = found.get();
            if (!ifMatch.allows(before.check().version())) {
                return new Change.Stale<>(before.check().version());
            }
            CheckRequest request = parse.apply(before.check());
            Check after = request.applyTo(before.check()).nextVersion(clock.instant());
            Map<String, String> stored = request.touchesSecrets() && !before.secretNames().isEmpty() ? secrets.get(id) : Map.of();
            Map<String, String> kept = request.touchesSecrets()
                    ? request.settings().orElseThrow().keepingSecrets(stored, request.clearedSecrets()).secrets() : stored;
            boolean secretsChange = request.touchesSecrets() && !kept.equals(stored);
            Map<String, String> hints = secretsChange ? Settings.of(after.settings(), kept).secretHints() : before.secretHints();
            if (!store.update(before, after, hints, secretsChange)) {
                Change.pause(attempt);
                continue;
            }
            if (secretsChange) {
                try {
                    secrets.put(id, kept);
                } catch (RuntimeException e) {
                    throw new SecretsNotStored("check " + id + " was saved as version " + after.version()
                            + " but its secret settings could not be stored; send the same request again", after.version(), e);
                } finally {
                    store.release(after);
                }
            }
            return new Change.Done<>(before.redefined(after, hints));
        }
        return new Change.Conflict<>();
    }

    /**
     * Deletes check {@code id}, then its secrets. A check already gone still has any secrets left behind
     * removed (by an earlier deletion that could not remove them).
     */
    Change<StoredCheck> delete(String tenantId, String id, IfMatch ifMatch) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<StoredCheck> found = store.find(id);
            if (found.isEmpty()) {
                removeSecrets(id);
                return new Change.NotFound<>();
            }
            StoredCheck check = found.get();
            if (!check.check().tenantId().equals(tenantId)) {
                return new Change.NotFound<>();
            }
            if (!ifMatch.allows(check.check().version())) {
                return new Change.Stale<>(check.check().version());
            }
            if (!store.delete(check, clock.instant())) {
                Change.pause(attempt);
                continue;
            }
            if (!check.secretNames().isEmpty()) {
                try {
                    secrets.delete(id);
                } catch (RuntimeException e) {
                    throw new SecretsNotStored("check " + id + " is deleted but its secret settings are not removed yet; "
                            + "send the DELETE again", 0, e);
                }
            }
            return new Change.Done<>(check);
        }
        return new Change.Conflict<>();
    }

    private void removeSecrets(String id) {
        try {
            secrets.delete(id);
        } catch (RuntimeException e) {
            LOG.error("Could not remove the secrets of a check that does not exist", e, "checkId", id);
        }
    }
}
