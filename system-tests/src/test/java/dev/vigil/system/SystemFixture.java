package dev.vigil.system;

import dev.vigil.admin.ApplicationRegistry;
import dev.vigil.admin.ApplicationRequest;
import dev.vigil.detector.FollowUps;
import dev.vigil.detector.MissedBeatScan;
import dev.vigil.domain.Application;
import dev.vigil.fixtures.Fixture;
import dev.vigil.history.BeatHistory;
import dev.vigil.ingest.BeatRecorder;
import dev.vigil.store.RollupStore;
import dev.vigil.testkit.TableStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * The functions' use cases side by side on one {@link Fixture}: the admin API's registry, the
 * ingest's recorder, the beat history fed from the table's stream, and the detector's pass, as the
 * deployed functions run them on the same tables.
 */
final class SystemFixture {
    final Fixture f = new Fixture();
    private final TableStream stream = new TableStream(f.db.endpoint(), f.db.streamArn("ApplicationsTable"));
    private final BeatHistory history = new BeatHistory(f.applications(), f.heartbeats(), f.ledger(),
            new RollupStore(f.platform.dynamo(), "UptimeTable"), f.clock);

    ApplicationRegistry registry() {
        return new ApplicationRegistry(f.applications(), f.clock);
    }

    BeatRecorder recorder() {
        return new BeatRecorder(f.applications(), f.clock);
    }

    /** A detector pass without reminders and digests. */
    MissedBeatScan scan() {
        return new MissedBeatScan(f.applications(), f.ledger(), f.clock);
    }

    /** A detector pass with its follow-ups (reminders, digests), as the deployed detector runs it. */
    MissedBeatScan detector() {
        return new MissedBeatScan(f.applications(), f.ledger(),
                new FollowUps(f.tables().scheduled(), f.applications(), f.ledger(), f.clock), f.clock);
    }

    Application register(String name, long interval, long grace) {
        return registry().register(new ApplicationRequest(Optional.of(name), Optional.of(interval), Optional.of(grace),
                Optional.empty()));
    }

    /** A beat through the ingest, then what its stream record brings about (history, a recovery). */
    void beat(Application app) {
        recorder().beat(app.uuid(), "POST", Optional.of("127.0.0.1"), Optional.of("curl/8"));
        deliverStream();
    }

    /** Reads and discards the changes written since the last delivery: their handling failed for good. */
    void dropStream() {
        stream.next(1000);
    }

    /** Hands the beat-history function every change written since the last delivery, as Lambda does. */
    void deliverStream() {
        List<BeatHistory.Change> changes = new ArrayList<>();
        for (Record record : stream.next(1000)) {
            if (record.eventName() == OperationType.MODIFY) {
                changes.add(new BeatHistory.Change(record.dynamodb().oldImage(), record.dynamodb().newImage()));
            }
        }
        history.apply(changes);
    }
}
