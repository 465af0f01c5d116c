package dev.vigil.checks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.checks.SweepExecution.CheckOutcome;
import dev.vigil.runtime.Json;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What an operator (or a runbook) needs to act on an unhealthy tenant: its {@link SweepHealth}, the
 * checks of its latest execution that did not come out healthy (with their reasons, latencies and the
 * conditions that decided them), its last good execution, up to {@value #MAX_SAMPLES} recent error
 * samples (the reasons of {@code unknown} and {@code unhealthy} outcomes, newest first, one per check and
 * reason), and the API operations that act on it.
 */
public record SweepDiagnosis(
        SweepHealth health,
        Optional<SweepExecution> latest,
        List<CheckOutcome> failingChecks,
        List<ErrorSample> errorSamples,
        List<Operation> operations) {

    public static final int MAX_SAMPLES = 5;

    public SweepDiagnosis {
        failingChecks = List.copyOf(failingChecks);
        errorSamples = List.copyOf(errorSamples);
        operations = List.copyOf(operations);
    }

    /** One outcome that said something was wrong: when, in which execution, which check, and why. */
    public record ErrorSample(Instant at, String executionId, String checkId, String name, CheckStatus status, String reason) {
    }

    /** An admin API call that acts on the tenant, and what it is for. */
    public record Operation(String method, String path, String purpose) {
    }

    /** The diagnosis of {@code health}'s tenant from its executions (any order; those {@link SweepHealth#of} read). */
    public static SweepDiagnosis of(SweepHealth health, Collection<SweepExecution> executions) {
        List<SweepExecution> newestFirst = executions.stream().filter(e -> !e.startedAt().isAfter(health.at()))
                .sorted(Comparator.comparing(SweepExecution::startedAt).reversed()).toList();
        Optional<SweepExecution> latest = newestFirst.stream().findFirst();
        List<CheckOutcome> failing = latest.stream().flatMap(e -> e.checks().stream())
                .filter(c -> c.status() != CheckStatus.HEALTHY).toList();
        Set<String> seen = new HashSet<>();
        List<ErrorSample> samples = newestFirst.stream()
                .flatMap(e -> e.checks().stream()
                        .filter(c -> c.status() == CheckStatus.UNKNOWN || c.status() == CheckStatus.UNHEALTHY)
                        .map(c -> new ErrorSample(e.startedAt(), e.executionId(), c.checkId(), c.name(), c.status(), c.reason())))
                .filter(s -> seen.add(s.checkId() + "\n" + s.reason()))
                .limit(MAX_SAMPLES).toList();
        return new SweepDiagnosis(health, latest, failing, samples, operations(health.tenantId()));
    }

    /** The admin API calls that act on a tenant's sweeps. */
    public static List<Operation> operations(String tenantId) {
        String tenant = "/api/tenants/" + tenantId;
        return Stream.of(
                new Operation("POST", tenant + "/sweep", "sweep the tenant now: every enabled check, whatever the hour"),
                new Operation("GET", tenant + "/sweeps", "the tenant's execution records, newest first"),
                new Operation("GET", tenant + "/health", "the tenant's sweep health"),
                new Operation("GET", tenant + "/thresholds", "the tenant's condition overrides by check type"),
                new Operation("PUT", tenant, "the tenant's settings: interval, active hours, paused")).toList();
    }

    public ObjectNode toJson() {
        ObjectNode node = Json.object().put("tenantId", health.tenantId());
        node.set("health", health.toJson());
        latest.ifPresentOrElse(e -> node.set("latestExecution", summary(e)), () -> node.putNull("latestExecution"));
        ArrayNode checks = node.putArray("failingChecks");
        failingChecks.forEach(c -> checks.addObject().put("checkId", c.checkId()).put("name", c.name()).put("type", c.type())
                .put("status", c.status().wire()).put("latencyMs", c.latencyMs()).put("reason", c.reason())
                .put("threshold", c.threshold().orElse(null)));
        health.lastSuccessfulExecution().ifPresentOrElse(s -> node.putObject("lastGoodExecution")
                .put("startedAt", s.startedAt().toString()).put("executionId", s.executionId()), () -> node.putNull("lastGoodExecution"));
        ArrayNode samples = node.putArray("errorSamples");
        errorSamples.forEach(s -> samples.addObject().put("at", s.at().toString()).put("executionId", s.executionId())
                .put("checkId", s.checkId()).put("name", s.name()).put("status", s.status().wire()).put("reason", s.reason()));
        ArrayNode ops = node.putArray("operations");
        operations.forEach(o -> ops.addObject().put("method", o.method()).put("path", o.path()).put("purpose", o.purpose()));
        return node;
    }

    /** An execution without its per-check list: id, trigger, start, duration, status and counts. */
    public static ObjectNode summary(SweepExecution execution) {
        ObjectNode node = execution.toJson();
        node.remove("checks");
        return node;
    }
}
