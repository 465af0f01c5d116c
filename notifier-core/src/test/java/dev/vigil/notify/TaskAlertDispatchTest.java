package dev.vigil.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.bus.ScheduledAlertStore;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.ChannelType;
import dev.vigil.domain.CronExpression;
import dev.vigil.domain.ScheduledTask;
import dev.vigil.domain.Severity;
import dev.vigil.domain.TaskStatus;
import dev.vigil.domain.TaskTarget;
import dev.vigil.domain.Tenant;
import dev.vigil.fixtures.Fixture;
import dev.vigil.fixtures.InMemorySecretStore;
import dev.vigil.fixtures.StoredChannels;
import dev.vigil.wiring.Tables;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A scheduled task's alerts through the dispatcher, recorded in the ledger as the pulse records them:
 * the failing alert and the recovery are each sent once to the default channels, and never repeated.
 */
class TaskAlertDispatchTest {
    private final Fixture f = new Fixture();
    private final Tables tables = f.tables();
    private final InMemorySecretStore secrets = new InMemorySecretStore();
    private final List<AlertEvent> sent = new CopyOnWriteArrayList<>();

    private AlertDispatcher dispatcher() {
        ChannelSender sender = (target, event) -> {
            sent.add(event);
            return Optional.of(200);
        };
        return new AlertDispatcher(ChannelType.SLACK, new ChannelResolver(tables.channels(), secrets), sender,
                tables.notifications(), new NoisePolicy(f.events(), Set.of(Severity.CRITICAL), 2, Duration.ofMinutes(30)),
                tables.scheduled(), f.applications(), f.clock);
    }

    private AlertEvent recorded(TaskStatus was, TaskStatus now, long run) {
        ScheduledTask task = new ScheduledTask("task_k3v9x2m7q4pa", Tenant.DEFAULT_ID, "nightly export",
                CronExpression.parse("30 2 * * *"), ZoneOffset.UTC, true, new TaskTarget.Event("{}"), 1, was, 0, run - 1,
                Optional.empty(), Optional.empty(), f.clock.instant(), f.clock.instant(), 1);
        AlertEvent event = Alerts.taskChanged(task, now, run, Optional.of("hooks.example.com answered 500"), f.clock.instant());
        f.ledger().record(event, List.of());
        return event;
    }

    @Test
    void aFailingTaskAndItsRecoveryAreSentOncePerDefaultChannelAndNeverRepeated() {
        StoredChannels.create(tables.channels(), secrets, f.clock.instant(), "{\"type\":\"slack\",\"name\":\"ops\",\"default\":true,"
                + "\"repeatMinutes\":10,\"settings\":{\"webhookUrl\":\"https://hooks.slack.com/services/ops\"}}");
        AlertEvent failing = recorded(TaskStatus.OK, TaskStatus.FAILING, 7);

        assertEquals(1, dispatcher().dispatch(failing).sent());
        assertEquals(0, dispatcher().dispatch(failing).sent(), "a redelivered event is not sent again");
        f.clock.advance(Duration.ofMinutes(5));
        AlertEvent ok = recorded(TaskStatus.FAILING, TaskStatus.OK, 8);
        assertEquals(1, dispatcher().dispatch(ok).sent());

        assertEquals(List.of(failing, ok), sent);
        assertEquals(List.of(), tables.scheduled().due(f.clock.instant().plus(Duration.ofDays(3)), 100),
                "no reminder, though the channel repeats down alerts every 10 min");
        assertTrue(sent.getFirst().note().orElseThrow().contains("answered 500"));
    }
}
