package dev.vigil.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Status page fields and maintenance windows, with plain objects. */
class StatusPageTest {
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    private static final ComponentRef API = new ComponentRef(ComponentRef.Kind.APPLICATION, "app_k3v9x2m7q4pa");
    private static final ComponentRef DB = new ComponentRef(ComponentRef.Kind.CHECK, "chk_k3v9x2m7q4pa");

    private static StatusPage page(String slug, List<StatusPage.Group> groups) {
        return new StatusPage("sp_k3v9x2m7q4pa", "tn_acmeacmeacme", slug, "Acme status", Optional.empty(), groups, T0, 0);
    }

    @Test
    void aLogoMustBeHttps() {
        assertEquals(URI.create("https://acme.example.com/logo.png"), StatusPage.logo("https://acme.example.com/logo.png"));
        assertThrows(InvalidInput.class, () -> StatusPage.logo("http://acme.example.com/logo.png"));
        assertThrows(InvalidInput.class, () -> StatusPage.logo("javascript:alert(1)"));
    }

    @Test
    void aSlugIsLowerCaseLettersDigitsAndDashes() {
        assertThrows(InvalidInput.class, () -> page("Acme Status", List.of()));
        assertEquals("acme-status", page("acme-status", List.of()).slug());
    }

    @Test
    void aComponentIsShownOnceUnderItsDisplayName() {
        StatusPage page = page("acme", List.of(new StatusPage.Group("Core", List.of(new StatusPage.Shown(API, "Public API"),
                new StatusPage.Shown(DB, "Database")))));

        assertEquals(Optional.of("Database"), page.displayName(DB));
        InvalidInput twice = assertThrows(InvalidInput.class, () -> page("acme", List.of(new StatusPage.Group("Core",
                List.of(new StatusPage.Shown(API, "API"))), new StatusPage.Group("Again", List.of(new StatusPage.Shown(API, "API"))))));
        assertTrue(twice.getMessage().contains("shown twice"), twice.getMessage());
    }

    @Test
    void aComponentIdMustHaveTheShapeOfItsKind() {
        assertThrows(InvalidInput.class, () -> new ComponentRef(ComponentRef.Kind.CHECK, "app_k3v9x2m7q4pa"));
    }

    @Test
    void aMaintenanceWindowCoversItsComponentsFromStartUntilEnd() {
        Maintenance m = new Maintenance("mnt_k3v9x2m7q4pa", "tn_acmeacmeacme", "Database upgrade", "", T0, T0.plusSeconds(3600),
                List.of(DB), 0);

        assertFalse(m.covers(DB, T0.minusSeconds(1)));
        assertTrue(m.covers(DB, T0));
        assertTrue(m.covers(DB, T0.plusSeconds(3599)));
        assertFalse(m.covers(DB, T0.plusSeconds(3600)), "the end is excluded");
        assertFalse(m.covers(API, T0.plusSeconds(60)), "only the components it names");
    }

    @Test
    void aMaintenanceWindowEndsAfterItStarts() {
        assertThrows(InvalidInput.class, () -> new Maintenance("mnt_k3v9x2m7q4pa", "tn_acmeacmeacme", "Upgrade", "", T0, T0,
                List.of(DB), 0));
    }
}
