package dev.vigil.checks.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.checks.CheckStatus;
import dev.vigil.checks.SweepExecution;
import dev.vigil.checks.SweepExecution.CheckOutcome;
import dev.vigil.checks.SweepStatus;
import dev.vigil.checks.SweepTrigger;
import dev.vigil.checks.Tier;
import dev.vigil.domain.ActiveHours;
import dev.vigil.domain.Ids;
import dev.vigil.domain.InvalidInput;
import dev.vigil.domain.Tenant;
import dev.vigil.runtime.Env;
import dev.vigil.store.Page;
import dev.vigil.testkit.DynamoLocal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Sweep execution records on DynamoDB Local: newest first per tenant, paginated, kept for the retention period. */
class SweepLogTest {
    private static final Instant T = Instant.parse("2026-11-24T12:00:00Z");
    private final DynamoLocal db = DynamoLocal.shared();
    private final SweepLog log = SweepLog.fromEnv(Env.of(Map.of(SweepLog.TABLE_SETTING, "SweepExecutionsTable",
            SweepLog.RETENTION_SETTING, "7")), db.client());
    private final String tenant = Ids.TENANT.next();

    private SweepExecution execution(String tenantId, Instant at, SweepStatus status) {
        return new SweepExecution(Ids.SWEEP.next(), tenantId, SweepTrigger.SCHEDULE, at, 420,
                List.of(new CheckOutcome(Ids.CHECK.next(), "API", "http", CheckStatus.UNHEALTHY, 812, "latencyMs < 500 failed: was 812",
                        Optional.of("latencyMs < 500"), true, Optional.of(Tier.CRITICAL), Optional.of(CheckStatus.UNHEALTHY)),
                        new CheckOutcome(Ids.CHECK.next(), "DB", "postgres", CheckStatus.HEALTHY, 12, "the condition holds", Optional.empty(),
                                false, Optional.of(Tier.EXTERNAL), Optional.of(CheckStatus.HEALTHY))), 3, status);
    }

    @Test
    void anExecutionIsReadBackAsSavedAndExpiresAfterTheRetention() {
        SweepExecution saved = execution(tenant, T, SweepStatus.ALERT);
        log.save(saved);

        assertEquals(Optional.of(saved), log.latest(tenant));
        Map<String, AttributeValue> item = db.client().getItem(g -> g.tableName("SweepExecutionsTable")
                .key(Map.of("tenantId", AttributeValue.fromS(tenant), "startedAt", AttributeValue.fromN(Long.toString(T.toEpochMilli()))))).item();
        assertEquals(T.plus(Duration.ofDays(7)).getEpochSecond(), Long.parseLong(item.get("expiresAt").n()));
        assertEquals("alert", item.get("status").s());
        assertEquals(Optional.empty(), log.latest(Ids.TENANT.next()), "another tenant has none");
    }

    @Test
    void aRecordWrittenBeforeTiersWereKeptReadsWithoutThemAndItsAlertStillFails() {
        SweepExecution saved = execution(tenant, T, SweepStatus.ALERT);
        log.save(saved);
        Map<String, AttributeValue> key = Map.of("tenantId", AttributeValue.fromS(tenant),
                "startedAt", AttributeValue.fromN(Long.toString(T.toEpochMilli())));
        String written = db.client().getItem(g -> g.tableName("SweepExecutionsTable").key(key)).item().get("execution").s();
        assertTrue(written.contains("\"tier\":\"critical\"") && written.contains("\"confirmed\":\"unhealthy\""), written);
        String old = written.replaceAll(",\"tier\":\"[a-z]+\"", "").replaceAll(",\"confirmed\":\"[a-z]+\"", "");
        db.client().updateItem(u -> u.tableName("SweepExecutionsTable").key(key).updateExpression("SET execution = :e")
                .expressionAttributeValues(Map.of(":e", AttributeValue.fromS(old))));

        SweepExecution read = log.latest(tenant).orElseThrow();

        assertEquals(Optional.empty(), read.checks().get(0).tier());
        assertEquals(Optional.empty(), read.checks().get(0).confirmed());
        assertFalse(dev.vigil.checks.SweepHealth.successful(read), "an alert recorded before is judged as it was then");
        assertFalse(dev.vigil.checks.SweepHealth.successful(saved), "a critical check confirmed unhealthy");
    }

    @Test
    void executionsAreListedNewestFirstAPageAtATimeAndSinceAMoment() {
        for (int i = 0; i < 5; i++) {
            log.save(execution(tenant, T.plus(Duration.ofMinutes(5L * i)), SweepStatus.ALL_CLEAR));
        }
        log.save(execution(Ids.TENANT.next(), T.plus(Duration.ofMinutes(30)), SweepStatus.ERROR));

        Page<SweepExecution> first = log.page(tenant, 2, Optional.empty());
        assertEquals(List.of(T.plus(Duration.ofMinutes(20)), T.plus(Duration.ofMinutes(15))),
                first.items().stream().map(SweepExecution::startedAt).toList());
        Page<SweepExecution> second = log.page(tenant, 2, first.nextToken());
        assertEquals(T.plus(Duration.ofMinutes(10)), second.items().get(0).startedAt());
        assertThrows(InvalidInput.class, () -> log.page(Ids.TENANT.next(), 2, first.nextToken()), "another tenant's token");

        assertEquals(List.of(T.plus(Duration.ofMinutes(20)), T.plus(Duration.ofMinutes(15)), T.plus(Duration.ofMinutes(10))),
                log.since(tenant, T.plus(Duration.ofMinutes(10))).stream().map(SweepExecution::startedAt).toList());
    }

    @Test
    void twoSweepsStartingInTheSameMillisecondAreBothKept() {
        SweepExecution one = execution(tenant, T, SweepStatus.ALL_CLEAR);
        SweepExecution other = execution(tenant, T, SweepStatus.WARNING);
        log.save(one);
        log.save(other);
        assertEquals(2, log.since(tenant, T).size());
    }

    @Test
    void theHealthReadReachesPastADayOfAlertsToTheLastAllClear() {
        Tenant acme = new Tenant(tenant, "Acme", ZoneOffset.UTC, 30, ActiveHours.parse("00:00", "00:00"), Optional.empty(), false,
                T.minus(Duration.ofDays(30)), T.minus(Duration.ofDays(30)), Optional.empty(), 1);
        SweepExecution good = execution(tenant, T.minus(Duration.ofHours(40)), SweepStatus.ALL_CLEAR);
        SweepExecution olderAlert = execution(tenant, T.minus(Duration.ofHours(30)), SweepStatus.ALERT);
        SweepExecution alert = execution(tenant, T.minus(Duration.ofHours(2)), SweepStatus.ALERT);
        SweepExecution latest = execution(tenant, T.minus(Duration.ofHours(1)), SweepStatus.ALERT);
        List.of(good, olderAlert, alert, latest).forEach(log::save);

        List<SweepExecution> read = log.forHealth(acme, T);

        assertEquals(List.of(latest.executionId(), alert.executionId(), good.executionId()),
                read.stream().map(SweepExecution::executionId).toList(), "the day's alerts, then the last all-clear; no older alert");
    }
}
