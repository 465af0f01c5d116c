package dev.vigil.wiring;

import dev.vigil.bus.AlertLedger;
import dev.vigil.bus.EventBridgePublisher;
import dev.vigil.bus.EventPublisher;
import dev.vigil.runtime.AwsJsonCall;
import dev.vigil.runtime.Clients;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Log;
import dev.vigil.runtime.Metrics;
import java.time.Clock;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What every function is built from, once per container: its configuration, the clock, the DynamoDB
 * client and the stores over it, and — for the functions that publish — the event bus and the alert
 * ledger. A function's no-argument constructor (the one Lambda calls) uses {@link #fromEnvironment()};
 * the local runner and tests build one with their own clock, database and bus.
 */
public final class Platform {
    private final Env env;
    private final Clock clock;
    private final DynamoDbClient dynamo;
    private final Tables tables;
    private final EventPublisher busOverride;
    private final Consumer<String> metricLines;
    private EventPublisher bus;
    private AlertLedger ledger;

    private Platform(Env env, Clock clock, DynamoDbClient dynamo, EventPublisher bus, Consumer<String> metricLines) {
        this.env = env;
        this.metricLines = metricLines;
        this.clock = clock;
        this.dynamo = dynamo;
        this.tables = Tables.from(env, dynamo);
        this.busOverride = bus;
    }

    /** From the process environment, on AWS. */
    public static Platform fromEnvironment() {
        return builder(Env.system()).build();
    }

    public static Builder builder(Env env) {
        return new Builder(env);
    }

    public Env env() {
        return env;
    }

    public Clock clock() {
        return clock;
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public Tables tables() {
        return tables;
    }

    /**
     * The metrics of {@code function} (its module name, e.g. {@code beat-ingest}), in the namespace
     * {@code METRICS_NAMESPACE}, written with the logs unless the builder was given other lines' sink.
     */
    public Metrics metrics(String function) {
        return new Metrics(env.get("METRICS_NAMESPACE", Metrics.DEFAULT_NAMESPACE), function, clock, metricLines);
    }

    /** The EventBridge bus named by {@code EVENT_BUS_NAME}. */
    public synchronized EventPublisher bus() {
        if (bus == null) {
            bus = busOverride != null ? busOverride : new EventBridgePublisher(
                    AwsJsonCall.fromEnv(env, "EVENTBRIDGE", "events", "AWSEvents"), env.require("EVENT_BUS_NAME"));
        }
        return bus;
    }

    /** The ledger that records state changes with their alerts and publishes them on {@link #bus()}. */
    public synchronized AlertLedger ledger() {
        if (ledger == null) {
            ledger = new AlertLedger(dynamo, tables.events(), tables.alerts(), bus(), clock);
        }
        return ledger;
    }

    public static final class Builder {
        private final Env env;
        private Clock clock = Clock.systemUTC();
        private DynamoDbClient dynamo;
        private EventPublisher bus;
        private Consumer<String> metricLines = Log::line;

        private Builder(Env env) {
            this.env = env;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder dynamo(DynamoDbClient dynamo) {
            this.dynamo = dynamo;
            return this;
        }

        public Builder bus(EventPublisher bus) {
            this.bus = bus;
            return this;
        }

        /** Where metric lines go (a test's list); the log's output by default. */
        public Builder metricLines(Consumer<String> sink) {
            this.metricLines = sink;
            return this;
        }

        public Platform build() {
            return new Platform(env, clock, dynamo != null ? dynamo : Clients.dynamo(env), bus, metricLines);
        }
    }
}
