package dev.vigil.admin;

import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code GET /api/openapi.json}: the OpenAPI 3.1 document of every route, read once from the
 * classpath ({@value #RESOURCE}, the file kept in the repository). Public, as it holds no data, and
 * cacheable for {@value #MAX_AGE_SECONDS} seconds.
 */
final class ApiDocument {
    static final String RESOURCE = "/openapi.json";
    static final int MAX_AGE_SECONDS = 300;

    private final String document;

    ApiDocument() {
        try (InputStream in = ApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the admin API's jar has no " + RESOURCE);
            }
            this.document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpResponse serve(HttpRequest request) {
        return new HttpResponse(200, Map.of("content-type", "application/json",
                "cache-control", "public, max-age=" + MAX_AGE_SECONDS), document);
    }
}
