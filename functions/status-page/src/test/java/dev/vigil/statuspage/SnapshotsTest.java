package dev.vigil.statuspage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.ComponentHealth;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A page's last-good rendering survives being stored: what is read back renders as it did. */
class SnapshotsTest {
    private static final Instant AT = Instant.parse("2026-11-30T15:20:30.123Z");

    private static PublicStatus status() {
        PublicStatus.Figures figures = new PublicStatus.Figures(Optional.of(1.0), Optional.of(0.9995), Optional.empty(),
                List.of(new PublicStatus.Day(LocalDate.parse("2026-11-29"), Optional.empty()),
                        new PublicStatus.Day(LocalDate.parse("2026-11-30"), Optional.of(0.987654321))));
        return new PublicStatus("acme", "Acme \"status\"", Optional.of(URI.create("https://acme.example/logo.png")), ComponentHealth.DEGRADED,
                AT, List.of(new PublicStatus.Group("Core", List.of(new PublicStatus.Component("Billing", ComponentHealth.DEGRADED, figures),
                new PublicStatus.Component("Search", ComponentHealth.OPERATIONAL, new PublicStatus.Figures(Optional.empty(),
                        Optional.empty(), Optional.empty(), List.of()))))),
                List.of(new PublicStatus.Incident("Slow invoices", "monitoring", AT.minusSeconds(3600), Optional.empty(), List.of("Billing"),
                        List.of(new PublicStatus.Update(AT.minusSeconds(3600), "investigating", "Looking."),
                                new PublicStatus.Update(AT.minusSeconds(60), "monitoring", "A fix is out.")))),
                List.of(new PublicStatus.Notice("Upgrade", "", AT.minusSeconds(60), AT.plusSeconds(3600), true, List.of("Search"))),
                false, Optional.of(AT.minusSeconds(90L * 86400)));
    }

    @Test
    void aSnapshotReadsBackAsTheStatusItWasWrittenFrom() {
        PublicStatus status = status();

        PublicStatus read = Snapshots.read(Snapshots.write(status)).orElseThrow();

        assertEquals(status, read);
        assertEquals(StatusPageView.html(status, true), StatusPageView.html(read, true));
    }

    @Test
    void aDocumentThatIsNotASnapshotReadsAsNone() {
        assertTrue(Snapshots.read("not json").isEmpty());
        assertTrue(Snapshots.read("{\"title\":\"x\"}").isEmpty());
    }

    @Test
    void aSnapshotWithAFieldItCannotReadReadsAsNoneRatherThanFailingThePage() {
        String written = Snapshots.write(status());

        assertTrue(Snapshots.read(written.replace("\"firstDay\":\"2026-11-29\"", "\"firstDay\":\"29/11/2026\"")).isEmpty());
        assertTrue(Snapshots.read(written.replace("https://acme.example/logo.png", "https://acme example/logo png")).isEmpty());
    }
}
