package dev.vigil.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.Application;
import dev.vigil.domain.Ids;
import dev.vigil.domain.OutboundRules;
import dev.vigil.domain.Severity;
import dev.vigil.domain.Status;
import dev.vigil.store.ApplicationStore;
import dev.vigil.testkit.DynamoLocal;
import dev.vigil.testkit.SamTemplate;
import dev.vigil.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The dynamodb-freshness and heartbeats checks against DynamoDB Local. */
class DataChecksTest {
    private static final Instant T = Instant.parse("2026-11-24T12:00:00Z");
    private final TestClock clock = new TestClock(T);
    private final DynamoDbClient dynamo = DynamoLocal.shared().client();

    private ProbeContext context(DynamoDbClient client) {
        return new ProbeContext(clock, OutboundRules.Resolver.SYSTEM, ProbeContext.systemTrust(), false, Optional.empty(), Set.of(),
                Optional.empty()).withDynamo(client, Set.of("ApplicationsTable", "ChecksTable"))
                .withApplications(new ApplicationStore(client, "ApplicationsTable", 8));
    }

    private CheckResult run(Runs.Defined check, DynamoDbClient client) {
        return new CheckRunner(CheckTypes.lightProbes(), context(client)).run(check.run(false));
    }

    private String ordersTable() {
        String name = "orders-" + UUID.randomUUID();
        dynamo.createTable(c -> c.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("shop").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("createdAt").attributeType(ScalarAttributeType.N))
                .keySchema(k -> k.attributeName("shop").keyType(KeyType.HASH), k -> k.attributeName("createdAt").keyType(KeyType.RANGE)));
        return name;
    }

    private void order(String table, String shop, Instant at) {
        dynamo.putItem(p -> p.tableName(table).item(Map.of("shop", AttributeValue.fromS(shop),
                "createdAt", AttributeValue.fromN(Long.toString(at.toEpochMilli())), "total", AttributeValue.fromN("12"))));
    }

    private Runs.Defined freshness(String table, String shop, String... conditions) {
        return Runs.define("dynamodb-freshness", "{'table': '" + table + "', 'keyName': 'shop', 'keyValue': '" + shop + "',"
                + " 'timeAttribute': 'createdAt'}", conditions);
    }

    @Test
    void theNewestItemDecidesFreshness() {
        String table = ordersTable();
        order(table, "acme", T.minus(Duration.ofHours(5)));
        order(table, "acme", T.minus(Duration.ofMinutes(12)));
        order(table, "other", T.minusSeconds(10));
        CheckResult fresh = run(freshness(table, "acme"), dynamo);
        assertEquals(CheckStatus.HEALTHY, fresh.status(), fresh.reason());
        assertEquals(12, fresh.details().path("ageMinutes").asLong());

        clock.advance(Duration.ofMinutes(50));
        CheckResult stale = run(freshness(table, "acme"), dynamo);
        assertEquals(CheckStatus.UNHEALTHY, stale.status());
        assertEquals("ageMinutes < 60 failed: was 62", stale.reason());
        assertEquals(CheckStatus.HEALTHY, run(freshness(table, "acme", "ageMinutes <= 90"), dynamo).status(), "a threshold of N minutes");
    }

    @Test
    void anEmptyPartitionHasNoItemToBeFresh() {
        String table = ordersTable();
        CheckResult result = run(freshness(table, "nobody"), dynamo);
        assertEquals(CheckStatus.UNHEALTHY, result.status());
        assertFalse(result.details().path("itemFound").asBoolean());
    }

    @Test
    void vigilsOwnTablesAreRefused() {
        CheckResult result = run(Runs.define("dynamodb-freshness", "{'table': 'ApplicationsTable', 'keyName': 'uuid',"
                + " 'keyValue': 'x', 'timeAttribute': 'lastHeartbeat'}"), dynamo);
        assertEquals(CheckStatus.UNKNOWN, result.status());
        assertEquals("refused to check table ApplicationsTable: it is one of Vigil's own tables", result.reason());
    }

    @Test
    void aMissingTableIsUnknownAndSaysSo() {
        CheckResult result = run(freshness("no-such-table-" + UUID.randomUUID(), "acme"), dynamo);
        assertEquals(CheckStatus.UNKNOWN, result.status());
        assertTrue(result.reason().startsWith("the probe failed: ResourceNotFoundException"), result.reason());
    }

    private static Application app(Status status, boolean active, Optional<Instant> lastBeat) {
        return app(Runs.TENANT, status, active, lastBeat);
    }

    private static Application app(String tenantId, Status status, boolean active, Optional<Instant> lastBeat) {
        Instant created = T.minus(Duration.ofDays(1));
        return new Application(Ids.APPLICATION.next(), UUID.randomUUID().toString(), "job", 300, 60, status, status, active, lastBeat,
                created, Optional.empty(), 0, created, created, List.of(), Severity.CRITICAL, Optional.empty(), 0, 1, tenantId);
    }

    @Test
    void heartbeatsRollUpUpLateAndDown() {
        ApplicationStore applications = new ApplicationStore(dynamo, "ApplicationsTable", 8);
        Application up = app(Status.UP, true, Optional.of(T.minusSeconds(60)));
        Application late = app(Status.UP, true, Optional.of(T.minusSeconds(330)));
        Application down = app(Status.DOWN, true, Optional.of(T.minus(Duration.ofHours(2))));
        Application waiting = app(Status.NEW, true, Optional.empty());
        Application paused = app(Status.UP, false, Optional.of(T.minus(Duration.ofDays(1))));
        for (Application a : new Application[] {up, late, down, waiting, paused}) {
            applications.create(a);
        }
        CheckResult allUp = run(Runs.define("heartbeats", "{'applicationIds': ['" + up.id() + "', '" + paused.id() + "']}"), dynamo);
        assertEquals(CheckStatus.HEALTHY, allUp.status(), allUp.reason());
        assertEquals(1, allUp.details().path("paused").asInt());

        CheckResult someLate = run(Runs.define("heartbeats", "{'applicationIds': ['" + up.id() + "', '" + late.id() + "', '"
                + waiting.id() + "']}"), dynamo);
        assertEquals(CheckStatus.DEGRADED, someLate.status());
        assertEquals("warn: late == 0 failed: was 1", someLate.reason());

        Application othersDown = app("tenant-b", Status.DOWN, true, Optional.of(T.minus(Duration.ofHours(2))));
        applications.create(othersDown);
        CheckResult someDown = run(Runs.define("heartbeats", "{'applicationIds': ['" + up.id() + "', '" + late.id() + "', '"
                + down.id() + "', 'app_gone00000000', '" + othersDown.id() + "']}"), dynamo);
        assertEquals(CheckStatus.UNHEALTHY, someDown.status());
        assertEquals("down == 0 failed: was 1 (and 2 more)", someDown.reason());
        assertEquals(2, someDown.details().path("missing").asInt(), "another tenant's application is not found");
        assertEquals(1, someDown.details().path("down").asInt());
        assertEquals(3, someDown.details().path("applications").asInt());
    }

    @Test
    void withoutIdsEveryApplicationOfTheTenantIsRolledUp() {
        DynamoDbClient own = DynamoLocal.inProcess(SamTemplate.load());
        ApplicationStore applications = new ApplicationStore(own, "ApplicationsTable", 8);
        for (int i = 0; i < 120; i++) {
            applications.create(app(Status.UP, true, Optional.of(T.minusSeconds(10))));
        }
        applications.create(app(Status.DOWN, true, Optional.of(T.minus(Duration.ofHours(1)))));
        applications.create(app("tenant-b", Status.DOWN, true, Optional.of(T.minus(Duration.ofHours(1)))));
        CheckResult result = run(Runs.define("heartbeats", "{}"), own);
        assertEquals(CheckStatus.UNHEALTHY, result.status());
        assertEquals(121, result.details().path("applications").asInt(), "read a page at a time");
        assertEquals(120, result.details().path("up").asInt());
    }
}
