package dev.vigil.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.checks.CheckType;
import dev.vigil.checks.CheckTypes;
import dev.vigil.checks.Condition;
import dev.vigil.checks.Conditions;
import dev.vigil.domain.InvalidInput;
import dev.vigil.domain.Tenant;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import dev.vigil.runtime.Log;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code /api/tenants/{id}/thresholds}: a tenant's condition overrides by check type
 * ({@code {"http": ["latencyMs < 800"], "tls": ["certificateDays > 21"]}}), which apply over each type's
 * default conditions and under a check's own ({@link Conditions#effective}). The operator reads and
 * writes any tenant's; a tenant's key only its own tenant's (a read-only key reads them), and another
 * tenant's answers 404, as a tenant nobody has. {@code PUT} replaces them all, conditional on the
 * tenant's version ({@code If-Match}), as the tenant's other settings are.
 */
final class ThresholdsResource {
    private static final Log LOG = Log.of(ThresholdsResource.class);

    private final TenantRegistry tenants;
    private final Render render;

    ThresholdsResource(TenantRegistry tenants, Render render) {
        this.tenants = tenants;
        this.render = render;
    }

    HttpResponse get(HttpRequest request, Caller caller) {
        return TenantPath.of(request, caller).flatMap(tenants::find).map(this::shown).orElseGet(() -> TenantPath.notFound(request));
    }

    HttpResponse put(HttpRequest request, Caller caller) {
        Optional<String> id = TenantPath.of(request, caller);
        if (id.isEmpty()) {
            return TenantPath.notFound(request);
        }
        IfMatch ifMatch = IfMatch.of(request);
        Map<String, List<String>> overrides = parse(Input.body(request));
        return switch (tenants.setThresholds(id.get(), overrides, ifMatch)) {
            case Change.Done<Tenant> done -> {
                LOG.info("Thresholds set", "tenantId", id.get(), "checkTypes", String.join(",", overrides.keySet()));
                yield shown(done.value());
            }
            case Change.Stale<Tenant> stale -> Render.stale("tenant", id.get(), stale.currentVersion());
            case Change.Conflict<Tenant> conflict -> Render.conflict("tenant", id.get());
            case Change.NotFound<Tenant> none -> TenantPath.notFound(request);
        };
    }

    /**
     * The overrides in a body: each field a check type, each value its conditions, every one parsed and
     * checked against what that type measures (stored in their canonical text). A type with no
     * conditions has no overrides. Every problem is reported at once, naming the type.
     */
    static Map<String, List<String>> parse(JsonNode body) {
        if (!body.isObject()) {
            throw new InvalidInput("body must be a JSON object of check types, each with a list of conditions, such as "
                    + "{\"http\": [\"latencyMs < 800\"]}");
        }
        List<String> problems = new ArrayList<>();
        Map<String, List<String>> overrides = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            Optional<CheckType> type = CheckTypes.find(field.getKey());
            JsonNode list = field.getValue();
            if (type.isEmpty()) {
                problems.add("'" + Input.printable(field.getKey()) + "' is no check type; the types are "
                        + String.join(", ", CheckTypes.all().stream().map(CheckType::name).toList()));
            } else if (!list.isArray() || list.size() > Conditions.MAX) {
                problems.add(type.get().name() + " must be a list of at most " + Conditions.MAX + " conditions");
            } else {
                List<String> texts = new ArrayList<>();
                for (JsonNode text : list) {
                    try {
                        if (!text.isTextual()) {
                            throw new InvalidInput("conditions must be strings, such as \"latencyMs < 500\"");
                        }
                        Condition condition = Condition.parse(text.textValue());
                        Conditions.validate(type.get(), condition);
                        texts.add(condition.toString());
                    } catch (InvalidInput e) {
                        problems.add(type.get().name() + ": " + e.getMessage());
                    }
                }
                if (!texts.isEmpty()) {
                    overrides.put(type.get().name(), List.copyOf(texts));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(String.join("; ", problems));
        }
        return overrides;
    }

    private HttpResponse shown(Tenant tenant) {
        return HttpResponse.json(200, render.thresholds(tenant.thresholds())).withHeader("etag", IfMatch.etag(tenant.version()));
    }
}
