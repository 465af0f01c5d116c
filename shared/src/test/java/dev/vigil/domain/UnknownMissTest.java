package dev.vigil.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The state of an application whose miss was marked unknown, and the system alert of an ingest episode: plain objects. */
class UnknownMissTest {
    static final Instant CREATED = Instant.parse("2026-11-24T12:00:00Z");
    static final Instant MARKED = CREATED.plusSeconds(61);

    /** Beat at 12:00:00 every 60 s with no grace, its miss marked unknown at 12:01:01 and watched again from then. */
    static Application unknownApp() {
        Application app = Application.registered("app_unknown00001", "3f1c2a9e-8d4b-4e1f-9a6c-2b7d5e8f0a13", "etl", 60, 0,
                true, List.of(), Severity.CRITICAL, Optional.empty(), CREATED);
        return app.withRun(new RunState(Optional.empty(), Optional.empty(), 0, 0, java.util.Map.of(), Optional.empty(),
                Optional.of(new RunState.UnknownMiss(MARKED, UnknownReason.FLEET_DROP)))).withWatchRestarted(MARKED);
    }

    static Application beatAt(Application app, Instant beat) {
        return new Application(app.id(), app.uuid(), app.name(), app.intervalSeconds(), app.graceSeconds(), Status.UP,
                app.announced(), app.active(), Optional.of(beat), app.watchedSince(), app.dueAt(), app.flips(), app.createdAt(),
                app.updatedAt(), app.channels(), app.severity(), app.quietHours(), app.acknowledgedFlip(), app.version(),
                app.tenantId(), app.rules(), app.run());
    }

    @Test
    void aRestartedWatchKeepsTheTimeoutOfARunInProgressAsItsDeadline() {
        Application app = Application.registered("app_unknown00002", "4a2d3b8f-9e5c-4f20-8b7d-3c8e6f9a1b24", "backup", 3600, 0,
                true, List.of(), Severity.CRITICAL, Optional.empty(), CREATED);
        Application running = app.withRules(new BeatRules(Optional.empty(), 1, 1, Optional.empty(),
                Optional.of(java.time.Duration.ofMinutes(10)), false, Optional.empty(), List.of()))
                .withRun(new RunState(Optional.of(CREATED), Optional.empty(), 0, 0));

        assertEquals(Optional.of(CREATED.plusSeconds(600)), running.withWatchRestarted(MARKED).dueAt(),
                "the run still times out when it would have, not one schedule window after the restart");
    }

    @Test
    void aMarkedMissIsUnknownUntilTheRestartedDeadline() {
        assertEquals(BeatState.UNKNOWN, BeatState.of(unknownApp(), MARKED.plusSeconds(30)));
    }

    @Test
    void theRestartedWatchGivesOneMoreWindow() {
        assertEquals(Optional.of(MARKED.plusSeconds(60)), unknownApp().dueAt());
    }

    @Test
    void pastTheRestartedDeadlineItIsDown() {
        assertEquals(BeatState.DOWN, BeatState.of(unknownApp(), MARKED.plusSeconds(60)));
    }

    @Test
    void aBeatAfterTheMarkEndsIt() {
        Application beaten = beatAt(unknownApp(), MARKED.plusSeconds(5));

        assertEquals(BeatState.UP, BeatState.of(beaten, MARKED.plusSeconds(10)));
        assertEquals(Optional.empty(), beaten.unknownMiss());
    }

    @Test
    void aBeatBeforeTheMarkDoesNotEndIt() {
        Application app = beatAt(unknownApp(), MARKED.minusSeconds(1));

        assertEquals(BeatState.UNKNOWN, BeatState.of(app, MARKED.plusSeconds(10)));
    }

    @Test
    void aPausedApplicationIsPausedWhateverItsLastMiss() {
        Application paused = unknownApp().with("etl", 60, 0, false, MARKED.plusSeconds(5));

        assertEquals(BeatState.PAUSED, BeatState.of(paused, MARKED.plusSeconds(10)));
    }

    @Test
    void aResumeAfterTheMarkStartsANewWatchAndEndsIt() {
        Application resumed = unknownApp().with("etl", 60, 0, false, MARKED.plusSeconds(5))
                .with("etl", 60, 0, true, MARKED.plusSeconds(10));

        assertEquals(Optional.empty(), resumed.unknownMiss());
        assertEquals(BeatState.NEW, BeatState.of(resumed, MARKED.plusSeconds(20)));
    }

    @Test
    void aLaterRealOutageIsDownNotUnknown() {
        Application app = unknownApp();
        Application down = new Application(app.id(), app.uuid(), app.name(), app.intervalSeconds(), app.graceSeconds(),
                Status.DOWN, Status.DOWN, true, app.lastHeartbeat(), app.watchedSince(), Optional.empty(), 1, app.createdAt(),
                app.updatedAt(), app.channels(), app.severity(), app.quietHours(), 0, app.version(), app.tenantId(),
                app.rules(), app.run());

        assertEquals(Optional.empty(), down.unknownMiss());
        assertEquals(BeatState.DOWN, BeatState.of(down, MARKED.plusSeconds(90)));
    }

    @Test
    void theReasonsTravelAsHyphenatedWords() {
        assertEquals("ingest-errors", UnknownReason.INGEST_ERRORS.wire());
        assertEquals(Optional.of(UnknownReason.FLEET_DROP), UnknownReason.fromWire("fleet-drop"));
        assertEquals(Optional.empty(), UnknownReason.fromWire("fleet_drop"));
    }

    @Test
    void anIngestEpisodeOpensAP2SystemAlertAndItsEndResolvesIt() {
        AlertEvent degraded = Alerts.ingestChanged(true, MARKED, "600 applications", MARKED);
        AlertEvent healthy = Alerts.ingestChanged(false, MARKED, "healthy", MARKED.plusSeconds(90));

        assertEquals(new AlertLifecycle.Effect.Open("system#ingest", AlertSeverity.P2), AlertLifecycle.effectOf(degraded));
        assertEquals(new AlertLifecycle.Effect.Resolve("system#ingest"), AlertLifecycle.effectOf(healthy));
        assertEquals(Tenant.DEFAULT_ID, degraded.tenantId());
        assertEquals(false, degraded.aboutOneApplication(), "no application is looked up for it");
        assertEquals(false, degraded.eventId().equals(healthy.eventId()), "each direction is its own event");
    }
}
