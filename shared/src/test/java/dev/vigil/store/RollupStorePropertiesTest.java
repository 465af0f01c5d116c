package dev.vigil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.domain.BucketCounts;
import dev.vigil.domain.Ids;
import dev.vigil.domain.MaintenanceTruth;
import dev.vigil.domain.Uptime;
import dev.vigil.domain.UptimePlan;
import dev.vigil.domain.UptimeState;
import dev.vigil.testkit.DynamoLocal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * A generated month of flips written through the store on DynamoDB Local, then read through the tiling of
 * a random window at a random later moment (with the live span since the last flip): up, down, paused and
 * maintenance time agree to the millisecond with the time spent in each state computed from the flips, up
 * and down time inside the application's maintenance windows (one-off ones, overlapping or not, and often
 * a daily one) counting as maintenance; and the outages read are the flips into down within the window.
 */
class RollupStorePropertiesTest {
    private static final long DAY = 86_400_000L;
    private static final long MONTH = 31 * DAY;
    private final RollupStore store = new RollupStore(DynamoLocal.shared().client(), "UptimeTable");

    record Flip(long offsetMillis, UptimeState to) {
    }

    @Provide
    Arbitrary<List<Flip>> flips() {
        Arbitrary<Flip> flip = Combinators.combine(Arbitraries.longs().between(0, MONTH - 1),
                Arbitraries.of(UptimeState.class)).as(Flip::new);
        return flip.list().ofMaxSize(40)
                .map(list -> list.stream().sorted(Comparator.comparingLong(Flip::offsetMillis)).toList());
    }

    @Provide
    Arbitrary<List<long[]>> oneOffs() {
        return Combinators.combine(Arbitraries.longs().between(-2 * DAY, MONTH + DAY),
                Arbitraries.longs().between(1, 3 * DAY)).as((offset, length) -> new long[] {offset, length})
                .list().ofMaxSize(3);
    }

    @Property(tries = 25)
    void uptimeReadFromTheStoreEqualsTheFlipsToTheMillisecond(
            @ForAll @LongRange(min = 19_723, max = 20_362) long day,
            @ForAll @LongRange(min = 0, max = DAY - 1) long startOfDay,
            @ForAll UptimeState initial,
            @ForAll("flips") List<Flip> flips,
            @ForAll("oneOffs") List<long[]> oneOffs,
            @ForAll @IntRange(min = -12, max = 23) int dailyHour,
            @ForAll @IntRange(min = 1, max = 240) int dailyMinutes,
            @ForAll @LongRange(min = 0, max = 45 * DAY) long readAfter,
            @ForAll @LongRange(min = -2 * DAY, max = MONTH + 47 * DAY) long fromOffset,
            @ForAll @LongRange(min = 1, max = MONTH + 2 * DAY) long length) {
        String subject = RollupStore.application(Ids.APPLICATION.next());
        Instant start = Instant.ofEpochMilli(day * DAY + startOfDay);
        MaintenanceTruth.Windows windows = MaintenanceTruth.of(start, start.plusMillis(MONTH + 45 * DAY), oneOffs,
                dailyHour, dailyMinutes);
        List<MaintenanceTruth.Span> truth = new ArrayList<>();
        List<Instant> outageStarts = new ArrayList<>();
        store.observe(subject, Optional.of(initial), start, windows.windows());
        if (initial == UptimeState.DOWN) {
            outageStarts.add(start);
        }
        Instant since = start;
        UptimeState state = initial;
        for (Flip flip : flips) {
            Instant at = start.plusMillis(flip.offsetMillis());
            store.observe(subject, Optional.of(flip.to()), at, windows.windows());
            if (at.isAfter(since)) {
                truth.add(new MaintenanceTruth.Span(since, at, state));
                since = at;
            }
            if (flip.to() == UptimeState.DOWN && state != UptimeState.DOWN) {
                outageStarts.add(at);
            }
            state = flip.to();
        }
        Instant end = start.plusMillis(MONTH);
        store.observe(subject, Optional.of(state), end, windows.windows());
        Instant now = end.plusMillis(readAfter);
        truth.add(new MaintenanceTruth.Span(since, now, state));
        Instant from = start.plusMillis(fromOffset);
        UptimePlan plan = UptimePlan.of(from, from.plusMillis(length), now);

        List<BucketCounts> read = new ArrayList<>(store.read(subject, plan.buckets()).counts());
        read.addAll(store.live(store.watermark(subject), now, windows.windows(), Instant.EPOCH));
        Uptime uptime = Uptime.of(plan, read);

        Map<UptimeState, Long> expected = MaintenanceTruth.bruteForce(truth, windows.intervals(), plan.from(), plan.to());
        assertEquals(expected.get(UptimeState.UP), uptime.upMillis(), "up");
        assertEquals(expected.get(UptimeState.DOWN), uptime.downMillis(), "down");
        assertEquals(expected.get(UptimeState.PAUSED), uptime.pausedMillis(), "paused");
        assertEquals(expected.get(UptimeState.MAINTENANCE), uptime.maintenanceMillis(), "maintenance");
        long outages = outageStarts.stream().filter(at -> !at.isBefore(plan.from()) && at.isBefore(plan.to())).count();
        assertEquals(outages, uptime.outages(), "outages: flips into down that started in the window read");
    }
}
