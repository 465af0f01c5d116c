package dev.vigil.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.PingKey;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.Log;
import dev.vigil.store.BeatKeyStore;
import java.util.Optional;

/**
 * {@code /api/tenants/{id}/ping-key}: the tenant's ping key, the first segment of its slug heartbeat URLs
 * ({@code /heartbeat/{pingKey}/{slug}}). {@code POST} creates it or replaces it (the old key stops working
 * at once); {@code DELETE} takes it away. The operator, or the tenant's own admin key. The key is a secret:
 * it is shown in the answer to {@code POST} and in {@code GET /api/tenants/{id}}, to callers that see secrets.
 */
final class PingKeysResource {
    private static final Log LOG = Log.of(PingKeysResource.class);

    private final TenantRegistry tenants;
    private final BeatKeyStore keys;
    private final Render render;

    PingKeysResource(TenantRegistry tenants, BeatKeyStore keys, Render render) {
        this.tenants = tenants;
        this.keys = keys;
        this.render = render;
    }

    HttpResponse rotate(HttpRequest request, Caller caller) {
        Optional<String> id = TenantPath.of(request, caller).filter(tenant -> tenants.find(tenant).isPresent());
        if (id.isEmpty()) {
            return TenantPath.notFound(request);
        }
        String key = PingKey.generate();
        keys.rotatePingKey(id.get(), key);
        LOG.info("Ping key rotated", "tenantId", id.get(), "pingKey", Log.mask(key));
        ObjectNode body = Json.object();
        body.put("tenantId", id.get());
        body.put("pingKey", key);
        body.put("pingUrlPrefix", render.publicBase(request) + "/heartbeat/" + key + "/");
        return HttpResponse.json(200, body);
    }

    HttpResponse revoke(HttpRequest request, Caller caller) {
        Optional<String> id = TenantPath.of(request, caller).filter(tenant -> tenants.find(tenant).isPresent());
        if (id.isEmpty()) {
            return TenantPath.notFound(request);
        }
        if (keys.revokePingKey(id.get())) {
            LOG.info("Ping key revoked", "tenantId", id.get());
        }
        return HttpResponse.empty(204);
    }

    /** The tenant's current ping key, if it has one. */
    Optional<String> current(String tenantId) {
        return keys.pingKeyOf(tenantId);
    }

    /** A deleted tenant's slug URLs stop working. */
    void tenantDeleted(String tenantId) {
        keys.revokePingKey(tenantId);
    }
}
