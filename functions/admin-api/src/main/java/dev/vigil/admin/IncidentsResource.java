package dev.vigil.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.ComponentRef;
import dev.vigil.domain.Ids;
import dev.vigil.domain.Incident;
import dev.vigil.domain.IncidentStatus;
import dev.vigil.domain.InvalidInput;
import dev.vigil.domain.StatusPage;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.Log;
import dev.vigil.store.AlertStore;
import dev.vigil.store.Page;
import dev.vigil.store.StatusPageStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@code /api/incidents}: the incidents a tenant publishes on its status pages, newest first
 * ({@code ?before=<instant>} for older ones, {@code ?limit}, {@code ?nextToken}). {@code POST} opens one
 * ({@code title}, {@code message}, optional {@code status} and {@code affected}), or, given
 * {@code {"fromAlert": "<alert id>"}}, one prefilled from the tenant's alert record: the alert's application or
 * check as the affected component when one of the tenant's pages shows it, titled with its display name there (the
 * title is public, so never the internal name; a generic one when no page shows it). Once
 * per alert: asked again, it answers {@code 200} and the incident already opened from that alert, which
 * {@code GET /api/incidents?alert=<alert id>} also finds.
 * {@code POST /api/incidents/{id}/updates} appends an update ({@code status}, {@code message}), moving the
 * incident forward only; resolving it sets {@code resolvedAt}. {@code PUT} edits the title and affected
 * components. Versions and {@code If-Match} as for the other resources.
 */
final class IncidentsResource {
    private static final Log LOG = Log.of(IncidentsResource.class);
    /** The title of an incident opened from an alert whose component no page shows (it is then shown on every page). */
    static final String UNNAMED_TITLE = "We are investigating a problem";

    private final StatusPageStore store;
    private final StatusComponents components;
    private final AlertStore alerts;
    private final Clock clock;

    IncidentsResource(StatusPageStore store, StatusComponents components, AlertStore alerts, Clock clock) {
        this.store = store;
        this.components = components;
        this.alerts = alerts;
        this.clock = clock;
    }

    HttpResponse list(HttpRequest request, Caller caller) {
        Optional<String> alert = request.queryParam("alert");
        if (alert.isPresent()) {
            return openedFrom(caller, alert.get());
        }
        Optional<Instant> before = request.queryParam("before").map(value -> StatusComponents.instant("before", value));
        Page<Incident> page = store.incidents(caller.tenantId(), before, Optional.empty(), Input.limit(request),
                request.queryParam("nextToken"));
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("incidents");
        page.items().forEach(incident -> items.add(render(incident)));
        page.nextToken().ifPresentOrElse(token -> body.put("nextToken", token), () -> body.putNull("nextToken"));
        return HttpResponse.json(200, body);
    }

    /** {@code ?alert=<alert id>}: the incident opened from that alert, as a list of none or one. */
    private HttpResponse openedFrom(Caller caller, String alertId) {
        if (!Ids.ALERT.matches(alertId)) {
            throw new InvalidInput("alert must be an alert id such as al_k3v9x2m7q4pa");
        }
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("incidents");
        store.findIncident(caller.tenantId(), idFromAlert(alertId)).ifPresent(incident -> items.add(render(incident)));
        body.putNull("nextToken");
        return HttpResponse.json(200, body);
    }

    /**
     * The id of the incident opened from an alert: derived from the alert's id, so that opening one from the
     * same alert again finds it (a one-way digest: the public incident shows nothing of the alert).
     */
    static String idFromAlert(String alertId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("incident-from-alert:" + alertId).getBytes(StandardCharsets.UTF_8));
            return "inc_" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    HttpResponse create(HttpRequest request, Caller caller) {
        ObjectNode body = StatusComponents.object(Input.body(request));
        Instant now = clock.instant();
        Incident incident;
        Optional<String> fromAlert = StatusComponents.optionalText(body, "fromAlert");
        if (fromAlert.isPresent()) {
            AlertStore.Alert alert = Optional.of(fromAlert.get()).filter(Ids.ALERT::matches).flatMap(alerts::find)
                    .filter(found -> found.tenantId().equals(caller.tenantId()))
                    .orElseThrow(() -> new InvalidInput("unknown alert: " + Input.printable(fromAlert.get())));
            Optional<StatusPage.Shown> shown = shownOnAPage(caller.tenantId(), alert);
            List<ComponentRef> affected = shown.map(StatusPage.Shown::ref).map(List::of).orElse(List.of());
            // The title is public: the component's display name on the page, never the alert's internal name.
            String title = StatusComponents.optionalText(body, "title").orElse(shown
                    .map(component -> component.displayName() + " is having problems").orElse(UNNAMED_TITLE));
            String message = StatusComponents.optionalText(body, "message").orElse("We are investigating.");
            String id = idFromAlert(alert.id());
            Optional<Incident> existing = store.findIncident(caller.tenantId(), id);
            if (existing.isPresent()) {
                return shown(200, existing.get()).withHeader("location", "/api/incidents/" + id);
            }
            Incident opened = Incident.open(caller.tenantId(), title, affected, IncidentStatus.INVESTIGATING, message, now);
            incident = new Incident(id, opened.tenantId(), opened.title(), opened.affected(), opened.updates(), opened.createdAt(),
                    opened.resolvedAt(), opened.version());
        } else {
            IncidentStatus status = status(body).orElse(IncidentStatus.INVESTIGATING);
            incident = Incident.open(caller.tenantId(), StatusComponents.text(body, "title"),
                    components.affected(caller.tenantId(), body), status, StatusComponents.text(body, "message"), now);
        }
        if (!store.createIncident(incident)) {
            if (fromAlert.isPresent()) {
                Optional<Incident> meanwhile = store.findIncident(caller.tenantId(), incident.id());
                if (meanwhile.isPresent()) {
                    return shown(200, meanwhile.get()).withHeader("location", "/api/incidents/" + incident.id());
                }
            }
            return Render.conflict("incident", incident.id());
        }
        LOG.info("Incident opened", "incidentId", incident.id(), "tenantId", incident.tenantId(), "fromAlert", fromAlert.orElse(""));
        return shown(201, store.findIncident(caller.tenantId(), incident.id()).orElse(incident))
                .withHeader("location", "/api/incidents/" + incident.id());
    }

    HttpResponse get(HttpRequest request, Caller caller) {
        return Input.id(request, Ids.INCIDENT).flatMap(id -> store.findIncident(caller.tenantId(), id)).map(i -> shown(200, i))
                .orElseGet(() -> notFound(request));
    }

    HttpResponse update(HttpRequest request, Caller caller) {
        Optional<String> id = Input.id(request, Ids.INCIDENT);
        if (id.isEmpty() || store.findIncident(caller.tenantId(), id.get()).isEmpty()) {
            return notFound(request);
        }
        IfMatch ifMatch = IfMatch.of(request);
        ObjectNode body = StatusComponents.object(Input.body(request));
        String title = StatusComponents.text(body, "title");
        List<ComponentRef> affected = components.affected(caller.tenantId(), body);
        return written(request, caller, id.get(), ifMatch, current -> current.edited(title, affected), "Incident edited");
    }

    /** {@code POST /api/incidents/{id}/updates}: {@code status} (default: the current one) and {@code message}. */
    HttpResponse addUpdate(HttpRequest request, Caller caller) {
        Optional<String> id = Input.id(request, Ids.INCIDENT);
        if (id.isEmpty() || store.findIncident(caller.tenantId(), id.get()).isEmpty()) {
            return notFound(request);
        }
        IfMatch ifMatch = IfMatch.of(request);
        ObjectNode body = StatusComponents.object(Input.body(request));
        Optional<IncidentStatus> status = status(body);
        String message = StatusComponents.text(body, "message");
        Instant at = clock.instant();
        return written(request, caller, id.get(), ifMatch,
                current -> current.withUpdate(new Incident.Update(at, status.orElse(current.status()), message)), "Incident updated");
    }

    HttpResponse delete(HttpRequest request, Caller caller) {
        Optional<String> id = Input.id(request, Ids.INCIDENT);
        if (id.isEmpty()) {
            return notFound(request);
        }
        IfMatch ifMatch = IfMatch.of(request);
        return switch (VersionedEdit.apply(() -> store.findIncident(caller.tenantId(), id.get()), Incident::version, ifMatch,
                incident -> incident, (current, same) -> store.deleteIncident(current))) {
            case Change.Done<Incident> done -> {
                LOG.info("Incident deleted", "incidentId", id.get());
                yield HttpResponse.empty(204);
            }
            case Change.Stale<Incident> stale -> Render.stale("incident", id.get(), stale.currentVersion());
            case Change.Conflict<Incident> conflict -> Render.conflict("incident", id.get());
            case Change.NotFound<Incident> none -> notFound(request);
        };
    }

    private HttpResponse written(HttpRequest request, Caller caller, String id, IfMatch ifMatch, UnaryOperator<Incident> change,
                                 String logged) {
        return switch (VersionedEdit.apply(() -> store.findIncident(caller.tenantId(), id), Incident::version, ifMatch, change,
                store::replaceIncident)) {
            case Change.Done<Incident> done -> {
                LOG.info(logged, "incidentId", id, "status", done.value().status().wire());
                yield shown(200, store.findIncident(caller.tenantId(), id).orElse(done.value()));
            }
            case Change.Stale<Incident> stale -> Render.stale("incident", id, stale.currentVersion());
            case Change.Conflict<Incident> conflict -> Render.conflict("incident", id);
            case Change.NotFound<Incident> none -> notFound(request);
        };
    }

    /** The alert's application or check, when it is one and one of the tenant's pages shows it. */
    /** The alert's application or check as the first of the tenant's pages that shows it names it, if one does. */
    private Optional<StatusPage.Shown> shownOnAPage(String tenantId, AlertStore.Alert alert) {
        Optional<ComponentRef.Kind> kind = switch (alert.kind()) {
            case AlertStore.KIND_APPLICATION -> Optional.of(ComponentRef.Kind.APPLICATION);
            case AlertStore.KIND_CHECK -> Optional.of(ComponentRef.Kind.CHECK);
            default -> Optional.empty();
        };
        return kind.filter(k -> k.ids().matches(alert.subject())).map(k -> new ComponentRef(k, alert.subject()))
                .flatMap(ref -> store.listPages(tenantId).stream().flatMap(page -> page.displayName(ref).stream())
                        .findFirst().map(name -> new StatusPage.Shown(ref, name)));
    }

    private static Optional<IncidentStatus> status(JsonNode body) {
        return StatusComponents.optionalText(body, "status").map(value -> IncidentStatus.fromWire(value)
                .orElseThrow(() -> new InvalidInput("status must be investigating, identified, monitoring or resolved")));
    }

    static ObjectNode render(Incident incident) {
        ObjectNode node = Json.object();
        node.put("id", incident.id()).put("title", incident.title()).put("status", incident.status().wire());
        StatusComponents.render(node.putArray("affected"), incident.affected());
        ArrayNode updates = node.putArray("updates");
        incident.updates().forEach(u -> updates.addObject().put("at", u.at().toString()).put("status", u.status().wire())
                .put("message", u.message()));
        node.put("createdAt", incident.createdAt().toString());
        incident.resolvedAt().ifPresentOrElse(at -> node.put("resolvedAt", at.toString()), () -> node.putNull("resolvedAt"));
        node.put("version", incident.version());
        return node;
    }

    private static HttpResponse shown(int status, Incident incident) {
        return HttpResponse.json(status, render(incident)).withHeader("etag", IfMatch.etag(incident.version()));
    }

    private static HttpResponse notFound(HttpRequest request) {
        return HttpResponse.error(404, "no incident with id '" + Input.printable(request.pathParam("id").orElse("")) + "'");
    }
}
