package dev.vigil.system;

import dev.vigil.admin.ApplicationRegistry;
import dev.vigil.admin.ApplicationRequest;
import dev.vigil.detector.FollowUps;
import dev.vigil.detector.MissedBeatScan;
import dev.vigil.domain.Application;
import dev.vigil.fixtures.Fixture;
import dev.vigil.ingest.BeatRecorder;
import java.util.Optional;

/**
 * The functions' use cases side by side on one {@link Fixture}: the admin API's registry, the
 * ingest's recorder and the detector's pass, as the deployed functions run them on the same tables.
 */
final class SystemFixture {
    final Fixture f = new Fixture();

    ApplicationRegistry registry() {
        return new ApplicationRegistry(f.applications(), f.clock);
    }

    BeatRecorder recorder() {
        return new BeatRecorder(f.applications(), f.heartbeats(), f.ledger(), f.clock);
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

    void beat(Application app) {
        recorder().beat(app.uuid(), "POST", Optional.of("127.0.0.1"), Optional.of("curl/8"));
    }
}
