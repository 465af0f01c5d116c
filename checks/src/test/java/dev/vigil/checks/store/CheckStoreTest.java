package dev.vigil.checks.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.checks.Check;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.CheckState;
import dev.vigil.checks.CheckStatus;
import dev.vigil.checks.CheckTypes;
import dev.vigil.checks.Conditions;
import dev.vigil.checks.Level;
import dev.vigil.checks.Settings;
import dev.vigil.checks.Tier;
import dev.vigil.domain.Ids;
import dev.vigil.domain.InvalidInput;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Json;
import dev.vigil.store.Page;
import dev.vigil.testkit.DynamoLocal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The checks' tables on DynamoDB Local, created from template.yaml. */
class CheckStoreTest {
    private static final Instant T = Instant.parse("2026-11-24T12:00:00Z");
    private final DynamoDbClient dynamo = DynamoLocal.shared().client();
    private final CheckTables tables = CheckTables.from(Env.of(Map.of("CHECKS_TABLE", "ChecksTable",
            "CHECK_RESULTS_TABLE", "CheckResultsTable")), dynamo);
    private final CheckStore store = tables.checks();
    private final String tenant = "tenant-" + UUID.randomUUID();

    private Check check(Tier tier) {
        Settings settings = CheckTypes.settings("http", Json.object().put("url", "https://api.example.com/health"));
        return Check.define(Ids.CHECK.next(), tenant, "http", "API", tier, settings, Conditions.of("warn: latencyMs < 800"), T);
    }

    private StoredCheck created(Tier tier) {
        Check check = check(tier);
        assertTrue(store.create(check, Map.of()));
        return store.find(check.id()).orElseThrow();
    }

    private static CheckResult result(Check check, Instant at, CheckStatus status) {
        return new CheckResult(check.id(), check.tenantId(), at, status, 42, Json.object().put("status", 200), status == CheckStatus.HEALTHY
                ? List.of() : List.of(new CheckResult.FailedCondition("warn: latencyMs < 800", Level.WARN, "was 900")), "reason");
    }

    @Test
    void aCheckIsStoredAndReadBackWhole() {
        Settings settings = CheckTypes.settings("http", Runs.json("{'url': 'https://api.example.com/v1/balance',"
                + " 'secretHeaders': {'Authorization': 'Bearer sk_live_x'}, 'headers': {'Accept': 'application/json'}}"));
        Check check = Check.define(Ids.CHECK.next(), tenant, "http", "Stripe balance", Tier.CORE, settings,
                Conditions.of("status == 200", "body.$.livemode == true"), T).withThresholds(3, 2).withTimeout(Duration.ofSeconds(7));
        assertTrue(store.create(check, settings.secretHints()));
        StoredCheck stored = store.find(check.id()).orElseThrow();
        assertEquals(check, stored.check());
        assertEquals(Map.of("secretHeaders/Authorization", "****ve_x"), stored.secretHints());
        assertFalse(dynamo.getItem(g -> g.tableName("ChecksTable").key(Map.of("id", AttributeValue.fromS(check.id())))).item()
                .toString().contains("sk_live_x"), "secrets never reach DynamoDB");
        assertEquals(0, stored.runs());
        assertEquals(CheckState.INITIAL, stored.state());
        assertTrue(stored.isDue(T), "a check that never ran is due");
        assertFalse(store.create(check, Map.of()), "an id is used once");
    }

    @Test
    void anotherTenantsCheckIsNotFound() {
        StoredCheck stored = created(Tier.CORE);
        assertTrue(store.find(tenant, stored.check().id()).isPresent());
        assertTrue(store.find("someone-else", stored.check().id()).isEmpty());
    }

    @Test
    void aTenantsChecksAreListedAPageAtATime() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(created(Tier.CORE).check().id());
        }
        created(Tier.CORE);
        List<String> listed = new ArrayList<>();
        Optional<String> token = Optional.empty();
        int pages = 0;
        do {
            Page<StoredCheck> page = store.listByTenant(tenant, 2, token);
            page.items().forEach(c -> listed.add(c.check().id()));
            token = page.nextToken();
            pages++;
        } while (token.isPresent());
        assertEquals(6, listed.size());
        assertTrue(listed.containsAll(ids));
        assertTrue(pages >= 3);
        assertTrue(store.listByTenant("tenant-nobody-" + UUID.randomUUID(), 10, Optional.empty()).items().isEmpty());
        Optional<String> first = store.listByTenant(tenant, 2, Optional.empty()).nextToken();
        assertThrows(InvalidInput.class, () -> store.listByTenant("someone-else", 2, first), "a token of another tenant's listing");
    }

    @Test
    void anUpdateWinsOnlyAgainstTheVersionItRead() {
        StoredCheck read = created(Tier.CORE);
        Check changed = read.check().withConditions(Conditions.of("latencyMs < 300")).nextVersion(T.plusSeconds(5));
        assertTrue(store.update(read, changed, Map.of(), false));
        assertFalse(store.update(read, read.check().withEnabled(false).nextVersion(T.plusSeconds(6)), Map.of(), false), "stale");
        StoredCheck now = store.find(read.check().id()).orElseThrow();
        assertEquals(2, now.check().version());
        assertEquals("latencyMs < 300", now.check().conditions().get(0).toString());
        assertFalse(store.delete(read, T.plusSeconds(7)), "stale");
        assertTrue(store.delete(now, T.plusSeconds(7)));
        assertTrue(store.find(read.check().id()).isEmpty());
    }

    @Test
    void aWriteStoringSecretsHoldsTheCheckUntilItReleasesItOrTheHoldLapses() {
        StoredCheck read = created(Tier.CORE);
        Check held = read.check().withEnabled(false).nextVersion(T.plusSeconds(1));
        assertTrue(store.update(read, held, Map.of("password", "****word"), true));
        StoredCheck now = store.find(read.check().id()).orElseThrow();
        assertEquals(Map.of("password", "****word"), now.secretHints());
        assertFalse(store.update(now, now.check().nextVersion(T.plusSeconds(2)), Map.of(), false), "held");
        assertFalse(store.delete(now, T.plusSeconds(2)), "held");
        store.release(held);
        assertTrue(store.update(now, now.check().nextVersion(T.plusSeconds(2)), Map.of(), true), "released");
        StoredCheck again = store.find(read.check().id()).orElseThrow();
        assertFalse(store.delete(again, T.plusSeconds(3)), "held again");
        assertTrue(store.delete(again, T.plusSeconds(3).plus(CheckStore.SECRETS_LEASE)), "a hold whose writer crashed lapses");
    }

    @Test
    void recordingARunStoresTheLatestResultStateAndHistory() {
        StoredCheck before = created(Tier.CORE);
        CheckResult result = result(before.check(), T, CheckStatus.DEGRADED);
        CheckState.Transition transition = before.state().next(result.status(), 1, 1);
        assertTrue(store.recordRun(before, result, transition.state()));
        StoredCheck after = store.find(before.check().id()).orElseThrow();
        assertEquals(1, after.runs());
        assertEquals(Optional.of(T), after.lastRunAt());
        assertEquals(CheckStatus.DEGRADED, after.state().confirmed());
        assertEquals(result, after.latest().orElseThrow());
        assertFalse(after.isDue(T.plusSeconds(60)));
        assertTrue(after.isDue(T.plus(Duration.ofMinutes(5))));
    }

    @Test
    void twoSweepsRecordingTheSameRunRecordItOnce() {
        StoredCheck before = created(Tier.CRITICAL);
        assertTrue(store.recordRun(before, result(before.check(), T, CheckStatus.UNHEALTHY), CheckState.INITIAL.next(CheckStatus.UNHEALTHY, 1, 1).state()));
        assertFalse(store.recordRun(before, result(before.check(), T.plusMillis(3), CheckStatus.UNHEALTHY),
                CheckState.INITIAL.next(CheckStatus.UNHEALTHY, 1, 1).state()), "the second read the same run count");
        assertEquals(1, tables.history().page(before.check().id(), 10, Optional.empty()).items().size(),
                "the loser wrote no history either");
    }

    @Test
    void historyIsNewestFirstPaginatedAndExpiresAfterThirtyDays() {
        StoredCheck stored = created(Tier.CRITICAL);
        for (int i = 0; i < 5; i++) {
            CheckResult result = result(stored.check(), T.plus(Duration.ofMinutes(i)), i % 2 == 0 ? CheckStatus.HEALTHY : CheckStatus.DEGRADED);
            assertTrue(store.recordRun(stored, result, stored.state()));
            stored = store.find(stored.check().id()).orElseThrow();
        }
        Page<CheckResult> first = tables.history().page(stored.check().id(), 2, Optional.empty());
        assertEquals(List.of(T.plus(Duration.ofMinutes(4)), T.plus(Duration.ofMinutes(3))), first.items().stream().map(CheckResult::at).toList());
        Page<CheckResult> second = tables.history().page(stored.check().id(), 2, first.nextToken());
        assertEquals(List.of(T.plus(Duration.ofMinutes(2)), T.plus(Duration.ofMinutes(1))), second.items().stream().map(CheckResult::at).toList());
        Page<CheckResult> last = tables.history().page(stored.check().id(), 2, second.nextToken());
        assertEquals(1, last.items().size());
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName("CheckResultsTable").key(Map.of(
                "checkId", AttributeValue.fromS(last.items().get(0).checkId()),
                "at", AttributeValue.fromN(Long.toString(T.toEpochMilli()))))).item();
        assertEquals(T.plus(Duration.ofDays(30)).getEpochSecond(), Long.parseLong(item.get("expiresAt").n()));
        assertEquals(stored.check().tenantId(), item.get("tenantId").s());
        String otherToken = first.nextToken().orElseThrow();
        assertThrows(InvalidInput.class, () -> tables.history().page("chk_other0000000", 2, Optional.of(otherToken)));
    }

    @ParameterizedTest
    @EnumSource(Tier.class)
    void aHealthyResultIsCachedForItsTiersLifetime(Tier tier) {
        StoredCheck before = created(tier);
        CheckResult result = result(before.check(), T, CheckStatus.HEALTHY);
        assertTrue(store.recordRun(before, result, before.state()));
        StoredCheck after = store.find(before.check().id()).orElseThrow();
        long seconds = switch (tier) {
            case CRITICAL -> 30;
            case CORE -> 120;
            case INTEGRATION -> 300;
            case EXTERNAL -> 600;
        };
        assertEquals(Optional.of(result), after.cached(T.plusSeconds(seconds - 1)));
        assertEquals(Optional.empty(), after.cached(T.plusSeconds(seconds)));
    }

    @Test
    void aBreachIsNotServedFromTheCache() {
        StoredCheck before = created(Tier.EXTERNAL);
        assertTrue(store.recordRun(before, result(before.check(), T, CheckStatus.HEALTHY), before.state()));
        StoredCheck healthy = store.find(before.check().id()).orElseThrow();
        assertTrue(healthy.cached(T.plusSeconds(60)).isPresent());
        CheckResult breach = result(before.check(), T.plusSeconds(60), CheckStatus.DEGRADED);
        assertTrue(store.recordRun(healthy, breach, healthy.state().next(CheckStatus.DEGRADED, 1, 1).state()));
        StoredCheck breached = store.find(before.check().id()).orElseThrow();
        assertEquals(Optional.empty(), breached.cached(T.plusSeconds(61)), "the breach invalidated the cached healthy result");
        assertEquals(breach, breached.latest().orElseThrow(), "it is still the latest result");
    }

    @Test
    void invalidatingOrChangingACheckDropsItsCachedResult() {
        StoredCheck before = created(Tier.EXTERNAL);
        assertTrue(store.recordRun(before, result(before.check(), T, CheckStatus.HEALTHY), before.state()));
        store.invalidate(before.check().id());
        assertEquals(Optional.empty(), store.find(before.check().id()).orElseThrow().cached(T.plusSeconds(1)));

        StoredCheck other = created(Tier.EXTERNAL);
        assertTrue(store.recordRun(other, result(other.check(), T, CheckStatus.HEALTHY), other.state()));
        StoredCheck cached = store.find(other.check().id()).orElseThrow();
        assertTrue(store.update(cached, cached.check().withConditions(Conditions.of("latencyMs < 10")).nextVersion(T), Map.of(), false));
        StoredCheck changed = store.find(other.check().id()).orElseThrow();
        assertEquals(Optional.empty(), changed.cached(T.plusSeconds(1)), "judged by the old conditions");
        assertEquals(1, changed.runs(), "the run state is kept");
        store.invalidate("chk_nonexistent00");
    }
}
