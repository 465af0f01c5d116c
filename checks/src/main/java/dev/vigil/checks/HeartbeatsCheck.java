package dev.vigil.checks;

import dev.vigil.domain.Application;
import dev.vigil.domain.Ids;
import dev.vigil.domain.InvalidInput;
import dev.vigil.domain.Status;
import dev.vigil.store.ApplicationStore;
import dev.vigil.store.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code heartbeats}: the passive applications rolled up into one active check — all up, some late,
 * some down, of the check's own tenant only. {@code applicationIds} lists the applications (default:
 * every application of the tenant; an id of another tenant's application counts as missing). Measures {@code applications} (how many were looked at),
 * {@code up}, {@code late} (up, but the interval since the last beat has passed: in their grace
 * period), {@code down}, {@code waiting} (registered, never beaten), {@code paused}, {@code missing}
 * (listed ids that name no application) and {@code latencyMs}. Defaults: {@code down == 0}, and warnings
 * for {@code late == 0} and {@code missing == 0}.
 */
final class HeartbeatsCheck implements CheckType, Probe {
    static final int MAX_IDS = 100;
    static final int MAX_APPLICATIONS = 5000;
    private static final List<Condition> DEFAULTS = Conditions.of("down == 0", "warn: late == 0", "warn: missing == 0");

    @Override
    public String name() {
        return "heartbeats";
    }

    @Override
    public Set<String> settingNames() {
        return Set.of("applicationIds");
    }

    @Override
    public void validate(Settings settings) {
        for (String id : settings.texts("applicationIds", MAX_IDS)) {
            if (!Ids.APPLICATION.matches(id)) {
                throw new InvalidInput("settings.applicationIds must list application ids (app_...); '" + id + "' is not one");
            }
        }
    }

    @Override
    public Map<String, ValueKind> measures() {
        return Map.of("applications", ValueKind.NUMBER, "up", ValueKind.NUMBER, "late", ValueKind.NUMBER,
                "down", ValueKind.NUMBER, "waiting", ValueKind.NUMBER, "paused", ValueKind.NUMBER,
                "missing", ValueKind.NUMBER, "latencyMs", ValueKind.NUMBER);
    }

    @Override
    public List<Condition> defaultConditions() {
        return DEFAULTS;
    }

    @Override
    public Measurement probe(ProbeCall call) {
        validate(call.settings());
        ApplicationStore store = call.context().applications()
                .orElseThrow(() -> new IllegalStateException("this function has no application store for heartbeats checks"));
        List<String> ids = call.settings().texts("applicationIds", MAX_IDS);
        String tenant = call.check().tenantId();
        long start = System.nanoTime();
        List<Application> applications = new ArrayList<>();
        int missing = 0;
        if (ids.isEmpty()) {
            Optional<String> token = Optional.empty();
            do {
                Page<Application> page = store.listByTenant(tenant, 100, token);
                applications.addAll(page.items());
                token = page.nextToken();
            } while (token.isPresent() && applications.size() < MAX_APPLICATIONS);
        } else {
            for (String id : ids) {
                Optional<Application> app = store.findById(id).filter(found -> found.tenantId().equals(tenant));
                app.ifPresent(applications::add);
                missing += app.isEmpty() ? 1 : 0;
            }
        }
        Instant now = call.context().clock().instant();
        int up = 0;
        int late = 0;
        int down = 0;
        int waiting = 0;
        int paused = 0;
        for (Application app : applications) {
            if (!app.active()) {
                paused++;
            } else if (app.status() == Status.DOWN) {
                down++;
            } else if (app.status() == Status.NEW) {
                waiting++;
            } else if (app.lastHeartbeat().map(last -> now.isAfter(last.plus(app.interval()))).orElse(false)) {
                late++;
            } else {
                up++;
            }
        }
        return Measurement.builder().number("applications", applications.size()).number("up", up).number("late", late)
                .number("down", down).number("waiting", waiting).number("paused", paused).number("missing", missing)
                .number("latencyMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).build();
    }
}
