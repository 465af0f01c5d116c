package dev.vigil.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * How the admin API asks the tenant-sweep function to sweep one tenant now: on AWS a synchronous Lambda
 * invocation ({@link LambdaSweepInvoker}), in the local runner a call into the function in the same
 * process. The answer is the function's: the execution record, or {@code {"error": code, "message": ...}}.
 */
public interface SweepInvoker {
    /**
     * Sweeps {@code tenantId} now with trigger {@code manual}: the function's answer, or empty when it is
     * still running after the time a request may wait (it goes on and records its execution). Throws if
     * the function could not be invoked or failed.
     */
    Optional<JsonNode> sweepNow(String tenantId);
}
