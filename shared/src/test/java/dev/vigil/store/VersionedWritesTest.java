package dev.vigil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.Application;
import dev.vigil.domain.Channel;
import dev.vigil.domain.ChannelType;
import dev.vigil.wiring.TestPlatform;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The admin's writes of applications and channels are compare-and-set on their version: a write based
 * on a stale read changes nothing, so two admins never overwrite each other silently.
 */
class VersionedWritesTest {
    private final TestPlatform f = new TestPlatform();
    private final ApplicationStore applications = f.tables().applications();
    private final ChannelStore channels = f.tables().channels();

    @Test
    void aSettingsWriteBasedOnAStaleReadIsRefusedAndChangesNothing() {
        Application read = f.register("billing", 60, 0);
        Application sameRead = applications.findByUuid(read.uuid()).orElseThrow();
        assertEquals(1, sameRead.version());

        assertTrue(applications.updateSettings(sameRead, sameRead.with("first admin", 60, 0, true, f.clock.instant())));
        boolean second = applications.updateSettings(read, read.with("second admin", 60, 0, true, f.clock.instant()));

        assertFalse(second, "the second admin read version 1, which is gone");
        Application stored = applications.findByUuid(read.uuid()).orElseThrow();
        assertEquals("first admin", stored.name());
        assertEquals(2, stored.version());
    }

    @Test
    void anApplicationIsDeletedOnlyAtTheVersionRead() {
        Application read = f.register("billing", 60, 0);
        applications.updateSettings(read, read.with("renamed", 60, 0, true, f.clock.instant()));

        assertFalse(applications.deleteUnchanged(read));
        assertTrue(applications.deleteUnchanged(applications.findByUuid(read.uuid()).orElseThrow()));
        assertEquals(Optional.empty(), applications.findByUuid(read.uuid()));
    }

    @Test
    void aChannelReplacedFromAStaleReadIsRefused() {
        Instant now = f.clock.instant();
        Channel created = new Channel("ch_k3v9x2m7q4pa", ChannelType.SNS, "ops", true, false, Map.of(), Map.of(), now, now,
                Optional.empty(), 1);
        channels.create(created);

        Channel written = channels.replace(created, rename(created, "first admin"), now, false).orElseThrow();
        Optional<Channel> late = channels.replace(created, rename(created, "second admin"), now, false);

        assertEquals(2, written.version());
        assertEquals(Optional.empty(), late);
        assertEquals("first admin", channels.find(created.id()).orElseThrow().name());
        assertFalse(channels.deleteUnchanged(created, now));
        assertTrue(channels.deleteUnchanged(written, now));
    }

    @Test
    void aWriteStoringSecretsHoldsOffOtherWritesUntilReleasedOrLapsed() {
        Instant now = f.clock.instant();
        Channel created = new Channel("ch_k3v9x2m7q4pa", ChannelType.SLACK, "ops", true, false, Map.of(), Map.of(), now, now,
                Optional.empty(), 1);
        channels.create(created);
        Channel holding = channels.replace(created, rename(created, "storing secrets"), now, true).orElseThrow();

        assertEquals(Optional.empty(), channels.replace(holding, rename(holding, "other admin"), now, false));
        assertFalse(channels.delete(holding.id(), now));
        assertTrue(channels.replace(holding, rename(holding, "after the lease"), now.plus(ChannelStore.SECRETS_LEASE).plusSeconds(1),
                false).isPresent(), "a crashed writer's hold lapses");

        Channel again = channels.find(holding.id()).orElseThrow();
        Channel held = channels.replace(again, rename(again, "storing again"), now, true).orElseThrow();
        channels.release(held);
        assertTrue(channels.replace(held, rename(held, "after release"), now, false).isPresent());
    }

    @Test
    void itemsStoredBeforeVersionsAreVersion0AndTheirFirstWriteMakesThem1() {
        Instant now = f.clock.instant();
        Channel legacy = new Channel("ch_legacyitem01", ChannelType.SNS, "ops", true, false, Map.of(), Map.of(), now, now);
        channels.create(legacy);
        f.db.client().updateItem(u -> u.tableName("ChannelsTable").key(Map.of("id",
                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(legacy.id()))).updateExpression("REMOVE version"));
        Channel read = channels.find(legacy.id()).orElseThrow();

        assertEquals(0, read.version());
        assertEquals(1, channels.replace(read, rename(read, "renamed"), now, false).orElseThrow().version());
    }

    @Test
    void theApplicationsRoutedToAChannelAreFound() {
        Application routed = f.register("billing", 60, 0);
        applications.updateSettings(routed, routed.with(routed.name(), 60, 0, true, f.clock.instant())
                .withPolicy(List.of("ch_k3v9x2m7q4pa", "ch_other000000"), routed.severity(), routed.quietHours()));
        f.register("default-routed", 60, 0);

        assertEquals(List.of(routed.id()), applications.routingTo("ch_k3v9x2m7q4pa").stream().map(Application::id).toList());
        assertEquals(List.of(), applications.routingTo("ch_nobody00000"));
    }

    private static Channel rename(Channel c, String name) {
        return new Channel(c.id(), c.type(), name, c.enabled(), c.isDefault(), c.settings(), c.secretHints(), c.createdAt(),
                c.updatedAt(), c.repeatMinutes(), c.version());
    }
}
