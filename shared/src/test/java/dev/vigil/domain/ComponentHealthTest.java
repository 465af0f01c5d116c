package dev.vigil.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The status a public page shows for a component, with plain values. */
class ComponentHealthTest {
    @Test
    void anApplicationThatBeatsOrIsPausedIsOperational() {
        assertEquals(ComponentHealth.OPERATIONAL, ComponentHealth.ofBeat(BeatState.UP));
        assertEquals(ComponentHealth.OPERATIONAL, ComponentHealth.ofBeat(BeatState.NEW));
        assertEquals(ComponentHealth.OPERATIONAL, ComponentHealth.ofBeat(BeatState.PAUSED));
    }

    @Test
    void aLateApplicationIsDegradedAndADownOneDown() {
        assertEquals(ComponentHealth.DEGRADED, ComponentHealth.ofBeat(BeatState.LATE));
        assertEquals(ComponentHealth.DEGRADED, ComponentHealth.ofBeat(BeatState.UNKNOWN));
        assertEquals(ComponentHealth.DOWN, ComponentHealth.ofBeat(BeatState.DOWN));
    }

    @Test
    void aDownComponentUnderMaintenanceShowsMaintenanceNotDown() {
        assertEquals(ComponentHealth.MAINTENANCE, ComponentHealth.ofBeat(BeatState.DOWN).during(true));
        assertEquals(ComponentHealth.DOWN, ComponentHealth.ofBeat(BeatState.DOWN).during(false));
    }

    @Test
    void thePageShowsItsWorstComponent() {
        assertEquals(ComponentHealth.DOWN, ComponentHealth.overall(List.of(ComponentHealth.OPERATIONAL, ComponentHealth.DOWN,
                ComponentHealth.MAINTENANCE)));
        assertEquals(ComponentHealth.MAINTENANCE, ComponentHealth.overall(List.of(ComponentHealth.OPERATIONAL, ComponentHealth.MAINTENANCE)));
        assertEquals(ComponentHealth.OPERATIONAL, ComponentHealth.overall(List.of()));
    }
}
