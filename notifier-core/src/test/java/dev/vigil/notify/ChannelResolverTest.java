package dev.vigil.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.AlertType;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.Channel;
import dev.vigil.domain.ChannelType;
import dev.vigil.domain.Status;
import dev.vigil.fixtures.Fixture;
import dev.vigil.fixtures.InMemorySecretStore;
import dev.vigil.fixtures.SampleAlerts;
import dev.vigil.fixtures.StoredChannels;
import dev.vigil.store.ChannelStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelResolverTest {
    private final Fixture f = new Fixture();
    private final InMemorySecretStore secrets = new InMemorySecretStore();
    private final ChannelStore store = new ChannelStore(f.db.client(), "ChannelsTable");
    private final ChannelResolver resolver = new ChannelResolver(store, secrets);

    private Channel slack(String name, boolean isDefault, boolean enabled) throws Exception {
        return StoredChannels.create(store, secrets, f.clock.instant(), "{\"type\":\"slack\",\"name\":\"" + name
                + "\",\"default\":" + isDefault + ",\"enabled\":" + enabled
                + ",\"settings\":{\"webhookUrl\":\"https://hooks.slack.com/services/" + name + "\"}}");
    }

    private static AlertEvent event(List<String> channels) {
        Instant now = Instant.parse("2026-11-24T12:00:00Z");
        return SampleAlerts.flip("app_x", 1, AlertType.APPLICATION_DOWN, "job", dev.vigil.domain.Status.DOWN,
                dev.vigil.domain.Status.UP, java.util.Optional.of(now), java.util.Optional.of(now), 60, 0, now, channels);
    }

    private List<String> ids(AlertEvent event, ChannelType type) {
        return resolver.targets(event, type).targets().stream().map(t -> t.channel().id()).toList();
    }

    @Test
    void applicationsThatNameNoChannelsGetTheEnabledDefaults() throws Exception {
        Channel ops = slack("ops", true, true);
        slack("quiet", false, true);
        slack("off", true, false);
        assertEquals(List.of(ops.id()), ids(event(List.of()), ChannelType.SLACK));
    }

    @Test
    void applicationsThatNameChannelsGetExactlyThoseOfTheNotifiersType() throws Exception {
        slack("ops", true, true);
        Channel team = slack("team", false, true);
        assertEquals(List.of(team.id()), ids(event(List.of(team.id())), ChannelType.SLACK));
        assertEquals(List.of(), ids(event(List.of(team.id())), ChannelType.SNS), "no built-in topic when channels are named");
    }

    private static AlertEvent escalated() {
        Instant now = Instant.parse("2026-11-24T12:00:00Z");
        return new AlertEvent("recovery-escalated-default-1", AlertType.RECOVERY_ESCALATED, "default", "Default", Status.DOWN, Status.DOWN,
                Optional.empty(), Optional.empty(), 1800, 0, now, List.of(), dev.vigil.domain.Severity.CRITICAL, Optional.empty(),
                Optional.of("2 forced sweeps failed"), 2, 0, "default", Optional.empty(), Optional.of("{\"attemptsMade\":2}"));
    }

    @Test
    void anEscalatedRecoveryPagesTheEscalationChannelsAndOnlyThem() throws Exception {
        slack("ops", true, true);
        Channel pager = StoredChannels.create(store, secrets, f.clock.instant(), "{\"type\":\"slack\",\"name\":\"pager\","
                + "\"escalation\":true,\"settings\":{\"webhookUrl\":\"https://hooks.slack.com/services/pager\"}}");
        assertEquals(List.of(pager.id()), ids(escalated(), ChannelType.SLACK));
        assertEquals(List.of(), ids(escalated(), ChannelType.SNS), "not the default route while escalation channels exist");
        assertEquals(List.of(), ids(event(List.of()), ChannelType.SLACK).stream().filter(pager.id()::equals).toList(),
                "an application's alert does not page the escalation channel");
    }

    @Test
    void anEscalatedRecoveryGoesToTheDefaultChannelsWhenNoneIsFlaggedForEscalation() throws Exception {
        Channel ops = slack("ops", true, true);
        assertEquals(List.of(ops.id()), ids(escalated(), ChannelType.SLACK));
        assertEquals(List.of(Channel.BUILT_IN_SNS), ids(escalated(), ChannelType.SNS), "the default tenant's topic too");
    }

    @Test
    void secretsTravelWithTheTarget() throws Exception {
        Channel ops = slack("ops", true, true);
        ChannelTarget target = resolver.targets(event(List.of()), ChannelType.SLACK).targets().get(0);
        assertEquals("https://hooks.slack.com/services/ops", target.require("webhookUrl"));
        assertEquals(Map.of("webhookUrl", "****/ops"), ops.secretHints());
    }

    @Test
    void theStackTopicKeepsServingWhenAnSnsChannelIsConfigured() throws Exception {
        assertEquals(List.of(Channel.BUILT_IN_SNS), ids(event(List.of()), ChannelType.SNS));
        StoredChannels.create(store, secrets, f.clock.instant(),
                "{\"type\":\"sns\",\"name\":\"oncall topic\",\"default\":true,\"settings\":{\"topicArn\":\"arn:aws:sns:us-east-1:1:oncall\"}}");
        List<ChannelTarget> targets = resolver.targets(event(List.of()), ChannelType.SNS).targets();
        assertEquals(2, targets.size(), "the stack's email/SMS topic is not dropped by a configured one");
        assertEquals(Channel.BUILT_IN_SNS, targets.get(0).channel().id());
        assertEquals("arn:aws:sns:us-east-1:1:oncall", targets.get(1).channel().setting("topicArn").orElseThrow());
    }

    @Test
    void anApplicationWhoseChannelsAreAllGoneFallsBackToTheDefaultsAndSaysWhy() throws Exception {
        Channel ops = slack("ops", true, true);
        Channel off = slack("off", false, false);
        ChannelResolver.Routing routing = resolver.targets(event(List.of("ch_deleteddeleted", off.id())), ChannelType.SLACK);
        assertEquals(List.of(ops.id()), routing.targets().stream().map(t -> t.channel().id()).toList());
        assertTrue(routing.note().orElseThrow().contains("none of the application's channels"), routing.note().toString());
        assertEquals(List.of(Channel.BUILT_IN_SNS), ids(event(List.of("ch_deleteddeleted")), ChannelType.SNS),
                "the stack topic is a default channel too");
        assertEquals(List.of(), ids(event(List.of(ops.id())), ChannelType.SNS), "no fallback while one named channel lives");
    }

    @Test
    void aDigestHeldForTheStackTopicGoesBackToIt() {
        AlertEvent digest = Alerts.digest(Channel.BUILT_IN_SNS, List.of(event(List.of())), Instant.parse("2026-11-25T07:00:00Z"),
                Instant.parse("2026-11-25T07:00:10Z"));
        assertEquals(List.of(Channel.BUILT_IN_SNS), ids(digest, ChannelType.SNS));
        assertEquals(List.of(), ids(digest, ChannelType.SLACK));
    }

    @Test
    void everyAlertIsInTheInAppList() throws Exception {
        Channel team = slack("team", false, true);
        assertEquals(List.of(Channel.BUILT_IN_INAPP), ids(event(List.of(team.id())), ChannelType.INAPP));
        assertEquals(List.of(Channel.BUILT_IN_INAPP), ids(event(List.of()), ChannelType.INAPP));
    }

    @Test
    void alertsStayInTheirTenant() throws Exception {
        Channel ours = slack("ours", true, true);
        Instant now = Instant.parse("2026-11-24T12:00:00Z");
        Channel theirs = new Channel("ch_theirstheirs", ChannelType.SLACK, "theirs", true, true, Map.of(), Map.of(), now, now,
                Optional.empty(), 1, "tn_othertenant1");
        store.create(theirs);
        AlertEvent defaultTenant = event(List.of());
        AlertEvent otherTenant = new AlertEvent(defaultTenant.eventId(), defaultTenant.type(), defaultTenant.applicationId(),
                defaultTenant.name(), defaultTenant.status(), defaultTenant.previousStatus(), defaultTenant.lastHeartbeat(),
                defaultTenant.deadline(), defaultTenant.intervalSeconds(), defaultTenant.graceSeconds(), defaultTenant.time(),
                List.of(), defaultTenant.severity(), defaultTenant.quietHours(), defaultTenant.note(), defaultTenant.flip(),
                defaultTenant.reminder(), "tn_othertenant1");

        assertEquals(List.of(ours.id()), ids(defaultTenant, ChannelType.SLACK));
        assertEquals(List.of(theirs.id()), ids(otherTenant, ChannelType.SLACK));
        assertEquals(List.of(), ids(otherTenant, ChannelType.SNS), "the stack's topic is the operator's");
        AlertEvent naming = new AlertEvent(otherTenant.eventId(), otherTenant.type(), otherTenant.applicationId(),
                otherTenant.name(), otherTenant.status(), otherTenant.previousStatus(), otherTenant.lastHeartbeat(),
                otherTenant.deadline(), otherTenant.intervalSeconds(), otherTenant.graceSeconds(), otherTenant.time(),
                List.of(ours.id()), otherTenant.severity(), otherTenant.quietHours(), otherTenant.note(), otherTenant.flip(),
                otherTenant.reminder(), "tn_othertenant1");
        assertEquals(List.of(theirs.id()), ids(naming, ChannelType.SLACK),
                "another tenant's channel is never used, even when named: its own defaults take the alert");
    }
}
