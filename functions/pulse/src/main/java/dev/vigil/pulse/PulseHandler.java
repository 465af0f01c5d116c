package dev.vigil.pulse;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.Component;
import dev.vigil.notify.HttpDelivery;
import dev.vigil.notify.SsmSecretReader;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.KillSwitch;
import dev.vigil.runtime.Log;
import dev.vigil.runtime.Priming;
import dev.vigil.store.PulseRecorder;
import dev.vigil.store.SecretReader;
import dev.vigil.store.TaskStore;
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
 * The pulse's Lambda entry point, invoked by its EventBridge schedule ({@code PulseSchedule}, default
 * {@code rate(1 minute)}): runs the due scheduled tasks ({@link TaskPulse}), answers what it did and
 * records its own pulse (component {@code pulse}, with {@code tasksRun} among its counts) however the
 * run ends. With {@code HEARTBEAT_ENABLED=false} it runs nothing and records that it is disabled.
 */
public final class PulseHandler implements RequestStreamHandler, Priming.Primed {
    private static final Log LOG = Log.of(PulseHandler.class);
    /** Time an invocation keeps back for its own writes and the answer. */
    private static final long SAFETY_MARGIN_MS = 10_000;
    /** The template's default {@code PulseSchedule}, when {@code SCHEDULE_EXPRESSION} is unset. */
    static final String DEFAULT_SCHEDULE = "rate(1 minute)";

    private final TaskPulse tasks;
    private final Clock clock;
    private final boolean enabled;
    private final PulseRecorder pulse;

    /** On Lambda: everything from the environment. */
    public PulseHandler() {
        this(Platform.fromEnvironment());
        Priming.beforeSnapshot(this);
    }

    public PulseHandler(Platform platform) {
        this(platform, EventBridgeTaskDueBus.fromEnv(platform.env()), HttpDelivery.fromEnv(platform.env()),
                SsmSecretReader.fromEnv(platform.env()));
    }

    /**
     * The composition root: the task store, the bus and outbound client the tasks fire through, the
     * webhooks' signing secrets (in the channels' secret store, {@code CHANNEL_SECRETS_PREFIX}), the ledger.
     */
    public PulseHandler(Platform platform, TaskDueBus bus, HttpDelivery http, SecretReader secrets) {
        this(new TaskPulse(TaskStore.fromEnv(platform.env(), platform.dynamo()), new TaskFiring(bus, http, secrets), platform.ledger(),
                        platform.clock()), platform.clock(), KillSwitch.enabled(platform.env()),
                PulseRecorder.fromEnv(platform.env(), platform.dynamo(), Component.PULSE, platform.clock(), DEFAULT_SCHEDULE));
    }

    PulseHandler(TaskPulse tasks, Clock clock, boolean enabled, PulseRecorder pulse) {
        this.tasks = tasks;
        this.clock = clock;
        this.enabled = enabled;
        this.pulse = pulse;
    }

    @Override
    public void prime() {
        tasks.prime();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Json.read(input);
        Log.bind(context == null ? "pulse" : context.getFunctionName(), context == null ? "-" : context.getAwsRequestId());
        output.write(Json.write(run(context)).getBytes(StandardCharsets.UTF_8));
    }

    /** One scheduled run, which records its pulse however it ends (and still fails when it failed). */
    ObjectNode run(Context context) {
        if (!enabled) {
            LOG.warn("The pulse is switched off (" + KillSwitch.VARIABLE + "=false); no scheduled task ran");
            pulse.disabled();
            return Json.object().put("disabled", true);
        }
        Instant stopAt = clock.instant().plusMillis(context == null ? Duration.ofSeconds(50).toMillis()
                : Math.max(0, context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS));
        TaskPulse.Run run;
        try {
            run = tasks.run(stopAt);
        } catch (RuntimeException | Error e) {
            pulse.failed(e);
            throw e;
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("tasksDue", (long) run.due());
        counts.put("tasksRun", (long) (run.executed() + run.failed()));
        counts.put("tasksFailed", (long) run.failed());
        counts.put("firingsSkipped", run.skipped());
        counts.put("tasksLeftForLater", (long) run.leftForLater());
        counts.put("taskErrors", (long) run.errors());
        pulse.healthy(counts);
        return Json.object().put("due", run.due()).put("executed", run.executed()).put("failed", run.failed())
                .put("skipped", run.skipped()).put("claimedElsewhere", run.claimedElsewhere()).put("alerts", run.alerts())
                .put("leftForLater", run.leftForLater()).put("errors", run.errors());
    }
}
