package dev.vigil.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.runtime.Env;
import dev.vigil.runtime.Log;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The dashboard link every notifier offers: only an absolute http(s) URL, else none. */
class DashboardLinkTest {
    /** Formerly SlackMessageTest's case (Slack allows button URLs up to 3000 characters). */
    @Test
    void dashboardUrlMustBeAbsoluteHttp() {
        assertEquals(Optional.of(URI.create("https://vigil.example.com/")),
                DashboardLink.parse(Env.of(Map.of("DASHBOARD_URL", " https://vigil.example.com/ ")).get(DashboardLink.VARIABLE), 3000));
        assertEquals(Optional.empty(), DashboardLink.parse(Env.of(Map.of()).get(DashboardLink.VARIABLE), 3000));
        assertEquals(Optional.empty(), DashboardLink.parse(Env.of(Map.of("DASHBOARD_URL", "")).get(DashboardLink.VARIABLE), 3000));
        assertEquals(Optional.empty(), DashboardLink.parse(Env.of(Map.of("DASHBOARD_URL", "/relative/path")).get(DashboardLink.VARIABLE), 3000));
        assertEquals(Optional.empty(), DashboardLink.parse(Env.of(Map.of("DASHBOARD_URL", "http://bad host/")).get(DashboardLink.VARIABLE), 3000));
    }

    /** Formerly DiscordMessageTest's case (Discord allows embed URLs up to 2048 characters, the default). */
    @Test
    void dashboardUrlMustBeAbsoluteHttpWithTheDefaultLimit() {
        assertEquals(Optional.of(URI.create("http://localhost:8080/")),
                DashboardLink.parse(Env.of(Map.of("DASHBOARD_URL", "http://localhost:8080/")).get(DashboardLink.VARIABLE)));
        assertEquals(Optional.empty(), DashboardLink.parse(Env.of(Map.of("DASHBOARD_URL", "mailto:ops@example.com")).get(DashboardLink.VARIABLE)));
        assertEquals(Optional.empty(), DashboardLink.parse(Env.of(Map.of()).get(DashboardLink.VARIABLE)));
    }

    @Test
    void urlLongerThanTheChannelAllowsIsLeftOut() {
        String base = "https://vigil.example.com/";
        String atDefault = base + "a".repeat(DashboardLink.MAX_LENGTH - base.length());
        String overDefault = atDefault + "b";

        assertEquals(Optional.of(URI.create(atDefault)), DashboardLink.parse(Env.of(Map.of("DASHBOARD_URL", atDefault)).get(DashboardLink.VARIABLE)));
        assertEquals(Optional.empty(), DashboardLink.parse(Env.of(Map.of("DASHBOARD_URL", overDefault)).get(DashboardLink.VARIABLE)));
        assertEquals(Optional.of(URI.create(overDefault)),
                DashboardLink.parse(Env.of(Map.of("DASHBOARD_URL", overDefault)).get(DashboardLink.VARIABLE), 3000));
    }

    @Test
    void unusableUrlIsLoggedAsAWarning() {
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        Log.redirect(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try {
            DashboardLink.parse(Optional.of("javascript:alert(1)"));
        } finally {
            Log.redirect(System.out);
        }
        String logged = logs.toString(StandardCharsets.UTF_8);
        assertTrue(logged.contains("\"level\":\"WARN\"") && logged.contains("DASHBOARD_URL is not an absolute http(s) URL"),
                logged);
    }
}
