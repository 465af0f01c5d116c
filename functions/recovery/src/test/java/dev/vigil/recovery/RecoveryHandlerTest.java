package dev.vigil.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.checks.recovery.RecoveryAttempt;
import dev.vigil.domain.Component;
import dev.vigil.domain.Pulse;
import dev.vigil.domain.Tenant;
import dev.vigil.fixtures.NotifierFixture;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.Metrics;
import dev.vigil.store.PulseRecorder;
import dev.vigil.store.PulseStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The handler built by its composition root from the template's environment for RecoveryFunction, fed the
 * sample schedule tick of events/, with the tenant-sweep function stood in for.
 */
class RecoveryHandlerTest {
    private final RecoveryHarness h = new RecoveryHarness();

    private JsonNode tick(RecoveryHandler handler) throws IOException {
        byte[] event = Files.readAllBytes(NotifierFixture.eventFile("recovery-schedule-tick.json"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, null);
        return Json.parse(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aTenantWhoseSweepScheduleNeverRanIsRecoveredOnTheRecoverySchedule() throws IOException {
        // The sweep's own schedule is broken: this tenant, two hours old, was never swept at all.
        Tenant tenant = h.tenant("Acme", Duration.ofHours(2));

        JsonNode answer = tick(new RecoveryHandler(h.f.platform, h.invoker));

        assertEquals(List.of(tenant.id() + " recovery"), h.asked, "forced through the sweep function, not its schedule");
        assertEquals(1, answer.path("recovered").asInt(), answer.toString());
        assertEquals(RecoveryAttempt.Outcome.RECOVERED, h.log.attempts(tenant.id(), 1).getFirst().outcome());
        Pulse pulse = new PulseStore(h.f.platform.dynamo(), h.f.platform.env().require(PulseStore.TABLE_SETTING))
                .find(Component.RECOVERY).orElseThrow();
        assertEquals(Pulse.Outcome.HEALTHY, pulse.outcome());
        assertEquals(1L, pulse.counts().get("recovered"));
        assertEquals(Duration.ofMinutes(5), pulse.schedule(), "the template's RecoverySchedule");
    }

    @Test
    void aRunWritesItsDurationAttemptsAndRecoveriesAsOneMetricLine() throws IOException {
        h.tenant("Acme", Duration.ofHours(2));
        List<String> lines = new ArrayList<>();
        PulseStore pulses = new PulseStore(h.f.platform.dynamo(), h.f.platform.env().require(PulseStore.TABLE_SETTING));
        RecoveryHandler handler = new RecoveryHandler(h.recovery(), true,
                new PulseRecorder(pulses, Component.RECOVERY, Duration.ofMinutes(5), h.f.clock), h.f.clock,
                new Metrics("Vigil/test", RecoveryHandler.FUNCTION, h.f.clock, lines::add));

        tick(handler);

        assertEquals(1, lines.size(), String.valueOf(lines));
        JsonNode line = Json.parse(lines.getFirst());
        assertEquals("recovery", line.path("Function").asText());
        assertTrue(line.path("RecoveryDurationMs").isNumber(), "one duration for the run: " + line);
        assertEquals(1, line.path("RecoveryAttempts").asLong());
        assertEquals(1, line.path("TenantsRecovered").asLong());
        assertEquals(0, line.path("RecoveryEscalations").asLong());
    }

    @Test
    void withTheKillSwitchOffARunForcesNothingAndRecordsADisabledPulse() throws IOException {
        h.tenant("Acme", Duration.ofHours(2));
        PulseStore pulses = new PulseStore(h.f.platform.dynamo(), h.f.platform.env().require(PulseStore.TABLE_SETTING));
        RecoveryHandler off = new RecoveryHandler(h.recovery(), false,
                new PulseRecorder(pulses, Component.RECOVERY, Duration.ofMinutes(5), h.f.clock), h.f.clock,
                h.f.platform.metrics(RecoveryHandler.FUNCTION));

        assertEquals(Json.object().put("disabled", true), tick(off));

        assertTrue(h.asked.isEmpty(), "no sweep forced");
        assertTrue(pulses.find(Component.RECOVERY).orElseThrow().disabled());
    }

    @Test
    void anEventOtherThanTheScheduleIsRefusedWithoutRecoveringAnything() throws IOException {
        h.tenant("Acme", Duration.ofHours(2));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new RecoveryHandler(h.f.platform, h.invoker).handleRequest(new ByteArrayInputStream("{\"tenantId\": \"x\"}".getBytes()), out, null);

        assertEquals("bad_request", Json.parse(out.toString(StandardCharsets.UTF_8)).path("error").asText());
        assertTrue(h.asked.isEmpty());
    }
}
