package dev.vigil.domain;

import java.net.URI;
import java.util.Optional;

/** The addresses Vigil sends to and links to: absolute http(s) URLs with a host, nothing else. */
public final class WebAddress {
    private WebAddress() {
    }

    /** {@code value} as a URL when it is an absolute http(s) URL with a host. */
    public static Optional<URI> httpUrl(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            URI uri = URI.create(value);
            return isHttpUrl(uri) ? Optional.of(uri) : Optional.empty();
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    public static boolean isHttpUrl(URI url) {
        return url.getHost() != null && ("https".equals(url.getScheme()) || "http".equals(url.getScheme()));
    }
}
