package dev.vigil.recovery;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.checks.recovery.Recovery;
import dev.vigil.checks.recovery.RecoveryAttempt;
import dev.vigil.checks.recovery.RecoveryTrigger;
import dev.vigil.checks.sweep.LambdaSweepInvoker;
import dev.vigil.checks.sweep.SweepInvoker;
import dev.vigil.domain.Component;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.KillSwitch;
import dev.vigil.runtime.Log;
import dev.vigil.runtime.Metrics;
import dev.vigil.runtime.Priming;
import dev.vigil.store.PulseRecorder;
import dev.vigil.wiring.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The recovery function's Lambda entry point, on its own EventBridge schedule ({@code RecoverySchedule},
 * default {@code rate(5 minutes)}), independent of the sweep's: each run forces a sweep of the unhealthy
 * tenants whose backoff has elapsed ({@link Recovery}), answers what it did and records its pulse,
 * however it ends. With {@code HEARTBEAT_ENABLED=false} a run only logs that monitoring is off.
 */
public final class RecoveryHandler implements RequestStreamHandler, Priming.Primed {
    private static final Log LOG = Log.of(RecoveryHandler.class);
    /** The function's name in its logs and in the {@code Function} dimension of its metrics. */
    static final String FUNCTION = "recovery";
    /** The template's default {@code RecoverySchedule}, when {@code SCHEDULE_EXPRESSION} is unset. */
    static final String DEFAULT_SCHEDULE = "rate(5 minutes)";
    /** How long a forced sweep is waited for: the sweep function's own limit of 120 s, less a margin. */
    static final Duration SWEEP_WAIT = Duration.ofSeconds(110);
    /** Time kept back after the last forced sweep for its records and the pulse. */
    static final Duration RECORD_MARGIN = Duration.ofSeconds(10);

    private final Recovery recovery;
    private final boolean enabled;
    private final PulseRecorder pulse;
    private final Clock clock;
    private final Metrics metrics;

    /** On Lambda: everything from the environment, the sweeps forced through {@code SWEEP_FUNCTION_NAME}. */
    public RecoveryHandler() {
        this(Platform.fromEnvironment());
        Priming.beforeSnapshot(this);
    }

    private RecoveryHandler(Platform platform) {
        this(platform, LambdaSweepInvoker.fromEnv(platform.env(), SWEEP_WAIT));
    }

    /** The composition root: the stores, the ledger and {@code sweeps} (the local runner's sweep function in the same process). */
    public RecoveryHandler(Platform platform, SweepInvoker sweeps) {
        this(Recovery.from(platform, sweeps), KillSwitch.enabled(platform.env()),
                PulseRecorder.fromEnv(platform.env(), platform.dynamo(), Component.RECOVERY, platform.clock(), DEFAULT_SCHEDULE),
                platform.clock(), platform.metrics(FUNCTION));
    }

    /**
     * {@code metrics} gets, per run, {@code RecoveryDurationMs}, {@code RecoveryAttempts},
     * {@code TenantsRecovered} and {@code RecoveryEscalations}, written when the invocation ends.
     */
    public RecoveryHandler(Recovery recovery, boolean enabled, PulseRecorder pulse, Clock clock, Metrics metrics) {
        this.recovery = recovery;
        this.enabled = enabled;
        this.pulse = pulse;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public void prime() {
        recovery.prime();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = Json.read(input);
        Log.bind(context == null ? FUNCTION : context.getFunctionName(), context == null ? "-" : context.getAwsRequestId());
        ObjectNode answer;
        try {
            answer = event.path("detail-type").asText().equals("Scheduled Event") ? scheduled(context)
                    : Json.object().put("error", "bad_request").put("message", "expected the recovery schedule's event");
        } finally {
            metrics.flush();
        }
        output.write(Json.write(answer).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The last moment a forced sweep may start so that it is answered (or given up, {@link #SWEEP_WAIT})
     * and recorded before the invocation's time runs out; no limit outside Lambda.
     */
    private Instant startBefore(Context context) {
        return context == null ? Instant.MAX
                : clock.instant().plusMillis(context.getRemainingTimeInMillis()).minus(SWEEP_WAIT).minus(RECORD_MARGIN);
    }

    /** A scheduled run, which records its pulse however it ends (and still fails when it failed). */
    private ObjectNode scheduled(Context context) {
        if (!enabled) {
            LOG.warn("Recovery is switched off (" + KillSwitch.VARIABLE + "=false); no tenant was recovered");
            pulse.disabled();
            return Json.object().put("disabled", true);
        }
        Recovery.Run run;
        Metrics.Stopwatch took = metrics.start();
        try {
            run = recovery.run(RecoveryTrigger.SCHEDULE, false, startBefore(context));
            took.stop("RecoveryDurationMs");
        } catch (RuntimeException | Error e) {
            pulse.failed(e);
            throw e;
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("tenants", (long) run.tenants());
        counts.put("tenantsUnhealthy", (long) run.unhealthy());
        counts.put("attempts", (long) run.attempts().size());
        counts.put("recovered", run.count(RecoveryAttempt.Outcome.RECOVERED));
        counts.put("failed", run.count(RecoveryAttempt.Outcome.FAILED));
        counts.put("skipped", run.count(RecoveryAttempt.Outcome.SKIPPED));
        counts.put("escalated", run.escalated());
        counts.put("deferred", (long) run.deferred());
        pulse.healthy(counts);
        metrics.count("RecoveryAttempts", run.attempts().size());
        metrics.count("TenantsRecovered", run.count(RecoveryAttempt.Outcome.RECOVERED));
        metrics.count("RecoveryEscalations", run.escalated());
        return run.toJson();
    }
}
