package dev.vigil.checks.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.runtime.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON written with single quotes, for settings in tests. */
final class Runs {
    private Runs() {
    }

    static JsonNode json(String text) {
        try {
            return Json.parse(text.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
