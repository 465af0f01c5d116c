package dev.vigil.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.AlertType;
import dev.vigil.domain.Application;
import dev.vigil.domain.BeatDetail;
import dev.vigil.domain.BeatRules;
import dev.vigil.domain.MaintenanceWindow;
import dev.vigil.domain.SignalKind;
import dev.vigil.domain.Status;
import dev.vigil.fixtures.Fixture;
import dev.vigil.runtime.Json;
import dev.vigil.store.HeartbeatLog;
import dev.vigil.testkit.DynamoLocal;
import dev.vigil.testkit.TableStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the stream consumer does with signals, on the real stream of the applications table on DynamoDB
 * Local: failures flip the application down at once (once, through the alert ledger), too-fast runs
 * too, a run that would time out moves the deadline, and every signal joins the history with its run.
 */
class SignalHistoryTest {
    private static final String RID = "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b";

    private final Fixture f = new Fixture("BeatHistoryFunction", DynamoLocal.shared().client());
    private final BeatHistoryHandler handler = new BeatHistoryHandler(f.platform);
    private final TableStream stream = new TableStream(f.db.endpoint(), f.db.streamArn("ApplicationsTable"));

    private JsonNode invoke(JsonNode event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)), out, null);
        return Json.MAPPER.readTree(out.toByteArray());
    }

    private JsonNode deliverStream() throws IOException {
        return invoke(stream.lambdaEvent(stream.next(100)));
    }

    private Application register(BeatRules rules) {
        Application app = f.register("nightly-backup", 3600, 300);
        Application current = f.reload(app);
        assertTrue(f.applications().updateSettings(current, current.withRules(rules)));
        stream.next(100); // registering and its settings are no beats
        return f.reload(app);
    }

    private static BeatRules rules(int failureThreshold, Optional<Duration> min, Optional<Duration> max) {
        return new BeatRules(Optional.empty(), failureThreshold, 1, min, max, false, Optional.empty(), List.of());
    }

    private void signal(Application app, SignalKind kind, Optional<Integer> exitCode, Optional<String> rid) {
        f.applications().recordBeat(app.uuid(), new HeartbeatLog.Beat(f.clock.instant(), "POST", Optional.empty(),
                Optional.of("curl/8.5.0"), new BeatDetail(kind, exitCode, rid, Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty(), Map.of())));
    }

    private List<HeartbeatLog.Beat> history(Application app) {
        return f.heartbeats().list(app.id(), 50, Optional.empty()).items();
    }

    @Test
    void failSignalFlipsDownAtOnceWithOneAlertThatSaysWhy() throws IOException {
        Application app = register(BeatRules.DEFAULT);
        signal(app, SignalKind.FAIL, Optional.empty(), Optional.empty());
        JsonNode event = stream.lambdaEvent(stream.next(100));

        invoke(event);
        invoke(event);

        assertEquals(List.of(AlertType.APPLICATION_DOWN), f.bus.types());
        AlertEvent down = f.bus.published.get(0);
        assertEquals(Optional.of("Failed: the job sent a fail signal."), down.note());
        Application stored = f.reload(app);
        assertEquals(Status.DOWN, stored.status());
        assertEquals(Status.DOWN, stored.announced());
        assertEquals(Optional.empty(), stored.dueAt(), "a down application has no deadline");
    }

    @Test
    void exitCodeThreeFlipsDownAndTheAlertNamesTheCode() throws IOException {
        Application app = register(BeatRules.DEFAULT);
        signal(app, SignalKind.FAIL, Optional.of(3), Optional.empty());

        deliverStream();

        assertEquals(Optional.of("Failed: the job exited with code 3."), f.bus.published.get(0).note());
        assertEquals(Optional.of(3), history(app).get(0).detail().exitCode());
    }

    @Test
    void failuresBelowTheThresholdAreCountedNotAlerted() throws IOException {
        Application app = register(rules(2, Optional.empty(), Optional.empty()));
        signal(app, SignalKind.FAIL, Optional.empty(), Optional.empty());

        deliverStream();

        assertTrue(f.bus.published.isEmpty());
        assertEquals(Status.NEW, f.reload(app).status());
    }

    @Test
    void failureThatReachesTheThresholdFlipsDown() throws IOException {
        Application app = register(rules(2, Optional.empty(), Optional.empty()));
        signal(app, SignalKind.FAIL, Optional.empty(), Optional.empty());
        f.clock.advance(Duration.ofSeconds(10));
        signal(app, SignalKind.FAIL, Optional.empty(), Optional.empty());

        deliverStream();

        assertEquals(List.of(AlertType.APPLICATION_DOWN), f.bus.types());
        assertEquals(Status.DOWN, f.reload(app).status());
    }

    @Test
    void successBetweenFailuresResetsTheCount() throws IOException {
        Application app = register(rules(2, Optional.empty(), Optional.empty()));
        signal(app, SignalKind.FAIL, Optional.empty(), Optional.empty());
        signal(app, SignalKind.SUCCESS, Optional.empty(), Optional.empty());
        signal(app, SignalKind.FAIL, Optional.empty(), Optional.empty());

        deliverStream();

        assertTrue(f.bus.published.isEmpty());
        assertEquals(Status.UP, f.reload(app).status());
    }

    @Test
    void runFasterThanTheMinimumFlipsDownSayingSo() throws IOException {
        Application app = register(rules(1, Optional.of(Duration.ofSeconds(60)), Optional.empty()));
        signal(app, SignalKind.START, Optional.empty(), Optional.of(RID));
        f.clock.advance(Duration.ofSeconds(2));
        signal(app, SignalKind.SUCCESS, Optional.empty(), Optional.of(RID));

        deliverStream();

        assertEquals(List.of(AlertType.APPLICATION_DOWN), f.bus.types());
        assertEquals(Optional.of("Too fast: the run took 2 s, less than the minimum runtime of 60 s."),
                f.bus.published.get(0).note());
    }

    @Test
    void runOfAtLeastTheMinimumIsASuccess() throws IOException {
        Application app = register(rules(1, Optional.of(Duration.ofSeconds(60)), Optional.empty()));
        signal(app, SignalKind.START, Optional.empty(), Optional.empty());
        f.clock.advance(Duration.ofSeconds(60));
        signal(app, SignalKind.SUCCESS, Optional.empty(), Optional.empty());

        deliverStream();

        assertTrue(f.bus.published.isEmpty());
        assertEquals(Status.UP, f.reload(app).status());
    }

    @Test
    void startWithAMaxRuntimeMovesTheDeadlineToTheRunsTimeout() throws IOException {
        Application app = register(rules(1, Optional.empty(), Optional.of(Duration.ofMinutes(10))));
        signal(app, SignalKind.START, Optional.empty(), Optional.empty());

        deliverStream();

        assertEquals(Optional.of(f.clock.instant().plus(Duration.ofMinutes(10))), f.reload(app).dueAt());
    }

    @Test
    void startWithoutAMaxRuntimeKeepsTheDeadline() throws IOException {
        Application app = register(BeatRules.DEFAULT);
        signal(app, SignalKind.START, Optional.empty(), Optional.empty());

        deliverStream();

        assertEquals(app.dueAt(), f.reload(app).dueAt());
    }

    @Test
    void endOfARunJoinsTheHistoryWithItsRidAndDuration() throws IOException {
        Application app = register(BeatRules.DEFAULT);
        signal(app, SignalKind.START, Optional.empty(), Optional.of(RID));
        f.clock.advance(Duration.ofMillis(4200));
        signal(app, SignalKind.SUCCESS, Optional.empty(), Optional.of(RID));

        deliverStream();

        List<HeartbeatLog.Beat> history = history(app);
        assertEquals(List.of(SignalKind.SUCCESS, SignalKind.START), history.stream().map(b -> b.detail().kind()).toList());
        assertEquals(Optional.of(4200L), history.get(0).detail().durationMs());
        assertEquals(Optional.of(RID), history.get(0).detail().rid());
        assertEquals(Optional.empty(), history.get(1).detail().durationMs());
    }

    @Test
    void logJoinsTheHistoryAndAlertsNothing() throws IOException {
        Application app = register(BeatRules.DEFAULT);
        signal(app, SignalKind.LOG, Optional.empty(), Optional.empty());

        deliverStream();

        assertEquals(List.of(SignalKind.LOG), history(app).stream().map(b -> b.detail().kind()).toList());
        assertTrue(f.bus.published.isEmpty());
        assertEquals(Status.NEW, f.reload(app).status());
    }

    @Test
    void failFollowedByAStartBeforeTheStreamIsReadStillFlipsDown() throws IOException {
        Application app = register(BeatRules.DEFAULT);
        signal(app, SignalKind.FAIL, Optional.empty(), Optional.empty());
        f.clock.advance(Duration.ofSeconds(1));
        signal(app, SignalKind.START, Optional.empty(), Optional.empty());

        deliverStream();

        assertEquals(List.of(AlertType.APPLICATION_DOWN), f.bus.types());
        assertEquals(Status.DOWN, f.reload(app).status());
    }

    @Test
    void tooFastRunFollowedByALogBeforeTheStreamIsReadStillFlipsDown() throws IOException {
        Application app = register(rules(1, Optional.of(Duration.ofSeconds(60)), Optional.empty()));
        signal(app, SignalKind.START, Optional.empty(), Optional.empty());
        f.clock.advance(Duration.ofSeconds(2));
        signal(app, SignalKind.SUCCESS, Optional.empty(), Optional.empty());
        f.clock.advance(Duration.ofSeconds(1));
        signal(app, SignalKind.LOG, Optional.empty(), Optional.empty());

        deliverStream();

        assertEquals(List.of(AlertType.APPLICATION_DOWN), f.bus.types());
        assertEquals(Status.DOWN, f.reload(app).status());
    }

    @Test
    void failFollowedByASuccessBeforeTheStreamIsReadDoesNotFlip() throws IOException {
        Application app = register(BeatRules.DEFAULT);
        signal(app, SignalKind.FAIL, Optional.empty(), Optional.empty());
        f.clock.advance(Duration.ofSeconds(1));
        signal(app, SignalKind.SUCCESS, Optional.empty(), Optional.empty());

        deliverStream();

        assertTrue(f.bus.published.isEmpty());
        assertEquals(Status.UP, f.reload(app).status());
    }

    @Test
    void failInsideAMaintenanceWindowIsRecordedButDoesNotFlip() throws IOException {
        Application app = register(new BeatRules(Optional.empty(), 1, 1, Optional.empty(), Optional.empty(), false,
                Optional.empty(), List.of(), List.of(new MaintenanceWindow.OneOff(f.clock.instant().minus(Duration.ofMinutes(5)),
                        f.clock.instant().plus(Duration.ofHours(1))))));
        signal(app, SignalKind.FAIL, Optional.empty(), Optional.empty());

        deliverStream();

        assertTrue(f.bus.published.isEmpty());
        assertEquals(Status.NEW, f.reload(app).status());
        assertEquals(List.of(SignalKind.FAIL), history(app).stream().map(b -> b.detail().kind()).toList());
    }

    @Test
    void failWhileTheParentIsDownFlipsWithItsAlertSuppressed() throws IOException {
        Application parent = register(BeatRules.DEFAULT);
        signal(parent, SignalKind.FAIL, Optional.empty(), Optional.empty());
        deliverStream();
        Application child = register(new BeatRules(Optional.empty(), 1, 1, Optional.empty(), Optional.empty(), false,
                Optional.of(parent.id()), List.of()));
        signal(child, SignalKind.FAIL, Optional.empty(), Optional.empty());

        deliverStream();

        AlertEvent down = f.bus.published.stream().filter(e -> e.applicationId().equals(child.id())).findFirst().orElseThrow();
        assertEquals(Optional.of("parent " + parent.id() + " is down"), down.suppressed());
        Application stored = f.reload(child);
        assertEquals(Status.DOWN, stored.status());
        assertEquals(Optional.of("parent " + parent.id() + " is down"), stored.run().suppressed());
    }
}
