package dev.vigil.checks;

import dev.vigil.domain.WireName;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How often a check runs, how long its latest result is served from the cache, and how long one run
 * may take: critical every minute (cached 30 s, a run within 10 s), core every 5 minutes (120 s),
 * integration every 15 (300 s), external every 30 (600 s).
 */
public enum Tier implements WireName {
    CRITICAL(Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(10)),
    CORE(Duration.ofMinutes(5), Duration.ofSeconds(120), Duration.ofSeconds(10), Duration.ofSeconds(30)),
    INTEGRATION(Duration.ofMinutes(15), Duration.ofSeconds(300), Duration.ofSeconds(10), Duration.ofSeconds(30)),
    EXTERNAL(Duration.ofMinutes(30), Duration.ofSeconds(600), Duration.ofSeconds(10), Duration.ofSeconds(30));

    /** A run this much before the interval has elapsed still counts as due: a tenth of it, at most this. */
    static final Duration MAX_EARLY = Duration.ofSeconds(15);

    private final Duration interval;
    private final Duration cacheTtl;
    private final Duration defaultTimeout;
    private final Duration maxTimeout;

    Tier(Duration interval, Duration cacheTtl, Duration defaultTimeout, Duration maxTimeout) {
        this.interval = interval;
        this.cacheTtl = cacheTtl;
        this.defaultTimeout = defaultTimeout;
        this.maxTimeout = maxTimeout;
    }

    public Duration interval() {
        return interval;
    }

    /** How long the latest healthy result may be served without running the check again. */
    public Duration cacheTtl() {
        return cacheTtl;
    }

    /** The timeout of a check of this tier that names none. */
    public Duration defaultTimeout() {
        return defaultTimeout;
    }

    /** The longest timeout a check of this tier may have: a critical check finishes within 10 s. */
    public Duration maxTimeout() {
        return maxTimeout;
    }

    /**
     * Whether a check of this tier that last ran at {@code lastRun} (never, if empty) is due at
     * {@code now}: its interval has elapsed, less a little slack (a tenth of the interval, at most
     * {@link #MAX_EARLY}) so that a sweep firing a few seconds early does not skip a whole interval.
     */
    public boolean isDue(Optional<Instant> lastRun, Instant now) {
        return lastRun.map(last -> !now.isBefore(last.plus(interval).minus(slack()))).orElse(true);
    }

    /** When a check that last ran at {@code lastRun} is next due (now, if it never ran). */
    public Instant nextDue(Optional<Instant> lastRun, Instant now) {
        return lastRun.map(last -> last.plus(interval).minus(slack())).orElse(now);
    }

    private Duration slack() {
        Duration tenth = interval.dividedBy(10);
        return tenth.compareTo(MAX_EARLY) < 0 ? tenth : MAX_EARLY;
    }

    public static Optional<Tier> fromWire(String value) {
        return WireName.parse(Tier.class, value);
    }
}
