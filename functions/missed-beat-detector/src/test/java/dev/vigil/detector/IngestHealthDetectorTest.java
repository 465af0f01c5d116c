package dev.vigil.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.AlertLifecycle;
import dev.vigil.domain.AlertSeverity;
import dev.vigil.domain.AlertStatus;
import dev.vigil.domain.AlertType;
import dev.vigil.domain.Application;
import dev.vigil.domain.BeatRules;
import dev.vigil.domain.BeatState;
import dev.vigil.domain.Ids;
import dev.vigil.domain.MaintenanceWindow;
import dev.vigil.domain.RunState;
import dev.vigil.domain.Severity;
import dev.vigil.domain.Status;
import dev.vigil.domain.Tenant;
import dev.vigil.domain.UnknownReason;
import dev.vigil.fixtures.RecordingBus;
import dev.vigil.runtime.Env;
import dev.vigil.store.AlertStore;
import dev.vigil.store.ApplicationStore;
import dev.vigil.store.HeartbeatLog;
import dev.vigil.store.IngestHealthStore;
import dev.vigil.testkit.DynamoLocal;
import dev.vigil.testkit.SamTemplate;
import dev.vigil.testkit.TestClock;
import dev.vigil.wiring.Platform;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Our own outage is not the user's outage: the detector, configured as the template configures it, against
 * DynamoDB Local. Misses that Vigil's ingest trouble may explain are {@code unknown}, page nobody and raise one
 * system alert; a miss in a healthy fleet is paged as before.
 */
class IngestHealthDetectorTest {
    static final Instant START = Instant.parse("2026-11-24T12:00:00Z");
    static final Duration PASS = Duration.ofSeconds(30);

    final DynamoLocal db = DynamoLocal.shared();
    final TestClock clock = new TestClock(START);
    final RecordingBus bus = new RecordingBus();
    Map<String, String> env;
    Platform platform;
    ApplicationStore apps;
    IngestHealthStore health;
    MissedBeatScan scan;

    @BeforeEach
    void emptyTables() {
        db.reset();
        SamTemplate template = SamTemplate.load();
        env = new HashMap<>(template.environment(template.function("MissedBeatDetectorFunction").orElseThrow(), Map.of()));
        platform = Platform.builder(Env.of(env)).clock(clock).dynamo(db.client()).bus(bus).metricLines(line -> { }).build();
        apps = platform.tables().applications();
        health = IngestHealthStore.fromEnv(platform.env(), db.client());
        scan = new MissedBeatScan(apps, platform.ledger(), clock,
                IngestWatch.fromEnv(platform.env(), health, apps, platform.ledger()));
    }

    @Test
    void aFleetOf500AllMissingInOnePassIsUnknownWithNoFlipNoPageAndOneSystemAlert() {
        List<Application> fleet = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            fleet.add(register("job-" + i, 60));
        }
        clock.set(START.plusSeconds(61));

        MissedBeatScan.Result first = scan.runPass();
        clock.advance(PASS);
        MissedBeatScan.Result second = scan.runPass();

        assertEquals(0, first.flippedDown(), first.toString());
        assertEquals(500, first.unknown(), first.toString());
        assertEquals(0, second.flippedDown() + second.unknown(), "the restarted watches are not due yet: " + second);
        assertEquals(List.of(AlertType.INGEST_HEALTH_CHANGED), bus.types(), "no application alert, one system alert");
        assertEquals(Status.DOWN, bus.published.get(0).status(), "the system alert says ingest is degraded");
        for (Application app : fleet) {
            Application stored = apps.findByUuid(app.uuid()).orElseThrow();
            assertEquals(BeatState.UNKNOWN, BeatState.of(stored, clock.instant()), stored.name());
            assertEquals(Optional.of(new RunState.UnknownMiss(START.plusSeconds(61), UnknownReason.FLEET_DROP)),
                    stored.run().unknown());
            assertEquals(Optional.of(START.plusSeconds(121)), stored.dueAt(), "watched again for one window");
        }
        assertEquals(1, systemAlerts().size());
        AlertStore.Alert system = systemAlert().orElseThrow();
        assertEquals(AlertSeverity.P2, system.severity());
        assertEquals(AlertStatus.OPEN, system.status());
        assertEquals(AlertStore.KIND_SYSTEM, system.kind());
        assertTrue(health.state().degraded());
    }

    @Test
    void aSingleMissInAHealthyFleetIsDownAndPagedAsBefore() {
        for (int i = 0; i < 40; i++) {
            register("hourly-" + i, 3600);
        }
        Application nightly = register("nightly-backup", 60);
        clock.set(START.plusSeconds(61));

        MissedBeatScan.Result pass = scan.runPass();

        assertEquals(1, pass.flippedDown(), pass.toString());
        assertEquals(0, pass.unknown());
        assertEquals(List.of(AlertType.APPLICATION_DOWN), bus.types());
        assertEquals(nightly.id(), bus.published.get(0).applicationId());
        assertEquals(Status.DOWN, apps.findByUuid(nightly.uuid()).orElseThrow().status());
        assertEquals(Optional.empty(), systemAlert());
        assertEquals(false, health.state().degraded());
    }

    @Test
    void recordedIngestErrorsInTheMissWindowMakeItUnknownAndOpenTheEpisode() {
        Application nightly = register("nightly-backup", 60);
        health.recordFailure(START.plusSeconds(30));
        clock.set(START.plusSeconds(61));

        MissedBeatScan.Result pass = scan.runPass();

        assertEquals(0, pass.flippedDown());
        assertEquals(1, pass.unknown());
        Application stored = apps.findByUuid(nightly.uuid()).orElseThrow();
        assertEquals(BeatState.UNKNOWN, BeatState.of(stored, clock.instant()));
        assertEquals(UnknownReason.INGEST_ERRORS, stored.run().unknown().orElseThrow().reason());
        assertEquals(List.of(AlertType.INGEST_HEALTH_CHANGED), bus.types());
        assertEquals(AlertStatus.OPEN, systemAlert().orElseThrow().status());
    }

    @Test
    void errorsRecordedBeforeTheLastBeatExplainNothing() {
        health.recordFailure(START.minusSeconds(120));
        Application nightly = register("nightly-backup", 60);
        clock.set(START.plusSeconds(61));

        MissedBeatScan.Result pass = scan.runPass();

        assertEquals(1, pass.flippedDown(), pass.toString());
        assertEquals(Status.DOWN, apps.findByUuid(nightly.uuid()).orElseThrow().status());
    }

    @Test
    void healthyIngestResolvesTheSystemAlertAndAStillSilentJobIsThenPaged() {
        Application nightly = register("nightly-backup", 60);
        health.recordFailure(START.plusSeconds(30));
        clock.set(START.plusSeconds(61));
        scan.runPass(); // unknown; the episode opens

        List<MissedBeatScan.Result> passes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clock.advance(PASS);
            passes.add(scan.runPass());
        }

        // +91 and +121 are clean (the miss again at +121 stays unknown: the episode is open); +151 is the third clean pass.
        assertEquals(1, passes.get(1).unknown(), passes.toString());
        assertEquals(Optional.empty(), systemAlert(), "resolved after three clean passes");
        assertEquals(AlertStatus.RESOLVED, systemAlerts().get(0).status());
        assertEquals(1, systemAlerts().size(), "one system alert for the episode");
        assertEquals(1, passes.get(3).flippedDown(), "at +181, with ingest healthy, the silent job is down: " + passes);
        assertEquals(List.of(AlertType.INGEST_HEALTH_CHANGED, AlertType.INGEST_HEALTH_CHANGED, AlertType.APPLICATION_DOWN),
                bus.types());
        AlertEvent healthy = bus.published.get(1);
        assertEquals(Status.UP, healthy.status());
        assertEquals(Status.DOWN, apps.findByUuid(nightly.uuid()).orElseThrow().status());
        assertEquals(false, health.state().degraded());
    }

    @Test
    void aBeatToAnUnknownApplicationMakesItUpAsUsual() {
        Application nightly = register("nightly-backup", 60);
        health.recordFailure(START.plusSeconds(30));
        clock.set(START.plusSeconds(61));
        scan.runPass();

        clock.advance(Duration.ofSeconds(5));
        apps.recordBeat(nightly.uuid(), new HeartbeatLog.Beat(clock.instant(), "POST", Optional.empty(), Optional.empty()));

        Application stored = apps.findByUuid(nightly.uuid()).orElseThrow();
        assertEquals(Status.UP, stored.status());
        assertEquals(BeatState.UP, BeatState.of(stored, clock.instant()));
        assertEquals(Optional.empty(), stored.unknownMiss());
        assertEquals(Optional.of(START.plusSeconds(126)), stored.dueAt());
    }

    @Test
    void inAHealthyFleetThePassPaysThreeCallsForIngestHealth() {
        register("hourly", 3600);
        dev.vigil.testkit.CountingDynamo counting = new dev.vigil.testkit.CountingDynamo(db.client());
        IngestHealthStore countedHealth = IngestHealthStore.fromEnv(platform.env(), counting.client());
        IngestWatch watch = IngestWatch.fromEnv(platform.env(), countedHealth, apps, platform.ledger());
        clock.set(START.plusSeconds(61));

        watch.end(watch.begin(List.of(), clock.instant()), clock.instant());

        assertEquals(List.of("getItem", "query", "updateItem"), counting.calls(),
                "the state, the error buckets since the last pass, the new baseline; no count of the fleet");
    }

    @Test
    void missesInsideASharedMaintenanceWindowAreNoFleetDropAndARealMissIsPaged() {
        MaintenanceWindow window = new MaintenanceWindow.OneOff(START, START.plus(Duration.ofHours(1)));
        for (int i = 0; i < 30; i++) {
            Application cron = register("maintained-" + i, 60);
            Application current = apps.findByUuid(cron.uuid()).orElseThrow();
            assertTrue(apps.updateSettings(current, current.withRules(new BeatRules(Optional.empty(), 1, 1, Optional.empty(),
                    Optional.empty(), false, Optional.empty(), List.of(), List.of(window)))));
        }
        register("nightly-backup", 60);
        clock.set(START.plusSeconds(61));

        MissedBeatScan.Result pass = scan.runPass();

        assertEquals(1, pass.flippedDown(), pass.toString());
        assertEquals(0, pass.unknown(), pass.toString());
        assertEquals(List.of(AlertType.APPLICATION_DOWN), bus.types(), "no ingest alert");
    }

    @Test
    void childrenOfADownParentAreNoFleetDrop() {
        Application parent = register("database", 60);
        for (int i = 0; i < 25; i++) {
            Application child = register("report-" + i, 60);
            Application current = apps.findByUuid(child.uuid()).orElseThrow();
            assertTrue(apps.updateSettings(current, current.withRules(new BeatRules(Optional.empty(), 1, 1, Optional.empty(),
                    Optional.empty(), false, Optional.of(parent.id()), List.of()))));
        }
        clock.set(START.plusSeconds(61));

        MissedBeatScan.Result pass = scan.runPass();

        assertEquals(0, pass.unknown(), pass.toString());
        assertTrue(bus.types().stream().noneMatch(AlertType.INGEST_HEALTH_CHANGED::equals), bus.types().toString());
        assertEquals(1, bus.published.stream().filter(event -> event.suppressed().isEmpty()).count(),
                "only the parent pages; its children's alerts are suppressed");
    }

    // --- helpers -------------------------------------------------------------------------------

    Application register(String name, long interval) {
        Application app = Application.registered(Ids.APPLICATION.next(), UUID.randomUUID().toString(), name, interval, 0,
                true, List.of(), Severity.CRITICAL, Optional.empty(), START);
        apps.create(app);
        return app;
    }

    Optional<AlertStore.Alert> systemAlert() {
        return platform.tables().alerts().standing(Tenant.DEFAULT_ID, AlertLifecycle.INGEST_SUBJECT);
    }

    /** Every system alert record about ingest, standing or resolved. */
    List<AlertStore.Alert> systemAlerts() {
        return platform.tables().alerts().list(new AlertStore.Filter(Optional.of(Tenant.DEFAULT_ID), Optional.empty(),
                Optional.empty(), Optional.of(AlertLifecycle.INGEST_SUBJECT)), 10, Optional.empty()).items();
    }
}
