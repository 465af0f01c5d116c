package dev.vigil.sweep;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.checks.CheckRunner;
import dev.vigil.checks.ProbeContext;
import dev.vigil.checks.SweepTrigger;
import dev.vigil.checks.datastores.DatastoreProbes;
import dev.vigil.checks.store.CheckSecrets;
import dev.vigil.checks.store.CheckTables;
import dev.vigil.checks.store.SsmCheckSecrets;
import dev.vigil.checks.store.SweepLog;
import dev.vigil.domain.Component;
import dev.vigil.domain.Tenant;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.KillSwitch;
import dev.vigil.runtime.Log;
import dev.vigil.runtime.Metrics;
import dev.vigil.runtime.Priming;
import dev.vigil.store.PulseRecorder;
import dev.vigil.store.RollupStore;
import dev.vigil.store.TenantStore;
import dev.vigil.wiring.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The tenant sweep's Lambda entry point. It answers three events:
 * <ul>
 *   <li>the EventBridge schedule ({@code "detail-type": "Scheduled Event"}): a scheduled run, which
 *       answers what it did;</li>
 *   <li>an SQS batch from the sweep queue: its tenants are swept, and the messages in which a sweep
 *       failed are reported ({@code batchItemFailures}) so that only they are retried;</li>
 *   <li>a direct invocation {@code {"tenantId": "...", "trigger": "manual" | "recovery"}}: that tenant
 *       is swept now, forced, and the answer is its execution record — or {@code {"error": code,
 *       "message": ...}} with code {@code not_found}, {@code paused}, {@code disabled} or
 *       {@code bad_request}.</li>
 * </ul>
 * With {@code HEARTBEAT_ENABLED=false} every event is a no-op that succeeds and logs that the sweep is off.
 * Every invocation ends by writing the metrics of the sweeps it ran (see {@link TenantSweep}).
 */
public final class TenantSweepHandler implements RequestStreamHandler, Priming.Primed {
    private static final Log LOG = Log.of(TenantSweepHandler.class);
    /** Time an invocation keeps back for its own writes and the answer. */
    private static final long SAFETY_MARGIN_MS = 15_000;
    /** The template's default {@code SweepSchedule}, when {@code SCHEDULE_EXPRESSION} is unset. */
    private static final String DEFAULT_SCHEDULE = "rate(5 minutes)";
    /** The environment variables naming Vigil's own tables, which freshness checks must never read. */
    private static final List<String> OWN_TABLES = List.of("APPLICATIONS_TABLE", "HEARTBEATS_TABLE", "EVENTS_TABLE",
            "NOTIFICATIONS_TABLE", "CHANNELS_TABLE", "SCHEDULED_ALERTS_TABLE", "ALERTS_TABLE", "TENANTS_TABLE", "API_KEYS_TABLE",
            "AUTH_FAILURES_TABLE", "CHECKS_TABLE", "CHECK_RESULTS_TABLE", SweepLog.TABLE_SETTING);

    private final TenantSweep sweep;
    private final Clock clock;
    private final boolean enabled;
    private final PulseRecorder pulse;
    private final Metrics metrics;
    static final String FUNCTION = "tenant-sweep";

    /** On Lambda: everything from the environment. */
    public TenantSweepHandler() {
        this(Platform.fromEnvironment());
        Priming.beforeSnapshot(this);
    }

    public TenantSweepHandler(Platform platform) {
        this(platform, SsmCheckSecrets.fromEnv(platform.env()), SqsSweepQueue.fromEnv(platform.env()));
    }

    /** The composition root: the stores, the runner with every probe, the ledger and the queue. */
    public TenantSweepHandler(Platform platform, CheckSecrets secrets, SweepQueue queue) {
        this(platform, secrets, queue, platform.metrics(FUNCTION));
    }

    private TenantSweepHandler(Platform platform, CheckSecrets secrets, SweepQueue queue, Metrics metrics) {
        this(sweep(platform, secrets, queue, metrics), platform.clock(), KillSwitch.enabled(platform.env()),
                PulseRecorder.fromEnv(platform.env(), platform.dynamo(), Component.TENANT_SWEEP, platform.clock(), DEFAULT_SCHEDULE),
                metrics);
    }

    /**
     * {@code enabled} false: every event only logs that the sweep is switched off ({@link KillSwitch}).
     * Every scheduled run ends by recording its pulse with {@code pulse}; every invocation by flushing
     * {@code metrics}, which {@code sweep} counts in.
     */
    public TenantSweepHandler(TenantSweep sweep, Clock clock, boolean enabled, PulseRecorder pulse, Metrics metrics) {
        this.metrics = metrics;
        this.sweep = sweep;
        this.clock = clock;
        this.enabled = enabled;
        this.pulse = pulse;
    }

    private static TenantSweep sweep(Platform platform, CheckSecrets secrets, SweepQueue queue, Metrics metrics) {
        Env env = platform.env();
        Set<String> ownTables = OWN_TABLES.stream().map(env::get).flatMap(Optional::stream).collect(Collectors.toSet());
        ProbeContext probes = ProbeContext.fromEnv(env, platform.clock()).withDynamo(platform.dynamo(), ownTables)
                .withApplications(platform.tables().applications());
        return new TenantSweep(new TenantStore(platform.dynamo(), env.require("TENANTS_TABLE")),
                CheckTables.from(env, platform.dynamo()).checks(), secrets, new CheckRunner(DatastoreProbes.all(), probes),
                platform.ledger(), SweepLog.fromEnv(env, platform.dynamo()), queue, platform.clock(), TenantSweep.Settings.fromEnv(env),
                metrics, new RollupStore(platform.dynamo(), env.require(RollupStore.TABLE_SETTING)));
    }

    @Override
    public void prime() {
        sweep.prime();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = Json.read(input);
        Log.bind(context == null ? "tenant-sweep" : context.getFunctionName(), context == null ? "-" : context.getAwsRequestId());
        ObjectNode answer;
        try {
            answer = answer(event, context);
        } finally {
            metrics.flush();
        }
        output.write(Json.write(answer).getBytes(StandardCharsets.UTF_8));
    }

    private ObjectNode answer(JsonNode event, Context context) {
        ObjectNode answer;
        if (event.path("Records").path(0).path("eventSource").asText().equals("aws:sqs")) {
            answer = queued(event);
        } else if (event.path("detail-type").asText().equals("Scheduled Event")) {
            answer = scheduled(context);
        } else if (event.has("tenantId")) {
            answer = requested(event);
        } else {
            answer = error("bad_request", "expected a scheduled event, an SQS batch or {\"tenantId\": ..., \"trigger\": \"manual\"}");
        }
        return answer;
    }

    /** A scheduled run, which records its pulse however it ends (and still fails when it failed). */
    private ObjectNode scheduled(Context context) {
        if (!enabled) {
            LOG.warn("The tenant sweep is switched off (" + KillSwitch.VARIABLE + "=false); no tenant was swept");
            pulse.disabled();
            return Json.object().put("disabled", true);
        }
        Instant deadline = clock.instant().plusMillis(context == null ? Duration.ofMinutes(2).toMillis()
                : Math.max(0, context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS));
        TenantSweep.ScheduledRun run;
        try {
            run = sweep.runScheduled(deadline);
        } catch (RuntimeException | Error e) {
            pulse.failed(e);
            throw e;
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("tenantsDue", (long) run.due());
        counts.put("tenantsSwept", (long) run.swept());
        counts.put("tenantsQueued", (long) run.queued());
        counts.put("tenantsPostponed", (long) run.postponed());
        counts.put("tenantsFailed", (long) run.failed());
        pulse.healthy(counts);
        return Json.object().put("due", run.due()).put("swept", run.swept()).put("queued", run.queued())
                .put("postponed", run.postponed()).put("failed", run.failed());
    }

    private ObjectNode queued(JsonNode event) {
        ObjectNode answer = Json.object();
        ArrayNode failures = answer.putArray("batchItemFailures");
        if (!enabled) {
            LOG.warn("The tenant sweep is switched off (" + KillSwitch.VARIABLE + "=false); queued tenants were dropped,"
                    + " and are due again when their lease ends", "messages", event.path("Records").size());
            return answer;
        }
        Map<String, SweepMessage> messages = new LinkedHashMap<>();
        for (JsonNode record : event.path("Records")) {
            String messageId = record.path("messageId").asText();
            try {
                messages.put(messageId, SweepMessage.parse(record.path("body").asText()));
            } catch (IllegalArgumentException e) {
                LOG.warn("An unreadable sweep message; it is retried, then kept in the dead-letter queue", "messageId", messageId,
                        "problem", e.getMessage());
                failures.addObject().put("itemIdentifier", messageId);
            }
        }
        sweep.sweepQueued(messages).forEach(id -> failures.addObject().put("itemIdentifier", id));
        return answer;
    }

    private ObjectNode requested(JsonNode event) {
        String tenantId = event.path("tenantId").asText();
        Optional<SweepTrigger> trigger = SweepTrigger.fromWire(event.path("trigger").asText("manual")).filter(SweepTrigger::forced);
        if (!Tenant.isWellFormedId(tenantId) || trigger.isEmpty()) {
            return error("bad_request", "tenantId must name a tenant and trigger be manual or recovery");
        }
        if (!enabled) {
            LOG.warn("The tenant sweep is switched off (" + KillSwitch.VARIABLE + "=false); the requested sweep did not run",
                    "tenantId", tenantId);
            return error("disabled", "the tenant sweep is switched off (" + KillSwitch.VARIABLE + "=false)");
        }
        return switch (sweep.sweepNow(tenantId, trigger.get())) {
            case TenantSweep.Requested.Swept swept -> swept.execution().toJson();
            case TenantSweep.Requested.NoSuchTenant missing -> error("not_found", "there is no tenant " + missing.tenantId());
            case TenantSweep.Requested.Paused paused -> error("paused", "tenant " + paused.tenantId()
                    + " is paused; resume it to sweep it");
        };
    }

    private static ObjectNode error(String code, String message) {
        return Json.object().put("error", code).put("message", message);
    }
}
