package dev.vigil.pulse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.AlertType;
import dev.vigil.domain.Component;
import dev.vigil.domain.CronExpression;
import dev.vigil.domain.Ids;
import dev.vigil.domain.OutboundRules;
import dev.vigil.domain.Pulse;
import dev.vigil.domain.ScheduledTask;
import dev.vigil.domain.TaskRun;
import dev.vigil.domain.TaskStatus;
import dev.vigil.domain.TaskTarget;
import dev.vigil.fixtures.Fixture;
import dev.vigil.notify.HttpDelivery;
import dev.vigil.runtime.Json;
import dev.vigil.store.PulseStore;
import dev.vigil.store.TaskStore;
import dev.vigil.testkit.CapturingHttpServer;
import dev.vigil.testkit.DynamoLocal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pulse on DynamoDB Local with the template's environment for PulseFunction: due tasks fire once,
 * on the bus or at a webhook; runs are recorded; a failing webhook task alerts, and so does its recovery.
 */
class TaskPulseTest {
    private final Fixture f = new Fixture("PulseFunction", DynamoLocal.shared().client(), Map.of());
    private final TaskStore tasks = TaskStore.fromEnv(f.platform.env(), f.platform.dynamo());
    private final List<ObjectNode> due = new CopyOnWriteArrayList<>();
    private final CapturingHttpServer receiver = new CapturingHttpServer();
    private final dev.vigil.fixtures.InMemorySecretStore secrets = new dev.vigil.fixtures.InMemorySecretStore();
    private final PulseHandler handler = new PulseHandler(f.platform, (taskId, detail) -> due.add(detail),
            new HttpDelivery(OutboundRules.allowingPrivate(), Duration.ofSeconds(5)), secrets);

    @AfterEach
    void stop() {
        receiver.close();
    }

    private ScheduledTask task(String cron, ZoneId zone, TaskTarget target, int threshold) {
        Instant now = f.clock.instant();
        CronExpression expression = CronExpression.parse(cron);
        ScheduledTask task = new ScheduledTask(Ids.TASK.next(), "default", "nightly export", expression, zone, true, target,
                threshold, TaskStatus.NEW, 0, 0, expression.next(now, zone), Optional.empty(), now, now, 1);
        assertTrue(tasks.create(task));
        return task;
    }

    private JsonNode tick() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Files.readAllBytes(Path.of(locateEvents(), "schedule-tick.json"))), out, null);
        return Json.parse(out.toString(StandardCharsets.UTF_8));
    }

    private static String locateEvents() {
        return dev.vigil.testkit.SamTemplate.locate().getParent().resolve("events").toString();
    }

    private List<TaskRun> runs(ScheduledTask task) {
        return tasks.runs(task.id(), 100, Optional.empty()).items();
    }

    private List<AlertEvent> taskAlerts() {
        return f.bus.published.stream().filter(e -> e.type() == AlertType.TASK_STATUS_CHANGED).toList();
    }

    @Test
    void aDueEventTaskPutsScheduledTaskDueOnTheBusOnceAndRecordsTheRun() throws Exception {
        ScheduledTask task = task("*/5 * * * *", ZoneOffset.UTC, new TaskTarget.Event("{\"job\":\"export\"}"), 1);
        assertEquals(0, tick().path("due").asInt(), "nothing is due before 12:05");
        f.clock.set(Instant.parse("2026-11-24T12:05:10Z"));

        JsonNode answer = tick();
        assertEquals(1, answer.path("executed").asInt());
        assertEquals(1, due.size());
        ObjectNode detail = due.getFirst();
        assertEquals(task.id(), detail.path("taskId").asText());
        assertEquals("default", detail.path("tenantId").asText());
        assertEquals("2026-11-24T12:05:00Z", detail.path("scheduledFor").asText());
        assertEquals("2026-11-24T12:05:10Z", detail.path("firedAt").asText());
        assertEquals("export", detail.path("detail").path("job").asText());
        assertEquals(task.id() + "-run1", detail.path("runId").asText());

        assertEquals(0, tick().path("due").asInt(), "the firing was claimed: a second pulse in the same minute runs nothing");
        assertEquals(1, due.size());
        List<TaskRun> runs = runs(task);
        assertEquals(1, runs.size());
        assertEquals(TaskRun.Outcome.EXECUTED, runs.getFirst().outcome());
        assertEquals(Optional.of(Instant.parse("2026-11-24T12:10:00Z")), runs.getFirst().nextRunAt());
        ScheduledTask stored = tasks.find("default", task.id()).orElseThrow();
        assertEquals(TaskStatus.OK, stored.status());
        assertEquals(Optional.of(Instant.parse("2026-11-24T12:10:00Z")), stored.nextRunAt());
        assertTrue(taskAlerts().isEmpty(), "a new task's first success is no change");

        JsonNode sample = Json.parse(Files.readString(Path.of(locateEvents(), "scheduled-task-due.json"))).path("detail");
        assertEquals(fieldNames(sample), fieldNames(detail), "events/scheduled-task-due.json shows the detail as it is");
    }

    private static java.util.Set<String> fieldNames(JsonNode node) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void withTheKillSwitchOffNothingRunsAndThePulseSaysDisabled() throws Exception {
        Fixture off = new Fixture("PulseFunction", DynamoLocal.shared().client(), Map.of("HeartbeatEnabled", "false"));
        TaskStore offTasks = TaskStore.fromEnv(off.platform.env(), off.platform.dynamo());
        CronExpression cron = CronExpression.parse("* * * * *");
        ScheduledTask task = new ScheduledTask(Ids.TASK.next(), "default", "nightly export", cron, ZoneOffset.UTC, true,
                new TaskTarget.Event("{}"), 1, TaskStatus.NEW, 0, 0, cron.next(off.clock.instant(), ZoneOffset.UTC),
                Optional.empty(), off.clock.instant(), off.clock.instant(), 1);
        assertTrue(offTasks.create(task));
        off.clock.set(Instant.parse("2026-11-24T12:05:05Z"));
        PulseHandler switchedOff = new PulseHandler(off.platform, (taskId, detail) -> due.add(detail),
                new HttpDelivery(OutboundRules.allowingPrivate(), Duration.ofSeconds(5)), secrets);

        assertTrue(switchedOff.run(null).path("disabled").asBoolean());
        assertTrue(due.isEmpty());
        assertTrue(offTasks.runs(task.id(), 10, Optional.empty()).items().isEmpty());
        Pulse pulse = new PulseStore(off.platform.dynamo(), off.platform.env().require(PulseStore.TABLE_SETTING))
                .find(Component.PULSE).orElseThrow();
        assertTrue(pulse.disabled());
    }

    @Test
    void theSameFiringIsClaimedOnceHoweverManyPulsesRead() {
        ScheduledTask task = task("*/5 * * * *", ZoneOffset.UTC, new TaskTarget.Event("{}"), 1);
        Instant dueAt = task.nextRunAt().orElseThrow();
        Optional<Instant> next = Optional.of(dueAt.plusSeconds(300));
        assertEquals(Optional.of(1L), tasks.claim(task, dueAt, next));
        assertEquals(Optional.empty(), tasks.claim(task, dueAt, next), "the second reader of the same due task loses");
    }

    @Test
    void aTaskMissedWhileVigilWasDownRunsOnceAndRecordsTheSkippedFirings() throws Exception {
        ScheduledTask task = task("*/5 * * * *", ZoneOffset.UTC, new TaskTarget.Event("{}"), 1);
        f.clock.set(Instant.parse("2026-11-24T12:27:00Z"));

        JsonNode answer = tick();
        assertEquals(1, answer.path("executed").asInt());
        assertEquals(4, answer.path("skipped").asInt(), "12:05, 12:10, 12:15 and 12:20 were missed; 12:25 runs");
        assertEquals(1, due.size());
        assertEquals("2026-11-24T12:25:00Z", due.getFirst().path("scheduledFor").asText());
        List<TaskRun> runs = runs(task);
        assertEquals(List.of(TaskRun.Outcome.EXECUTED, TaskRun.Outcome.SKIPPED), runs.stream().map(TaskRun::outcome).sorted().toList());
        TaskRun skipped = runs.stream().filter(r -> r.outcome() == TaskRun.Outcome.SKIPPED).findFirst().orElseThrow();
        assertEquals(4, skipped.missed());
        assertEquals(Instant.parse("2026-11-24T12:05:00Z"), skipped.scheduledFor());
    }

    @Test
    void aFailingWebhookTaskAlertsAtItsThresholdAndItsRecoveryAlerts() throws Exception {
        receiver.respondWith(CapturingHttpServer.Response.of(500, "boom"), CapturingHttpServer.Response.of(500, "boom"),
                CapturingHttpServer.Response.of(500, "boom"), CapturingHttpServer.Response.of(204, ""));
        ScheduledTask task = task("* * * * *", ZoneOffset.UTC, new TaskTarget.Webhook(receiver.url("/hooks/export")), 2);

        f.clock.set(Instant.parse("2026-11-24T12:01:05Z"));
        assertEquals(1, tick().path("failed").asInt());
        assertTrue(taskAlerts().isEmpty(), "one failure is below the threshold of 2");
        assertEquals(TaskStatus.NEW, tasks.find("default", task.id()).orElseThrow().status());

        f.clock.set(Instant.parse("2026-11-24T12:02:05Z"));
        tick();
        List<AlertEvent> alerts = taskAlerts();
        assertEquals(1, alerts.size(), "the second failure in a row alerts once");
        assertTrue(alerts.getFirst().isDown());
        assertEquals(task.id(), alerts.getFirst().applicationId());
        assertTrue(alerts.getFirst().note().orElseThrow().contains("500"), alerts.getFirst().note().orElseThrow());
        assertEquals(TaskStatus.FAILING, tasks.find("default", task.id()).orElseThrow().status());

        f.clock.set(Instant.parse("2026-11-24T12:03:05Z"));
        tick();
        assertEquals(1, taskAlerts().size(), "still failing: no second alert");

        f.clock.set(Instant.parse("2026-11-24T12:04:05Z"));
        assertEquals(1, tick().path("executed").asInt());
        alerts = taskAlerts();
        assertEquals(2, alerts.size(), "the recovery alerts");
        assertFalse(alerts.get(1).isDown());
        assertEquals(TaskStatus.OK, tasks.find("default", task.id()).orElseThrow().status());

        CapturingHttpServer.Request request = receiver.requests().getLast();
        assertEquals("POST", request.method());
        assertEquals("ScheduledTaskDue", request.header("X-Vigil-Event"));
        assertEquals(task.id() + "-run4", request.header("X-Vigil-Delivery"));
        JsonNode body = Json.parse(request.body());
        assertEquals("ScheduledTaskDue", body.path("type").asText());
        assertEquals("2026-11-24T12:04:00Z", body.path("scheduledFor").asText());
        List<TaskRun> runs = runs(task);
        assertEquals(TaskRun.Outcome.EXECUTED, runs.getFirst().outcome(), "newest first");
        assertEquals(3, runs.stream().filter(TaskRun::failed).count());
        assertTrue(runs.get(1).error().orElseThrow().contains("500"));
    }

    @Test
    void aWebhookToAPrivateAddressIsRefusedWhenItFiresUnderTheDeployedRules() throws Exception {
        PulseHandler deployed = new PulseHandler(f.platform, (taskId, detail) -> due.add(detail),
                new HttpDelivery(OutboundRules.deployed(), Duration.ofSeconds(5)), secrets);
        ScheduledTask task = task("* * * * *", ZoneOffset.UTC, new TaskTarget.Webhook(receiver.url("/hooks/export")), 1);
        f.clock.set(Instant.parse("2026-11-24T12:01:05Z"));
        deployed.run(null);
        assertTrue(receiver.requests().isEmpty(), "nothing was called");
        TaskRun run = runs(task).getFirst();
        assertEquals(TaskRun.Outcome.FAILED, run.outcome());
        assertTrue(run.error().orElseThrow().startsWith("refused to call"), run.error().orElseThrow());
        assertEquals(1, taskAlerts().size());
    }

    @Test
    void aDisabledTaskLeavesTheDueIndexAndNeverRuns() throws Exception {
        ScheduledTask task = task("* * * * *", ZoneOffset.UTC, new TaskTarget.Event("{}"), 1);
        ScheduledTask off = new ScheduledTask(task.id(), task.tenantId(), task.name(), task.cron(), task.zone(), false,
                task.target(), 1, task.status(), 0, 0, Optional.empty(), Optional.empty(), task.createdAt(), task.updatedAt(), 2);
        assertTrue(tasks.updateSettings(task, off));
        f.clock.set(Instant.parse("2026-11-24T12:05:05Z"));
        assertEquals(0, tick().path("due").asInt());
        assertTrue(due.isEmpty());
    }

    @Test
    void eachRunRecordsThePulseWithTheTasksRun() throws Exception {
        task("*/5 * * * *", ZoneOffset.UTC, new TaskTarget.Event("{}"), 1);
        task("*/5 * * * *", ZoneId.of("America/New_York"), new TaskTarget.Event("{}"), 1);
        f.clock.set(Instant.parse("2026-11-24T12:05:10Z"));
        tick();
        Pulse pulse = new PulseStore(f.platform.dynamo(), f.platform.env().require(PulseStore.TABLE_SETTING))
                .find(Component.PULSE).orElseThrow();
        assertEquals(Pulse.Outcome.HEALTHY, pulse.outcome());
        assertEquals(2L, pulse.counts().get("tasksRun"));
        assertEquals(Duration.ofMinutes(1), pulse.schedule());
    }
    @Test
    void aSignedWebhookCarriesTheSignatureOfItsBodyAndAMissingSecretFailsTheRunWithoutACall() throws Exception {
        receiver.respondWith(CapturingHttpServer.Response.of(204, ""));
        String secret = "whsec_task_0123456789abcdef";
        ScheduledTask task = task("* * * * *", ZoneOffset.UTC,
                new TaskTarget.Webhook(receiver.url("/hooks/signed"), Optional.of("****cdef")), 1);
        secrets.put(dev.vigil.domain.ChannelType.WEBHOOK, task.id(), Map.of("signingSecret", secret));
        f.clock.set(Instant.parse("2026-11-24T12:01:05Z"));
        tick();

        CapturingHttpServer.Request request = receiver.requests().getFirst();
        String timestamp = request.header("X-Vigil-Timestamp");
        assertEquals(Long.toString(Instant.parse("2026-11-24T12:01:05Z").getEpochSecond()), timestamp);
        assertTrue(dev.vigil.notify.WebhookSignature.verify(secret, timestamp, request.body(), request.header("X-Vigil-Signature"),
                Instant.parse("2026-11-24T12:01:30Z")), "the receiver's check passes");
        assertFalse(dev.vigil.notify.WebhookSignature.verify("another secret entirely", timestamp, request.body(),
                request.header("X-Vigil-Signature"), Instant.parse("2026-11-24T12:01:30Z")));

        secrets.delete(dev.vigil.domain.ChannelType.WEBHOOK, task.id());
        f.clock.set(Instant.parse("2026-11-24T12:02:05Z"));
        tick();
        assertEquals(1, receiver.requests().size(), "an unsigned call is never made in place of a signed one");
        TaskRun run = runs(task).getFirst();
        assertEquals(TaskRun.Outcome.FAILED, run.outcome());
        assertEquals("the task's signing secret could not be read; it was not called", run.error().orElseThrow());
    }
    @Test
    void aTaskWhoseClaimTheDatabaseRefusesIsCountedAndTheOthersStillRun() throws Exception {
        FaultyPulse faulty = new FaultyPulse();
        for (int i = 0; i < 3; i++) {
            faulty.task("task " + i);
        }
        faulty.pastFirstDue();
        PulseHandler pulse = faulty.handler();
        faulty.faults.failNext((operation, request) -> operation.equals("UpdateItem"), 1, dev.vigil.testkit.FaultInjector.When.BEFORE_SENDING);

        JsonNode answer = pulse.run(null);
        assertEquals(1, answer.path("errors").asInt(), answer.toString());
        assertEquals(2, answer.path("executed").asInt(), answer.toString());
        assertEquals(2, due.size());
        Pulse recorded = new PulseStore(faulty.fixture.platform.dynamo(), faulty.fixture.platform.env().require(PulseStore.TABLE_SETTING))
                .find(Component.PULSE).orElseThrow();
        assertEquals(1L, recorded.counts().get("taskErrors"));

        assertEquals(1, pulse.run(null).path("executed").asInt(), "the refused task is still due, and runs on the next pulse");
        assertEquals(3, due.size());
    }

    /** A pulse on a database whose calls a test can make fail: its fault injector, task store and handler. */
    private final class FaultyPulse {
        final dev.vigil.testkit.FaultInjector faults = new dev.vigil.testkit.FaultInjector();
        final Fixture fixture = new Fixture("PulseFunction", DynamoLocal.shared().client(faults, false), Map.of());
        final TaskStore tasks = TaskStore.fromEnv(fixture.platform.env(), fixture.platform.dynamo());

        /** A new enabled task every five minutes, first due after the fixture's clock. */
        ScheduledTask task(String name) {
            CronExpression cron = CronExpression.parse("*/5 * * * *");
            ScheduledTask task = new ScheduledTask(Ids.TASK.next(), "default", name, cron, ZoneOffset.UTC, true,
                    new TaskTarget.Event("{}"), 1, TaskStatus.NEW, 0, 0, cron.next(fixture.clock.instant(), ZoneOffset.UTC),
                    Optional.empty(), fixture.clock.instant(), fixture.clock.instant(), 1);
            assertTrue(tasks.create(task));
            return task;
        }

        /** The clock moved just past the tasks' first due time. */
        void pastFirstDue() {
            fixture.clock.set(Instant.parse("2026-11-24T12:05:05Z"));
        }

        PulseHandler handler() {
            return new PulseHandler(fixture.platform, (taskId, detail) -> due.add(detail),
                    new HttpDelivery(OutboundRules.allowingPrivate(), Duration.ofSeconds(5)), secrets);
        }
    }

    @Test
    void aRunWhoseFirstRecordTheDatabaseRefusesIsRecordedOnTheNextAttempt() throws Exception {
        FaultyPulse faulty = new FaultyPulse();
        ScheduledTask task = faulty.task("export");
        faulty.pastFirstDue();
        PulseHandler pulse = faulty.handler();
        faulty.faults.failNext((operation, request) -> operation.equals("TransactWriteItems"), 1,
                dev.vigil.testkit.FaultInjector.When.BEFORE_SENDING);

        JsonNode answer = pulse.run(null);

        assertEquals(0, answer.path("errors").asInt(), answer.toString());
        assertEquals(1, answer.path("executed").asInt(), answer.toString());
        List<TaskRun> recorded = faulty.tasks.runs(task.id(), 10, Optional.empty()).items();
        assertEquals(1, recorded.size(), "recorded once, by the second attempt");
        assertEquals(TaskStatus.OK, faulty.tasks.find("default", task.id()).orElseThrow().status());
    }

    @Test
    void aRecordWhoseAnswerWasLostIsNotWrittenTwice() throws Exception {
        FaultyPulse faulty = new FaultyPulse();
        ScheduledTask task = faulty.task("export");
        faulty.pastFirstDue();
        PulseHandler pulse = faulty.handler();
        faulty.faults.failNext((operation, request) -> operation.equals("TransactWriteItems"), 1,
                dev.vigil.testkit.FaultInjector.When.AFTER_ANSWER);

        JsonNode answer = pulse.run(null);

        assertEquals(0, answer.path("errors").asInt(), answer.toString());
        assertEquals(1, faulty.tasks.runs(task.id(), 10, Optional.empty()).items().size());
        assertEquals(1, faulty.tasks.find("default", task.id()).orElseThrow().runs());
    }

    @Test
    void aRunThatCannotBeRecordedAtAllIsCountedAsATaskError() throws Exception {
        FaultyPulse faulty = new FaultyPulse();
        ScheduledTask task = faulty.task("export");
        faulty.pastFirstDue();
        PulseHandler pulse = faulty.handler();
        faulty.faults.failNext((operation, request) -> operation.equals("TransactWriteItems"), TaskPulse.RECORD_ATTEMPTS,
                dev.vigil.testkit.FaultInjector.When.BEFORE_SENDING);

        JsonNode answer = pulse.run(null);

        assertEquals(1, answer.path("errors").asInt(), answer.toString());
        assertEquals(1, due.size(), "it ran");
        assertTrue(faulty.tasks.runs(task.id(), 10, Optional.empty()).items().isEmpty());
        Pulse recorded = new PulseStore(faulty.fixture.platform.dynamo(), faulty.fixture.platform.env().require(PulseStore.TABLE_SETTING))
                .find(Component.PULSE).orElseThrow();
        assertEquals(1L, recorded.counts().get("taskErrors"));
    }
}
