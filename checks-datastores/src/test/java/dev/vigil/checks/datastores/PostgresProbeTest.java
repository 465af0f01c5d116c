package dev.vigil.checks.datastores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.checks.CheckResult;
import dev.vigil.checks.CheckStatus;
import dev.vigil.domain.InvalidInput;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The postgres probe against a real PostgreSQL server (embedded: its binaries come from Maven). */
class PostgresProbeTest {
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE heartbeat_jobs (id int)");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    private static Datastores.Defined check(String extra, String... conditions) {
        return Datastores.define("postgres", "{'host': '127.0.0.1', 'port': " + postgres.getPort() + ", 'database': 'postgres',"
                + " 'user': 'postgres', 'sslMode': 'disable'" + extra + "}", conditions);
    }

    @Test
    void connectingAndSelectingOneIsHealthy() {
        CheckResult result = check("").runLocally();
        assertEquals(CheckStatus.HEALTHY, result.status(), result.reason());
        assertTrue(result.details().path("connected").asBoolean());
        assertTrue(result.latencyMs() < 5000);
    }

    @Test
    void aQuerysNumberIsHeldToItsThreshold() {
        CheckResult lagging = check(", 'query': 'SELECT 42 AS lag_seconds'", "value < 30").runLocally();
        assertEquals(CheckStatus.UNHEALTHY, lagging.status());
        assertEquals("value < 30 failed: was 42", lagging.reason());
        assertEquals(CheckStatus.HEALTHY, check(", 'query': 'SELECT 12.5'", "value < 30").runLocally().status());
        CheckResult uptime = check(", 'query': 'SELECT extract(epoch FROM now() - pg_postmaster_start_time())'", "value >= 0").runLocally();
        assertEquals(CheckStatus.HEALTHY, uptime.status(), uptime.reason());
    }

    @Test
    void aQueryThatIsNotANumberFailsItsConditionAndSaysWhy() {
        CheckResult result = check(", 'query': 'SELECT current_user'", "value < 30").runLocally();
        assertEquals(CheckStatus.UNHEALTHY, result.status());
        assertEquals("the query's first column is not a number", result.reason());
    }

    @Test
    void theQueryRunsReadOnly() throws Exception {
        CheckResult result = check(", 'query': 'WITH i AS (INSERT INTO heartbeat_jobs VALUES (1) RETURNING 1) SELECT count(*) FROM i'",
                "value == 1").runLocally();
        assertEquals(CheckStatus.UNHEALTHY, result.status());
        assertTrue(result.reason().contains("read-only transaction"), result.reason());
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT count(*) FROM heartbeat_jobs")) {
            rows.next();
            assertEquals(0, rows.getInt(1), "nothing was written");
        }
    }

    @Test
    void aDatabaseThatDoesNotExistIsUnhealthy() {
        CheckResult result = Datastores.define("postgres", "{'host': '127.0.0.1', 'port': " + postgres.getPort()
                + ", 'database': 'nope', 'user': 'postgres', 'sslMode': 'disable', 'password': 'pw-not-shown'}").runLocally();
        assertEquals(CheckStatus.UNHEALTHY, result.status());
        assertTrue(result.reason().contains("3D000"), result.reason());
        assertFalse(result.toJson().toString().contains("pw-not-shown"));
    }

    @Test
    void onlyOneReadStatementIsAcceptedAsTheQuery() {
        InvalidInput e = assertThrows(InvalidInput.class, () -> check(", 'query': 'SELECT 1; DROP TABLE x'"));
        assertTrue(e.getMessage().startsWith("settings.query must be one SELECT"), e.getMessage());
        assertThrows(InvalidInput.class, () -> check(", 'query': 'DELETE FROM x'"));
    }

    @Test
    void aPasswordIsNotSentWithoutTlsToAPublicAddress() {
        CheckResult result = Datastores.define("postgres", "{'host': 'db.example.com', 'database': 'app', 'user': 'monitor',"
                + " 'password': 'hunter2-long', 'sslMode': 'disable'}").run(false);
        assertEquals(CheckStatus.UNKNOWN, result.status());
        assertEquals("refused to check db.example.com: a password is sent over TLS only (sslMode require or verify-ca)", result.reason());
    }

    @Test
    void theDatabaseOnLoopbackIsRefusedWhenDeployed() {
        CheckResult result = Datastores.define("postgres", "{'host': '127.0.0.1', 'port': " + postgres.getPort()
                + ", 'database': 'postgres', 'user': 'postgres'}").run(false);
        assertEquals(CheckStatus.UNKNOWN, result.status());
        assertTrue(result.reason().contains("loopback"), result.reason());
    }

    @Test
    void aServerThatNeverAnswersIsNotHealthyOnceItsTimeoutRunsOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            CheckResult result = Datastores.define("postgres", "{'host': '127.0.0.1', 'port': " + silent.getLocalPort()
                    + ", 'database': 'postgres', 'user': 'postgres', 'sslMode': 'disable'}").timeout(Duration.ofSeconds(2)).runLocally();
            assertTrue(result.status() == CheckStatus.UNHEALTHY || result.status() == CheckStatus.UNKNOWN, result.reason());
        }
    }
}
