package dev.vigil.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.bus.AlertEventCodec;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.Channel;
import dev.vigil.domain.ChannelType;
import dev.vigil.domain.QuietHours;
import dev.vigil.domain.Severity;
import dev.vigil.fixtures.Fixture;
import dev.vigil.fixtures.InMemorySecretStore;
import dev.vigil.fixtures.StoredChannels;
import dev.vigil.runtime.Json;
import dev.vigil.store.NotificationLog;
import dev.vigil.wiring.Tables;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A channel's test alert through the dispatcher: it reaches the one channel it names (default or not) and
 * no other, not even the in-app list; it is recorded like any delivery, once; it is never held or repeated;
 * and a channel disabled before it is delivered gets nothing.
 */
class ChannelTestDispatchTest {
    private final Fixture f = new Fixture();
    private final Tables tables = f.tables();
    private final InMemorySecretStore secrets = new InMemorySecretStore();
    private final List<String> sentTo = new CopyOnWriteArrayList<>();

    private AlertDispatcher dispatcher(ChannelType type) {
        ChannelSender sender = (target, event) -> {
            sentTo.add(target.channel().id());
            return Optional.of(200);
        };
        return new AlertDispatcher(type, new ChannelResolver(tables.channels(), secrets), sender, tables.notifications(),
                new NoisePolicy(f.events(), Set.of(Severity.CRITICAL), 2, Duration.ofMinutes(30)), tables.scheduled(),
                f.applications(), f.clock);
    }

    private Channel slack(String name, boolean isDefault) {
        return StoredChannels.create(tables.channels(), secrets, f.clock.instant(), "{\"type\":\"slack\",\"name\":\"" + name
                + "\",\"default\":" + isDefault + ",\"repeatMinutes\":5,\"settings\":{\"webhookUrl\":\"https://hooks.slack.com/services/x\"}}");
    }

    @Test
    void aTestReachesTheOneChannelItNamesAndIsRecordedOnceUnderIt() {
        slack("ops", true);
        Channel team = slack("team", false);
        AlertEvent test = Alerts.channelTest(team, f.clock.instant());

        assertEquals(1, dispatcher(ChannelType.SLACK).dispatch(test).sent());
        assertEquals(0, dispatcher(ChannelType.SLACK).dispatch(test).sent(), "a redelivered test is not sent again");
        assertEquals(0, dispatcher(ChannelType.INAPP).dispatch(test).sent(), "the in-app list is not the channel tested");
        assertEquals(0, dispatcher(ChannelType.DISCORD).dispatch(test).sent());

        assertEquals(List.of(team.id()), sentTo, "not the default channel");
        List<NotificationLog.Notification> records = tables.notifications().ofEvent(test.eventId());
        assertEquals(1, records.size(), records.toString());
        assertEquals(team.id(), records.get(0).channel());
        assertEquals("ChannelTest", records.get(0).type());
        assertEquals("team", records.get(0).applicationName(), "the list says which channel was tested");
        assertEquals(NotificationLog.SENT, records.get(0).status());
        assertEquals(List.of(), tables.scheduled().due(f.clock.instant().plus(Duration.ofDays(1)), 100),
                "no reminder, though the channel repeats down alerts");
    }

    @Test
    void aTestIsSentAtOnceEvenInsideQuietHours() {
        Channel team = slack("team", false);
        AlertEvent asked = Alerts.channelTest(team, f.clock.instant());
        QuietHours always = QuietHours.parse("00:00", "23:59", "UTC");
        AlertEvent inQuietHours = new AlertEvent(asked.eventId(), asked.type(), asked.applicationId(), asked.name(), asked.status(),
                asked.previousStatus(), asked.lastHeartbeat(), asked.deadline(), 0, 0, asked.time(), asked.channels(),
                asked.severity(), Optional.of(always), asked.note(), 0, 0, asked.tenantId(), Optional.empty());

        assertEquals(1, dispatcher(ChannelType.SLACK).dispatch(inQuietHours).sent());
        assertEquals(List.of(team.id()), sentTo);
    }

    @Test
    void aChannelDisabledBeforeItsTestArrivesGetsNothing() {
        Channel team = slack("team", false);
        AlertEvent test = Alerts.channelTest(team, f.clock.instant());
        Channel disabled = new Channel(team.id(), team.type(), team.name(), false, team.isDefault(), team.settings(),
                team.secretHints(), team.createdAt(), f.clock.instant(), team.repeatMinutes(), team.version());
        assertTrue(tables.channels().replace(team, disabled, f.clock.instant(), false).isPresent());

        assertEquals(0, dispatcher(ChannelType.SLACK).dispatch(test).sent());
        assertEquals(List.of(), sentTo);
    }

    @Test
    void aTestIsWordedAsATestAndSurvivesTheBus() {
        Channel team = slack("team <b>room</b>", false);
        AlertEvent test = Alerts.channelTest(team, f.clock.instant());

        assertEquals("Test alert from Vigil: channel team <b>room</b> works", test.note().orElseThrow());
        assertEquals("Test alert from Vigil: channel team <b>room</b> works", AlertText.testHeadline(test, 100));
        assertEquals("TEST", AlertText.state(test));
        assertEquals(AlertText.Tone.INFO, AlertText.tone(test));
        assertEquals(AlertText.TEST_EXPLANATION, AlertText.explanation(test));
        assertEquals("vigil:channel/" + team.id(), AlertEventCodec.resource(test));
        assertEquals(test, AlertEventCodec.fromDetail(Json.MAPPER.valueToTree(AlertEventCodec.toDetail(test))), "it survives the bus");
        assertTrue(test.eventId().startsWith("test-" + team.id() + "-"), test.eventId());
    }
}
