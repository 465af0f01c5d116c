package dev.vigil.admin;

import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

/**
 * A read, change and compare-and-set write of one stored item, tried again when another write got in
 * between (unless {@code If-Match} named the version: then the other write makes it stale).
 */
final class VersionedEdit {
    private static final int ATTEMPTS = 3;

    private VersionedEdit() {
    }

    /**
     * Reads the item, refuses it when {@code ifMatch} names another version, applies {@code change} and
     * writes it with {@code write(read, changed)}, which is false when the read version is gone.
     */
    static <T> Change<T> apply(Supplier<Optional<T>> read, ToLongFunction<T> version, IfMatch ifMatch, UnaryOperator<T> change,
                               BiPredicate<T, T> write) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<T> current = read.get();
            if (current.isEmpty()) {
                return new Change.NotFound<>();
            }
            if (!ifMatch.allows(version.applyAsLong(current.get()))) {
                return new Change.Stale<>(version.applyAsLong(current.get()));
            }
            T changed = change.apply(current.get());
            if (write.test(current.get(), changed)) {
                return new Change.Done<>(changed);
            }
            Change.pause(attempt);
        }
        return new Change.Conflict<>();
    }
}
