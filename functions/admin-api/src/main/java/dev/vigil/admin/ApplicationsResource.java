package dev.vigil.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.Application;
import dev.vigil.domain.Ids;
import dev.vigil.domain.InvalidInput;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import dev.vigil.runtime.Log;
import dev.vigil.store.HeartbeatLog;
import java.util.List;
import java.util.Optional;

/**
 * {@code /api/applications}: register, list, read, change, pause, delete; the beat history; acknowledge
 * an outage.
 */
final class ApplicationsResource {
    private static final Log LOG = Log.of(ApplicationsResource.class);

    private final ApplicationRegistry registry;
    private final ChannelRegistry channels;
    private final HeartbeatLog heartbeats;
    private final Render render;

    ApplicationsResource(ApplicationRegistry registry, ChannelRegistry channels, HeartbeatLog heartbeats, Render render) {
        this.registry = registry;
        this.channels = channels;
        this.heartbeats = heartbeats;
        this.render = render;
    }

    HttpResponse list(HttpRequest request) {
        var page = registry.list(Input.limit(request), request.queryParam("nextToken"));
        return HttpResponse.json(200, render.page("applications", page, app -> render.application(app, request)));
    }

    HttpResponse create(HttpRequest request) {
        ApplicationRequest body = ApplicationRequest.forCreate(Input.body(request));
        checkChannels(body);
        Application app = registry.register(body);
        LOG.info("Application registered", "applicationId", app.id(), "uuid", Log.mask(app.uuid()));
        return shown(201, app, request).withHeader("location", "/api/applications/" + app.id());
    }

    HttpResponse get(HttpRequest request) {
        return found(request).map(app -> shown(200, app, request)).orElseGet(() -> notFound(request));
    }

    HttpResponse update(HttpRequest request) {
        Optional<String> id = Input.id(request, Ids.APPLICATION);
        if (id.isEmpty()) {
            return notFound(request);
        }
        IfMatch ifMatch = IfMatch.of(request);
        ApplicationRequest body = ApplicationRequest.forUpdate(Input.body(request));
        checkChannels(body);
        return switch (registry.update(id.get(), body, ifMatch)) {
            case Change.Done<Application> done -> {
                LOG.info("Application updated", "applicationId", id.get(), "version", done.value().version());
                yield shown(200, done.value(), request);
            }
            case Change.Stale<Application> stale -> Render.stale("application", id.get(), stale.currentVersion());
            case Change.Conflict<Application> conflict -> Render.conflict("application", id.get());
            case Change.NotFound<Application> none -> notFound(request);
        };
    }

    HttpResponse delete(HttpRequest request) {
        Optional<String> id = Input.id(request, Ids.APPLICATION);
        if (id.isEmpty()) {
            return notFound(request);
        }
        return switch (registry.delete(id.get(), IfMatch.of(request))) {
            case Change.Done<Application> done -> {
                LOG.info("Application deleted", "applicationId", id.get());
                yield HttpResponse.empty(204);
            }
            case Change.Stale<Application> stale -> Render.stale("application", id.get(), stale.currentVersion());
            case Change.NotFound<Application> none -> notFound(request);
            case Change.Conflict<Application> conflict -> Render.conflict("application", id.get());
        };
    }

    HttpResponse heartbeats(HttpRequest request) {
        Optional<Application> app = found(request);
        if (app.isEmpty()) {
            return notFound(request);
        }
        String id = app.get().id();
        ObjectNode body = render.page("heartbeats", heartbeats.list(id, Input.limit(request), request.queryParam("nextToken")),
                render::beat);
        body.put("applicationId", id);
        return HttpResponse.json(200, body);
    }

    HttpResponse acknowledge(HttpRequest request) {
        Optional<String> id = Input.id(request, Ids.APPLICATION);
        if (id.isEmpty()) {
            return notFound(request);
        }
        return switch (registry.acknowledge(id.get())) {
            case ApplicationRegistry.Acknowledgement.NotFound none -> notFound(request);
            case ApplicationRegistry.Acknowledgement.NotDown up ->
                    HttpResponse.error(409, "application is " + up.app().status().wire() + "; only an outage can be acknowledged");
            case ApplicationRegistry.Acknowledgement.Done done -> {
                LOG.info("Outage acknowledged", "applicationId", id.get());
                yield shown(200, done.app(), request);
            }
        };
    }

    /** The application, with its version as the {@code ETag} that {@code If-Match} may name. */
    private HttpResponse shown(int status, Application app, HttpRequest request) {
        return HttpResponse.json(status, render.application(app, request)).withHeader("etag", IfMatch.etag(app.version()));
    }

    private Optional<Application> found(HttpRequest request) {
        return Input.id(request, Ids.APPLICATION).flatMap(registry::find);
    }

    /** Rejects routing to channels that do not exist. */
    private void checkChannels(ApplicationRequest body) {
        body.channels().ifPresent(ids -> {
            List<String> unknown = channels.unknown(ids);
            if (!unknown.isEmpty()) {
                throw new InvalidInput("unknown channel: " + String.join(", ", unknown));
            }
        });
    }

    private static HttpResponse notFound(HttpRequest request) {
        return HttpResponse.error(404, "no application with id '" + Input.printable(request.pathParam("id").orElse("")) + "'");
    }
}
