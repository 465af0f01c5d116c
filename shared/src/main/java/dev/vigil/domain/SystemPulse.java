package dev.vigil.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Vigil's own pulse at a moment, from the last pulse each component recorded: pure functions of stored
 * facts and {@code now}.
 * <ul>
 *   <li>{@code error}: the component's last run failed (whatever its age);</li>
 *   <li>{@code warning}: its last pulse is older than 1.5 times its schedule (stale);</li>
 *   <li>{@code alive}: its last run succeeded (or found the kill switch off) and is at most 1.5 times the
 *       schedule old, that moment included;</li>
 *   <li>{@code unknown}: it never recorded a pulse.</li>
 * </ul>
 * The system's pulse is the worst of its components' ({@link PulseStatus}: error, warning, unknown, alive).
 */
public final class SystemPulse {
    private SystemPulse() {
    }

    /** The age past which a pulse of {@code schedule} is stale: 1.5 times the schedule. */
    public static Duration staleAfter(Duration schedule) {
        return schedule.plus(schedule.dividedBy(2));
    }

    /** A component's pulse at {@code now}, from its last recorded pulse, if any. */
    public static PulseStatus of(Optional<Pulse> last, Instant now) {
        if (last.isEmpty()) {
            return PulseStatus.UNKNOWN;
        }
        Pulse pulse = last.get();
        if (pulse.outcome() == Pulse.Outcome.ERROR) {
            return PulseStatus.ERROR;
        }
        return now.isAfter(pulse.at().plus(staleAfter(pulse.schedule()))) ? PulseStatus.WARNING : PulseStatus.ALIVE;
    }

    /** Every component's pulse at {@code now}, from the last pulses recorded (a component missing never ran). */
    public static Map<Component, PulseStatus> components(Map<Component, Pulse> last, Instant now) {
        Map<Component, PulseStatus> statuses = new EnumMap<>(Component.class);
        for (Component component : Component.values()) {
            statuses.put(component, of(Optional.ofNullable(last.get(component)), now));
        }
        return statuses;
    }

    /** The system's pulse: the worst of its components'. */
    public static PulseStatus overall(Map<Component, PulseStatus> components) {
        PulseStatus worst = PulseStatus.ALIVE;
        for (PulseStatus status : components.values()) {
            worst = worst.worst(status);
        }
        return worst;
    }
}
