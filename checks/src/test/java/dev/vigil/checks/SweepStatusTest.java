package dev.vigil.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A tenant's overall status: error > alert > warning > all clear, as seed 000 orders them. */
class SweepStatusTest {
    private static final CheckStatus OK = CheckStatus.HEALTHY;

    @Test
    void aCheckThatCouldNotTellOutranksEveryFinding() {
        assertEquals(SweepStatus.ERROR, SweepStatus.of(List.of(OK, CheckStatus.UNHEALTHY, CheckStatus.UNKNOWN, CheckStatus.DEGRADED)));
    }

    @Test
    void anUnhealthyCheckIsAnAlertAndADegradedOneAWarning() {
        assertEquals(SweepStatus.ALERT, SweepStatus.of(List.of(CheckStatus.DEGRADED, OK, CheckStatus.UNHEALTHY)));
        assertEquals(SweepStatus.WARNING, SweepStatus.of(List.of(OK, CheckStatus.DEGRADED, OK)));
    }

    @Test
    void allHealthyOrNoChecksIsAllClear() {
        assertEquals(SweepStatus.ALL_CLEAR, SweepStatus.of(List.of(OK, OK)));
        assertEquals(SweepStatus.ALL_CLEAR, SweepStatus.of(List.of()));
        assertEquals("all_clear", SweepStatus.ALL_CLEAR.wire());
    }
}
