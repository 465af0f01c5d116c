package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.Application;
import dev.vigil.domain.Channel;
import dev.vigil.domain.ChannelType;
import dev.vigil.domain.Ids;
import dev.vigil.domain.Severity;
import dev.vigil.domain.Tenant;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * What was stored before tenants existed belongs to the default tenant: the operator's requests, which
 * act on it, list and change it as before; its items are given the default tenant's id on first use,
 * a few pages per request, and the listings miss none of them meanwhile; another tenant sees none.
 */
class DefaultTenantTest {
    private final AdminApiHarness api = new AdminApiHarness();

    /** An application item as it was stored before tenants existed: without tenantId. */
    private Application legacyApplication(String name) {
        Application app = Application.registered(Ids.APPLICATION.next(), UUID.randomUUID().toString(), name, 60, 0, true, List.of(),
                Severity.CRITICAL, Optional.empty(), api.clock.instant());
        Map<String, AttributeValue> item = new HashMap<>(api.platform.tables().applications().item(app));
        item.remove("tenantId");
        api.db.client().putItem(p -> p.tableName("ApplicationsTable").item(item));
        return app;
    }

    private String legacyChannel() {
        Channel channel = new Channel(Ids.CHANNEL.next(), ChannelType.SNS, "legacy ops", true, true, Map.of(), Map.of(),
                api.clock.instant(), api.clock.instant());
        api.platform.tables().channels().create(channel);
        api.db.client().updateItem(u -> u.tableName("ChannelsTable").key(Map.of("id", AttributeValue.fromS(channel.id())))
                .updateExpression("REMOVE tenantId"));
        return channel.id();
    }

    @Test
    void existingItemsWithoutATenantAreTheDefaultTenantsAndAreAdoptedOnFirstUse() throws IOException {
        Application app = legacyApplication("legacy billing");
        String channel = legacyChannel();
        assertEquals(0, api.count("TenantsTable"), "nothing created before the first request");

        JsonNode listed = api.send("GET", "/api/applications", null, 200).path("applications");

        assertEquals(1, listed.size(), listed.toString());
        assertEquals(app.id(), listed.get(0).path("id").asText());
        assertEquals(channel, api.send("GET", "/api/channels", null, 200).path("channels").get(0).path("id").asText());
        assertEquals(200, api.call("GET", "/api/applications/" + app.id(), null, Map.of()).status());
        assertEquals("default", tenantOf("ApplicationsTable", "uuid", app.uuid()), "adopted");
        assertEquals("default", tenantOf("ChannelsTable", "id", channel), "adopted");
        JsonNode tenants = api.send("GET", "/api/tenants", null, 200).path("tenants");
        assertEquals(1, tenants.size());
        assertEquals(Tenant.DEFAULT_ID, tenants.get(0).path("id").asText());
        assertEquals("Default", tenants.get(0).path("name").asText());
        assertEquals(200, api.call("PUT", "/api/applications/" + app.id(), "{\"intervalSeconds\":120}", Map.of()).status());
    }

    @Test
    void anotherTenantSeesNoneOfTheEarlierItems() throws IOException {
        Application app = legacyApplication("legacy billing");
        String channel = legacyChannel();
        String key = api.key(api.tenant("Acme"), "admin");

        assertEquals(0, api.callAs(key, "GET", "/api/applications", null).json().path("applications").size());
        assertEquals(0, api.callAs(key, "GET", "/api/channels", null).json().path("channels").size());
        assertEquals(404, api.callAs(key, "GET", "/api/applications/" + app.id(), null).status());
        assertEquals(404, api.callAs(key, "GET", "/api/channels/" + channel, null).status());
    }

    @Test
    void theListingMissesNoEarlierItemWhileTheAdoptionTakesSeveralRequests() throws IOException {
        int count = DefaultTenant.PAGES_PER_REQUEST * 200 + 150;
        Set<String> ids = new HashSet<>();
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Application app = Application.registered(Ids.APPLICATION.next(), UUID.randomUUID().toString(), "app " + i, 60, 0, true,
                    List.of(), Severity.CRITICAL, Optional.empty(), api.clock.instant().plusMillis(i));
            Map<String, AttributeValue> item = new HashMap<>(api.platform.tables().applications().item(app));
            item.remove("tenantId");
            ids.add(app.id());
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            if (batch.size() == 25 || i == count - 1) {
                List<WriteRequest> writes = List.copyOf(batch);
                api.db.client().batchWriteItem(b -> b.requestItems(Map.of("ApplicationsTable", writes)));
                batch.clear();
            }
        }

        Set<String> seen = new HashSet<>();
        Optional<String> token = Optional.empty();
        int pages = 0;
        do {
            JsonNode page = api.send("GET", "/api/applications?limit=100" + token.map(t -> "&nextToken=" + t).orElse(""), null, 200);
            page.path("applications").forEach(a -> seen.add(a.path("id").asText()));
            token = page.has("nextToken") ? Optional.of(page.path("nextToken").asText()) : Optional.empty();
            pages++;
        } while (token.isPresent() && pages < 100);

        assertEquals(ids, seen, "every earlier application is listed while the adoption goes on, on one listing's tokens");
        assertEquals(0, withoutTenant(), "the requests that listed them adopted them all");
        JsonNode first = api.send("GET", "/api/applications?limit=10", null, 200);
        assertEquals(10, first.path("applications").size(), "from the tenant index now");
        assertTrue(first.path("nextToken").asText().length() > 0);
    }

    @Test
    void theFirstRequestAdoptsAtMostAFewPagesAndTheNextGoesOn() throws IOException {
        int count = DefaultTenant.PAGES_PER_REQUEST * 200 + 50;
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Application app = Application.registered(Ids.APPLICATION.next(), UUID.randomUUID().toString(), "app " + i, 60, 0, true,
                    List.of(), Severity.CRITICAL, Optional.empty(), api.clock.instant());
            Map<String, AttributeValue> item = new HashMap<>(api.platform.tables().applications().item(app));
            item.remove("tenantId");
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            if (batch.size() == 25 || i == count - 1) {
                List<WriteRequest> writes = List.copyOf(batch);
                api.db.client().batchWriteItem(b -> b.requestItems(Map.of("ApplicationsTable", writes)));
                batch.clear();
            }
        }

        api.send("GET", "/api/channels", null, 200);
        assertEquals(50, withoutTenant(), "one request adopts " + DefaultTenant.PAGES_PER_REQUEST + " pages of 200");

        api.clock.advance(Duration.ofSeconds(1));
        api.send("GET", "/api/channels", null, 200);
        assertEquals(0, withoutTenant());
        assertEquals(1, api.send("GET", "/api/tenants", null, 200).path("tenants").size());
    }

    private int withoutTenant() {
        return api.db.client().scan(s -> s.tableName("ApplicationsTable").filterExpression("attribute_not_exists(tenantId)")).count();
    }

    private String tenantOf(String table, String keyName, String key) {
        return api.db.client().getItem(g -> g.tableName(table).key(Map.of(keyName, AttributeValue.fromS(key)))).item().get("tenantId").s();
    }
}
