package dev.vigil.checks.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.checks.SweepTrigger;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.LambdaInvocation;
import java.time.Duration;
import java.util.Optional;

/**
 * The tenant-sweep function named by {@value #SETTING}, invoked through Lambda ({@link LambdaInvocation})
 * with {@code {"tenantId": ..., "trigger": ...}}. A sweep that has not answered within the wait goes on in
 * the function; the caller learns it is still running.
 */
public final class LambdaSweepInvoker implements SweepInvoker {
    public static final String SETTING = "SWEEP_FUNCTION_NAME";
    /** How long an API request waits for the sweep: within the HTTP API's 30 s, less the request's own work. */
    public static final Duration REQUEST_WAIT = Duration.ofSeconds(25);

    private final LambdaInvocation function;

    public LambdaSweepInvoker(LambdaInvocation function) {
        this.function = function;
    }

    /** The function {@value #SETTING} names, waited for up to {@code wait}. */
    public static LambdaSweepInvoker fromEnv(Env env, Duration wait) {
        return new LambdaSweepInvoker(LambdaInvocation.fromEnv(env, SETTING, wait));
    }

    @Override
    public Optional<JsonNode> sweepNow(String tenantId, SweepTrigger trigger) {
        return function.invoke(Json.object().put("tenantId", tenantId).put("trigger", trigger.wire()));
    }
}
