package dev.vigil.admin;

import dev.vigil.checks.store.CheckStore;
import dev.vigil.store.StatusPageStore;
import dev.vigil.store.TaskStore;
import dev.vigil.domain.ActiveHours;
import dev.vigil.domain.ApiKey;
import dev.vigil.domain.Ids;
import dev.vigil.domain.QuietHours;
import dev.vigil.domain.Tenant;
import dev.vigil.store.ApiKeyStore;
import dev.vigil.store.ApplicationStore;
import dev.vigil.store.ChannelStore;
import dev.vigil.store.Page;
import dev.vigil.store.TenantStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Creates, changes and removes tenants and their API keys on behalf of the operator. */
final class TenantRegistry {
    private static final int UPDATE_ATTEMPTS = 5;

    private final TenantStore tenants;
    private final ApiKeyStore keys;
    private final ApplicationStore applications;
    private final ChannelStore channels;
    private final CheckStore checks;
    private final TaskStore tasks;
    private final StatusPageStore statusPages;
    private final Clock clock;

    TenantRegistry(TenantStore tenants, ApiKeyStore keys, ApplicationStore applications, ChannelStore channels, CheckStore checks,
                   TaskStore tasks, StatusPageStore statusPages,
                   Clock clock) {
        this.tenants = tenants;
        this.keys = keys;
        this.applications = applications;
        this.channels = channels;
        this.checks = checks;
        this.tasks = tasks;
        this.statusPages = statusPages;
        this.clock = clock;
    }

    Tenant create(TenantRequest request) {
        Instant now = clock.instant();
        ZoneId zone = request.timezone().orElse(ZoneId.of("UTC"));
        Tenant tenant = new Tenant(Ids.TENANT.next(), request.name().orElseThrow(), zone,
                request.sweepIntervalMinutes().orElse(Tenant.DEFAULT_SWEEP_MINUTES), request.activeHours().orElse(ActiveHours.DEFAULT),
                request.quietHours().flatMap(q -> q).map(q -> new QuietHours(q.start(), q.end(), zone)),
                request.paused().orElse(false), now, now, Optional.empty(), 1, request.privateTargets().orElse(false), Map.of());
        if (!tenants.create(tenant)) {
            throw new IllegalStateException("A new tenant id was taken already");
        }
        return tenant;
    }

    Optional<Tenant> find(String id) {
        return tenants.find(id);
    }

    Page<Tenant> list(int limit, Optional<String> token) {
        return tenants.list(limit, token);
    }

    /** Applies an update of the tenant's settings; its threshold overrides are kept ({@link #change}). */
    Change<Tenant> update(String id, TenantRequest request, IfMatch ifMatch) {
        return change(id, ifMatch, before -> {
            ZoneId zone = request.timezone().orElse(before.timezone());
            Optional<QuietHours> quiet = request.quietHours().isPresent()
                    ? request.quietHours().get().map(q -> new QuietHours(q.start(), q.end(), zone)) : before.quietHours();
            return new Tenant(before.id(), request.name().orElse(before.name()), zone,
                    request.sweepIntervalMinutes().orElse(before.sweepIntervalMinutes()),
                    request.activeHours().orElse(before.activeHours()), quiet, request.paused().orElse(before.paused()),
                    before.createdAt(), before.updatedAt(), before.lastSweepAt(), before.version(),
                    request.privateTargets().orElse(before.privateTargets()), before.thresholds());
        });
    }

    /** Replaces the tenant's threshold overrides (check type → condition texts, already validated). */
    Change<Tenant> setThresholds(String id, Map<String, List<String>> overrides, IfMatch ifMatch) {
        return change(id, ifMatch, before -> before.withThresholds(overrides));
    }

    /**
     * Writes {@code apply} of the tenant as its next version, conditional on the tenant as read: when
     * another write (or a sweep) got there first, it is applied again to what is now stored, unless
     * {@code ifMatch} names the version read.
     */
    private Change<Tenant> change(String id, IfMatch ifMatch, UnaryOperator<Tenant> apply) {
        for (int attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
            Optional<Tenant> found = tenants.find(id);
            if (found.isEmpty()) {
                return new Change.NotFound<>();
            }
            Tenant before = found.get();
            if (!ifMatch.allows(before.version())) {
                return new Change.Stale<>(before.version());
            }
            Tenant after = apply.apply(before).nextVersion(clock.instant());
            if (tenants.updateSettings(before, after)) {
                return new Change.Done<>(after);
            }
        }
        return new Change.Conflict<>();
    }

    /** What deleting a tenant came to. */
    sealed interface Deletion {
        record Done() implements Deletion {
        }

        record NotFound() implements Deletion {
        }

        record Stale(long currentVersion) implements Deletion {
        }

        /** Not deleted, for the reason given: the default tenant, or one that still has applications, channels, checks, scheduled tasks or status pages. */
        record Refused(String reason) implements Deletion {
        }
    }

    /**
     * Deletes a tenant that has no applications, channels or checks left, with its API keys: the keys go
     * first, so no key outlives its tenant, and once more after the tenant, for any key made meanwhile.
     */
    Deletion delete(String id, IfMatch ifMatch) {
        if (Tenant.DEFAULT_ID.equals(id)) {
            return new Deletion.Refused("the default tenant cannot be deleted: it holds what single-team installs and "
                    + "requests without X-Vigil-Tenant act on");
        }
        Optional<Tenant> found = tenants.find(id);
        if (found.isEmpty()) {
            return new Deletion.NotFound();
        }
        Tenant tenant = found.get();
        if (!ifMatch.allows(tenant.version())) {
            return new Deletion.Stale(tenant.version());
        }
        if (applications.anyInTenant(id) || channels.anyInTenant(id) || checks.anyInTenant(id) || tasks.anyInTenant(id)
                || statusPages.anyInTenant(id)) {
            return new Deletion.Refused("tenant " + id + " still has applications, channels or checks, scheduled tasks, or status "
                    + "pages, incidents or maintenance notices; delete them first. "
                    + "Nothing was deleted");
        }
        keys.deleteAll(id);
        if (!tenants.deleteUnchanged(tenant)) {
            return tenants.find(id).<Deletion>map(now -> new Deletion.Stale(now.version())).orElseGet(Deletion.NotFound::new);
        }
        keys.deleteAll(id);
        return new Deletion.Done();
    }

    /** A key as created: the stored record, and the key itself, which is shown this once. */
    record IssuedKey(ApiKey key, String secret) {
    }

    /** A new key of {@code tenantId}; empty if there is no such tenant. */
    Optional<IssuedKey> createKey(String tenantId, String name, ApiKey.Role role) {
        if (tenants.find(tenantId).isEmpty()) {
            return Optional.empty();
        }
        String secret = TenantKeys.generate();
        ApiKey key = new ApiKey(Ids.API_KEY.next(), tenantId, name, role, TenantKeys.prefix(secret), clock.instant(),
                Optional.empty(), Optional.empty());
        keys.create(key, TenantKeys.hash(secret));
        return Optional.of(new IssuedKey(key, secret));
    }

    /** {@code tenantId}'s keys, revoked ones included; empty if there is no such tenant. */
    Optional<List<ApiKey>> keys(String tenantId) {
        if (tenants.find(tenantId).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(keys.ofTenant(tenantId));
    }

    ApiKeyStore.Revocation revoke(String tenantId, String keyId) {
        return keys.revoke(tenantId, keyId, clock.instant());
    }
}
