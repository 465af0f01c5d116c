package dev.vigil.wiring;

import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Application;
import dev.vigil.domain.Ids;
import dev.vigil.domain.Severity;
import dev.vigil.runtime.Env;
import dev.vigil.testkit.DynamoLocal;
import dev.vigil.testkit.SamTemplate;
import dev.vigil.testkit.TestClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The shared module's own tests stand on this: the template's tables emptied on DynamoDB Local, a
 * hand-moved clock and a bus that keeps what it is given (or refuses it while {@link #busDown}).
 */
public final class TestPlatform {
    public final DynamoLocal db = DynamoLocal.shared();
    public final TestClock clock;
    public final List<AlertEvent> published = new CopyOnWriteArrayList<>();
    public volatile boolean busDown;
    public final Platform platform;

    public TestPlatform() {
        this(new TestClock(Instant.parse("2026-11-24T12:00:00Z")), DynamoLocal.shared().client());
    }

    /** On {@code dynamo} (a wrapper of the shared database), moved by {@code clock}. */
    public TestPlatform(TestClock clock, DynamoDbClient dynamo) {
        this.clock = clock;
        db.reset();
        SamTemplate template = SamTemplate.load();
        Env env = Env.of(template.environment(template.function("MissedBeatDetectorFunction").orElseThrow(), Map.of()));
        platform = Platform.builder(env).clock(clock).dynamo(dynamo).bus(event -> {
            if (busDown) {
                throw new IllegalStateException("bus unavailable");
            }
            published.add(event);
        }).build();
    }

    public Tables tables() {
        return platform.tables();
    }

    /** A new active application, stored as the admin API stores one. */
    public Application register(String name, long interval, long grace) {
        Application app = Application.registered(Ids.APPLICATION.next(), UUID.randomUUID().toString(), name, interval,
                grace, true, List.of(), Severity.CRITICAL, Optional.empty(), clock.instant());
        tables().applications().create(app);
        return app;
    }
}
