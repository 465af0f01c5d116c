package dev.vigil.admin;

import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import dev.vigil.runtime.Json;

/**
 * {@code GET /api/whoami}: who the presented key is, so a client (the web dashboard) can show the caller
 * only what it may do: {@code {"role", "tenantId", "operator", "readOnly"}}. Any valid key may ask; it
 * tells nothing the key's holder does not already have.
 */
final class WhoAmIResource {
    HttpResponse whoami(HttpRequest request, Caller caller) {
        return HttpResponse.json(200, Json.object()
                .put("role", caller.role().wire())
                .put("tenantId", caller.tenantId())
                .put("operator", caller.operator())
                .put("readOnly", !caller.mayWrite()));
    }
}
