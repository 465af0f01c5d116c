package dev.vigil.runtime;

import java.util.Map;
import java.util.Optional;

/**
 * The configuration a function reads: the process environment on Lambda, or the variables the local
 * runner resolves from {@code template.yaml}. A missing required variable fails with its name.
 */
public final class Env {
    private final Map<String, String> vars;

    private Env(Map<String, String> vars) {
        this.vars = Map.copyOf(vars);
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    public static Env of(Map<String, String> vars) {
        return new Env(vars);
    }

    public Optional<String> get(String name) {
        String value = vars.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public String require(String name) {
        return get(name).orElseThrow(() -> new MissingSetting(name));
    }

    public String get(String name, String fallback) {
        return get(name).orElse(fallback);
    }

    public long getLong(String name, long fallback) {
        String value = get(name).orElse(null);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Environment variable " + name + " must be a whole number, was '" + value + "'");
        }
    }

    /** Thrown at start-up when the deployment forgot a variable; the message names it. */
    public static final class MissingSetting extends IllegalStateException {
        public MissingSetting(String name) {
            super("Missing required environment variable " + name);
        }
    }
}
