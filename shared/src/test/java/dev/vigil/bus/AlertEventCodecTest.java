package dev.vigil.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.AlertType;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.Application;
import dev.vigil.domain.CheckFacts;
import dev.vigil.domain.QuietHours;
import dev.vigil.domain.Severity;
import dev.vigil.domain.Status;
import dev.vigil.runtime.Json;
import dev.vigil.testkit.SamTemplate;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one JSON form of an alert: every kind survives the bus, and a malformed one is refused by name. */
class AlertEventCodecTest {
    private static final Instant T = Instant.parse("2026-11-24T22:30:00Z");
    private static final Application APP = new Application("app_x", "3f1c2a9e-8d4b-4e1f-9a6c-2b7d5e8f0a13", "backup",
            300, 60, Status.UP, Status.UP, true, Optional.of(T.minusSeconds(400)), T.minusSeconds(9000), Optional.empty(), 4,
            T.minusSeconds(9000), T.minusSeconds(9000), List.of("ch_k3v9x2m7q4pa"), Severity.WARNING,
            Optional.of(QuietHours.parse("22:00", "07:00", "Europe/Paris")), 0);

    private static AlertEvent roundTrip(AlertEvent event) throws Exception {
        return AlertEventCodec.fromDetail(Json.parse(Json.write(AlertEventCodec.toDetail(event))));
    }

    @Test
    void everyKindOfAlertSurvivesTheBusWithItsNumbers() throws Exception {
        AlertEvent down = Alerts.down(APP, T.minusSeconds(40), T);
        AlertEvent reminder = Alerts.reminder(down, 3, "ch_k3v9x2m7q4pa", T.plusSeconds(900));
        for (AlertEvent event : List.of(down, reminder, Alerts.flapping(down, 6, java.time.Duration.ofMinutes(30), Status.DOWN),
                Alerts.digest("ch_k3v9x2m7q4pa", List.of(down), T.plusSeconds(3600), T.plusSeconds(3610)))) {
            assertEquals(event, roundTrip(event), event.type().wire());
        }
        assertEquals(5, roundTrip(reminder).flip());
        assertEquals(3, roundTrip(reminder).reminder());
        assertEquals(AlertType.APPLICATION_STILL_DOWN, roundTrip(reminder).type());
    }

    @Test
    void anAlertKeepsItsTenantAndOneWrittenBeforeTenantsIsTheDefaultTenants() throws Exception {
        AlertEvent acme = Alerts.down(APP.inTenant("tn_k3v9x2m7q4pa"), T, T);
        assertEquals("tn_k3v9x2m7q4pa", roundTrip(acme).tenantId());
        assertEquals("tn_k3v9x2m7q4pa", roundTrip(Alerts.reminder(acme, 2, "ch_k3v9x2m7q4pa", T)).tenantId());

        var earlier = AlertEventCodec.toDetail(Alerts.down(APP, T, T));
        earlier.remove("tenantId");
        assertEquals("default", AlertEventCodec.fromDetail(earlier).tenantId());

        var forged = AlertEventCodec.toDetail(acme).put("tenantId", "../other");
        assertThrows(IllegalArgumentException.class, () -> AlertEventCodec.fromDetail(forged));
    }

    @Test
    void aCheckAlertSurvivesTheBusWithItsFactsAndTenant() throws Exception {
        CheckFacts unhealthy = new CheckFacts("http", CheckFacts.UNHEALTHY, CheckFacts.HEALTHY, 812,
                Optional.of("latencyMs < 500"), "latencyMs < 500 failed: was 812", "{\"connected\":true,\"status\":200}");
        CheckFacts recovered = new CheckFacts("http", CheckFacts.HEALTHY, CheckFacts.UNHEALTHY, 95, Optional.empty(),
                "all 2 conditions hold", "{}");
        QuietHours quiet = QuietHours.parse("22:00", "07:00", "Europe/Paris");
        for (CheckFacts facts : List.of(unhealthy, recovered, unhealthy.inTier("critical"))) {
            AlertEvent event = Alerts.checkChanged("chk_k3v9x2m7q4pa", "tn_k3v9x2m7q4pa", "api-health", 42, facts,
                    List.of("ch_k3v9x2m7q4pa"), Optional.of(quiet), T);
            assertEquals(event, roundTrip(event), facts.checkStatus());
            assertTrue(roundTrip(event).aboutCheck());
            assertFalse(roundTrip(event).aboutOneApplication());
        }

        var check = AlertEventCodec.toDetail(Alerts.checkChanged("chk_k3v9x2m7q4pa", "default", "api-health", 42, unhealthy,
                List.of(), Optional.empty(), T)).path("check");
        assertEquals("latencyMs < 500", check.path("threshold").textValue());
        assertEquals(812, check.path("latencyMs").asLong());
        assertEquals(200, check.path("details").path("status").asInt(), "the details are an object, not a string");
        var recovery = AlertEventCodec.toDetail(Alerts.checkChanged("chk_k3v9x2m7q4pa", "default", "api-health", 45, recovered,
                List.of(), Optional.empty(), T)).path("check");
        assertTrue(recovery.path("threshold").isNull(), "a recovery has no condition that fired");
    }

    @Test
    void theSampleCheckEventIsExactlyWhatTheBusCarries() throws Exception {
        var sample = Json.parse(Files.readString(SamTemplate.locate().getParent().resolve("events/check-unhealthy.json")));
        AlertEvent event = AlertEventCodec.fromBusEvent(sample);

        assertEquals(AlertType.CHECK_STATUS_CHANGED.wire(), sample.path("detail-type").asText());
        assertEquals(Json.parse(Json.write(sample.path("detail"))), Json.parse(Json.write(AlertEventCodec.toDetail(event))));
        assertEquals(sample.path("resources").path(0).asText(), AlertEventCodec.resource(event));
        assertEquals(new CheckFacts("http", CheckFacts.UNHEALTHY, CheckFacts.HEALTHY, 812, Optional.of("latencyMs < 500"),
                "latencyMs < 500 failed: was 812", "{\"connected\":true,\"status\":200,\"latencyMs\":812}")
                .inTier("critical"), event.check().orElseThrow(), "the check's tier travels with it");
        assertEquals(Alerts.checkChanged(event.applicationId(), event.tenantId(), event.name(), event.flip(),
                event.check().orElseThrow(), List.of(), Optional.empty(), event.time()), event, "as the domain makes it");
    }

    @Test
    void aDetailOfAnUnknownTypeIsRefusedByName() throws Exception {
        var detail = AlertEventCodec.toDetail(Alerts.down(APP, T, T)).put("type", "ApplicationExploded");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AlertEventCodec.fromDetail(detail));
        assertEquals("unknown type ApplicationExploded", e.getMessage());
    }
}
