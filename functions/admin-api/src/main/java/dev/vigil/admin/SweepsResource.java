package dev.vigil.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.checks.SweepExecution;
import dev.vigil.checks.SweepTrigger;
import dev.vigil.checks.store.SweepLog;
import dev.vigil.checks.sweep.SweepInvoker;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.LambdaInvocation;
import dev.vigil.runtime.Log;
import java.util.Optional;

/**
 * A tenant's sweeps: {@code POST /api/tenants/{id}/sweep} runs one now (forced: every enabled check,
 * whatever the hour) and answers its execution record; {@code GET /api/tenants/{id}/sweeps} lists the
 * execution records, newest first. The operator acts on any tenant; a tenant's key on its own only
 * (another tenant answers 404, as a tenant nobody has), and a read-only key only lists.
 */
final class SweepsResource {
    private static final Log LOG = Log.of(SweepsResource.class);

    private final SweepInvoker invoker;
    private final SweepLog log;
    private final Render render;

    SweepsResource(SweepInvoker invoker, SweepLog log, Render render) {
        this.invoker = invoker;
        this.log = log;
        this.render = render;
    }

    HttpResponse run(HttpRequest request, Caller caller) {
        Optional<String> id = TenantPath.of(request, caller);
        if (id.isEmpty()) {
            return TenantPath.notFound(request);
        }
        Optional<JsonNode> answered;
        try {
            answered = invoker.sweepNow(id.get(), SweepTrigger.MANUAL);
        } catch (LambdaInvocation.FunctionFailed e) {
            LOG.error("A requested sweep failed", e, "tenantId", id.get());
            return HttpResponse.error(502, e.getMessage() + "; the sweep function's log says why");
        }
        if (answered.isEmpty()) {
            return HttpResponse.json(202, Json.object().put("status", "running").put("message", "the sweep is still running;"
                    + " its execution record will be listed at GET /api/tenants/" + id.get() + "/sweeps"));
        }
        JsonNode answer = answered.get();
        String message = answer.path("message").asText("");
        return switch (answer.path("error").asText("")) {
            case "" -> {
                LOG.info("Sweep run on request", "tenantId", id.get(), "status", answer.path("status").asText(),
                        "checks", answer.path("checks").size());
                yield HttpResponse.json(200, answer);
            }
            case "not_found" -> TenantPath.notFound(request);
            case "paused" -> HttpResponse.error(409, message);
            case "disabled" -> HttpResponse.error(503, message).withHeader("retry-after", "300");
            default -> HttpResponse.error(400, message);
        };
    }

    HttpResponse list(HttpRequest request, Caller caller) {
        Optional<String> id = TenantPath.of(request, caller);
        if (id.isEmpty()) {
            return TenantPath.notFound(request);
        }
        var page = log.page(id.get(), Input.limit(request), request.queryParam("nextToken"));
        return HttpResponse.json(200, render.page("sweeps", page, SweepExecution::toJson));
    }

}
