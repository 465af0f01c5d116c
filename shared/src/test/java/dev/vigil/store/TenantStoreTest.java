package dev.vigil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.ActiveHours;
import dev.vigil.domain.Ids;
import dev.vigil.domain.QuietHours;
import dev.vigil.domain.Tenant;
import dev.vigil.wiring.TestPlatform;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Tenants on DynamoDB Local: the item round trip, the sparse sweep index, conditional settings writes. */
class TenantStoreTest {
    private final TestPlatform f = new TestPlatform();
    private final TenantStore store = new TenantStore(f.platform.dynamo(), "TenantsTable");
    private final Instant now = f.clock.instant();

    private Tenant tenant(String name, int minutes, boolean paused) {
        return new Tenant(Ids.TENANT.next(), name, ZoneId.of("America/New_York"), minutes, new ActiveHours(LocalTime.of(8, 0),
                LocalTime.of(18, 30)), Optional.of(new QuietHours(LocalTime.of(22, 0), LocalTime.of(6, 0), ZoneId.of("America/New_York"))),
                paused, now, now, Optional.empty(), 1);
    }

    @Test
    void aTenantIsReadBackAsItWasStoredAndIsCreatedOnce() {
        Tenant acme = tenant("Acme", 15, false);

        assertTrue(store.create(acme));
        assertFalse(store.create(acme), "the id is taken");

        assertEquals(Optional.of(acme), store.find(acme.id()));
        assertEquals(Optional.empty(), store.find("tn_zzzzzzzzzzzz"));
    }

    @Test
    void theSweepIndexHoldsOnlyTenantsThatAreNotPausedAndFindsThoseDue() {
        Tenant soon = tenant("soon", 5, false);
        Tenant later = tenant("later", 60, false);
        Tenant paused = tenant("paused", 5, true);
        List.of(soon, later, paused).forEach(store::create);

        List<String> due = store.dueForSweep(now.plus(Duration.ofMinutes(10)), 100).stream().map(Tenant::id).toList();

        assertEquals(List.of(soon.id()), due);
        Map<String, AttributeValue> pausedItem = f.platform.dynamo().getItem(g -> g.tableName("TenantsTable")
                .key(Map.of("id", AttributeValue.fromS(paused.id())))).item();
        assertFalse(pausedItem.containsKey("sweepShard") || pausedItem.containsKey("nextSweepAt"), "sparse: " + pausedItem);
    }

    @Test
    void pausingTakesATenantOutOfTheSweepIndexAndResumingPutsItBack() {
        Tenant acme = tenant("Acme", 5, false);
        store.create(acme);
        Tenant paused = new Tenant(acme.id(), acme.name(), acme.timezone(), 5, acme.activeHours(), Optional.empty(), true,
                acme.createdAt(), now, Optional.empty(), 2);

        assertTrue(store.updateSettings(acme, paused));
        assertEquals(List.of(), store.dueForSweep(now.plus(Duration.ofHours(1)), 100));
        assertEquals(Optional.of(paused), store.find(acme.id()), "quiet hours removed too");

        Tenant resumed = new Tenant(acme.id(), acme.name(), acme.timezone(), 5, acme.activeHours(), Optional.empty(), false,
                acme.createdAt(), now, Optional.empty(), 3);
        assertTrue(store.updateSettings(paused, resumed));
        assertEquals(1, store.dueForSweep(now.plus(Duration.ofHours(1)), 100).size());
    }

    @Test
    void aSettingsWriteLosesToAnotherWriteOrToASweepThatCameBetween() {
        Tenant acme = tenant("Acme", 30, false);
        store.create(acme);
        Tenant renamed = new Tenant(acme.id(), "Acme Corp", acme.timezone(), 30, acme.activeHours(), acme.quietHours(), false,
                acme.createdAt(), now, Optional.empty(), 2);
        assertTrue(store.updateSettings(acme, renamed));
        assertFalse(store.updateSettings(acme, renamed), "version 1 was read, 2 is stored");

        f.platform.dynamo().updateItem(u -> u.tableName("TenantsTable").key(Map.of("id", AttributeValue.fromS(acme.id())))
                .updateExpression("SET lastSweepAt = :at").expressionAttributeValues(Map.of(":at", Attr.millis(now))));
        Tenant again = new Tenant(acme.id(), "Acme Inc", acme.timezone(), 30, acme.activeHours(), acme.quietHours(), false,
                acme.createdAt(), now, Optional.empty(), 3);
        assertFalse(store.updateSettings(renamed, again), "a sweep moved lastSweepAt since it was read");
        Tenant swept = store.find(acme.id()).orElseThrow();
        assertEquals(Optional.of(now), swept.lastSweepAt());
        assertTrue(store.updateSettings(swept, again));
    }

    @Test
    void aRecordedSweepMovesTheNextOneAnIntervalOnAndKeepsItsStatus() {
        Tenant acme = tenant("Acme", 30, false);
        store.create(acme);
        Instant swept = now.plus(Duration.ofMinutes(31));

        assertTrue(store.recordSweep(acme, new TenantStore.LastSweep(swept, "alert", "sw_k3v9x2m7q4pa")));

        assertEquals(Optional.of(new TenantStore.LastSweep(swept, "alert", "sw_k3v9x2m7q4pa")), store.lastSweep(acme.id()));
        assertEquals(Optional.of(swept), store.find(acme.id()).orElseThrow().lastSweepAt());
        assertEquals(List.of(), store.dueForSweep(swept.plus(Duration.ofMinutes(29)), 100));
        assertEquals(1, store.dueForSweep(swept.plus(Duration.ofMinutes(30)), 100).size());
        assertEquals(Optional.empty(), store.lastSweep(tenant("never swept", 30, false).id()));
    }

    @Test
    void aSweepIsNotRecordedOverASettingsWriteOrALaterSweep() {
        Tenant acme = tenant("Acme", 30, false);
        store.create(acme);
        Tenant paused = new Tenant(acme.id(), acme.name(), acme.timezone(), 30, acme.activeHours(), acme.quietHours(), true,
                acme.createdAt(), now, Optional.empty(), 2);
        assertTrue(store.updateSettings(acme, paused));
        assertFalse(store.recordSweep(acme, new TenantStore.LastSweep(now, "all_clear", "sw_aaaaaaaaaaaa")),
                "paused while the sweep ran: the sweep must not put it back in the index");
        assertEquals(List.of(), store.dueForSweep(now.plus(Duration.ofDays(1)), 100));

        Tenant resumed = new Tenant(acme.id(), acme.name(), acme.timezone(), 30, acme.activeHours(), acme.quietHours(), false,
                acme.createdAt(), now, Optional.empty(), 3);
        assertTrue(store.updateSettings(paused, resumed));
        assertTrue(store.recordSweep(resumed, new TenantStore.LastSweep(now.plusSeconds(60), "warning", "sw_later000000")));
        assertFalse(store.recordSweep(resumed, new TenantStore.LastSweep(now.plusSeconds(30), "alert", "sw_earlier0000")),
                "an earlier sweep finishing last does not overwrite the later one");
        assertEquals("sw_later000000", store.lastSweep(acme.id()).orElseThrow().executionId());
    }

    @Test
    void aPostponedTenantLeavesTheDueListUntilThenUnlessItChangedMeanwhile() {
        Tenant acme = tenant("Acme", 5, false);
        store.create(acme);
        Instant due = now.plus(Duration.ofMinutes(10));
        Tenant read = store.dueForSweep(due, 100).get(0);

        assertTrue(store.postponeSweep(read, due.plus(Duration.ofHours(2))));
        assertEquals(List.of(), store.dueForSweep(due.plus(Duration.ofMinutes(119)), 100));
        assertEquals(List.of(acme.id()), store.dueForSweep(due.plus(Duration.ofHours(2)), 100).stream().map(Tenant::id).toList());

        Tenant paused = new Tenant(acme.id(), acme.name(), acme.timezone(), 5, acme.activeHours(), acme.quietHours(), true,
                acme.createdAt(), now, Optional.empty(), 2);
        assertTrue(store.updateSettings(read, paused));
        assertFalse(store.postponeSweep(read, due.plus(Duration.ofHours(3))), "paused since it was read");
        Map<String, AttributeValue> item = f.platform.dynamo().getItem(g -> g.tableName("TenantsTable")
                .key(Map.of("id", AttributeValue.fromS(acme.id())))).item();
        assertFalse(item.containsKey("nextSweepAt"), "still out of the index: " + item);
    }

    @Test
    void theAdoptionStateLivesOnTheDefaultTenant() {
        assertEquals(Optional.empty(), store.adoption(), "no default tenant yet");
        store.create(Tenant.defaultTenant(now));
        assertEquals(Optional.of(TenantStore.Adoption.NOT_STARTED), store.adoption());

        TenantStore.Adoption half = new TenantStore.Adoption(TenantStore.Phase.CHANNELS, Optional.of("ch_k3v9x2m7q4pa"));
        store.recordAdoption(half);
        assertEquals(Optional.of(half), store.adoption());
        store.recordAdoption(new TenantStore.Adoption(TenantStore.Phase.DONE, Optional.empty()));
        assertTrue(store.adoption().orElseThrow().done());
        assertEquals(Tenant.defaultTenant(now), store.find(Tenant.DEFAULT_ID).orElseThrow(), "the tenant itself is unchanged");
    }
}
