package dev.vigil.checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.runtime.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one run of a check found, in the shape every monitor returns — {@code {status, latencyMs,
 * details}} — plus the conditions that failed (worst first) and a one-line reason. {@code details}
 * holds the measured values and, where the answer could not be measured, the problem; every text in it
 * is a short sanitised excerpt (secrets redacted, anything like a token masked).
 */
public record CheckResult(
        String checkId,
        String tenantId,
        Instant at,
        CheckStatus status,
        long latencyMs,
        ObjectNode details,
        List<FailedCondition> failed,
        String reason) {

    public CheckResult {
        details = details.deepCopy();
        failed = List.copyOf(failed);
    }

    /** A condition that did not hold, as kept: its text, its level and what was found. */
    public record FailedCondition(String condition, Level level, String actual) {
    }

    /** The result of a run that could not tell: refused, misconfigured, faulty or too slow. */
    public static CheckResult unknown(Check check, Instant at, long latencyMs, String reason) {
        ObjectNode details = Json.object().put("error", reason);
        return new CheckResult(check.id(), check.tenantId(), at, CheckStatus.UNKNOWN, latencyMs, details, List.of(), reason);
    }

    /** True when a condition failed: the breach that invalidates a cached result. */
    public boolean breached() {
        return status != CheckStatus.HEALTHY;
    }

    /** The condition that decided the status (the first of the worst level), if one failed. */
    public Optional<FailedCondition> decisive() {
        return failed.stream().findFirst();
    }

    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("checkId", checkId).put("tenantId", tenantId).put("at", at.toString()).put("status", status.wire())
                .put("latencyMs", latencyMs);
        node.set("details", details.deepCopy());
        ArrayNode list = node.putArray("failed");
        failed.forEach(f -> list.addObject().put("condition", f.condition()).put("level", f.level().wire()).put("actual", f.actual()));
        node.put("reason", reason);
        return node;
    }

    public static CheckResult fromJson(JsonNode node) {
        List<FailedCondition> failed = new ArrayList<>();
        node.path("failed").forEach(f -> failed.add(new FailedCondition(f.path("condition").asText(),
                Level.fromWire(f.path("level").asText()).orElse(Level.CRITICAL), f.path("actual").asText())));
        JsonNode details = node.path("details");
        return new CheckResult(node.path("checkId").asText(), node.path("tenantId").asText(), Instant.parse(node.path("at").asText()),
                CheckStatus.fromWire(node.path("status").asText()).orElse(CheckStatus.UNKNOWN), node.path("latencyMs").asLong(),
                details.isObject() ? (ObjectNode) details : Json.object(), failed, node.path("reason").asText());
    }
}
