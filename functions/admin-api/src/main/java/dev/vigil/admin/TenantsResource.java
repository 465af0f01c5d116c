package dev.vigil.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.ApiKey;
import dev.vigil.domain.Ids;
import dev.vigil.domain.InvalidInput;
import dev.vigil.domain.Tenant;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.Log;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /api/tenants}: the operator's routes for tenants and their API keys. A new key is shown once,
 * in the answer that creates it; listings show its prefix only.
 */
final class TenantsResource {
    private static final Log LOG = Log.of(TenantsResource.class);
    private static final Set<String> KEY_FIELDS = Set.of("name", "role");

    private final TenantRegistry registry;
    private final Render render;
    private final DeletedSubjects deleted;
    private final PingKeysResource pingKeys;

    TenantsResource(TenantRegistry registry, Render render, DeletedSubjects deleted, PingKeysResource pingKeys) {
        this.deleted = deleted;
        this.pingKeys = pingKeys;
        this.registry = registry;
        this.render = render;
    }

    HttpResponse list(HttpRequest request, Caller caller) {
        var page = registry.list(Input.limit(request), request.queryParam("nextToken"));
        return HttpResponse.json(200, render.page("tenants", page, render::tenant));
    }

    HttpResponse create(HttpRequest request, Caller caller) {
        Tenant tenant = registry.create(TenantRequest.forCreate(Input.body(request)));
        LOG.info("Tenant created", "tenantId", tenant.id());
        return shown(201, tenant, caller).withHeader("location", "/api/tenants/" + tenant.id());
    }

    /** The tenant; with its ping key ({@code pingKey}, null when it has none) for a caller that sees secrets. */
    HttpResponse get(HttpRequest request, Caller caller) {
        return id(request).flatMap(registry::find).map(tenant -> shown(200, tenant, caller))
                .orElseGet(() -> notFound(request));
    }

    HttpResponse update(HttpRequest request, Caller caller) {
        Optional<String> id = id(request);
        if (id.isEmpty()) {
            return notFound(request);
        }
        IfMatch ifMatch = IfMatch.of(request);
        TenantRequest body = TenantRequest.forUpdate(Input.body(request));
        return switch (registry.update(id.get(), body, ifMatch)) {
            case Change.Done<Tenant> done -> {
                LOG.info("Tenant updated", "tenantId", id.get(), "version", done.value().version());
                yield shown(200, done.value(), caller);
            }
            case Change.Stale<Tenant> stale -> Render.stale("tenant", id.get(), stale.currentVersion());
            case Change.Conflict<Tenant> conflict -> Render.conflict("tenant", id.get());
            case Change.NotFound<Tenant> none -> notFound(request);
        };
    }

    HttpResponse delete(HttpRequest request, Caller caller) {
        Optional<String> id = id(request);
        if (id.isEmpty()) {
            return notFound(request);
        }
        return switch (registry.delete(id.get(), IfMatch.of(request))) {
            case TenantRegistry.Deletion.Done done -> {
                LOG.info("Tenant deleted", "tenantId", id.get());
                deleted.tenantDeleted(id.get());
                pingKeys.tenantDeleted(id.get());
                yield HttpResponse.empty(204);
            }
            case TenantRegistry.Deletion.NotFound none -> notFound(request);
            case TenantRegistry.Deletion.Stale stale -> Render.stale("tenant", id.get(), stale.currentVersion());
            case TenantRegistry.Deletion.Refused refused -> HttpResponse.error(409, refused.reason());
        };
    }

    HttpResponse keys(HttpRequest request, Caller caller) {
        Optional<List<ApiKey>> keys = id(request).flatMap(registry::keys);
        if (keys.isEmpty()) {
            return notFound(request);
        }
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("keys");
        keys.get().forEach(key -> items.add(render.apiKey(key)));
        return HttpResponse.json(200, body);
    }

    /** {@code {"name": "...", "role": "admin" | "read-only"}}; the answer holds the key, this once. */
    HttpResponse createKey(HttpRequest request, Caller caller) {
        Optional<String> id = id(request);
        if (id.isEmpty()) {
            return notFound(request);
        }
        JsonNode body = Input.body(request);
        if (!body.isObject()) {
            throw new InvalidInput("body must be a JSON object");
        }
        List<String> problems = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            String field = it.next().getKey();
            if (!KEY_FIELDS.contains(field)) {
                problems.add("unknown field '" + field + "'");
            }
        }
        JsonNode name = body.get("name");
        if (name == null || name.isNull()) {
            problems.add("name is required");
        } else if (!name.isTextual()) {
            problems.add("name must be a string");
        } else {
            Names.problem("name", name.textValue()).ifPresent(problems::add);
        }
        JsonNode roleNode = body.get("role");
        Optional<ApiKey.Role> role = roleNode != null && roleNode.isTextual() ? ApiKey.Role.fromWire(roleNode.textValue())
                : Optional.empty();
        if (role.isEmpty()) {
            problems.add("role is required: admin (reads and writes) or read-only");
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(String.join("; ", problems));
        }
        Optional<TenantRegistry.IssuedKey> issued = registry.createKey(id.get(), name.textValue().strip(), role.get());
        if (issued.isEmpty()) {
            return notFound(request);
        }
        ApiKey key = issued.get().key();
        LOG.info("API key created", "tenantId", key.tenantId(), "keyId", key.id(), "role", key.role().wire());
        ObjectNode shown = render.apiKey(key);
        shown.put("key", issued.get().secret());
        return HttpResponse.json(201, shown).withHeader("location", "/api/tenants/" + key.tenantId() + "/keys/" + key.id());
    }

    HttpResponse revokeKey(HttpRequest request, Caller caller) {
        Optional<String> id = id(request);
        Optional<String> keyId = request.pathParam("keyId").filter(Ids.API_KEY::matches);
        if (id.isEmpty() || keyId.isEmpty()) {
            return HttpResponse.error(404, "no API key with id '" + Input.printable(request.pathParam("keyId").orElse(""))
                    + "' in tenant '" + Input.printable(request.pathParam("id").orElse("")) + "'");
        }
        return switch (registry.revoke(id.get(), keyId.get())) {
            case REVOKED -> {
                LOG.info("API key revoked", "tenantId", id.get(), "keyId", keyId.get());
                yield HttpResponse.empty(204);
            }
            case ALREADY_REVOKED -> HttpResponse.empty(204);
            case NOT_FOUND -> HttpResponse.error(404, "no API key with id '" + keyId.get() + "' in tenant '" + id.get() + "'");
        };
    }

    private static Optional<String> id(HttpRequest request) {
        return request.pathParam("id").filter(Tenant::isWellFormedId);
    }

    /** The tenant as every route shows it: with its ping key ({@code pingKey}, null when none) for a caller that sees secrets. */
    private HttpResponse shown(int status, Tenant tenant, Caller caller) {
        ObjectNode body = render.tenant(tenant);
        if (caller.seesSecrets()) {
            body.put("pingKey", pingKeys.current(tenant.id()).orElse(null));
        }
        return HttpResponse.json(status, body).withHeader("etag", IfMatch.etag(tenant.version()));
    }

    private static HttpResponse notFound(HttpRequest request) {
        return HttpResponse.error(404, "no tenant with id '" + Input.printable(request.pathParam("id").orElse("")) + "'");
    }
}
