package dev.vigil.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.checks.recovery.Recovery;
import dev.vigil.checks.recovery.RecoveryAttempt;
import dev.vigil.checks.recovery.RecoveryState;
import dev.vigil.checks.recovery.RecoveryTrigger;
import dev.vigil.checks.store.RecoveryLog;
import dev.vigil.domain.Component;
import dev.vigil.domain.InvalidInput;
import dev.vigil.domain.Pulse;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.KillSwitch;
import dev.vigil.store.PulseStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Recovery as API operations, run by the same use case as the recovery function's schedule
 * ({@link Recovery}): {@code GET /api/recovery/status} and {@code POST /api/recovery/run} for the operator
 * ({@code {"force": true}} also re-runs the healthy tenants, whatever their backoff), and
 * {@code POST /api/tenants/{id}/recover} (the operator on any tenant, a tenant's key on its own) forcing
 * one tenant's recovery sweep now. While the kill switch is off ({@code HEARTBEAT_ENABLED=false}) no sweep
 * runs, so both forcing operations answer 503 and sweep nothing.
 */
final class RecoveryResource {
    static final Duration WINDOW = Duration.ofHours(24);
    /**
     * A run asked for through the API starts its forced sweeps within this of the end of its reads, so that
     * the first five (each waited for up to 25 s) answer within the HTTP API's 30 s; the tenants left are
     * {@code deferred} to the next scheduled run.
     */
    static final Duration START_WITHIN = Duration.ofSeconds(2);

    private final Recovery recovery;
    private final RecoveryLog log;
    private final PulseStore pulses;
    private final Clock clock;
    private final boolean enabled;

    /** {@code enabled}: the kill switch ({@link KillSwitch}); off, nothing is forced. */
    RecoveryResource(Recovery recovery, RecoveryLog log, PulseStore pulses, Clock clock, boolean enabled) {
        this.recovery = recovery;
        this.enabled = enabled;
        this.log = log;
        this.pulses = pulses;
        this.clock = clock;
    }

    /**
     * {@code lastRecoveryTime} (the latest recovery run on the schedule or the latest attempt, whichever is
     * later), {@code pendingRecoveries} (open episodes, each listed), and the attempts of the last 24 h
     * that recovered a tenant or failed.
     */
    HttpResponse status(HttpRequest request, Caller caller) {
        Instant now = clock.instant();
        List<RecoveryAttempt> attempts = log.since(now.minus(WINDOW), now);
        Optional<Instant> lastRun = Stream.concat(pulses.find(Component.RECOVERY).map(Pulse::at).stream(),
                attempts.stream().map(RecoveryAttempt::at)).max(Comparator.naturalOrder());
        List<RecoveryState> pending = new ArrayList<>(log.pending());
        pending.sort(Comparator.comparing(RecoveryState::tenantId));
        ObjectNode body = Json.object().put("at", now.toString());
        body.put("lastRecoveryTime", lastRun.map(Instant::toString).orElse(null));
        body.put("pendingRecoveries", pending.size());
        body.put("successfulRecoveries24h", count(attempts, RecoveryAttempt.Outcome.RECOVERED));
        body.put("failedRecoveries24h", count(attempts, RecoveryAttempt.Outcome.FAILED));
        ArrayNode list = body.putArray("pending");
        for (RecoveryState state : pending) {
            ObjectNode item = list.addObject().put("tenantId", state.tenantId()).put("since", state.episodeStartedAt().toString())
                    .put("failedAttempts", state.failures()).put("nextAttemptAt", state.nextAttemptAt().toString())
                    .put("escalated", state.escalated());
            item.put("lastError", state.lastError().orElse(null));
        }
        return HttpResponse.json(200, body);
    }

    /**
     * Recovers every unhealthy tenant now ({@code {"force": true}}: every tenant not paused); no body is
     * {@code force} false. Forced sweeps start within {@link #START_WITHIN}; the rest are deferred.
     */
    HttpResponse run(HttpRequest request, Caller caller) {
        boolean force = false;
        if (!enabled) {
            return switchedOff();
        }
        if (request.body().filter(b -> !b.isBlank()).isPresent()) {
            JsonNode body = Input.body(request);
            if (!body.isObject()) {
                throw new InvalidInput("body must be a JSON object such as {\"force\": true}, or empty");
            }
            List<String> problems = new ArrayList<>();
            force = Input.flag(body, "force", problems).orElse(false);
            body.fieldNames().forEachRemaining(name -> {
                if (!name.equals("force")) {
                    problems.add("unknown field '" + Input.printable(name) + "': the only field is force");
                }
            });
            if (!problems.isEmpty()) {
                throw new InvalidInput(String.join("; ", problems));
            }
        }
        return HttpResponse.json(200, recovery.run(RecoveryTrigger.API, force, START_WITHIN).toJson());
    }

    /** Forces one recovery sweep of the tenant now, whatever its health and backoff; 409 while it is paused. */
    HttpResponse recoverTenant(HttpRequest request, Caller caller) {
        Optional<String> id = TenantPath.of(request, caller);
        if (id.isEmpty()) {
            return TenantPath.notFound(request);
        }
        if (!enabled) {
            return switchedOff();
        }
        return switch (recovery.recover(id.get(), RecoveryTrigger.MANUAL)) {
            case Recovery.One.Done done when done.attempted().attempt().outcome() == RecoveryAttempt.Outcome.SKIPPED ->
                    skipped(request, done.attempted().attempt());
            case Recovery.One.Done done -> HttpResponse.json(200, done.attempted().toJson());
            case Recovery.One.NoSuchTenant missing -> TenantPath.notFound(request);
            case Recovery.One.Paused paused -> HttpResponse.error(409, "tenant " + paused.tenantId()
                    + " is paused; resume it to recover it");
        };
    }

    /** 503: the kill switch is off, so no sweep would run. */
    private static HttpResponse switchedOff() {
        return HttpResponse.error(503, "recovery is switched off (" + KillSwitch.VARIABLE
                + "=false): no sweep runs until it is switched on again").withHeader("retry-after", "300");
    }

    /** The sweep did not run (switched off, or the tenant was deleted or paused meanwhile): nothing was recorded. */
    private static HttpResponse skipped(HttpRequest request, RecoveryAttempt attempt) {
        String reason = attempt.error().orElse("");
        if (reason.startsWith(Recovery.SWEEP_DISABLED + ":")) {
            return switchedOff();
        }
        if (reason.startsWith("not_found:")) {
            return TenantPath.notFound(request);
        }
        return HttpResponse.error(409, "no recovery sweep ran: " + reason.substring(reason.indexOf(':') + 1).strip());
    }

    private static long count(List<RecoveryAttempt> attempts, RecoveryAttempt.Outcome outcome) {
        return attempts.stream().filter(a -> a.outcome() == outcome).count();
    }
}
