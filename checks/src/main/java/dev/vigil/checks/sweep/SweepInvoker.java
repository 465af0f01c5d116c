package dev.vigil.checks.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.checks.SweepTrigger;
import java.util.Optional;

/**
 * How another function asks the tenant-sweep function to sweep one tenant now (the admin API for an
 * operator, the recovery function for an unhealthy tenant): on AWS a synchronous Lambda invocation
 * ({@link LambdaSweepInvoker}), in the local runner a call into the function in the same process. The
 * answer is the function's: the execution record, or {@code {"error": code, "message": ...}}.
 */
public interface SweepInvoker {
    /**
     * Sweeps {@code tenantId} now with {@code trigger} ({@code manual} or {@code recovery}, both forced):
     * the function's answer, or empty when it is still running after the time the caller may wait (it
     * goes on and records its execution). Throws if the function could not be invoked or failed
     * ({@link dev.vigil.runtime.LambdaInvocation.FunctionFailed}).
     */
    Optional<JsonNode> sweepNow(String tenantId, SweepTrigger trigger);
}
