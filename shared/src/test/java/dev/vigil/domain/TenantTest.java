package dev.vigil.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Tenants' rules: active hours in the tenant's zone, the next sweep, quiet hours that follow the zone. */
class TenantTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Instant CREATED = Instant.parse("2026-11-24T12:00:00Z");

    private static Tenant tenant(boolean paused, Optional<Instant> lastSweep) {
        return new Tenant("tn_k3v9x2m7q4pa", "Acme", PARIS, 30, ActiveHours.DEFAULT,
                Optional.of(new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0), ZoneId.of("UTC"))), paused, CREATED, CREATED,
                lastSweep, 1);
    }

    @Test
    void activeHoursAreReadInTheTenantsZone() {
        // 08:30 UTC is 09:30 in Paris in winter.
        assertTrue(ActiveHours.DEFAULT.includes(Instant.parse("2026-11-24T08:30:00Z"), PARIS));
        assertFalse(ActiveHours.DEFAULT.includes(Instant.parse("2026-11-24T07:30:00Z"), PARIS));
        assertFalse(ActiveHours.DEFAULT.includes(Instant.parse("2026-11-24T20:00:00Z"), PARIS), "21:00 is the end, excluded");
    }

    @Test
    void activeHoursMaySpanMidnightOrLastAllDay() {
        ActiveHours night = ActiveHours.parse("22:00", "06:00");
        assertTrue(night.includes(Instant.parse("2026-11-24T23:30:00Z"), ZoneId.of("UTC")));
        assertTrue(night.includes(Instant.parse("2026-11-24T05:59:00Z"), ZoneId.of("UTC")));
        assertFalse(night.includes(Instant.parse("2026-11-24T12:00:00Z"), ZoneId.of("UTC")));
        assertTrue(ActiveHours.parse("00:00", "00:00").includes(Instant.parse("2026-11-24T03:00:00Z"), PARIS));
    }

    @Test
    void theNextSweepIsOneIntervalAfterTheLastOrAfterCreationAndNoneWhilePaused() {
        assertEquals(Optional.of(CREATED.plusSeconds(1800)), tenant(false, Optional.empty()).nextSweepAt());
        assertEquals(Optional.of(CREATED.plusSeconds(7200)), tenant(false, Optional.of(CREATED.plusSeconds(5400))).nextSweepAt());
        assertEquals(Optional.empty(), tenant(true, Optional.empty()).nextSweepAt());
    }

    @Test
    void quietHoursAreAlwaysInTheTenantsZone() {
        assertEquals(PARIS, tenant(false, Optional.empty()).quietHours().orElseThrow().zone());
    }

    @Test
    void onlyDefaultAndGeneratedIdsNameATenant() {
        assertTrue(Tenant.isWellFormedId("default"));
        assertTrue(Tenant.isWellFormedId(Ids.TENANT.next()));
        assertFalse(Tenant.isWellFormedId("Default"));
        assertFalse(Tenant.isWellFormedId("app_k3v9x2m7q4pa"));
        assertFalse(Tenant.isWellFormedId(null));
    }
}
