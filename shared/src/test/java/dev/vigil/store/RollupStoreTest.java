package dev.vigil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.BucketCounts;
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
}
