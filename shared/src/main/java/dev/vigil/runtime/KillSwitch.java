package dev.vigil.runtime;

/**
 * The stack's switch for its scheduled work: {@code HEARTBEAT_ENABLED=false} (the template's
 * {@code HeartbeatEnabled} parameter) turns the scheduled functions into no-ops that still succeed and
 * log that they are disabled, so monitoring can be stopped in one deploy without deleting anything and
 * started again the same way. Anything but {@code true} or {@code false} stops the function at start-up.
 */
public final class KillSwitch {
    public static final String VARIABLE = "HEARTBEAT_ENABLED";

    private KillSwitch() {
    }

    /** Whether the scheduled work runs (the default when the variable is unset). */
    public static boolean enabled(Env env) {
        String value = env.get(VARIABLE, "true");
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalStateException(VARIABLE + " must be true or false, was '" + value + "'");
        };
    }
}
