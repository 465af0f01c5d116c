package dev.vigil.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.Application;
import dev.vigil.domain.Status;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The suppression of an alert travels on the bus with it. */
class SuppressedAlertCodecTest {
    private static final Instant T = Instant.parse("2026-11-24T12:00:00Z");
    private static final Application APP = new Application("app_reports00001", "0f8fad5b-d9cb-469f-a165-70867728950e",
            "reports", 60, 0, Status.UP, Status.UP, true, Optional.of(T), T, Optional.of(T.plusSeconds(60)), 0, T, T);

    @Test
    void suppressedDownKeepsItsReasonThroughTheBus() {
        AlertEvent down = Alerts.down(APP, T.plusSeconds(60), T.plusSeconds(61))
                .suppressedFor(Optional.of("parent app_database0001 is down"));

        AlertEvent read = AlertEventCodec.fromDetail(AlertEventCodec.toDetail(down));

        assertEquals(down, read);
        assertEquals(Optional.of("parent app_database0001 is down"), read.suppressed());
    }

    @Test
    void alertThatIsSentCarriesNoSuppressedField() {
        AlertEvent down = Alerts.down(APP, T.plusSeconds(60), T.plusSeconds(61));
        assertFalse(AlertEventCodec.toDetail(down).has("suppressed"));
    }
}
