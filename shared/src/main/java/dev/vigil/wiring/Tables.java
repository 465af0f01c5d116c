package dev.vigil.wiring;

import dev.vigil.bus.EventStore;
import dev.vigil.bus.ScheduledAlertStore;
import dev.vigil.runtime.Env;
import dev.vigil.store.AlertStore;
import dev.vigil.store.ApplicationStore;
import dev.vigil.store.BeatRate;
import dev.vigil.store.ChannelStore;
import dev.vigil.store.HeartbeatLog;
import dev.vigil.store.NotificationLog;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Every store, built once per container from the table names the template passes as environment
 * variables ({@code APPLICATIONS_TABLE}, ..., {@code ALERTS_TABLE}), the retention ({@code RETENTION_DAYS}), the number of
 * deadline-index shards ({@code DUE_SHARDS}) and the beat rate ({@code BEAT_RATE_LIMIT}, {@code BEAT_RATE_WINDOW_SECONDS}). Building a store does no I/O; a function uses the ones it needs.
 */
public record Tables(
        ApplicationStore applications,
        HeartbeatLog heartbeats,
        EventStore events,
        NotificationLog notifications,
        ScheduledAlertStore scheduled,
        ChannelStore channels,
        AlertStore alerts) {

    public static Tables from(Env env, DynamoDbClient dynamo) {
        Duration retention = Duration.ofDays(env.getLong("RETENTION_DAYS", 30));
        return new Tables(
                new ApplicationStore(dynamo, env.require("APPLICATIONS_TABLE"),
                        (int) env.getLong("DUE_SHARDS", ApplicationStore.DEFAULT_DUE_SHARDS), BeatRate.fromEnv(env)),
                new HeartbeatLog(dynamo, env.require("HEARTBEATS_TABLE"), retention),
                new EventStore(dynamo, env.require("EVENTS_TABLE"), retention),
                new NotificationLog(dynamo, env.require("NOTIFICATIONS_TABLE"), retention),
                new ScheduledAlertStore(dynamo, env.require("SCHEDULED_ALERTS_TABLE")),
                new ChannelStore(dynamo, env.require("CHANNELS_TABLE")),
                new AlertStore(dynamo, env.require("ALERTS_TABLE"), retention));
    }
}
