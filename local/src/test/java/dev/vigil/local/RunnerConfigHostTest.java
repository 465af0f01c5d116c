package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --host ADDR} and {@code VIGIL_HOST}: where the local runner listens. */
class RunnerConfigHostTest {
    static RunnerConfig parse(Map<String, String> env, String... args) {
        return RunnerConfig.fromArgs(args, env);
    }

    @Test
    void byDefaultItListensOnThisMachineOnly() {
        RunnerConfig config = parse(Map.of());

        assertEquals("127.0.0.1", config.host());
        assertTrue(config.loopbackOnly());
    }

    @Test
    void theFlagSetsTheAddress() {
        RunnerConfig config = parse(Map.of(), "--host", "0.0.0.0");

        assertEquals("0.0.0.0", config.host());
        assertFalse(config.loopbackOnly());
    }

    @Test
    void theEnvironmentSetsItWhenTheFlagDoesNot() {
        assertEquals("192.168.1.20", parse(Map.of("VIGIL_HOST", "192.168.1.20")).host());
    }

    @Test
    void theFlagWinsOverTheEnvironment() {
        assertEquals("::", parse(Map.of("VIGIL_HOST", "192.168.1.20"), "--host", "::").host());
    }

    @Test
    void aHostNameIsAccepted() {
        assertEquals("homelab.local", parse(Map.of(), "--host", "homelab.local").host());
    }

    @Test
    void somethingThatIsNoAddressIsRefusedWithTheValue() {
        for (String bad : new String[] {"", " ", "0.0.0.0/24", "http://0.0.0.0", "host name"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> parse(Map.of(), "--host", bad), "'" + bad + "'");
            assertTrue(e.getMessage().startsWith("host must be an address") && e.getMessage().contains("'" + bad + "'"),
                    e.getMessage());
        }
    }

    @Test
    void theOtherSettingsKeepTheirHostWhenTheDataIsKeptInADirectory() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("vigil-host");
        RunnerConfig config = parse(Map.of(), "--host", "0.0.0.0", "--admin-key", "k");

        assertEquals("0.0.0.0", config.keptIn(DataDir.open(dir)).host());
    }

    @Test
    void theUsageNamesTheOption() {
        assertTrue(RunnerConfig.usage().contains("--host ADDR") && RunnerConfig.usage().contains("VIGIL_HOST"));
    }
}
