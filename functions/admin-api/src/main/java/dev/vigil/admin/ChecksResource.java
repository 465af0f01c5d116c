package dev.vigil.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.checks.store.StoredCheck;
import dev.vigil.domain.Ids;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import dev.vigil.runtime.Log;
import java.util.Optional;

/**
 * {@code /api/checks}: active checks, their secret settings write-only, and their results. Each route
 * acts on the caller's tenant: another tenant's check answers 404.
 */
final class ChecksResource {
    private static final Log LOG = Log.of(ChecksResource.class);

    private final CheckRegistry checks;
    private final Render render;
    private final DeletedSubjects deleted;

    ChecksResource(CheckRegistry checks, Render render, DeletedSubjects deleted) {
        this.deleted = deleted;
        this.checks = checks;
        this.render = render;
    }

    HttpResponse list(HttpRequest request, Caller caller) {
        var page = checks.list(caller.tenantId(), Input.limit(request), request.queryParam("nextToken"), Input.tagFilter(request));
        return HttpResponse.json(200, render.page("checks", page, c -> render.check(c, caller)));
    }

    HttpResponse create(HttpRequest request, Caller caller) {
        StoredCheck created = checks.create(caller.tenantId(), CheckRequest.forCreate(Input.body(request)));
        LOG.info("Check created", "checkId", created.check().id(), "tenantId", created.check().tenantId(),
                "checkType", created.check().type());
        return shown(201, created, caller).withHeader("location", "/api/checks/" + created.check().id());
    }

    HttpResponse get(HttpRequest request, Caller caller) {
        return Input.id(request, Ids.CHECK).flatMap(id -> checks.find(caller.tenantId(), id)).map(c -> shown(200, c, caller))
                .orElseGet(() -> notFound(request));
    }

    HttpResponse update(HttpRequest request, Caller caller) {
        Optional<String> id = Input.id(request, Ids.CHECK);
        if (id.isEmpty()) {
            return notFound(request);
        }
        IfMatch ifMatch = IfMatch.of(request);
        JsonNode body = Input.body(request);
        return switch (checks.update(caller.tenantId(), id.get(), existing -> CheckRequest.forUpdate(body, existing), ifMatch)) {
            case Change.Done<StoredCheck> done -> {
                LOG.info("Check updated", "checkId", id.get(), "version", done.value().check().version());
                yield shown(200, done.value(), caller);
            }
            case Change.Stale<StoredCheck> stale -> Render.stale("check", id.get(), stale.currentVersion());
            case Change.Conflict<StoredCheck> conflict -> Render.conflict("check", id.get());
            case Change.NotFound<StoredCheck> none -> notFound(request);
        };
    }

    HttpResponse delete(HttpRequest request, Caller caller) {
        Optional<String> id = Input.id(request, Ids.CHECK);
        if (id.isEmpty()) {
            return notFound(request);
        }
        return switch (checks.delete(caller.tenantId(), id.get(), IfMatch.of(request))) {
            case Change.Done<StoredCheck> done -> {
                LOG.info("Check deleted", "checkId", id.get());
                deleted.deleted(caller.tenantId(), id.get());
                yield HttpResponse.empty(204);
            }
            case Change.Stale<StoredCheck> stale -> Render.stale("check", id.get(), stale.currentVersion());
            case Change.Conflict<StoredCheck> conflict -> Render.conflict("check", id.get());
            case Change.NotFound<StoredCheck> none -> notFound(request);
        };
    }

    /** The check's results, newest first: {@code {"results": [...], "nextToken"?}}. */
    HttpResponse results(HttpRequest request, Caller caller) {
        int limit = Input.limit(request);
        return Input.id(request, Ids.CHECK)
                .flatMap(id -> checks.results(caller.tenantId(), id, limit, request.queryParam("nextToken")))
                .map(page -> HttpResponse.json(200, render.page("results", page, render::checkResult)))
                .orElseGet(() -> notFound(request));
    }

    /** The check, with its version as the {@code ETag} that {@code If-Match} may name. */
    private HttpResponse shown(int status, StoredCheck check, Caller caller) {
        return HttpResponse.json(status, render.check(check, caller)).withHeader("etag", IfMatch.etag(check.check().version()));
    }

    private static HttpResponse notFound(HttpRequest request) {
        return HttpResponse.error(404, "no check with id '" + Input.printable(request.pathParam("id").orElse("")) + "'");
    }
}
