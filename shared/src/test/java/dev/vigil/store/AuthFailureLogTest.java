package dev.vigil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.wiring.TestPlatform;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Failed authentications counted per source and window, for any text a source may be, with an expiry. */
class AuthFailureLogTest {
    private final TestPlatform f = new TestPlatform();
    private final AuthFailureLog log = new AuthFailureLog(f.platform.dynamo(), "AuthFailuresTable");
    private final Instant window = Instant.parse("2026-11-24T12:00:00Z");

    @Test
    void failuresAreCountedPerSourceAndWindow() {
        assertEquals(0, log.failures("203.0.113.7", window));
        assertEquals(1, log.count("203.0.113.7", window, Duration.ofMinutes(1)));
        assertEquals(2, log.count("203.0.113.7", window, Duration.ofMinutes(1)));
        log.count("203.0.113.8", window, Duration.ofMinutes(1));

        assertEquals(2, log.failures("203.0.113.7", window));
        assertEquals(1, log.failures("203.0.113.8", window));
        assertEquals(0, log.failures("203.0.113.7", window.plusSeconds(60)), "a new window starts at zero");
    }

    @Test
    void anySourceTextIsAWellFormedKeyAndTheCounterExpires() {
        String odd = "\ud800 " + "x".repeat(5000);
        assertEquals(1, log.count(odd, window, Duration.ofMinutes(1)));
        assertEquals(1, log.failures(odd, window));

        var item = f.platform.dynamo().scan(s -> s.tableName("AuthFailuresTable")).items().get(0);
        assertTrue(item.get("source").s().matches("[0-9a-f]{64}#" + window.getEpochSecond()), item.toString());
        assertEquals(window.plusSeconds(120).getEpochSecond(), Long.parseLong(item.get("expiresAt").n()));
    }
}
