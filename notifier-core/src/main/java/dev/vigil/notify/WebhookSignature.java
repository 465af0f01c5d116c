package dev.vigil.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a signed webhook delivery (the webhook channel, and scheduled tasks with a signing secret): {@code v1=<lowercase hex HMAC-SHA256(signingSecret, timestamp + "." + body)>},
 * where {@code timestamp} is the {@code X-Vigil-Timestamp} header (Unix seconds, as sent) and
 * {@code body} the raw request body bytes (UTF-8). A receiver recomputes it over the body exactly as
 * received, compares in constant time, and rejects timestamps older than {@link #TOLERANCE} (replays).
 */
public final class WebhookSignature {
    public static final String VERSION = "v1";
    /** How old (or how far in the future) a timestamp a receiver should accept. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final String ALGORITHM = "HmacSHA256";

    private WebhookSignature() {
    }

    /** The {@code X-Vigil-Signature} value for a body sent at {@code timestamp} (Unix seconds). */
    public static String sign(String signingSecret, long timestamp, String body) {
        return VERSION + "=" + HexFormat.of().formatHex(hmac(signingSecret, signedBytes(Long.toString(timestamp), body)));
    }

    /**
     * What a receiver does: true only if {@code signatureHeader} is the v1 signature of {@code body}
     * at {@code timestampHeader} and that timestamp is within {@link #TOLERANCE} of {@code now}.
     */
    public static boolean verify(String signingSecret, String timestampHeader, String body, String signatureHeader,
                                 Instant now) {
        if (timestampHeader == null || signatureHeader == null || body == null) {
            return false;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.strip());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > TOLERANCE.toSeconds()) {
            return false;
        }
        byte[] expected = (VERSION + "=" + HexFormat.of().formatHex(hmac(signingSecret, signedBytes(timestampHeader.strip(), body))))
                .getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signatureHeader.strip().getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code timestamp + "." + body} as the UTF-8 bytes that go on the wire. */
    private static byte[] signedBytes(String timestamp, String body) {
        return (timestamp + "." + body).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] hmac(String secret, byte[] message) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return mac.doFinal(message);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // Every JDK has HmacSHA256 and accepts any non-empty key; say nothing about the key itself.
            throw new IllegalStateException("cannot compute " + ALGORITHM + ": " + e.getClass().getSimpleName());
        }
    }
}
