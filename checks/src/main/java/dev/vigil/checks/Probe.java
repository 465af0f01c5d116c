package dev.vigil.checks;

/**
 * Runs a check of one type against its real target and says what it measured. A target that cannot be
 * reached, answers an error or times out is a measurement (its values say so, with a short problem),
 * not an exception. A destination the outbound rules refuse throws {@link Outbound.Refused}; anything
 * else thrown is a fault of the probe; both make the result {@code unknown}.
 */
@FunctionalInterface
public interface Probe {
    Measurement probe(ProbeCall call) throws Exception;
}
