package dev.vigil.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.Application;
import dev.vigil.domain.BeatState;
import dev.vigil.domain.Ids;
import dev.vigil.domain.InvalidInput;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import dev.vigil.runtime.Log;
import dev.vigil.store.AlertStore;
import dev.vigil.store.HeartbeatLog;
import dev.vigil.store.Page;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code /api/applications}: register, list (by state too), read, change, pause and resume, delete; the beat history; acknowledge
 * an outage (and its open alert record). Each route acts on the caller's tenant: another tenant's application answers 404.
 */
final class ApplicationsResource {
    private static final Log LOG = Log.of(ApplicationsResource.class);

    private final ApplicationRegistry registry;
    private final ChannelRegistry channels;
    private final HeartbeatLog heartbeats;
    private final AlertStore alerts;
    private final Render render;
    private final DefaultTenant defaultTenant;
    private final Clock clock;
    private final DeletedSubjects deleted;

    ApplicationsResource(ApplicationRegistry registry, ChannelRegistry channels, HeartbeatLog heartbeats, AlertStore alerts,
                         Render render, DefaultTenant defaultTenant, Clock clock) {
        this.registry = registry;
        this.alerts = alerts;
        this.clock = clock;
        this.deleted = new DeletedSubjects(alerts, clock);
        this.defaultTenant = defaultTenant;
        this.channels = channels;
        this.heartbeats = heartbeats;
        this.render = render;
    }

    HttpResponse list(HttpRequest request, Caller caller) {
        Optional<BeatState> state = stateFilter(request);
        var page = registry.list(caller.tenantId(), defaultTenant.adopted(), Input.limit(request), request.queryParam("nextToken"),
                Input.tagFilter(request));
        if (state.isPresent()) {
            Instant now = clock.instant();
            page = new Page<>(page.items().stream().filter(app -> BeatState.of(app, now) == state.get()).toList(),
                    page.nextToken());
        }
        return HttpResponse.json(200, render.page("applications", page, app -> render.application(app, request, caller)));
    }

    /** {@code ?state=}: one of the states; a page then holds only the applications in it (and may hold fewer than the limit). */
    private static Optional<BeatState> stateFilter(HttpRequest request) {
        return request.queryParam("state").map(wire -> BeatState.fromWire(wire).orElseThrow(() -> new InvalidInput(
                "state must be one of new, up, late, down, paused, unknown")));
    }

    /** Pauses the application: no deadline, no alert, until it is resumed (or beats, unless it has manualResume). */
    HttpResponse pause(HttpRequest request, Caller caller) {
        return activeSet(request, caller, false);
    }

    /** Resumes the application: a fresh watch from now. */
    HttpResponse resume(HttpRequest request, Caller caller) {
        return activeSet(request, caller, true);
    }

    private HttpResponse activeSet(HttpRequest request, Caller caller, boolean active) {
        Optional<String> id = Input.id(request, Ids.APPLICATION);
        if (id.isEmpty()) {
            return notFound(request);
        }
        return switch (registry.setActive(caller.tenantId(), id.get(), active)) {
            case Change.Done<Application> done -> {
                LOG.info(active ? "Application resumed" : "Application paused", "applicationId", id.get());
                yield shown(200, done.value(), request, caller);
            }
            case Change.Stale<Application> stale -> Render.stale("application", id.get(), stale.currentVersion());
            case Change.Conflict<Application> conflict -> Render.conflict("application", id.get());
            case Change.NotFound<Application> none -> notFound(request);
        };
    }

    HttpResponse create(HttpRequest request, Caller caller) {
        ApplicationRequest body = ApplicationRequest.forCreate(Input.body(request));
        checkChannels(caller, body);
        Application app = registry.register(caller.tenantId(), body);
        LOG.info("Application registered", "applicationId", app.id(), "tenantId", app.tenantId(), "uuid", Log.mask(app.uuid()));
        return shown(201, app, request, caller).withHeader("location", "/api/applications/" + app.id());
    }

    HttpResponse get(HttpRequest request, Caller caller) {
        return found(request, caller).map(app -> shown(200, app, request, caller)).orElseGet(() -> notFound(request));
    }

    HttpResponse update(HttpRequest request, Caller caller) {
        Optional<String> id = Input.id(request, Ids.APPLICATION);
        if (id.isEmpty()) {
            return notFound(request);
        }
        IfMatch ifMatch = IfMatch.of(request);
        ApplicationRequest body = ApplicationRequest.forUpdate(Input.body(request));
        checkChannels(caller, body);
        return switch (registry.update(caller.tenantId(), id.get(), body, ifMatch)) {
            case Change.Done<Application> done -> {
                LOG.info("Application updated", "applicationId", id.get(), "version", done.value().version());
                yield shown(200, done.value(), request, caller);
            }
            case Change.Stale<Application> stale -> Render.stale("application", id.get(), stale.currentVersion());
            case Change.Conflict<Application> conflict -> Render.conflict("application", id.get());
            case Change.NotFound<Application> none -> notFound(request);
        };
    }

    HttpResponse delete(HttpRequest request, Caller caller) {
        Optional<String> id = Input.id(request, Ids.APPLICATION);
        if (id.isEmpty()) {
            return notFound(request);
        }
        return switch (registry.delete(caller.tenantId(), id.get(), IfMatch.of(request))) {
            case Change.Done<Application> done -> {
                LOG.info("Application deleted", "applicationId", id.get());
                deleted.deleted(caller.tenantId(), done.value().id());
                yield HttpResponse.empty(204);
            }
            case Change.Stale<Application> stale -> Render.stale("application", id.get(), stale.currentVersion());
            case Change.NotFound<Application> none -> notFound(request);
            case Change.Conflict<Application> conflict -> Render.conflict("application", id.get());
        };
    }

    HttpResponse heartbeats(HttpRequest request, Caller caller) {
        Optional<Application> app = found(request, caller);
        if (app.isEmpty()) {
            return notFound(request);
        }
        String id = app.get().id();
        ObjectNode body = render.page("heartbeats", heartbeats.list(id, Input.limit(request), request.queryParam("nextToken")),
                render::beat);
        body.put("applicationId", id);
        return HttpResponse.json(200, body);
    }

    HttpResponse acknowledge(HttpRequest request, Caller caller) {
        Optional<String> id = Input.id(request, Ids.APPLICATION);
        if (id.isEmpty()) {
            return notFound(request);
        }
        return switch (registry.acknowledge(caller.tenantId(), id.get())) {
            case ApplicationRegistry.Acknowledgement.NotFound none -> notFound(request);
            case ApplicationRegistry.Acknowledgement.NotDown up ->
                    HttpResponse.error(409, "application is " + up.app().status().wire() + "; only an outage can be acknowledged");
            case ApplicationRegistry.Acknowledgement.Done done -> {
                // The outage's alert record is acknowledged with it.
                alerts.acknowledgeStanding(done.app().tenantId(), done.app().id(), caller.who(), clock.instant());
                LOG.info("Outage acknowledged", "applicationId", id.get());
                yield shown(200, done.app(), request, caller);
            }
        };
    }

    /** The application, with its version as the {@code ETag} that {@code If-Match} may name. */
    private HttpResponse shown(int status, Application app, HttpRequest request, Caller caller) {
        return HttpResponse.json(status, render.application(app, request, caller)).withHeader("etag", IfMatch.etag(app.version()));
    }

    /** The application the path names, if it is the caller's tenant's. */
    private Optional<Application> found(HttpRequest request, Caller caller) {
        return Input.id(request, Ids.APPLICATION).flatMap(id -> registry.find(caller.tenantId(), id));
    }

    /** Rejects routing to channels that do not exist in the caller's tenant. */
    private void checkChannels(Caller caller, ApplicationRequest body) {
        body.channels().ifPresent(ids -> {
            List<String> unknown = channels.unknown(caller.tenantId(), ids);
            if (!unknown.isEmpty()) {
                throw new InvalidInput("unknown channel: " + String.join(", ", unknown));
            }
        });
    }

    private static HttpResponse notFound(HttpRequest request) {
        return HttpResponse.error(404, "no application with id '" + Input.printable(request.pathParam("id").orElse("")) + "'");
    }
}
