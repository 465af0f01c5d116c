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
    void theNextStartOfTheActiveHoursIsTodaysWhileAheadElseTomorrows() {
        // 07:30 UTC is 08:30 in Paris: today's 09:00 is ahead.
        assertEquals(Instant.parse("2026-11-24T08:00:00Z"), ActiveHours.DEFAULT.nextStart(Instant.parse("2026-11-24T07:30:00Z"), PARIS));
        assertEquals(Instant.parse("2026-11-25T08:00:00Z"), ActiveHours.DEFAULT.nextStart(Instant.parse("2026-11-24T20:30:00Z"), PARIS));
        assertEquals(Instant.parse("2026-11-25T08:00:00Z"), ActiveHours.DEFAULT.nextStart(Instant.parse("2026-11-24T08:00:00Z"), PARIS),
                "strictly after");
        ActiveHours night = ActiveHours.parse("22:00", "06:00");
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        // 12:00 UTC is 21:00 in Tokyo; the night starts an hour later, 13:00 UTC.
        assertEquals(Instant.parse("2026-11-24T13:00:00Z"), night.nextStart(Instant.parse("2026-11-24T12:00:00Z"), tokyo));
    }

    @Test
    void aStartInADaylightSavingGapMovesForwardWithTheClock() {
        // 2027-03-28 02:00 does not exist in Paris: the clock jumps to 03:00 (01:00 UTC).
        ActiveHours early = ActiveHours.parse("02:30", "10:00");
        assertEquals(Instant.parse("2027-03-28T01:30:00Z"), early.nextStart(Instant.parse("2027-03-27T20:00:00Z"), PARIS));
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
