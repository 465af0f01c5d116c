package dev.vigil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.domain.BucketCounts;
import dev.vigil.domain.Ids;
import dev.vigil.domain.Uptime;
import dev.vigil.domain.UptimePlan;
import dev.vigil.domain.UptimeState;
import dev.vigil.testkit.DynamoLocal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/**
 * A generated month of flips written through the store on DynamoDB Local, then read through the tiling of
 * a random window at a random later moment (with the live span since the last flip): up, down, paused and
 * maintenance time agree to the millisecond with the time spent in each state computed from the flips.
 */
class RollupStorePropertiesTest {
    private static final long DAY = 86_400_000L;
    private static final long MONTH = 31 * DAY;
    private final RollupStore store = new RollupStore(DynamoLocal.shared().client(), "UptimeTable");

    record Flip(long offsetMillis, UptimeState to) {
    }

    record Span(Instant from, Instant to, UptimeState state) {
    }

    @Provide
    Arbitrary<List<Flip>> flips() {
        Arbitrary<Flip> flip = Combinators.combine(Arbitraries.longs().between(0, MONTH - 1),
                Arbitraries.of(UptimeState.class)).as(Flip::new);
        return flip.list().ofMaxSize(40)
                .map(list -> list.stream().sorted(Comparator.comparingLong(Flip::offsetMillis)).toList());
    }

    @Property(tries = 25)
    void uptimeReadFromTheStoreEqualsTheFlipsToTheMillisecond(
            @ForAll @LongRange(min = 19_723, max = 20_362) long day,
            @ForAll @LongRange(min = 0, max = DAY - 1) long startOfDay,
            @ForAll UptimeState initial,
            @ForAll("flips") List<Flip> flips,
            @ForAll @LongRange(min = 0, max = 45 * DAY) long readAfter,
            @ForAll @LongRange(min = -2 * DAY, max = MONTH + 47 * DAY) long fromOffset,
            @ForAll @LongRange(min = 1, max = MONTH + 2 * DAY) long length) {
        String subject = RollupStore.application(Ids.APPLICATION.next());
        Instant start = Instant.ofEpochMilli(day * DAY + startOfDay);
        List<Span> truth = new ArrayList<>();
        store.observe(subject, Optional.of(initial), start);
        Instant since = start;
        UptimeState state = initial;
        for (Flip flip : flips) {
            Instant at = start.plusMillis(flip.offsetMillis());
            store.observe(subject, Optional.of(flip.to()), at);
            if (at.isAfter(since)) {
                truth.add(new Span(since, at, state));
                since = at;
            }
            state = flip.to();
        }
        Instant end = start.plusMillis(MONTH);
        store.observe(subject, Optional.of(state), end);
        Instant now = end.plusMillis(readAfter);
        truth.add(new Span(since, now, state));
        Instant from = start.plusMillis(fromOffset);
        UptimePlan plan = UptimePlan.of(from, from.plusMillis(length), now);

        List<BucketCounts> read = new ArrayList<>(store.read(subject, plan.buckets()).counts());
        read.addAll(store.live(store.watermark(subject), now));
        Uptime uptime = Uptime.of(plan, read);

        Map<UptimeState, Long> expected = bruteForce(truth, plan.from(), plan.to());
        assertEquals(expected.get(UptimeState.UP), uptime.upMillis(), "up");
        assertEquals(expected.get(UptimeState.DOWN), uptime.downMillis(), "down");
        assertEquals(expected.get(UptimeState.PAUSED), uptime.pausedMillis(), "paused");
        assertEquals(expected.get(UptimeState.MAINTENANCE), uptime.maintenanceMillis(), "maintenance");
    }

    private static Map<UptimeState, Long> bruteForce(List<Span> truth, Instant from, Instant to) {
        Map<UptimeState, Long> millis = new EnumMap<>(UptimeState.class);
        for (UptimeState state : UptimeState.values()) {
            millis.put(state, 0L);
        }
        for (Span span : truth) {
            long start = Math.max(span.from().toEpochMilli(), from.toEpochMilli());
            long end = Math.min(span.to().toEpochMilli(), to.toEpochMilli());
            if (end > start) {
                millis.merge(span.state(), end - start, Long::sum);
            }
        }
        return millis;
    }
}
