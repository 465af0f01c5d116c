package dev.vigil.ingest;

import java.util.Optional;

/**
 * What a heartbeat URL names: which application ({@link Target}) and which signal. Parsed by hand, no
 * regex on the hot path.
 *
 * <ul>
 *   <li>{@code /heartbeat/{uuid}} — success;</li>
 *   <li>{@code /heartbeat/{uuid}/{signal}} — {@code start}, {@code fail}, {@code log}, or an exit code
 *       {@code 0}–{@code 255} (0 is a success, anything else a failure);</li>
 *   <li>{@code /heartbeat/{pingKey}/{slug}} and {@code /heartbeat/{pingKey}/{slug}/{signal}} — the same,
 *       for the application named {@code slug} in the tenant that owns {@code pingKey}.</li>
 * </ul>
 * A first segment that is a well-formed UUID is always an application's UUID; anything else there is a
 * ping key.
 */
public record BeatPath(Target target, Signal signal) {

    /** The application a beat is for. */
    public sealed interface Target {
    }

    /** By its ping UUID (canonical lower case). */
    public record ByUuid(String uuid) implements Target {
    }

    /** By its slug within the tenant that owns the ping key. */
    public record BySlug(String pingKey, String slug) implements Target {
    }

    /** What the client reports. */
    public enum Kind {
        SUCCESS, START, FAIL, LOG
    }

    /** A signal, with the exit code it came as, if any ({@code exit/0} is a success, {@code 1..255} a failure). */
    public record Signal(Kind kind, Optional<Integer> exitCode) {
        public static final Signal SUCCESS = new Signal(Kind.SUCCESS, Optional.empty());
        public static final Signal START = new Signal(Kind.START, Optional.empty());
        public static final Signal FAIL = new Signal(Kind.FAIL, Optional.empty());
        public static final Signal LOG = new Signal(Kind.LOG, Optional.empty());

        public static Signal exit(int code) {
            return new Signal(code == 0 ? Kind.SUCCESS : Kind.FAIL, Optional.of(code));
        }
    }

    public static final int MAX_SLUG = 100;
    public static final int PING_KEY_LENGTH = 22;

    /**
     * Parses the path after {@code /heartbeat/}: {@code first} is its first segment, {@code rest} the
     * remainder (empty when there is none). Empty for a path that names nothing: the caller answers 404.
     */
    public static Optional<BeatPath> parse(String first, Optional<String> rest) {
        if (first == null) {
            return Optional.empty();
        }
        String[] more = rest.map(r -> r.split("/", -1)).orElse(new String[0]);
        Optional<String> uuid = BeatRecorder.canonicalUuid(first);
        if (uuid.isPresent()) {
            if (more.length == 0) {
                return Optional.of(new BeatPath(new ByUuid(uuid.get()), Signal.SUCCESS));
            }
            return more.length == 1 ? signal(more[0]).map(s -> new BeatPath(new ByUuid(uuid.get()), s)) : Optional.empty();
        }
        if (!isPingKey(first) || more.length == 0 || more.length > 2 || !isSlug(more[0])) {
            return Optional.empty();
        }
        Target target = new BySlug(first, more[0]);
        return more.length == 1 ? Optional.of(new BeatPath(target, Signal.SUCCESS))
                : signal(more[1]).map(s -> new BeatPath(target, s));
    }

    /** {@code start}, {@code fail}, {@code log}, or an exit code 0–255 written without sign or leading zeros. */
    static Optional<Signal> signal(String segment) {
        switch (segment) {
            case "start":
                return Optional.of(Signal.START);
            case "fail":
                return Optional.of(Signal.FAIL);
            case "log":
                return Optional.of(Signal.LOG);
            default:
                break;
        }
        if (segment.isEmpty() || segment.length() > 3 || (segment.length() > 1 && segment.charAt(0) == '0')) {
            return Optional.empty();
        }
        int code = 0;
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c < '0' || c > '9') {
                return Optional.empty();
            }
            code = code * 10 + (c - '0');
        }
        return code <= 255 ? Optional.of(Signal.exit(code)) : Optional.empty();
    }

    /** A ping key: {@value #PING_KEY_LENGTH} characters of the URL-safe base64 alphabet. */
    public static boolean isPingKey(String candidate) {
        if (candidate.length() != PING_KEY_LENGTH) {
            return false;
        }
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** A slug: 1–{@value #MAX_SLUG} of lower-case letters, digits, {@code -} and {@code _}. */
    public static boolean isSlug(String candidate) {
        if (candidate.isEmpty() || candidate.length() > MAX_SLUG) {
            return false;
        }
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
