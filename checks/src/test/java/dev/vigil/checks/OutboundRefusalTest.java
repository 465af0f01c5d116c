package dev.vigil.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.InvalidInput;
import dev.vigil.runtime.Env;
import dev.vigil.testkit.CapturingHttpServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks obey the notifiers' outbound rules: non-public targets are refused (the result is unknown,
 * saying why, and nothing is connected to) unless private targets are allowed for the run or by
 * OUTBOUND_ALLOW_PRIVATE; and the connection goes to the address that was vetted.
 */
class OutboundRefusalTest {
    private final CapturingHttpServer server = new CapturingHttpServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://127.0.0.1:{port}/|loopback (127.0.0.0/8)",
            "http://127.0.0.1:9001/2018-06-01/runtime/invocation/next|loopback (127.0.0.0/8)",
            "http://localhost:{port}/|must not be localhost",
            "http://[::1]:{port}/|loopback (::1)",
            "http://169.254.169.254/latest/meta-data/|link-local (169.254.0.0/16)",
            "http://10.0.0.7/|private (10.0.0.0/8)",
            "http://192.168.1.1/|private (192.168.0.0/16)",
            "http://100.64.0.1/|carrier-grade NAT (100.64.0.0/10)",
            "http://[fd00::1]/|unique local (fc00::/7)",
            "http://[::ffff:127.0.0.1]:{port}/|IPv4-mapped IPv6"})
    void aNonPublicHttpTargetIsRefusedAndNeverReached(String template, String why) {
        String url = template.replace("{port}", Integer.toString(server.url("/").getPort()));
        CheckResult result = Runs.define("http", "{'url': '" + url + "'}").runDeployed();
        assertEquals(CheckStatus.UNKNOWN, result.status());
        assertTrue(result.reason().startsWith("refused to check "), result.reason());
        assertTrue(result.reason().contains(why), result.reason());
        assertTrue(server.requests().isEmpty(), "nothing reached the server");
    }

    @Test
    void anOddNumericHostIsRefusedWhenTheCheckIsSaved() {
        InvalidInput e = assertThrows(InvalidInput.class, () -> Runs.define("http", "{'url': 'http://2130706433/'}"));
        assertEquals("settings.url: the host is a numeric host that is not a dotted-quad IPv4 address", e.getMessage());
        assertThrows(InvalidInput.class, () -> Runs.define("tcp", "{'host': '0x7f.1', 'port': 80}"));
    }

    @Test
    void theLambdaRuntimeApiIsRefusedToEveryProbe() throws Exception {
        for (String type : List.of("tcp", "tls")) {
            CheckResult result = Runs.define(type, "{'host': '127.0.0.1', 'port': 9001}").runDeployed();
            assertEquals(CheckStatus.UNKNOWN, result.status());
            assertTrue(result.reason().contains("loopback"), result.reason());
        }
    }

    @Test
    void aNameThatResolvesToAPrivateAddressIsRefused() {
        ProbeContext context = Runs.context().withResolver(host -> List.of(InetAddress.getByAddress(host, new byte[] {10, 0, 0, 7})));
        Runs.Defined check = Runs.define("tcp", "{'host': 'internal.example.com', 'port': 5432}");
        CheckResult result = new CheckRunner(CheckTypes.lightProbes(), context).run(check.run(false));
        assertEquals(CheckStatus.UNKNOWN, result.status());
        assertEquals("refused to check internal.example.com: internal.example.com resolves to 10.0.0.7, which is private"
                + " (10.0.0.0/8); only public addresses may be called", result.reason());
    }

    @Test
    void allowingPrivateTargetsForTheRunReachesThem() {
        assertEquals(CheckStatus.HEALTHY, Runs.define("http", "{'url': '" + server.url("/") + "'}").runLocally().status());
        assertEquals(1, server.requests().size());
    }

    @Test
    void theEnvironmentSettingAllowsPrivateTargetsForEveryRun() {
        ProbeContext local = ProbeContext.fromEnv(Env.of(Map.of("OUTBOUND_ALLOW_PRIVATE", "true")), Clock.systemUTC());
        Runs.Defined check = Runs.define("http", "{'url': '" + server.url("/") + "'}");
        assertEquals(CheckStatus.HEALTHY, new CheckRunner(CheckTypes.lightProbes(), local).run(check.run(false)).status());
    }

    @Test
    void theConnectionGoesToTheVettedAddressWithoutASecondLookup() throws Exception {
        int[] lookups = {0};
        ProbeContext context = Runs.context().withResolver(host -> {
            lookups[0]++;
            if (!host.equals("pinned.invalid")) {
                throw new UnknownHostException(host);
            }
            return List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
        });
        Runs.Defined check = Runs.define("http", "{'url': 'http://pinned.invalid:" + server.url("/").getPort() + "/x'}");
        CheckResult result = new CheckRunner(CheckTypes.lightProbes(), context).run(check.run(true));
        assertEquals(CheckStatus.HEALTHY, result.status(), result.reason());
        assertEquals(1, lookups[0], "one lookup; the system resolver never saw the made-up name");
        assertEquals("pinned.invalid:" + server.url("/").getPort(), server.requests().get(0).header("Host"));
    }

    @Test
    void secretHeadersAreNotSentOverPlainHttpToAPublicAddress() {
        CheckResult result = Runs.define("http", "{'url': 'http://93.184.215.14/', 'secretHeaders': {'Authorization': 'Bearer abc'}}")
                .runDeployed();
        assertEquals(CheckStatus.UNKNOWN, result.status());
        assertEquals("refused to check 93.184.215.14: secret headers are sent over https only", result.reason());
    }

    @Test
    void aPasswordlessTcpTargetOnLoopbackIsReachedOnlyWhenAllowed() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            Runs.Defined check = Runs.define("tcp", "{'host': '127.0.0.1', 'port': " + listener.getLocalPort() + "}");
            assertEquals(CheckStatus.UNKNOWN, check.runDeployed().status());
            assertEquals(CheckStatus.HEALTHY, check.runLocally().status());
        }
    }
}
