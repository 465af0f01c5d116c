package dev.vigil.dashboard;

import java.util.Optional;

/**
 * One file of the dashboard as it is served: under {@code servedName} (content-hashed, such as
 * {@code app.3f2a9c41d0.js}, except the page itself), with its content type, its bytes and, when
 * compressing pays, their gzip. A hashed file never changes under its name, so it is cached for a year.
 */
record Asset(String servedName, String contentType, byte[] bytes, Optional<byte[]> gzipped, boolean immutable) {
}
