package dev.vigil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.Component;
import dev.vigil.domain.Pulse;
import dev.vigil.wiring.TestPlatform;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The last pulse of each component on DynamoDB Local: stored and read back whole, one item per component. */
class PulseStoreTest {
    private final TestPlatform f = new TestPlatform();
    private final PulseStore store = new PulseStore(f.platform.dynamo(), f.platform.env().require(PulseStore.TABLE_SETTING));
    private final Instant ran = Instant.parse("2026-11-24T12:00:31Z");

    @Test
    void aPulseIsReadBackAsItWasRecorded() {
        Pulse pulse = new Pulse(Component.TENANT_SWEEP, ran, Pulse.Outcome.ERROR, false,
                Map.of("tenantsSwept", 3L, "tenantsQueued", 0L), List.of("run failed: IllegalStateException"), Duration.ofMinutes(5));

        store.record(pulse);

        assertEquals(Optional.of(pulse), store.find(Component.TENANT_SWEEP));
        assertEquals(Optional.empty(), store.find(Component.MISSED_BEAT_DETECTOR), "a component that never ran");
    }

    @Test
    void eachRunOverwritesItsComponentsPulse() {
        store.record(Pulse.failed(Component.MISSED_BEAT_DETECTOR, ran, Duration.ofMinutes(1), new IllegalStateException()));
        Pulse later = Pulse.disabled(Component.MISSED_BEAT_DETECTOR, ran.plusSeconds(60), Duration.ofMinutes(1));
        store.record(later);
        store.record(Pulse.healthy(Component.TENANT_SWEEP, ran, Duration.ofMinutes(5), Map.of()));

        assertEquals(later, store.all().get(Component.MISSED_BEAT_DETECTOR));
        assertTrue(store.all().get(Component.MISSED_BEAT_DETECTOR).disabled());
        assertEquals(2, store.all().size());
        assertEquals(2, f.platform.dynamo().scan(s -> s.tableName("PulseTable")).count(), "one item per component");
    }
}
