package dev.vigil.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.Ids;
import dev.vigil.domain.InvalidInput;
import dev.vigil.domain.StatusPage;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.Log;
import dev.vigil.store.StatusPageStore;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code /api/status-pages}: the tenant's public status pages. A page's slug is its public address
 * ({@code /status/<slug>}), unique across all tenants: a slug another page holds gets 409. The components a
 * page shows must be the tenant's own applications and checks (400 otherwise), each under a public display
 * name. Pages carry a version, given as the {@code ETag}; {@code If-Match} guards {@code PUT} and {@code DELETE}.
 */
final class StatusPagesResource {
    private static final Log LOG = Log.of(StatusPagesResource.class);

    private final StatusPageStore store;
    private final StatusComponents components;
    private final Clock clock;

    StatusPagesResource(StatusPageStore store, StatusComponents components, Clock clock) {
        this.store = store;
        this.components = components;
        this.clock = clock;
    }

    HttpResponse list(HttpRequest request, Caller caller) {
        ObjectNode body = Json.object();
        ArrayNode pages = body.putArray("statusPages");
        store.listPages(caller.tenantId()).forEach(page -> pages.add(render(page)));
        return HttpResponse.json(200, body);
    }

    HttpResponse create(HttpRequest request, Caller caller) {
        StatusPage page = parse(caller.tenantId(), Ids.STATUS_PAGE.next(), Input.body(request));
        return switch (store.createPage(page)) {
            case WRITTEN -> {
                LOG.info("Status page created", "statusPageId", page.id(), "tenantId", page.tenantId());
                StatusPage stored = store.findPage(page.tenantId(), page.id()).orElse(page);
                yield shown(201, stored).withHeader("location", "/api/status-pages/" + page.id());
            }
            case SLUG_TAKEN -> slugTaken(page.slug());
            case CHANGED -> Render.conflict("status page", page.id());
        };
    }

    HttpResponse get(HttpRequest request, Caller caller) {
        return Input.id(request, Ids.STATUS_PAGE).flatMap(id -> store.findPage(caller.tenantId(), id)).map(p -> shown(200, p))
                .orElseGet(() -> notFound(request));
    }

    HttpResponse update(HttpRequest request, Caller caller) {
        Optional<String> id = Input.id(request, Ids.STATUS_PAGE);
        if (id.isEmpty()) {
            return notFound(request);
        }
        IfMatch ifMatch = IfMatch.of(request);
        JsonNode body = Input.body(request);
        Optional<StatusPage> read = store.findPage(caller.tenantId(), id.get());
        if (read.isEmpty()) {
            return notFound(request);
        }
        StatusPage parsed = parse(caller.tenantId(), id.get(), body);
        StatusPage changed = new StatusPage(id.get(), caller.tenantId(), parsed.slug(), parsed.title(), parsed.logoUrl(),
                parsed.groups(), read.get().createdAt(), read.get().version());
        boolean[] slugTaken = {false};
        Change<StatusPage> change = VersionedEdit.apply(() -> store.findPage(caller.tenantId(), id.get()), StatusPage::version, ifMatch,
                current -> new StatusPage(current.id(), current.tenantId(), changed.slug(), changed.title(), changed.logoUrl(),
                        changed.groups(), current.createdAt(), current.version()),
                (current, next) -> switch (store.replacePage(current, next)) {
                    case WRITTEN -> true;
                    case SLUG_TAKEN -> {
                        slugTaken[0] = true;
                        yield true;
                    }
                    case CHANGED -> false;
                });
        if (slugTaken[0]) {
            return slugTaken(changed.slug());
        }
        return switch (change) {
            case Change.Done<StatusPage> done -> {
                LOG.info("Status page updated", "statusPageId", id.get());
                yield shown(200, store.findPage(caller.tenantId(), id.get()).orElse(done.value()));
            }
            case Change.Stale<StatusPage> stale -> Render.stale("status page", id.get(), stale.currentVersion());
            case Change.Conflict<StatusPage> conflict -> Render.conflict("status page", id.get());
            case Change.NotFound<StatusPage> none -> notFound(request);
        };
    }

    HttpResponse delete(HttpRequest request, Caller caller) {
        Optional<String> id = Input.id(request, Ids.STATUS_PAGE);
        if (id.isEmpty()) {
            return notFound(request);
        }
        IfMatch ifMatch = IfMatch.of(request);
        return switch (VersionedEdit.apply(() -> store.findPage(caller.tenantId(), id.get()), StatusPage::version, ifMatch,
                page -> page, (current, same) -> store.deletePage(current))) {
            case Change.Done<StatusPage> done -> {
                LOG.info("Status page deleted", "statusPageId", id.get());
                yield HttpResponse.empty(204);
            }
            case Change.Stale<StatusPage> stale -> Render.stale("status page", id.get(), stale.currentVersion());
            case Change.Conflict<StatusPage> conflict -> Render.conflict("status page", id.get());
            case Change.NotFound<StatusPage> none -> notFound(request);
        };
    }

    /** The page a body describes: {@code slug}, {@code title}, optional https {@code logoUrl}, {@code groups}. */
    private StatusPage parse(String tenantId, String id, JsonNode json) {
        ObjectNode body = StatusComponents.object(json);
        String slug = StatusComponents.text(body, "slug");
        String title = StatusComponents.text(body, "title");
        Optional<URI> logo = StatusComponents.optionalText(body, "logoUrl").map(StatusPage::logo);
        JsonNode groupsNode = body.get("groups");
        List<StatusPage.Group> groups = new ArrayList<>();
        if (groupsNode != null && !groupsNode.isNull()) {
            if (!groupsNode.isArray() || groupsNode.size() > StatusPage.MAX_GROUPS) {
                throw new InvalidInput("groups must be a list of at most " + StatusPage.MAX_GROUPS + " groups");
            }
            for (JsonNode group : groupsNode) {
                JsonNode shown = group.path("components");
                if (!group.isObject() || !shown.isArray() || shown.size() > StatusPage.MAX_COMPONENTS) {
                    throw new InvalidInput("a group is {\"name\": ..., \"components\": [{\"kind\", \"id\", \"displayName\"}, ...]}");
                }
                List<StatusPage.Shown> items = new ArrayList<>();
                for (JsonNode component : shown) {
                    items.add(new StatusPage.Shown(components.existing(tenantId, component),
                            StatusComponents.text(component, "displayName")));
                }
                groups.add(new StatusPage.Group(StatusComponents.text(group, "name"), items));
            }
        }
        return new StatusPage(id, tenantId, slug, title, logo, groups, clock.instant(), 0);
    }

    static ObjectNode render(StatusPage page) {
        ObjectNode node = Json.object();
        node.put("id", page.id()).put("slug", page.slug()).put("title", page.title());
        page.logoUrl().ifPresentOrElse(logo -> node.put("logoUrl", logo.toString()), () -> node.putNull("logoUrl"));
        node.put("publicPath", "/status/" + page.slug());
        ArrayNode groups = node.putArray("groups");
        page.groups().forEach(group -> {
            ArrayNode shown = groups.addObject().put("name", group.name()).putArray("components");
            group.components().forEach(c -> shown.addObject().put("kind", c.ref().kind().wire()).put("id", c.ref().id())
                    .put("displayName", c.displayName()));
        });
        node.put("createdAt", page.createdAt().toString());
        node.put("version", page.version());
        return node;
    }

    private static HttpResponse shown(int status, StatusPage page) {
        return HttpResponse.json(status, render(page)).withHeader("etag", IfMatch.etag(page.version()));
    }

    private static HttpResponse slugTaken(String slug) {
        return HttpResponse.error(409, "the status page address /status/" + slug + " is taken; nothing was written. Choose another slug");
    }

    private static HttpResponse notFound(HttpRequest request) {
        return HttpResponse.error(404, "no status page with id '" + Input.printable(request.pathParam("id").orElse("")) + "'");
    }
}
