package dev.vigil.admin;

import dev.vigil.domain.Tenant;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import java.util.Optional;

/**
 * The tenant a {@code /api/tenants/{id}/...} route that tenant keys may use acts on: the one in the path,
 * if the caller may act on it (the operator on any, a tenant's key on its own). Another tenant answers
 * 404, exactly as a tenant nobody has.
 */
final class TenantPath {
    private TenantPath() {
    }

    static Optional<String> of(HttpRequest request, Caller caller) {
        return request.pathParam("id").filter(Tenant::isWellFormedId).filter(id -> caller.operator() || id.equals(caller.tenantId()));
    }

    static HttpResponse notFound(HttpRequest request) {
        return HttpResponse.error(404, "no tenant with id '" + Input.printable(request.pathParam("id").orElse("")) + "'");
    }
}
