package dev.vigil.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Incident status moves, with plain objects. */
class IncidentTest {
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    private static final ComponentRef API = new ComponentRef(ComponentRef.Kind.APPLICATION, "app_k3v9x2m7q4pa");

    private final Incident opened = Incident.open("tn_acmeacmeacme", "Checkout errors", List.of(API), IncidentStatus.INVESTIGATING,
            "We are looking into failed payments.", T0);

    @Test
    void anIncidentOpensWithItsFirstUpdateAndNoResolution() {
        assertEquals(IncidentStatus.INVESTIGATING, opened.status());
        assertEquals(1, opened.updates().size());
        assertEquals(Optional.empty(), opened.resolvedAt());
        assertTrue(opened.affects(API));
    }

    @Test
    void anUpdateMovesItForwardAndMayKeepItsStatus() {
        Incident identified = opened.withUpdate(new Incident.Update(T0.plusSeconds(60), IncidentStatus.IDENTIFIED, "A bad deploy."));
        Incident again = identified.withUpdate(new Incident.Update(T0.plusSeconds(120), IncidentStatus.IDENTIFIED, "Rolling back."));

        assertEquals(IncidentStatus.IDENTIFIED, again.status());
        assertEquals(3, again.updates().size());
        assertEquals(Optional.empty(), again.resolvedAt());
    }

    @Test
    void aStepMayBeSkipped() {
        assertEquals(IncidentStatus.MONITORING,
                opened.withUpdate(new Incident.Update(T0.plusSeconds(60), IncidentStatus.MONITORING, "Fixed, watching.")).status());
    }

    @Test
    void resolvingSetsResolvedAtToTheUpdatesTime() {
        Instant at = T0.plusSeconds(600);
        Incident resolved = opened.withUpdate(new Incident.Update(at, IncidentStatus.RESOLVED, "All good."));

        assertEquals(Optional.of(at), resolved.resolvedAt());
        assertEquals(IncidentStatus.RESOLVED, resolved.status());
        assertTrue(!resolved.affects(API), "a resolved incident affects nothing any more");
    }

    @Test
    void anIncidentNeverMovesBack() {
        Incident monitoring = opened.withUpdate(new Incident.Update(T0.plusSeconds(60), IncidentStatus.MONITORING, "Watching."));

        InvalidInput refused = assertThrows(InvalidInput.class,
                () -> monitoring.withUpdate(new Incident.Update(T0.plusSeconds(120), IncidentStatus.INVESTIGATING, "Again?")));
        assertTrue(refused.getMessage().contains("cannot become investigating"), refused.getMessage());
    }

    @Test
    void aResolvedIncidentTakesNoMoreUpdates() {
        Incident resolved = opened.withUpdate(new Incident.Update(T0.plusSeconds(60), IncidentStatus.RESOLVED, "Done."));

        assertThrows(InvalidInput.class,
                () -> resolved.withUpdate(new Incident.Update(T0.plusSeconds(120), IncidentStatus.RESOLVED, "Really done.")));
    }

    @Test
    void anUpdateNeedsAMessage() {
        assertThrows(InvalidInput.class, () -> new Incident.Update(T0, IncidentStatus.IDENTIFIED, " "));
    }
}
