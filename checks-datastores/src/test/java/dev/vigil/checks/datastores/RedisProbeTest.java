package dev.vigil.checks.datastores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.checks.CheckResult;
import dev.vigil.checks.CheckStatus;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The redis probe against a real redis-server started by the test; skipped, saying why, without the binary. */
class RedisProbeTest {
    @BeforeEach
    void needsRedis() {
        assumeTrue(RedisServer.available(), () -> RedisServer.skipReason(getClass()));
    }

    private static Datastores.Defined check(RedisServer server, String extra, String... conditions) {
        return Datastores.define("redis", "{'host': '127.0.0.1', 'port': " + server.port() + extra + "}", conditions);
    }

    @Test
    void pingAndMemoryAreMeasured() {
        try (RedisServer server = RedisServer.start()) {
            CheckResult result = check(server, "", "usedMemoryBytes <= 1000000000").runLocally();
            assertEquals(CheckStatus.HEALTHY, result.status(), result.reason());
            assertTrue(result.details().path("connected").asBoolean());
            assertTrue(result.details().path("usedMemoryBytes").asLong() > 0, result.details().toString());
            assertEquals(0, result.details().path("evictedKeys").asLong());
            assertFalse(result.details().has("usedMemoryPercent"), "no maxmemory, no percentage");
            CheckResult tight = check(server, "", "usedMemoryBytes <= 1000").runLocally();
            assertEquals(CheckStatus.UNHEALTHY, tight.status());
            assertTrue(tight.reason().startsWith("usedMemoryBytes <= 1000 failed: was "), tight.reason());
        }
    }

    @Test
    void evictionsAndTheShareOfMaxMemoryAreMeasured() {
        try (RedisServer server = RedisServer.start("--maxmemory", "3mb", "--maxmemory-policy", "allkeys-lru");
             Jedis writer = new Jedis("127.0.0.1", server.port())) {
            String value = "x".repeat(512 * 1024);
            for (int i = 0; i < 16; i++) {
                writer.set("key" + i, value);
            }
            CheckResult result = check(server, "", "warn: evictedKeys == 0", "usedMemoryPercent < 100").runLocally();
            assertEquals(CheckStatus.DEGRADED, result.status(), result.reason());
            assertTrue(result.details().path("evictedKeys").asLong() > 0);
            assertEquals(3 * 1024 * 1024, result.details().path("maxMemoryBytes").asLong());
            assertTrue(result.details().path("usedMemoryPercent").asDouble() > 10, result.details().toString());
        }
    }

    @Test
    void aPasswordIsUsedAndNeverShown() {
        try (RedisServer server = RedisServer.start("--requirepass", "correct-horse-battery")) {
            assertEquals(CheckStatus.HEALTHY, check(server, ", 'password': 'correct-horse-battery'").runLocally().status());
            CheckResult wrong = check(server, ", 'password': 'wrong-horse-battery'").runLocally();
            assertEquals(CheckStatus.UNHEALTHY, wrong.status());
            assertTrue(wrong.reason().contains("WRONGPASS") || wrong.reason().contains("invalid"), wrong.reason());
            assertFalse(wrong.toJson().toString().contains("wrong-horse-battery"));
            CheckResult none = check(server, "").runLocally();
            assertEquals(CheckStatus.UNHEALTHY, none.status());
            assertTrue(none.reason().contains("NOAUTH"), none.reason());
        }
    }

    @Test
    void aPasswordIsNotSentInPlainTextToAPublicAddress() {
        CheckResult result = Datastores.define("redis", "{'host': 'cache.example.com', 'password': 'hunter2-long'}").run(false);
        assertEquals(CheckStatus.UNKNOWN, result.status());
        assertEquals("refused to check cache.example.com: a password is sent over TLS only (set tls)", result.reason());
    }

    @Test
    void theRedisOnLoopbackIsRefusedWhenDeployed() {
        try (RedisServer server = RedisServer.start()) {
            CheckResult result = check(server, "").run(false);
            assertEquals(CheckStatus.UNKNOWN, result.status());
            assertTrue(result.reason().contains("loopback"), result.reason());
        }
    }

    @Test
    void aServerThatNeverAnswersIsUnhealthyWithinTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            CheckResult result = Datastores.define("redis", "{'host': '127.0.0.1', 'port': " + silent.getLocalPort() + "}")
                    .timeout(Duration.ofSeconds(1)).runLocally();
            assertEquals(CheckStatus.UNHEALTHY, result.status(), result.reason());
            assertTrue((System.nanoTime() - start) / 1_000_000 < 1500);
        }
    }

    @Test
    void nothingListeningIsUnhealthy() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        CheckResult result = Datastores.define("redis", "{'host': '127.0.0.1', 'port': " + port + "}").runLocally();
        assertEquals(CheckStatus.UNHEALTHY, result.status());
        assertEquals("could not connect to 127.0.0.1:" + port + ": connection refused", result.reason());
    }

    @Test
    void infoFieldsAreReadAsWholeNumbers() {
        assertEquals(java.util.Optional.of(1024L), RedisProbe.field("# Memory\r\nused_memory:1024\r\nused_memory_human:1.00K\r\n", "used_memory"));
        assertEquals(java.util.Optional.empty(), RedisProbe.field("used_memory_human:1.00K\r\n", "used_memory"));
    }
}
