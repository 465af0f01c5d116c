package dev.vigil.config;

import dev.vigil.aws.Clients;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Hand wiring for a function's collaborators, with no DI framework: the configuration, the clock, the
 * DynamoDB client, and "ports" (the event bus, the alert topic...) that a function asks for by type with
 * the factory it would use on AWS. The local runner and tests override ports with their own parts.
 */
public final class Services {
    private final Env env;
    private final Clock clock;
    private final Map<Class<?>, Object> ports;
    private DynamoDbClient dynamo;

    private Services(Env env, Clock clock, Map<Class<?>, Object> ports, DynamoDbClient dynamo) {
        this.env = env;
        this.clock = clock;
        this.ports = ports;
        this.dynamo = dynamo;
    }

    public static Services fromEnvironment() {
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

    public synchronized DynamoDbClient dynamo() {
        if (dynamo == null) {
            dynamo = Clients.dynamo(env);
        }
        return dynamo;
    }

    /** The overriding instance of {@code type} if one was given, else the one {@code factory} builds. */
    public synchronized <T> T port(Class<T> type, Function<Env, ? extends T> factory) {
        Object existing = ports.get(type);
        if (existing == null) {
            existing = factory.apply(env);
            ports.put(type, existing);
        }
        return type.cast(existing);
    }

    public static final class Builder {
        private final Env env;
        private Clock clock = Clock.systemUTC();
        private final Map<Class<?>, Object> ports = new HashMap<>();
        private DynamoDbClient dynamo;

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

        public <T> Builder port(Class<T> type, T instance) {
            ports.put(type, instance);
            return this;
        }

        public Services build() {
            return new Services(env, clock, new HashMap<>(ports), dynamo);
        }
    }
}
