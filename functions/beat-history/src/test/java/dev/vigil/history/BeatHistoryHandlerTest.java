package dev.vigil.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.AlertType;
import dev.vigil.domain.Application;
import dev.vigil.domain.Deadlines;
import dev.vigil.domain.Resolution;
import dev.vigil.domain.Status;
import dev.vigil.domain.BucketCounts;
import dev.vigil.domain.MaintenanceWindow;
import dev.vigil.domain.UptimeBucket;
import dev.vigil.domain.UptimeCounter;
import dev.vigil.domain.UptimeState;
import dev.vigil.fixtures.Fixture;
import dev.vigil.runtime.Json;
import dev.vigil.store.HeartbeatLog;
import dev.vigil.store.RollupStore;
import dev.vigil.testkit.DynamoLocal;
import dev.vigil.testkit.SamTemplate;
import dev.vigil.testkit.TableStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The beat-history function fed the sample stream event from {@code events/}, and the real stream of
 * the applications table on DynamoDB Local after beats written as the ingest writes them.
 */
class BeatHistoryHandlerTest {
    private final Fixture f = new Fixture("BeatHistoryFunction", DynamoLocal.shared().client());
    private final BeatHistoryHandler handler = new BeatHistoryHandler(f.platform);
    private final TableStream stream = new TableStream(f.db.endpoint(), f.db.streamArn("ApplicationsTable"));

    private JsonNode invoke(JsonNode event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)), out, null);
        return Json.MAPPER.readTree(out.toByteArray());
    }

    /** Delivers what the stream holds since the last delivery, as Lambda's event source would. */
    private JsonNode deliverStream() throws IOException {
        return invoke(stream.lambdaEvent(stream.next(100)));
    }

    private void beat(Application app, String method) {
        f.applications().recordBeat(app.uuid(), new HeartbeatLog.Beat(f.clock.instant(), method,
                Optional.of("203.0.113.24"), Optional.of("curl/8.5.0")));
    }

    private List<HeartbeatLog.Beat> history(Application app) {
        return f.heartbeats().list(app.id(), 50, Optional.empty()).items();
    }

    @Test
    void aChangeOfUptimeStateRollsThePreviousStateUpAndOtherBeatsWriteNothingThere() throws IOException {
        RollupStore rollups = new RollupStore(f.platform.dynamo(), f.platform.env().require(RollupStore.TABLE_SETTING));
        Application app = f.register("uptime-watched", 300, 60);
        beat(app, "POST");
        Instant firstBeat = f.clock.instant();
        deliverStream();
        assertEquals(Optional.of(new RollupStore.Watermark(firstBeat, Optional.of(UptimeState.UP))),
                rollups.watermark(RollupStore.application(app.id())), "the first beat starts the watch");
        f.clock.advance(Duration.ofSeconds(90));
        beat(app, "POST");
        deliverStream();
        assertEquals(firstBeat, rollups.watermark(RollupStore.application(app.id())).orElseThrow().rolledUpTo(),
                "a beat that keeps it up writes no rollup");

        f.clock.advance(Duration.ofSeconds(30));
        Application current = f.reload(app);
        f.applications().updateSettings(current, current.with(current.name(), 300, 60, false, f.clock.instant()));
        deliverStream();

        Instant paused = f.clock.instant();
        assertEquals(Optional.of(new RollupStore.Watermark(paused, Optional.of(UptimeState.PAUSED))),
                rollups.watermark(RollupStore.application(app.id())));
        UptimeBucket day = UptimeBucket.holding(Resolution.DAY, firstBeat);
        assertEquals(120_000, rollups.read(RollupStore.application(app.id()), List.of(day)).counts().getFirst()
                .get(UptimeCounter.UP));
    }

    @Test
    void aRetriedBatchRollsAChangeWithoutABeatUpToWhenItHappenedNotToTheRetry() throws IOException {
        RollupStore rollups = new RollupStore(f.platform.dynamo(), f.platform.env().require(RollupStore.TABLE_SETTING));
        Application app = f.register("replayed-pause", 300, 60);
        beat(app, "POST");
        deliverStream();
        f.clock.advance(Duration.ofSeconds(60));
        Application current = f.reload(app);
        f.applications().updateSettings(current, current.with(current.name(), 300, 60, false, f.clock.instant()));
        JsonNode pause = stream.lambdaEvent(stream.next(100));
        invoke(pause);
        Instant paused = f.clock.instant();

        f.clock.advance(Duration.ofSeconds(60));
        beat(app, "POST");
        deliverStream();
        Instant resumed = f.clock.instant();
        assertEquals(Optional.of(new RollupStore.Watermark(resumed, Optional.of(UptimeState.UP))),
                rollups.watermark(RollupStore.application(app.id())), "a success resumes it");

        f.clock.advance(Duration.ofSeconds(600));
        invoke(pause);

        assertEquals(Optional.of(new RollupStore.Watermark(resumed, Optional.of(UptimeState.UP))),
                rollups.watermark(RollupStore.application(app.id())),
                "the pause redelivered after the resume is older than the watermark and changes nothing");
        BucketCounts day = rollups.read(RollupStore.application(app.id()), List.of(UptimeBucket.holding(Resolution.DAY, paused)))
                .counts().getFirst();
        assertEquals(60_000, day.get(UptimeCounter.PAUSED), "the paused minute, counted once");
        assertEquals(60_000, day.get(UptimeCounter.UP), "the minute up before the pause");
    }

    @Test
    void timeInsideTheApplicationsMaintenanceWindowIsRolledUpAsMaintenance() throws IOException {
        RollupStore rollups = new RollupStore(f.platform.dynamo(), f.platform.env().require(RollupStore.TABLE_SETTING));
        Application app = f.register("nightly-export", 300, 60);
        Instant start = f.clock.instant();
        Application read = f.reload(app);
        f.applications().updateSettings(read, read.withRules(read.rules().withMaintenance(List.of(
                new MaintenanceWindow.OneOff(start.plusSeconds(60), start.plusSeconds(120))))));
        beat(app, "POST");
        deliverStream();

        f.clock.advance(Duration.ofSeconds(180));
        Application current = f.reload(app);
        f.applications().updateSettings(current, current.with(current.name(), 300, 60, false, f.clock.instant()));
        deliverStream();

        BucketCounts day = rollups.read(RollupStore.application(app.id()), List.of(UptimeBucket.holding(Resolution.DAY, start)))
                .counts().getFirst();
        assertEquals(120_000, day.get(UptimeCounter.UP), "up before and after the window");
        assertEquals(60_000, day.get(UptimeCounter.MAINTENANCE), "the window's minute");
    }

    @Test
    void theSampleBeatBecomesOneHistoryEntryHoweverOftenItIsDelivered() throws IOException {
        Path sample = SamTemplate.locate().getParent().resolve("events").resolve("applications-stream-beat.json");
        JsonNode event = Json.MAPPER.readTree(Files.readString(sample));

        assertEquals(1, invoke(event).path("beats").asInt());
        invoke(event);

        List<HeartbeatLog.Beat> history = f.heartbeats().list("app_k3v9x2m7q4pa", 10, Optional.empty()).items();
        assertEquals(List.of(new HeartbeatLog.Beat(Instant.ofEpochMilli(1764000603250L), "GET",
                Optional.of("203.0.113.24"), Optional.of("Wget/1.21"))), history);
    }

    @Test
    void everyBeatOnTheStreamJoinsTheHistoryAndNothingElseDoes() throws IOException {
        Application app = f.register("nightly-backup", 300, 60);
        for (String method : List.of("POST", "GET", "HEAD")) {
            f.clock.advance(Duration.ofSeconds(30));
            beat(app, method);
        }
        Application current = f.reload(app);
        f.applications().updateSettings(current, current.with("renamed", 600, 60, true, f.clock.instant()));

        JsonNode result = deliverStream();

        assertEquals(3, result.path("beats").asInt(), result.toString());
        assertEquals(List.of("HEAD", "GET", "POST"), history(app).stream().map(HeartbeatLog.Beat::method).toList(),
                "newest first; the rename is no beat");
        assertEquals(f.clock.instant(), history(app).get(0).receivedAt());
        assertTrue(f.bus.published.isEmpty(), "beats of an application that is up announce nothing");
    }

    @Test
    void aBeatThatEndsAnOutageAnnouncesTheRecoveryOnce() throws IOException {
        Application down = downApplication();
        f.clock.advance(Duration.ofSeconds(5));
        Instant firstBeat = f.clock.instant();
        beat(down, "POST");
        f.clock.advance(Duration.ofSeconds(5));
        beat(down, "POST");

        deliverStream();
        invoke(stream.lambdaEvent(List.of()));

        assertEquals(List.of(AlertType.APPLICATION_UP), f.bus.types());
        AlertEvent up = f.bus.published.get(0);
        assertEquals(down.id() + "-2", up.eventId());
        assertEquals(2, up.flip());
        assertEquals(Optional.of(firstBeat), up.lastHeartbeat(), "the recovery names the beat that ended the outage");
        Application stored = f.reload(down);
        assertEquals(Status.UP, stored.announced());
        assertEquals(2, stored.flips());
        assertEquals(2, history(down).size());
    }

    @Test
    void aRedeliveredRecoveryIsAnnouncedOnce() throws IOException {
        Application down = downApplication();
        beat(down, "POST");
        JsonNode event = stream.lambdaEvent(stream.next(100));

        invoke(event);
        invoke(event);

        assertEquals(List.of(AlertType.APPLICATION_UP), f.bus.types());
        assertEquals(1, history(down).size());
    }

    @Test
    void whenTheBusIsDownTheRecoveryStaysPendingForTheDetector() throws IOException {
        Application down = downApplication();
        f.bus.failing = true;
        beat(down, "POST");

        deliverStream();

        assertTrue(f.bus.published.isEmpty());
        List<AlertEvent> pending = f.events().pending(10);
        assertEquals(List.of(AlertType.APPLICATION_UP), pending.stream().map(AlertEvent::type).toList());
        assertEquals(1, history(down).size(), "the history does not wait for the bus");
    }

    /** An application whose outage (flip 1) was announced. */
    private Application downApplication() {
        Application registered = f.register("worker", 60, 0);
        Application down = new Application(registered.id(), registered.uuid(), registered.name(), 60, 0, Status.DOWN,
                Status.DOWN, true, Optional.of(f.clock.instant()), registered.watchedSince(), Optional.empty(), 1,
                registered.createdAt(), registered.updatedAt());
        f.applications().delete(registered);
        f.applications().create(down.withDueAt(Deadlines.deadline(down)));
        stream.next(100); // what registering wrote is no beat
        return down;
    }
}
