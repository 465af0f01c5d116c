package dev.vigil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.ApiKey;
import dev.vigil.domain.Ids;
import dev.vigil.wiring.TestPlatform;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** API keys on DynamoDB Local: found by hash, listed and revoked within their tenant only. */
class ApiKeyStoreTest {
    private final TestPlatform f = new TestPlatform();
    private final ApiKeyStore store = new ApiKeyStore(f.platform.dynamo(), "ApiKeysTable");
    private final Instant now = f.clock.instant();

    private ApiKey key(String tenant, String name) {
        return new ApiKey(Ids.API_KEY.next(), tenant, name, ApiKey.Role.READ_ONLY, "vk_abcde", now, Optional.empty(), Optional.empty());
    }

    @Test
    void aKeyIsFoundByItsHashOnly() {
        ApiKey key = key("tn_aaaaaaaaaaaa", "ci");
        store.create(key, "hash-1");

        assertEquals(Optional.of(key), store.findByHash("hash-1"));
        assertEquals(Optional.empty(), store.findByHash("hash-2"));
    }

    @Test
    void keysAreListedAndRevokedWithinTheirTenant() {
        ApiKey first = key("tn_aaaaaaaaaaaa", "first");
        ApiKey other = key("tn_bbbbbbbbbbbb", "other");
        store.create(first, "hash-1");
        store.create(other, "hash-2");

        assertEquals(List.of(first), store.ofTenant("tn_aaaaaaaaaaaa"));
        assertEquals(ApiKeyStore.Revocation.NOT_FOUND, store.revoke("tn_aaaaaaaaaaaa", other.id(), now), "another tenant's key");
        assertEquals(Optional.empty(), store.find("tn_aaaaaaaaaaaa", other.id()));

        assertEquals(ApiKeyStore.Revocation.REVOKED, store.revoke("tn_aaaaaaaaaaaa", first.id(), now));
        assertEquals(ApiKeyStore.Revocation.ALREADY_REVOKED, store.revoke("tn_aaaaaaaaaaaa", first.id(), now.plusSeconds(5)));
        assertEquals(Optional.of(now), store.findByHash("hash-1").orElseThrow().revokedAt(), "revoked at the first revocation");
        assertTrue(store.findByHash("hash-2").orElseThrow().revokedAt().isEmpty());
    }

    @Test
    void useIsRecordedAndATenantsKeysGoWithIt() {
        store.create(key("tn_aaaaaaaaaaaa", "one"), "hash-1");
        store.create(key("tn_aaaaaaaaaaaa", "two"), "hash-2");
        store.create(key("tn_bbbbbbbbbbbb", "kept"), "hash-3");

        store.touch("hash-1", now.plus(Duration.ofMinutes(3)));
        store.touch("hash-unknown", now);

        assertEquals(Optional.of(now.plus(Duration.ofMinutes(3))), store.findByHash("hash-1").orElseThrow().lastUsedAt());
        assertEquals(Optional.empty(), store.findByHash("hash-unknown"), "touching creates nothing");
        assertEquals(2, store.deleteAll("tn_aaaaaaaaaaaa"));
        assertEquals(Optional.empty(), store.findByHash("hash-1"));
        assertTrue(store.findByHash("hash-3").isPresent());
    }
}
