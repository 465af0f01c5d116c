package dev.vigil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.BucketCounts;
import dev.vigil.domain.MaintenanceWindow;
import dev.vigil.domain.Resolution;
import dev.vigil.domain.UptimeBucket;
import dev.vigil.domain.UptimeCounter;
import dev.vigil.domain.UptimePlan;
import dev.vigil.domain.UptimeState;
import dev.vigil.domain.Uptime;
import dev.vigil.wiring.TestPlatform;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Uptime rollups on DynamoDB Local: where increments land, their TTLs, the watermark's guard and reads. */
class RollupStoreTest {
    private final TestPlatform f = new TestPlatform();
    private final RollupStore store = new RollupStore(f.platform.dynamo(), "UptimeTable");
    private final String app = RollupStore.application("app_rollupstore01");
    private final Instant t0 = Instant.parse("2026-11-24T11:59:30Z");

    private Map<String, AttributeValue> item(String subject, String bucket) {
        return f.platform.dynamo().getItem(g -> g.tableName("UptimeTable")
                .key(Map.of("subject", Attr.s(subject), "bucket", Attr.s(bucket)))).item();
    }

    private List<Map<String, AttributeValue>> items(String subject) {
        return f.platform.dynamo().query(q -> q.tableName("UptimeTable").keyConditionExpression("#s = :s")
                .expressionAttributeNames(Map.of("#s", "subject")).expressionAttributeValues(Map.of(":s", Attr.s(subject))))
                .items();
    }

    @Test
    void theFirstObservationWritesOnlyTheWatermark() {
        store.observe(app, Optional.of(UptimeState.UP), t0);

        assertEquals(Optional.of(new RollupStore.Watermark(t0, Optional.of(UptimeState.UP))), store.watermark(app));
        assertEquals(1, items(app).size());
    }

    @Test
    void aFlipAddsTheSpanToItsMinuteHourAndDayBucketsWithTheirTtls() {
        store.observe(app, Optional.of(UptimeState.UP), t0);
        Instant flip = t0.plusSeconds(45);

        store.observe(app, Optional.of(UptimeState.DOWN), flip);

        assertEquals("30000", item(app, "minute#2026-11-24T11:59:00Z").get("up").n());
        assertEquals("15000", item(app, "minute#2026-11-24T12:00:00Z").get("up").n());
        assertEquals("30000", item(app, "hour#2026-11-24T11:00:00Z").get("up").n());
        assertEquals("15000", item(app, "hour#2026-11-24T12:00:00Z").get("up").n());
        assertEquals("45000", item(app, "day#2026-11-24T00:00:00Z").get("up").n());
        assertEquals(Long.toString(Instant.parse("2026-11-25T12:00:00Z").getEpochSecond()),
                item(app, "minute#2026-11-24T11:59:00Z").get("expiresAt").n(), "minutes are kept 24 hours");
        assertEquals(Long.toString(Instant.parse("2026-11-25T00:00:00Z").plus(Duration.ofDays(400)).getEpochSecond()),
                item(app, "day#2026-11-24T00:00:00Z").get("expiresAt").n(), "days are kept 400 days");
        assertEquals(Optional.of(new RollupStore.Watermark(flip, Optional.of(UptimeState.DOWN))), store.watermark(app));
    }

    @Test
    void aReplayedObservationAddsNothing() {
        store.observe(app, Optional.of(UptimeState.UP), t0);
        Instant flip = t0.plusSeconds(45);
        store.observe(app, Optional.of(UptimeState.DOWN), flip);

        RollupStore.Observed replay = store.observe(app, Optional.of(UptimeState.DOWN), flip);
        RollupStore.Observed late = store.observe(app, Optional.of(UptimeState.PAUSED), flip.minusSeconds(5));
        RollupStore.Observed again = store.observe(app, Optional.of(UptimeState.DOWN), flip);

        assertFalse(replay.moved());
        assertFalse(late.moved());
        assertFalse(again.moved());
        assertEquals("45000", item(app, "day#2026-11-24T00:00:00Z").get("up").n());
        assertEquals(Optional.of(new RollupStore.Watermark(flip, Optional.of(UptimeState.DOWN))), store.watermark(app));
    }

    @Test
    void theLastOfTwoChangesInOneMillisecondDecidesTheState() {
        store.observe(app, Optional.of(UptimeState.UP), t0);
        store.observe(app, Optional.of(UptimeState.DOWN), t0.plusSeconds(60));
        store.observe(app, Optional.of(UptimeState.PAUSED), t0.plusSeconds(60));

        assertEquals(Optional.of(new RollupStore.Watermark(t0.plusSeconds(60), Optional.of(UptimeState.PAUSED))),
                store.watermark(app));
        assertEquals("60000", item(app, "day#2026-11-24T00:00:00Z").get("up").n());
    }

    @Test
    void timeNotMonitoredAddsNothingButMovesTheWatermark() {
        store.observe(app, Optional.empty(), t0);
        store.observe(app, Optional.of(UptimeState.UP), t0.plusSeconds(600));

        assertEquals(Optional.of(new RollupStore.Watermark(t0.plusSeconds(600), Optional.of(UptimeState.UP))),
                store.watermark(app));
        assertEquals(1, items(app).size());
    }

    @Test
    void aLongSpanIsWrittenInSeveralTransactionsThatAddUpToIt() {
        store.observe(app, Optional.of(UptimeState.UP), t0);
        Instant later = t0.plus(Duration.ofDays(40)).plusSeconds(17);

        RollupStore.Observed observed = store.observe(app, Optional.of(UptimeState.DOWN), later);

        assertTrue(observed.transactions() > 1, "1 441 minutes, 721 hours and 41 days do not fit one transaction");
        UptimePlan plan = UptimePlan.of(t0.minus(Duration.ofDays(1)), later, later);
        Uptime uptime = Uptime.of(plan, store.read(app, plan.buckets()).counts());
        assertEquals(Duration.between(t0, later).toMillis(), uptime.upMillis());
        long minuteItems = items(app).stream()
                .filter(i -> i.get("bucket").s().startsWith("minute#")).count();
        assertEquals(1441, minuteItems, "only the minutes still kept are written");
    }

    @Test
    void aReaderAddsTheLiveSpanSinceTheWatermark() {
        store.observe(app, Optional.of(UptimeState.UP), t0);
        store.observe(app, Optional.of(UptimeState.DOWN), t0.plusSeconds(60));
        Instant now = t0.plusSeconds(180);
        UptimePlan plan = UptimePlan.of(now.minus(Duration.ofHours(24)), now, now);

        List<BucketCounts> read = new ArrayList<>(store.read(app, plan.buckets()).counts());
        read.addAll(store.live(store.watermark(app), now));
        Uptime uptime = Uptime.of(plan, read);

        assertEquals(60_000, uptime.upMillis());
        assertEquals(120_000, uptime.downMillis());
    }

    @Test
    void checkResultsCountAndSumTheirLatency() {
        String check = RollupStore.check("chk_rollupstore1");
        store.result(check, t0, OptionalLong.of(120));
        store.result(check, t0.plusSeconds(10), OptionalLong.of(80));
        store.result(check, t0.plusSeconds(20), OptionalLong.empty());

        UptimeBucket day = UptimeBucket.holding(Resolution.DAY, t0);
        BucketCounts counts = store.read(check, List.of(day)).counts().getFirst();

        assertEquals(3, counts.get(UptimeCounter.RESULTS));
        assertEquals(200, counts.get(UptimeCounter.LATENCY_SUM_MS));
        assertEquals(2, counts.get(UptimeCounter.LATENCY_COUNT));
    }

    @Test
    void aReadOfMoreThanAHundredBucketsIsBatched() {
        store.observe(app, Optional.of(UptimeState.UP), t0);
        Instant now = t0.plus(Duration.ofHours(5));
        store.observe(app, Optional.of(UptimeState.UP), now);
        List<UptimeBucket> minutes = new ArrayList<>();
        for (Instant m = Resolution.MINUTE.floor(t0); m.isBefore(now); m = m.plusSeconds(60)) {
            minutes.add(new UptimeBucket(Resolution.MINUTE, m));
        }

        RollupStore.Read read = store.read(app, minutes);

        assertEquals(minutes.size(), read.itemsRead());
        assertTrue(read.requests() >= 4, "301 keys need at least 4 requests, made " + read.requests());
        assertEquals(Duration.between(t0, now).toMillis(),
                read.counts().stream().mapToLong(c -> c.get(UptimeCounter.UP)).sum());
    }

    private long outages(Instant from, Instant to, Instant now) {
        UptimePlan plan = UptimePlan.of(from, to, now);
        return Uptime.of(plan, store.read(app, plan.buckets()).counts()).outages();
    }

    @Test
    void eachFlipIntoDownCountsOneOutageInTheBucketsItStartsIn() {
        store.observe(app, Optional.of(UptimeState.UP), t0);
        store.observe(app, Optional.of(UptimeState.DOWN), t0.plusSeconds(60));
        store.observe(app, Optional.of(UptimeState.UP), t0.plusSeconds(120));
        store.observe(app, Optional.of(UptimeState.DOWN), t0.plusSeconds(7200));

        assertEquals("1", item(app, "minute#2026-11-24T12:00:00Z").get("outages").n());
        assertEquals("1", item(app, "hour#2026-11-24T12:00:00Z").get("outages").n());
        assertEquals("1", item(app, "hour#2026-11-24T13:00:00Z").get("outages").n());
        assertEquals("2", item(app, "day#2026-11-24T00:00:00Z").get("outages").n());
        assertEquals(2, outages(t0, t0.plusSeconds(10_800), t0.plusSeconds(10_800)));
        assertEquals(1, outages(t0.plusSeconds(3600), t0.plusSeconds(10_800), t0.plusSeconds(10_800)),
                "the window from 12:59:30 (read from 12:59) holds only the second");
    }

    @Test
    void aReplayedFlipIntoDownCountsItsOutageOnce() {
        store.observe(app, Optional.of(UptimeState.UP), t0);
        Instant flip = t0.plusSeconds(90);

        store.observe(app, Optional.of(UptimeState.DOWN), flip);
        store.observe(app, Optional.of(UptimeState.DOWN), flip);
        store.observe(app, Optional.of(UptimeState.DOWN), flip.plusSeconds(30));

        assertEquals(1, outages(t0, flip.plusSeconds(60), flip.plusSeconds(60)));
    }

    @Test
    void aSubjectFirstSeenDownAndAFlipAfterALongSpanCountTheirOutages() {
        String check = RollupStore.check("chk_rollupstore01");
        store.observe(check, Optional.of(UptimeState.DOWN), t0);
        store.observe(check, Optional.of(UptimeState.UP), t0.plusSeconds(60));
        // Up for 20 days: the roll-up takes several transactions; the outage lands with the last one.
        Instant flip = t0.plus(Duration.ofDays(20));
        RollupStore.Observed observed = store.observe(check, Optional.of(UptimeState.DOWN), flip);

        assertTrue(observed.transactions() > 1, "a long span is several steps: " + observed);
        assertEquals("1", item(check, "day#2026-11-24T00:00:00Z").get("outages").n());
        assertEquals("1", item(check, "minute#" + Resolution.MINUTE.floor(flip)).get("outages").n());
        assertFalse(item(check, "hour#2026-11-30T12:00:00Z").containsKey("outages"), "steady up time counts none");
    }

    @Test
    void timeInsideAMaintenanceWindowIsWrittenAndReadLiveAsMaintenance() {
        var window = new MaintenanceWindow.OneOff(Instant.parse("2026-11-24T12:10:00Z"),
                Instant.parse("2026-11-24T12:20:00Z"));
        store.observe(app, Optional.of(UptimeState.UP), t0, List.of(window));
        // Down from 12:05; the window holds 12:10 to 12:20; still down, not written, at 12:30.
        store.observe(app, Optional.of(UptimeState.DOWN), Instant.parse("2026-11-24T12:05:00Z"), List.of(window));
        store.observe(app, Optional.of(UptimeState.DOWN), Instant.parse("2026-11-24T12:15:00Z"), List.of(window));
        Instant now = Instant.parse("2026-11-24T12:30:00Z");
        UptimePlan plan = UptimePlan.of(Instant.parse("2026-11-24T12:00:00Z"), now, now);

        Uptime uptime = Uptime.of(plan, store.readUpTo(app, plan.buckets(), now, List.of(window)).counts());

        assertEquals(Duration.ofMinutes(15).toMillis(), uptime.downMillis(), "12:05-12:10 and 12:20-12:30");
        assertEquals(Duration.ofMinutes(10).toMillis(), uptime.maintenanceMillis());
        assertEquals(Duration.ofMinutes(5).toMillis(), uptime.upMillis());
        assertEquals(1, uptime.outages());
    }

    @Test
    void aCachedReportIsServedWholeUntilItExpires() {
        Instant now = Instant.parse("2026-12-02T00:00:00Z");
        String json = "{\"tenantId\":\"tn_1\",\"applications\":[]}";

        assertEquals(1, store.cacheReport("tn_1", "2026-11", json, now, now.plusSeconds(300)));

        assertEquals(Optional.of(new RollupStore.CachedReport(json, now)), store.cachedReport("tn_1", "2026-11", now));
        assertEquals(Optional.empty(), store.cachedReport("tn_1", "2026-10", now), "another month");
        assertEquals(Optional.empty(), store.cachedReport("tn_2", "2026-11", now), "another tenant");
        assertEquals(Optional.empty(), store.cachedReport("tn_1", "2026-11", now.plusSeconds(300)), "expired");
    }

    @Test
    void aReportLargerThanOneItemIsSplitIntoPartsUnder400Kb() {
        Instant now = Instant.parse("2026-12-02T00:00:00Z");
        StringBuilder json = new StringBuilder("{\"noise\":\"");
        Random random = new Random(7);
        for (int i = 0; i < 700_000; i++) {
            json.append((char) ('a' + random.nextInt(26)));
        }
        String report = json.append("\"}").toString();

        int parts = store.cacheReport("tn_big", "2026-11", report, now, now.plusSeconds(300));

        assertTrue(parts > 1, "random text hardly compresses: " + parts + " parts");
        for (Map<String, AttributeValue> part : items(RollupStore.reportSubject("tn_big"))) {
            assertTrue(part.get("body").b().asByteArray().length <= RollupStore.REPORT_PART_BYTES);
        }
        assertEquals(report, store.cachedReport("tn_big", "2026-11", now).orElseThrow().json());
        // Rewritten smaller, the old parts left behind are not mixed into it.
        store.cacheReport("tn_big", "2026-11", "{}", now.plusSeconds(1), now.plusSeconds(300));
        assertEquals("{}", store.cachedReport("tn_big", "2026-11", now).orElseThrow().json());
    }
}
