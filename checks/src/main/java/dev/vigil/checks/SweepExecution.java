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
 * The record of one sweep of a tenant: what started it, when, how long it took, what each check that
 * ran found ({@code checks}), how many enabled checks were not due ({@code notDue}), and the tenant's
 * overall {@code status} after it — over every enabled check's latest result, this sweep's for the
 * checks that ran (see {@link SweepStatus}).
 */
public record SweepExecution(
        String executionId,
        String tenantId,
        SweepTrigger trigger,
        Instant startedAt,
        long durationMs,
        List<CheckOutcome> checks,
        int notDue,
        SweepStatus status) {

    public SweepExecution {
        checks = List.copyOf(checks);
    }

    /**
     * One check's run within the sweep: its status, latency and one-line reason, the condition that
     * decided a failing status ({@code threshold}), whether the run confirmed a change of the
     * check's status that was announced on the bus ({@code alerted}), the check's {@code tier} and its
     * {@code confirmed} status after the run (its failure threshold applied, see {@link CheckState}).
     * Records written before the tier and the confirmed status were kept read them as empty.
     */
    public record CheckOutcome(String checkId, String name, String type, CheckStatus status, long latencyMs, String reason,
                               Optional<String> threshold, boolean alerted, Optional<Tier> tier, Optional<CheckStatus> confirmed) {

        /** A confirmed {@code unhealthy} check of the {@code critical} tier: a p1 incident. */
        public boolean confirmedCriticalFailure() {
            return tier.equals(Optional.of(Tier.CRITICAL)) && confirmed.equals(Optional.of(CheckStatus.UNHEALTHY));
        }
    }

    /** How many of the checks that ran ended in {@code status}. */
    public int count(CheckStatus status) {
        return (int) checks.stream().filter(c -> c.status() == status).count();
    }

    public ObjectNode toJson() {
        ObjectNode node = Json.object().put("executionId", executionId).put("tenantId", tenantId).put("trigger", trigger.wire())
                .put("startedAt", startedAt.toString()).put("durationMs", durationMs).put("status", status.wire());
        ObjectNode counts = node.putObject("counts").put("checks", checks.size());
        for (CheckStatus s : CheckStatus.values()) {
            counts.put(s.wire(), count(s));
        }
        counts.put("notDue", notDue);
        ArrayNode list = node.putArray("checks");
        for (CheckOutcome c : checks) {
            ObjectNode item = list.addObject().put("checkId", c.checkId()).put("name", c.name()).put("type", c.type())
                    .put("status", c.status().wire()).put("latencyMs", c.latencyMs()).put("reason", c.reason());
            item.put("threshold", c.threshold().orElse(null));
            item.put("alerted", c.alerted());
            c.tier().ifPresent(t -> item.put("tier", t.wire()));
            c.confirmed().ifPresent(status -> item.put("confirmed", status.wire()));
        }
        return node;
    }

    public static SweepExecution fromJson(JsonNode node) {
        List<CheckOutcome> checks = new ArrayList<>();
        node.path("checks").forEach(c -> checks.add(new CheckOutcome(c.path("checkId").asText(), c.path("name").asText(),
                c.path("type").asText(), CheckStatus.fromWire(c.path("status").asText()).orElse(CheckStatus.UNKNOWN),
                c.path("latencyMs").asLong(), c.path("reason").asText(),
                c.path("threshold").isTextual() ? Optional.of(c.path("threshold").asText()) : Optional.empty(),
                c.path("alerted").asBoolean(), Tier.fromWire(c.path("tier").asText("")),
                CheckStatus.fromWire(c.path("confirmed").asText("")).filter(status -> status != CheckStatus.UNKNOWN))));
        return new SweepExecution(node.path("executionId").asText(), node.path("tenantId").asText(),
                SweepTrigger.fromWire(node.path("trigger").asText()).orElse(SweepTrigger.SCHEDULE),
                Instant.parse(node.path("startedAt").asText()), node.path("durationMs").asLong(), checks,
                node.path("counts").path("notDue").asInt(),
                SweepStatus.fromWire(node.path("status").asText()).orElse(SweepStatus.ERROR));
    }
}
