package dev.vigil.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tcp, tls and dns checks against real listeners and the system resolver. */
class NetworkChecksTest {
    @TempDir
    Path dir;

    private static CheckResult run(Runs.Defined check, ProbeContext context) {
        return new CheckRunner(CheckTypes.lightProbes(), context).run(check.run(true));
    }

    @Test
    void tcpIsHealthyWhenSomethingListens() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            CheckResult result = Runs.define("tcp", "{'host': '127.0.0.1', 'port': " + listener.getLocalPort() + "}").runLocally();
            assertEquals(CheckStatus.HEALTHY, result.status(), result.reason());
            assertTrue(result.details().path("connected").asBoolean());
        }
    }

    @Test
    void tcpIsUnhealthyWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            port = listener.getLocalPort();
        }
        CheckResult result = Runs.define("tcp", "{'host': '127.0.0.1', 'port': " + port + "}").runLocally();
        assertEquals(CheckStatus.UNHEALTHY, result.status());
        assertEquals("could not connect to 127.0.0.1:" + port + ": connection refused", result.reason());
    }

    @Test
    void tlsMeasuresTheDaysLeftOnATrustedCertificate() throws Exception {
        try (SelfSignedTlsServer server = new SelfSignedTlsServer(dir, 60)) {
            Runs.Defined check = Runs.define("tls", "{'host': 'localhost', 'port': " + server.port() + "}");
            CheckResult result = run(check, Runs.context().withTrust(server.trust()));
            assertEquals(CheckStatus.HEALTHY, result.status(), result.reason());
            long days = result.details().path("certificateDays").asLong();
            assertTrue(days == 59 || days == 60, "days " + days);
            assertTrue(result.details().path("certificateTrusted").asBoolean());
            assertEquals("CN=localhost", result.details().path("certificateSubject").asText());
            assertEquals(1, server.handshakes(1));
        }
    }

    @Test
    void tlsWarnsUnderThreeWeeksAndFailsUnderOne() throws Exception {
        try (SelfSignedTlsServer soon = new SelfSignedTlsServer(dir, 15); SelfSignedTlsServer sooner = new SelfSignedTlsServer(dir, 5)) {
            CheckResult warned = run(Runs.define("tls", "{'host': 'localhost', 'port': " + soon.port() + "}"),
                    Runs.context().withTrust(soon.trust()));
            assertEquals(CheckStatus.DEGRADED, warned.status(), warned.reason());
            assertTrue(warned.reason().startsWith("warn: certificateDays > 21 failed: was 1"), warned.reason());
            CheckResult failed = run(Runs.define("tls", "{'host': 'localhost', 'port': " + sooner.port() + "}"),
                    Runs.context().withTrust(sooner.trust()));
            assertEquals(CheckStatus.UNHEALTHY, failed.status(), failed.reason());
            assertEquals("certificateDays > 7", failed.decisive().orElseThrow().condition());
        }
    }

    @Test
    void aTenantMayOverrideTheInverseThreshold() throws Exception {
        try (SelfSignedTlsServer server = new SelfSignedTlsServer(dir, 15)) {
            Runs.Defined check = Runs.define("tls", "{'host': 'localhost', 'port': " + server.port() + "}");
            CheckRun run = new CheckRun(check.check(), java.util.Map.of(), Conditions.of("warn: certificateDays > 10"), true);
            CheckResult result = new CheckRunner(CheckTypes.lightProbes(), Runs.context().withTrust(server.trust())).run(run);
            assertEquals(CheckStatus.HEALTHY, result.status(), result.reason());
        }
    }

    @Test
    void anUntrustedCertificateIsStillMeasuredAndFailsTrust() throws Exception {
        try (SelfSignedTlsServer server = new SelfSignedTlsServer(dir, 60)) {
            CheckResult result = Runs.define("tls", "{'host': 'localhost', 'port': " + server.port() + "}").runLocally();
            assertEquals(CheckStatus.UNHEALTHY, result.status());
            assertFalse(result.details().path("certificateTrusted").asBoolean());
            assertTrue(result.details().path("certificateDays").asLong() >= 59);
            assertEquals("certificateTrusted == true", result.decisive().orElseThrow().condition());
            assertTrue(result.details().path("certificateProblem").asText().contains("PKIX"), result.details().toString());
        }
    }

    @Test
    void aCertificateForAnotherNameIsNotTrusted() throws Exception {
        try (SelfSignedTlsServer server = new SelfSignedTlsServer(dir, 60)) {
            ProbeContext context = Runs.context().withTrust(server.trust())
                    .withResolver(host -> java.util.List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})));
            CheckResult result = run(Runs.define("tls", "{'host': 'shop.example.com', 'port': " + server.port() + "}"), context);
            assertEquals(CheckStatus.UNHEALTHY, result.status(), result.reason());
            assertTrue(result.details().path("connected").asBoolean(), "the handshake completed");
            assertFalse(result.details().path("certificateTrusted").asBoolean());
            assertTrue(result.details().path("certificateProblem").asText().contains("shop.example.com"), result.details().toString());
        }
    }

    @Test
    void tlsAgainstAPlainTcpServerFailsTheHandshakeWithinTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            Runs.Defined check = Runs.define("tls", "{'host': '127.0.0.1', 'port': " + silent.getLocalPort() + "}")
                    .timeout(Duration.ofSeconds(1));
            long start = System.nanoTime();
            CheckResult result = check.runLocally();
            assertEquals(CheckStatus.UNHEALTHY, result.status(), result.reason());
            assertTrue(result.reason().startsWith("timed out reaching 127.0.0.1:"), result.reason());
            assertTrue((System.nanoTime() - start) / 1_000_000 < 1500);
        }
    }

    @Test
    void dnsResolvesANameAndChecksTheExpectedAddresses() {
        CheckResult result = Runs.define("dns", "{'host': 'localhost', 'recordType': 'A', 'expected': ['127.0.0.1']}").runLocally();
        assertEquals(CheckStatus.HEALTHY, result.status(), result.reason());
        assertTrue(result.details().path("addresses").toString().contains("127.0.0.1"), result.details().toString());
        CheckResult wrong = Runs.define("dns", "{'host': 'localhost', 'expected': ['192.0.2.1']}").runLocally();
        assertEquals(CheckStatus.UNHEALTHY, wrong.status());
        assertEquals("expectedFound == true", wrong.decisive().orElseThrow().condition());
    }

    @Test
    void dnsConditionsMayTestTheAnswer() {
        CheckResult result = Runs.define("dns", "{'host': 'localhost', 'recordType': 'A'}", "addresses contains '127.0.0.1'",
                "addressCount >= 1").runLocally();
        assertEquals(CheckStatus.HEALTHY, result.status(), result.reason());
    }

    @Test
    void aNameThatDoesNotResolveIsUnhealthy() {
        CheckResult result = Runs.define("dns", "{'host': 'no-such-host.invalid'}").timeout(Duration.ofSeconds(3)).runLocally();
        assertEquals(CheckStatus.UNHEALTHY, result.status(), result.reason());
        assertFalse(result.details().path("resolved").asBoolean());
    }

    @Test
    void aNameResolvingToLoopbackIsRefusedWhenDeployed() {
        CheckResult result = Runs.define("dns", "{'host': 'localhost'}").runDeployed();
        assertEquals(CheckStatus.UNKNOWN, result.status());
        assertTrue(result.reason().contains("must not be localhost"), result.reason());
    }
}
