package dev.vigil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.Application;
import dev.vigil.domain.Channel;
import dev.vigil.domain.ChannelType;
import dev.vigil.domain.Ids;
import dev.vigil.domain.InvalidInput;
import dev.vigil.domain.Severity;
import dev.vigil.domain.Tenant;
import dev.vigil.wiring.TestPlatform;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Each tenant's applications, channels and delivery records are listed from its own index partitions,
 * never from another tenant's; items stored before tenants existed are the default tenant's.
 */
class TenantListingsTest {
    private static final String ACME = "tn_aaaaaaaaaaaa";
    private static final String GLOBEX = "tn_bbbbbbbbbbbb";
    private final TestPlatform f = new TestPlatform();
    private final ApplicationStore applications = f.tables().applications();

    private Application register(String tenant, String name) {
        Application app = Application.registered(Ids.APPLICATION.next(), UUID.randomUUID().toString(), name, 60, 0, true, List.of(),
                Severity.CRITICAL, Optional.empty(), f.clock.instant()).inTenant(tenant);
        applications.create(app);
        f.clock.advance(Duration.ofSeconds(1));
        return app;
    }

    @Test
    void aTenantsApplicationsAreListedOldestFirstInPagesAndNoOtherTenantsAre() {
        List<String> acme = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            acme.add(register(ACME, "acme " + i).id());
            register(GLOBEX, "globex " + i);
        }

        List<String> seen = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            Page<Application> page = applications.listByTenant(ACME, 2, token);
            page.items().forEach(app -> {
                assertEquals(ACME, app.tenantId());
                seen.add(app.id());
            });
            token = page.nextToken();
        } while (token.isPresent());

        assertEquals(acme, seen);
        assertTrue(applications.anyInTenant(GLOBEX));
        assertTrue(!applications.anyInTenant("tn_cccccccccccc"));
    }

    @Test
    void aTokenOfAnotherTenantsListingIsRefused() {
        register(ACME, "a");
        register(ACME, "b");
        String token = applications.listByTenant(ACME, 1, Optional.empty()).nextToken().orElseThrow();

        assertThrows(InvalidInput.class, () -> applications.listByTenant(GLOBEX, 1, Optional.of(token)));
    }

    @Test
    void anItemWithoutATenantIsTheDefaultTenantsAndAdoptionGivesItThatTenant() {
        Application app = register(Tenant.DEFAULT_ID, "legacy");
        f.platform.dynamo().updateItem(u -> u.tableName("ApplicationsTable").key(Map.of("uuid", AttributeValue.fromS(app.uuid())))
                .updateExpression("REMOVE tenantId"));

        assertEquals(Tenant.DEFAULT_ID, applications.findById(app.id()).orElseThrow().tenantId());
        assertEquals(List.of(), applications.listByTenant(Tenant.DEFAULT_ID, 10, Optional.empty()).items(), "not in the index");
        assertEquals(List.of(app.id()), applications.listDefaultWithLegacy(10, Optional.empty()).items().stream().map(Application::id)
                .toList());

        ApplicationStore.LegacyAdoption adoption = applications.adoptLegacy(Optional.empty(), 5);

        assertTrue(adoption.done());
        assertEquals(1, adoption.adopted());
        assertEquals(List.of(app.id()), applications.listByTenant(Tenant.DEFAULT_ID, 10, Optional.empty()).items().stream()
                .map(Application::id).toList());
        assertEquals(0, applications.adoptLegacy(Optional.empty(), 5).adopted(), "once");
    }

    @Test
    void channelsAreListedByTenantAndKeepTheirTenantThroughEveryWrite() {
        ChannelStore channels = f.tables().channels();
        Channel acme = new Channel(Ids.CHANNEL.next(), ChannelType.SNS, "acme ops", true, true, Map.of(), Map.of(),
                f.clock.instant(), f.clock.instant(), Optional.empty(), 1, ACME);
        channels.create(acme);
        channels.create(new Channel(Ids.CHANNEL.next(), ChannelType.SNS, "globex ops", true, true, Map.of(), Map.of(),
                f.clock.instant(), f.clock.instant(), Optional.empty(), 1, GLOBEX));

        Channel renamed = new Channel(acme.id(), acme.type(), "acme on-call", true, true, Map.of(), Map.of(), acme.createdAt(),
                f.clock.instant());
        channels.replace(acme, renamed, f.clock.instant(), false);

        assertEquals(List.of("acme on-call"), channels.ofTenant(ACME).stream().map(Channel::name).toList());
        assertEquals(ACME, channels.find(acme.id()).orElseThrow().tenantId(), "a write never moves a channel to another tenant");
        assertTrue(channels.anyInTenant(GLOBEX));
    }

    @Test
    void deliveryRecordsAreListedInTheirTenantsFeedsAndEarlierOnesInTheDefaultTenants() {
        NotificationLog log = f.tables().notifications();
        AlertEvent acme = Alerts.down(register(ACME, "acme billing"), f.clock.instant(), f.clock.instant());
        AlertEvent house = Alerts.down(register(Tenant.DEFAULT_ID, "house billing"), f.clock.instant(), f.clock.instant());
        log.claim(acme, "sns", "sns", Optional.empty(), f.clock.instant());
        log.claim(house, "sns", "sns", Optional.empty(), f.clock.instant());
        Map<String, AttributeValue> earlier = new HashMap<>(f.platform.dynamo().scan(s -> s.tableName("NotificationsTable")).items()
                .stream().filter(item -> item.get("eventId").s().equals(house.eventId())).findFirst().orElseThrow());
        earlier.remove("tenantId");
        earlier.put("notificationId", AttributeValue.fromS("earlier-1#sns"));
        earlier.put("eventId", AttributeValue.fromS("earlier-1"));
        f.platform.dynamo().putItem(p -> p.tableName("NotificationsTable").item(earlier));

        List<String> acmes = log.list(ACME, 50, Optional.empty(), Optional.empty(), Optional.empty()).items().stream()
                .map(NotificationLog.Notification::eventId).toList();
        List<String> defaults = log.list(50, Optional.empty(), Optional.empty()).items().stream()
                .map(NotificationLog.Notification::eventId).sorted().toList();

        assertEquals(List.of(acme.eventId()), acmes);
        assertEquals(List.of("earlier-1", house.eventId()).stream().sorted().toList(), defaults);
        assertEquals(List.of(), log.list(GLOBEX, 50, Optional.empty(), Optional.empty(), Optional.empty()).items());
    }
}
