package dev.vigil.monitor;

import dev.vigil.app.Application;
import dev.vigil.app.ApplicationRequest;
import dev.vigil.config.Env;
import dev.vigil.config.Services;
import dev.vigil.events.AlertEvent;
import dev.vigil.events.EventPublisher;
import dev.vigil.store.ApplicationStore;
import dev.vigil.store.EventStore;
import dev.vigil.store.HeartbeatLog;
import dev.vigil.store.Stores;
import dev.vigil.testkit.DynamoLocal;
import dev.vigil.testkit.SamTemplate;
import dev.vigil.testkit.TestClock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Empty tables of the template on the shared DynamoDB Local, a hand-moved clock, a recording bus. */
public final class Fixture {
    public static final Instant START = Instant.parse("2026-11-24T12:00:00Z");

    public final DynamoLocal db = DynamoLocal.shared();
    public final TestClock clock = new TestClock(START);
    public final RecordingBus bus = new RecordingBus();
    public final Services services;

    public Fixture() {
        this(DynamoLocal.shared().client());
    }

    public Fixture(DynamoDbClient dynamo) {
        db.reset();
        SamTemplate template = SamTemplate.load();
        Map<String, String> env = new HashMap<>(template.environment(
                template.function("MissedBeatDetectorFunction").orElseThrow(), Map.of()));
        services = Services.builder(Env.of(env)).clock(clock).dynamo(dynamo).port(EventPublisher.class, bus).build();
    }

    public ApplicationStore applications() {
        return Stores.applications(services);
    }

    public EventStore events() {
        return Stores.events(services);
    }

    public HeartbeatLog heartbeats() {
        return Stores.heartbeats(services);
    }

    public AlertOutbox outbox() {
        return new AlertOutbox(events(), bus, clock);
    }

    public BeatRecorder recorder() {
        return new BeatRecorder(applications(), heartbeats(), outbox(), clock);
    }

    public MissedBeatScan scan() {
        return new MissedBeatScan(applications(), outbox(), clock);
    }

    public ApplicationRegistry registry() {
        return new ApplicationRegistry(applications(), clock);
    }

    public Application register(String name, long interval, long grace) {
        return registry().register(new ApplicationRequest(Optional.of(name), Optional.of(interval), Optional.of(grace),
                Optional.empty()));
    }

    public Application reload(Application app) {
        return applications().findByUuid(app.uuid()).orElseThrow();
    }

    public void beat(Application app) {
        recorder().beat(app.uuid(), "POST", Optional.of("127.0.0.1"), Optional.of("curl/8"));
    }

    /** Records published events; can be told to fail, as a bus outage would. */
    public static final class RecordingBus implements EventPublisher {
        public final List<AlertEvent> published = new CopyOnWriteArrayList<>();
        public volatile boolean failing;

        @Override
        public void publish(AlertEvent event) {
            if (failing) {
                throw new IllegalStateException("bus unavailable");
            }
            published.add(event);
        }

        public List<String> types() {
            return published.stream().map(AlertEvent::type).toList();
        }
    }
}
