package dev.vigil.admin;

import dev.vigil.domain.ApiKey;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.Log;
import dev.vigil.store.ApiKeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Tells who sent a request from its {@code Authorization: Bearer <key>}: the operator (the stack's admin
 * key, compared in constant time, without a database call), or a tenant's key that is not revoked
 * (looked up by its hash; only a string of a key's shape is looked up). A key's {@code lastUsedAt} is
 * written at most every {@value #TOUCH_MINUTES} minutes, so using a key rarely costs a write.
 */
final class Authenticator {
    private static final Log LOG = Log.of(Authenticator.class);
    static final int TOUCH_MINUTES = 5;

    private final AdminKey operatorKey;
    private final ApiKeyStore keys;
    private final Clock clock;

    Authenticator(AdminKey operatorKey, ApiKeyStore keys, Clock clock) {
        this.operatorKey = operatorKey;
        this.keys = keys;
        this.clock = clock;
    }

    /** The caller, if the request carries a valid key; the operator acts on the default tenant until told otherwise. */
    Optional<Caller> authenticate(HttpRequest request) {
        if (operatorKey.accepts(request)) {
            return Optional.of(Caller.forOperator());
        }
        return AdminKey.presented(request).flatMap(this::tenantKey);
    }

    /**
     * The caller whose key is {@code presented} itself (a key sent in a URL, not in a header): the operator,
     * or a tenant's key that is not revoked.
     */
    Optional<Caller> authenticateKey(String presented) {
        if (operatorKey.matches(presented)) {
            return Optional.of(Caller.forOperator());
        }
        return tenantKey(presented);
    }

    /** The tenant's key {@code presented} is, if it has a key's shape, exists and is not revoked. */
    private Optional<Caller> tenantKey(String presented) {
        if (!TenantKeys.wellFormed(presented)) {
            return Optional.empty();
        }
        String hash = TenantKeys.hash(presented);
        Optional<ApiKey> key = keys.findByHash(hash).filter(k -> !k.revoked());
        key.ifPresent(k -> touch(hash, k));
        return key.map(Caller::forKey);
    }

    /** Whether the request presents any key at all (right or wrong). */
    static boolean presentsAKey(HttpRequest request) {
        return request.header("authorization").filter(value -> !value.isBlank()).isPresent();
    }

    /** Notes when the key was used; a failure to note it does not fail the request. */
    private void touch(String hash, ApiKey key) {
        Instant now = clock.instant();
        if (key.lastUsedAt().filter(at -> at.isAfter(now.minus(Duration.ofMinutes(TOUCH_MINUTES)))).isPresent()) {
            return;
        }
        try {
            keys.touch(hash, now);
        } catch (RuntimeException e) {
            LOG.warn("Could not record when an API key was used", "keyId", key.id(), "errorType", e.getClass().getSimpleName());
        }
    }
}
