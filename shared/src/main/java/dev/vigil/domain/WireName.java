package dev.vigil.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * Enums that travel as lower-case words ({@code up}, {@code critical}, {@code slack}): one way to write
 * and read them, so an unknown word is an empty result rather than an exception.
 */
public interface WireName {
    /** The enum constant's name in lower case. */
    default String wire() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT);
    }

    /** The constant of {@code type} whose wire name is {@code value}, if any. */
    static <E extends Enum<E> & WireName> Optional<E> parse(Class<E> type, String value) {
        for (E constant : type.getEnumConstants()) {
            if (constant.wire().equals(value)) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }
}
