package dev.vigil.store;

import dev.vigil.domain.Component;
import dev.vigil.domain.Pulse;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Log;
import dev.vigil.runtime.ScheduleRate;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * How a scheduled function records its pulse at the end of a run: the time from its clock, its schedule
 * from {@code SCHEDULE_EXPRESSION}. Recording never fails the run: a failed write is logged and dropped
 * (the pulse then goes stale, which is what {@code /system/health} should show).
 */
public final class PulseRecorder {
    private static final Log LOG = Log.of(PulseRecorder.class);
    /** The environment variable with the function's EventBridge schedule, {@code rate(...)}. */
    public static final String SCHEDULE_SETTING = "SCHEDULE_EXPRESSION";

    private final PulseStore store;
    private final Component component;
    private final Duration schedule;
    private final Clock clock;

    public PulseRecorder(PulseStore store, Component component, Duration schedule, Clock clock) {
        this.store = store;
        this.component = component;
        this.schedule = schedule;
        this.clock = clock;
    }

    /** On the table {@code PULSE_TABLE} names, with the schedule {@code SCHEDULE_EXPRESSION} gives ({@code fallback} when unset). */
    public static PulseRecorder fromEnv(Env env, DynamoDbClient dynamo, Component component, Clock clock, String fallback) {
        return new PulseRecorder(new PulseStore(dynamo, env.require(PulseStore.TABLE_SETTING)), component,
                ScheduleRate.parse(env.get(SCHEDULE_SETTING, fallback)), clock);
    }

    public Duration schedule() {
        return schedule;
    }

    /** The run did its work and counted {@code counts}. */
    public void healthy(Map<String, Long> counts) {
        record(Pulse.healthy(component, clock.instant(), schedule, counts));
    }

    /** The run found the kill switch off. */
    public void disabled() {
        record(Pulse.disabled(component, clock.instant(), schedule));
    }

    /** The run failed with {@code failure}. */
    public void failed(Throwable failure) {
        record(Pulse.failed(component, clock.instant(), schedule, failure));
    }

    private void record(Pulse pulse) {
        try {
            store.record(pulse);
        } catch (RuntimeException e) {
            LOG.error("Could not record the pulse; the run itself is unaffected", e, "component", component.wire(),
                    "status", pulse.outcome().wire());
        }
    }
}
