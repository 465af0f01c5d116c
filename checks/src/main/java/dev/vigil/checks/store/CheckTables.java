package dev.vigil.checks.store;

import dev.vigil.runtime.Env;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The checks' stores, from the table names the template passes as environment variables
 * ({@code CHECKS_TABLE}, {@code CHECK_RESULTS_TABLE}) and the retention ({@code RETENTION_DAYS},
 * default 30). Building them does no I/O.
 */
public record CheckTables(CheckStore checks, CheckHistory history) {
    public static CheckTables from(Env env, DynamoDbClient dynamo) {
        CheckHistory history = new CheckHistory(dynamo, env.require("CHECK_RESULTS_TABLE"),
                Duration.ofDays(env.getLong("RETENTION_DAYS", 30)));
        return new CheckTables(new CheckStore(dynamo, env.require("CHECKS_TABLE"), history), history);
    }
}
