package dev.vigil.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A component's pulse at a moment, at the exact boundaries, and the system's as the worst of them. */
class SystemPulseTest {
    private static final Instant RAN = Instant.parse("2026-11-24T12:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private static Optional<Pulse> healthy() {
        return Optional.of(Pulse.healthy(Component.MISSED_BEAT_DETECTOR, RAN, MINUTE, Map.of("passes", 2L)));
    }

    @Test
    void staysAliveUntilOneAndAHalfSchedulesHavePassed() {
        assertEquals(PulseStatus.ALIVE, SystemPulse.of(healthy(), RAN));
        assertEquals(PulseStatus.ALIVE, SystemPulse.of(healthy(), RAN.plusSeconds(90)), "exactly 1.5 times the schedule");
    }

    @Test
    void isStaleOneMillisecondPastOneAndAHalfSchedules() {
        assertEquals(PulseStatus.WARNING, SystemPulse.of(healthy(), RAN.plusSeconds(90).plusMillis(1)));
    }

    @Test
    void aFiveMinuteScheduleIsStaleAfterSevenAndAHalfMinutes() {
        Optional<Pulse> sweep = Optional.of(Pulse.healthy(Component.TENANT_SWEEP, RAN, Duration.ofMinutes(5), Map.of()));
        assertEquals(PulseStatus.ALIVE, SystemPulse.of(sweep, RAN.plusSeconds(450)));
        assertEquals(PulseStatus.WARNING, SystemPulse.of(sweep, RAN.plusSeconds(450).plusMillis(1)));
    }

    @Test
    void aFailedLastRunIsAnErrorFreshOrStale() {
        Optional<Pulse> failed = Optional.of(Pulse.failed(Component.MISSED_BEAT_DETECTOR, RAN, MINUTE, new IllegalStateException("x")));
        assertEquals(PulseStatus.ERROR, SystemPulse.of(failed, RAN));
        assertEquals(PulseStatus.ERROR, SystemPulse.of(failed, RAN.plus(Duration.ofDays(1))));
    }

    @Test
    void aRunWithTheKillSwitchOffIsAlive() {
        Optional<Pulse> off = Optional.of(Pulse.disabled(Component.TENANT_SWEEP, RAN, MINUTE));
        assertEquals(PulseStatus.ALIVE, SystemPulse.of(off, RAN.plusSeconds(90)));
        assertEquals(PulseStatus.WARNING, SystemPulse.of(off, RAN.plusSeconds(91)), "a switched-off run still has to happen");
    }

    @Test
    void aComponentThatNeverRanIsUnknown() {
        assertEquals(PulseStatus.UNKNOWN, SystemPulse.of(Optional.empty(), RAN));
        Map<Component, PulseStatus> none = SystemPulse.components(Map.of(), RAN);
        assertEquals(Map.of(Component.MISSED_BEAT_DETECTOR, PulseStatus.UNKNOWN, Component.TENANT_SWEEP, PulseStatus.UNKNOWN,
                Component.RECOVERY, PulseStatus.UNKNOWN, Component.PULSE, PulseStatus.UNKNOWN), none);
        assertEquals(PulseStatus.UNKNOWN, SystemPulse.overall(none));
    }

    @Test
    void theSystemIsAliveOnlyWhenEveryComponentIs() {
        assertEquals(PulseStatus.ALIVE, overall(PulseStatus.ALIVE, PulseStatus.ALIVE));
        assertEquals(PulseStatus.UNKNOWN, overall(PulseStatus.ALIVE, PulseStatus.UNKNOWN));
    }

    @Test
    void theSystemTakesTheWorstComponentErrorThenWarningThenUnknown() {
        assertEquals(PulseStatus.ERROR, overall(PulseStatus.ERROR, PulseStatus.WARNING));
        assertEquals(PulseStatus.ERROR, overall(PulseStatus.UNKNOWN, PulseStatus.ERROR));
        assertEquals(PulseStatus.WARNING, overall(PulseStatus.WARNING, PulseStatus.UNKNOWN));
        assertEquals(PulseStatus.WARNING, overall(PulseStatus.ALIVE, PulseStatus.WARNING));
    }

    @Test
    void anErrorNamesExceptionTypesAndNeverTheirMessages() {
        String text = Pulse.describe(new UncheckedIOException("tenant tn_k3v9x2m7q4pa at https://acme.example",
                new IOException("tn_k3v9x2m7q4pa")));
        assertEquals("run failed: UncheckedIOException caused by IOException", text);
        assertFalse(text.contains("tn_"));
    }

    @Test
    void errorsAreKeptFewAndShort() {
        Pulse pulse = new Pulse(Component.TENANT_SWEEP, RAN, Pulse.Outcome.ERROR, false, Map.of(),
                List.of("a".repeat(500), "b", "c", "d", "e", "f", "g"), MINUTE);
        assertEquals(Pulse.MAX_ERRORS, pulse.errors().size());
        assertTrue(pulse.errors().stream().allMatch(e -> e.length() <= Pulse.MAX_ERROR_LENGTH));
        assertEquals(RAN.plus(MINUTE), pulse.nextExpected());
    }

    private static PulseStatus overall(PulseStatus detector, PulseStatus sweep) {
        Map<Component, PulseStatus> statuses = new EnumMap<>(Component.class);
        statuses.put(Component.MISSED_BEAT_DETECTOR, detector);
        statuses.put(Component.TENANT_SWEEP, sweep);
        return SystemPulse.overall(statuses);
    }
}
