package dev.vigil.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.admin.ApplicationRequest;
import dev.vigil.detector.MissedBeatScan;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.AlertType;
import dev.vigil.domain.Application;
import dev.vigil.domain.Status;
import dev.vigil.fixtures.Fixture;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MissedBeatScanTest {
    private final SystemFixture system = new SystemFixture();
    private final Fixture f = system.f;

    @Test
    void applicationThatNeverBeatsGoesDownOnceItsFirstDeadlinePasses() {
        Application app = system.register("backup", 300, 60);
        f.clock.advance(Duration.ofSeconds(359));
        assertEquals(0, system.scan().runPass().flippedDown(), "still inside interval + grace");
        f.clock.advance(Duration.ofSeconds(1));
        assertEquals(1, system.scan().runPass().flippedDown());
        assertEquals(Status.DOWN, f.reload(app).status());
        assertEquals(List.of(AlertType.APPLICATION_DOWN), f.bus.types());
        AlertEvent event = f.bus.published.get(0);
        assertEquals(app.id(), event.applicationId());
        assertEquals(Status.NEW, event.previousStatus());
    }

    @Test
    void downIsAnnouncedOnlyOnceHoweverManyPassesRun() {
        system.register("backup", 60, 0);
        f.clock.advance(Duration.ofMinutes(5));
        for (int i = 0; i < 5; i++) {
            system.scan().runPass();
            f.clock.advance(Duration.ofSeconds(30));
        }
        assertEquals(List.of(AlertType.APPLICATION_DOWN), f.bus.types());
    }

    @Test
    void beatsKeepAnApplicationUp() {
        Application app = system.register("worker", 60, 30);
        for (int i = 0; i < 10; i++) {
            f.clock.advance(Duration.ofSeconds(60));
            system.beat(app);
            system.scan().runPass();
        }
        assertEquals(Status.UP, f.reload(app).status());
        assertTrue(f.bus.published.isEmpty());
    }

    @Test
    void aBeatAfterDownAnnouncesRecoveryOnce() {
        Application app = system.register("worker", 60, 0);
        f.clock.advance(Duration.ofSeconds(61));
        system.scan().runPass();
        f.clock.advance(Duration.ofSeconds(5));
        system.beat(app);
        system.beat(app);
        system.scan().runPass();
        assertEquals(List.of(AlertType.APPLICATION_DOWN, AlertType.APPLICATION_UP), f.bus.types());
        assertEquals(Status.UP, f.reload(app).status());
        assertEquals(Status.UP, f.reload(app).announced());
        assertEquals("-2", f.bus.published.get(1).eventId().substring(app.id().length()));
    }

    @Test
    void pausedApplicationsNeverAlert() {
        Application app = system.register("paused job", 60, 0);
        // With manualResume a beat does not resume it (without, it would: see beatResumesAPausedApplication).
        system.registry().update(app.id(), ApplicationRequest.forUpdate(dev.vigil.runtime.Json.object()
                .put("active", false).put("manualResume", true)));
        f.clock.advance(Duration.ofDays(3));
        system.beat(app);
        f.clock.advance(Duration.ofDays(3));
        assertEquals(0, system.scan().runPass().read());
        assertTrue(f.bus.published.isEmpty());
        assertEquals(Status.NEW, f.reload(app).status(), "a beat while paused changes no status");
        assertTrue(f.reload(app).lastHeartbeat().isPresent(), "but it is recorded");
    }

    @Test
    void beatResumesAPausedApplicationWithAFreshWatch() {
        Application app = system.register("paused job", 60, 0);
        system.registry().update(app.id(), new ApplicationRequest(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(false)));
        f.clock.advance(Duration.ofDays(3));
        system.beat(app);
        assertTrue(f.reload(app).active(), "the beat resumed it");
        assertEquals(Status.UP, f.reload(app).status());
        f.clock.advance(Duration.ofSeconds(59));
        assertEquals(0, system.scan().runPass().flippedDown(), "watched from the beat, not from before the pause");
        f.clock.advance(Duration.ofSeconds(1));
        assertEquals(1, system.scan().runPass().flippedDown());
    }

    @Test
    void resumingStartsAFreshWatchInsteadOfAlertingAtOnce() {
        Application app = system.register("paused job", 60, 0);
        system.registry().update(app.id(), new ApplicationRequest(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(false)));
        f.clock.advance(Duration.ofDays(1));
        system.registry().update(app.id(), new ApplicationRequest(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(true)));
        assertEquals(0, system.scan().runPass().flippedDown());
        f.clock.advance(Duration.ofSeconds(61));
        assertEquals(1, system.scan().runPass().flippedDown());
    }

    @Test
    void longerIntervalSetAfterTheLastBeatPostponesTheAlert() {
        Application app = system.register("slow", 60, 0);
        system.beat(app);
        system.registry().update(app.id(), new ApplicationRequest(Optional.empty(), Optional.of(3600L), Optional.empty(),
                Optional.empty()));
        f.clock.advance(Duration.ofMinutes(30));
        assertEquals(0, system.scan().runPass().flippedDown());
        f.clock.advance(Duration.ofMinutes(31));
        assertEquals(1, system.scan().runPass().flippedDown());
    }

    @Test
    void eventsTheBusRefusedArePublishedOnALaterPass() {
        system.register("job", 60, 0);
        f.bus.failing = true;
        f.clock.advance(Duration.ofMinutes(2));
        MissedBeatScan.Result first = system.scan().runPass();
        assertEquals(1, first.flippedDown());
        assertEquals(0, first.published());
        assertEquals(1, f.events().pending(10).size(), "the flip's event is kept pending");
        f.bus.failing = false;
        f.clock.advance(Duration.ofSeconds(30));
        assertEquals(1, system.scan().runPass().published());
        assertEquals(List.of(AlertType.APPLICATION_DOWN), f.bus.types());
        assertTrue(f.events().pending(10).isEmpty());
    }

    @Test
    void recoveryTheStreamsReaderNeverAnnouncedIsAnnouncedByTheDetector() {
        Application app = system.register("job", 60, 0);
        f.clock.advance(Duration.ofSeconds(61));
        system.scan().runPass();
        // The beat's write lands, but its stream record is never handled (the reader failed past its retries).
        system.recorder().beat(app.uuid(), "POST", Optional.empty(), Optional.empty());
        assertTrue(f.reload(app).recoveryUnannounced());
        f.clock.advance(Duration.ofSeconds(61));
        system.scan().runPass();
        assertEquals(List.of(AlertType.APPLICATION_DOWN, AlertType.APPLICATION_UP, AlertType.APPLICATION_DOWN),
                f.bus.types(), "the recovery is announced before the new outage");
    }

    @Test
    void aRecoveryWhoseAnnouncementFailedIsAnnouncedByTheDetectorWhileTheApplicationKeepsBeating() {
        Application app = system.register("job", 60, 0);
        f.clock.advance(Duration.ofSeconds(61));
        system.scan().runPass();
        // The beats land but their stream records are never handled, and the application keeps beating on time:
        // it is never overdue, so only the down index can find it.
        for (int i = 0; i < 3; i++) {
            f.clock.advance(Duration.ofSeconds(30));
            system.recorder().beat(app.uuid(), "POST", Optional.empty(), Optional.empty());
        }
        MissedBeatScan.Result pass = system.scan().runPass();
        assertEquals(1, pass.recoveries());
        assertEquals(0, pass.flippedDown());
        assertEquals(List.of(AlertType.APPLICATION_DOWN, AlertType.APPLICATION_UP), f.bus.types());
        assertEquals(0, system.scan().runPass().recoveries(), "announced once");
        assertTrue(f.applications().recoveredUnannounced(100).applications().isEmpty(), "it left the down index");
    }

    @Test
    void theNextBeatAnnouncesARecoveryWhoseFirstAnnouncementFailed() {
        Application app = system.register("job", 60, 0);
        f.clock.advance(Duration.ofSeconds(61));
        system.scan().runPass();
        f.clock.advance(Duration.ofSeconds(5));
        system.recorder().beat(app.uuid(), "POST", Optional.empty(), Optional.empty());
        system.dropStream();                                    // the reader failed past its retries on that record
        assertTrue(f.reload(app).recoveryUnannounced());
        f.clock.advance(Duration.ofSeconds(30));
        system.beat(app);                                       // the next beat announces it
        assertEquals(List.of(AlertType.APPLICATION_DOWN, AlertType.APPLICATION_UP), f.bus.types());
        assertTrue(!f.reload(app).recoveryUnannounced());
    }
}
