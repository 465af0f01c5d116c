package dev.vigil.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.Ids;
import dev.vigil.domain.Maintenance;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.Log;
import dev.vigil.store.StatusPageStore;
import java.util.Comparator;
import java.util.Optional;

/**
 * {@code /api/maintenances}: scheduled maintenance notices ({@code title}, optional {@code message},
 * {@code start} and {@code end} as ISO-8601 instants, {@code affected} components of the tenant). During
 * the window, the affected components show "maintenance" on the tenant's status pages, not down. Listed by
 * start, newest first. Versions and {@code If-Match} as for the other resources.
 */
final class MaintenancesResource {
    private static final Log LOG = Log.of(MaintenancesResource.class);

    private final StatusPageStore store;
    private final StatusComponents components;

    MaintenancesResource(StatusPageStore store, StatusComponents components) {
        this.store = store;
        this.components = components;
    }

    HttpResponse list(HttpRequest request, Caller caller) {
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("maintenances");
        store.listMaintenances(caller.tenantId()).stream().sorted(Comparator.comparing(Maintenance::start).reversed())
                .forEach(m -> items.add(render(m)));
        return HttpResponse.json(200, body);
    }

    HttpResponse create(HttpRequest request, Caller caller) {
        Maintenance maintenance = parse(caller.tenantId(), Ids.MAINTENANCE.next(), StatusComponents.object(Input.body(request)));
        if (!store.createMaintenance(maintenance)) {
            return Render.conflict("maintenance", maintenance.id());
        }
        LOG.info("Maintenance scheduled", "maintenanceId", maintenance.id(), "tenantId", maintenance.tenantId());
        return shown(201, store.findMaintenance(caller.tenantId(), maintenance.id()).orElse(maintenance))
                .withHeader("location", "/api/maintenances/" + maintenance.id());
    }

    HttpResponse get(HttpRequest request, Caller caller) {
        return Input.id(request, Ids.MAINTENANCE).flatMap(id -> store.findMaintenance(caller.tenantId(), id)).map(m -> shown(200, m))
                .orElseGet(() -> notFound(request));
    }

    HttpResponse update(HttpRequest request, Caller caller) {
        Optional<String> id = Input.id(request, Ids.MAINTENANCE);
        if (id.isEmpty() || store.findMaintenance(caller.tenantId(), id.get()).isEmpty()) {
            return notFound(request);
        }
        IfMatch ifMatch = IfMatch.of(request);
        Maintenance parsed = parse(caller.tenantId(), id.get(), StatusComponents.object(Input.body(request)));
        return switch (VersionedEdit.apply(() -> store.findMaintenance(caller.tenantId(), id.get()), Maintenance::version, ifMatch,
                current -> new Maintenance(current.id(), current.tenantId(), parsed.title(), parsed.message(), parsed.start(),
                        parsed.end(), parsed.affected(), current.version()), store::replaceMaintenance)) {
            case Change.Done<Maintenance> done -> {
                LOG.info("Maintenance updated", "maintenanceId", id.get());
                yield shown(200, store.findMaintenance(caller.tenantId(), id.get()).orElse(done.value()));
            }
            case Change.Stale<Maintenance> stale -> Render.stale("maintenance", id.get(), stale.currentVersion());
            case Change.Conflict<Maintenance> conflict -> Render.conflict("maintenance", id.get());
            case Change.NotFound<Maintenance> none -> notFound(request);
        };
    }

    HttpResponse delete(HttpRequest request, Caller caller) {
        Optional<String> id = Input.id(request, Ids.MAINTENANCE);
        if (id.isEmpty()) {
            return notFound(request);
        }
        IfMatch ifMatch = IfMatch.of(request);
        return switch (VersionedEdit.apply(() -> store.findMaintenance(caller.tenantId(), id.get()), Maintenance::version, ifMatch,
                m -> m, (current, same) -> store.deleteMaintenance(current))) {
            case Change.Done<Maintenance> done -> {
                LOG.info("Maintenance deleted", "maintenanceId", id.get());
                yield HttpResponse.empty(204);
            }
            case Change.Stale<Maintenance> stale -> Render.stale("maintenance", id.get(), stale.currentVersion());
            case Change.Conflict<Maintenance> conflict -> Render.conflict("maintenance", id.get());
            case Change.NotFound<Maintenance> none -> notFound(request);
        };
    }

    private Maintenance parse(String tenantId, String id, ObjectNode body) {
        return new Maintenance(id, tenantId, StatusComponents.text(body, "title"),
                StatusComponents.optionalText(body, "message").orElse(""),
                StatusComponents.instant("start", StatusComponents.text(body, "start")),
                StatusComponents.instant("end", StatusComponents.text(body, "end")), components.affected(tenantId, body), 0);
    }

    static ObjectNode render(Maintenance m) {
        ObjectNode node = Json.object();
        node.put("id", m.id()).put("title", m.title()).put("message", m.message()).put("start", m.start().toString())
                .put("end", m.end().toString());
        StatusComponents.render(node.putArray("affected"), m.affected());
        node.put("version", m.version());
        return node;
    }

    private static HttpResponse shown(int status, Maintenance m) {
        return HttpResponse.json(status, render(m)).withHeader("etag", IfMatch.etag(m.version()));
    }

    private static HttpResponse notFound(HttpRequest request) {
        return HttpResponse.error(404, "no maintenance with id '" + Input.printable(request.pathParam("id").orElse("")) + "'");
    }
}
