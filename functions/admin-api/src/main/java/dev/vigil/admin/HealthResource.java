package dev.vigil.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.checks.SweepDiagnosis;
import dev.vigil.checks.SweepExecution;
import dev.vigil.checks.SweepHealth;
import dev.vigil.checks.store.SweepLog;
import dev.vigil.domain.Tenant;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import dev.vigil.runtime.Json;
import dev.vigil.store.Page;
import dev.vigil.store.TenantStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The tenants' sweep health ({@link SweepHealth}), read-only: {@code GET /api/tenants/{id}/health} for
 * one tenant (the operator any, a tenant's key its own; another answers 404 as a tenant nobody has), and
 * {@code GET /api/diagnose} for the operator: the system view over a page of tenants ({@code limit},
 * {@code nextToken}) or over the one {@code ?tenant=} names, with a {@link SweepDiagnosis} per unhealthy
 * tenant. With a {@code nextToken} in the answer the view covers this page only ({@code complete} false).
 */
final class HealthResource {
    private final TenantStore tenants;
    private final SweepLog log;
    private final Clock clock;

    HealthResource(TenantStore tenants, SweepLog log, Clock clock) {
        this.tenants = tenants;
        this.log = log;
        this.clock = clock;
    }

    HttpResponse tenant(HttpRequest request, Caller caller) {
        Optional<Tenant> tenant = TenantPath.of(request, caller).flatMap(tenants::find);
        if (tenant.isEmpty()) {
            return TenantPath.notFound(request);
        }
        Instant now = clock.instant();
        List<SweepExecution> executions = executions(tenant.get(), now);
        ObjectNode body = SweepHealth.of(tenant.get(), executions, now).toJson();
        executions.stream().filter(e -> !e.startedAt().isAfter(now)).max(Comparator.comparing(SweepExecution::startedAt))
                .ifPresentOrElse(e -> body.set("latestExecution", SweepDiagnosis.summary(e)), () -> body.putNull("latestExecution"));
        return HttpResponse.json(200, body);
    }

    HttpResponse diagnose(HttpRequest request, Caller caller) {
        Optional<String> named = request.queryParam("tenant");
        Page<Tenant> page;
        if (named.isPresent()) {
            if (!Tenant.isWellFormedId(named.get())) {
                return HttpResponse.error(400, "tenant must be a tenant id such as tn_k3v9x2m7q4pa, or default");
            }
            Optional<Tenant> one = tenants.find(named.get());
            if (one.isEmpty()) {
                return HttpResponse.error(404, "no tenant with id '" + named.get() + "'");
            }
            page = new Page<>(List.of(one.get()), Optional.empty());
        } else {
            page = tenants.list(Input.limit(request), request.queryParam("nextToken"));
        }
        Instant now = clock.instant();
        List<SweepHealth> health = new ArrayList<>();
        List<SweepDiagnosis> diagnoses = new ArrayList<>();
        for (Tenant tenant : page.items()) {
            List<SweepExecution> executions = executions(tenant, now);
            SweepHealth one = SweepHealth.of(tenant, executions, now);
            health.add(one);
            if (!one.healthy()) {
                diagnoses.add(SweepDiagnosis.of(one, executions));
            }
        }
        ObjectNode body = Json.object().put("at", now.toString()).put("complete", page.nextToken().isEmpty());
        body.set("system", new SweepHealth.SystemView(health).toJson());
        ArrayNode list = body.putArray("diagnoses");
        diagnoses.forEach(d -> list.add(d.toJson()));
        page.nextToken().ifPresent(token -> body.put("nextToken", token));
        return HttpResponse.json(200, body);
    }

    private List<SweepExecution> executions(Tenant tenant, Instant now) {
        return log.forHealth(tenant, now);
    }
}
