package dev.vigil.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.runtime.Env;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fleet-wide drop rule with its default thresholds: minimum 20, 30 % of the fleet, 10 times the baseline. */
class FleetDropTest {
    final FleetDrop rule = FleetDrop.DEFAULT;

    @Test
    void aSmallFleetNeedsTheMinimumCount() {
        assertEquals(20, rule.threshold(10, 0));
        assertFalse(rule.suspected(10, 10, 0), "a whole fleet of 10 stopping is paged: it may be the user's");
        assertTrue(rule.suspected(20, 40, 0));
    }

    @Test
    void aLargeFleetNeedsThirtyPercentOfItsApplications() {
        assertEquals(150, rule.threshold(500, 0));
        assertFalse(rule.suspected(149, 500, 0));
        assertTrue(rule.suspected(150, 500, 0));
    }

    @Test
    void aFleetThatUsuallyMissesNeedsTenTimesItsBaseline() {
        assertEquals(300, rule.threshold(500, 30));
        assertFalse(rule.suspected(299, 500, 30));
        assertTrue(rule.suspected(300, 500, 30));
    }

    @Test
    void aFractionOfAnApplicationRoundsUp() {
        assertEquals(31, rule.threshold(101, 0), "30 % of 101 is 30.3: 31 applications");
    }

    @Test
    void eachNormalPassMovesTheBaselineOneTwentiethOfTheWay() {
        assertEquals(0.05, rule.nextBaseline(0, 1), 1e-9);
        assertEquals(0.95, rule.nextBaseline(1, 0), 1e-9);
        assertEquals(2.9, rule.nextBaseline(2, 20), 1e-9);
    }

    @Test
    void thresholdsComeFromTheEnvironmentWithTheirDefaults() {
        assertEquals(FleetDrop.DEFAULT, FleetDrop.fromEnv(Env.of(Map.of())));
        assertEquals(new FleetDrop(5, 0.5, 4, 0.1), FleetDrop.fromEnv(Env.of(Map.of("FLEET_DROP_MINIMUM", "5",
                "FLEET_DROP_FRACTION", "0.5", "FLEET_DROP_FACTOR", "4", "FLEET_DROP_SMOOTHING", "0.1"))));
    }

    @Test
    void aBadThresholdIsRejectedWithItsVariableName() {
        IllegalStateException fraction = assertThrows(IllegalStateException.class,
                () -> FleetDrop.fromEnv(Env.of(Map.of("FLEET_DROP_FRACTION", "1.5"))));
        assertTrue(fraction.getMessage().contains("FLEET_DROP_FRACTION"), fraction.getMessage());
        IllegalStateException text = assertThrows(IllegalStateException.class,
                () -> FleetDrop.fromEnv(Env.of(Map.of("FLEET_DROP_FACTOR", "ten"))));
        assertTrue(text.getMessage().contains("FLEET_DROP_FACTOR") && text.getMessage().contains("ten"), text.getMessage());
        assertThrows(IllegalStateException.class, () -> FleetDrop.fromEnv(Env.of(Map.of("FLEET_DROP_MINIMUM", "0"))));
    }
}
