package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.runtime.Json;
import dev.vigil.testkit.SamTemplate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Through the local runner over HTTP, as a README badge and a Prometheus scraper meet Vigil: a tagged
 * application beats; its badge and its tag's badge, and their uptime badges, are fetched without any key; the tenant's metrics are
 * scraped with a read-only key in the URL, and the admin key there is refused.
 */
class LocalRunnerBadgesAndMetricsTest {
    private static final String KEY = "badges-metrics-admin-key-0001";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> send(LocalRunner runner, String method, String path, Optional<String> key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + runner.port() + path))
                .timeout(Duration.ofSeconds(10)).method(method, BodyPublishers.noBody());
        key.ifPresent(k -> request.header("Authorization", "Bearer " + k));
        return http.send(request.build(), BodyHandlers.ofString());
    }

    private JsonNode json(LocalRunner runner, String path) {
        try {
            HttpResponse<String> response = send(runner, "GET", path, Optional.empty());
            assertEquals(200, response.statusCode(), response.body());
            return Json.parse(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(path, e);
        }
    }

    /** {@code probe} until {@code done} holds, for at most {@code timeout}: the stream reaches the rollups after the beat's answer. */
    private static <T> T waitFor(Supplier<T> probe, Predicate<T> done, Duration timeout) throws InterruptedException {
        Instant until = Instant.now().plus(timeout);
        T value = probe.get();
        while (!done.test(value)) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("Timed out after " + timeout + "; last value: " + value);
            }
            Thread.sleep(100);
            value = probe.get();
        }
        return value;
    }

    @Test
    void aBadgeAndTheMetricsAreFetchedAsAReadmeAndAScraperWould() throws Exception {
        RunnerConfig config = new RunnerConfig(0, Map.of("CheckIntervalSeconds", "1"), KEY, Optional.empty());
        try (LocalRunner runner = new LocalRunner(config, SamTemplate.load(), new PrintStream(new ByteArrayOutputStream())).start()) {
            RunnerApi.TenantKey acme = RunnerApi.acmeWithAdminKey(runner, KEY, "ci");
            RunnerApi.Answer created = RunnerApi.call(runner, acme.key(), "POST", "/api/applications",
                    "{\"name\":\"nightly-export\",\"intervalSeconds\":3600,\"tags\":[\"prod\"]}");
            assertEquals(201, created.status(), created.toString());
            String uuid = created.json().path("uuid").asText();
            assertEquals(200, send(runner, "POST", "/heartbeat/" + uuid, Optional.empty()).statusCode());

            RunnerApi.Answer badge = RunnerApi.call(runner, acme.key(), "POST",
                    "/api/applications/" + created.json().path("id").asText() + "/badge", null);
            assertEquals(201, badge.status(), badge.toString());
            String key = badge.json().path("badgeKey").asText();
            HttpResponse<String> svg = send(runner, "GET", "/badge/" + key + ".svg", Optional.empty());
            assertEquals(200, svg.statusCode(), svg.body());
            assertEquals("image/svg+xml", svg.headers().firstValue("content-type").orElse(""));
            assertTrue(svg.body().contains(">nightly-export</text>") && svg.body().contains(">up</text>"), svg.body());
            assertEquals("public, max-age=60", svg.headers().firstValue("cache-control").orElse(""));

            String tagKey = RunnerApi.call(runner, acme.key(), "POST", "/api/tags/prod/badge", null).json().path("badgeKey").asText();
            JsonNode shields = Json.parse(send(runner, "GET", "/badge/" + tagKey + ".shields", Optional.empty()).body());
            assertEquals("prod", shields.path("label").asText());
            assertEquals("up", shields.path("message").asText());
            assertEquals(404, send(runner, "GET", "/badge/" + tagKey.replace('a', 'b').replace('c', 'd') + "x.svg", Optional.empty())
                    .statusCode());

            // The uptime badges: the beat's flip to up reaches the rollups through the table's stream, after the beat's answer.
            JsonNode uptime = waitFor(() -> json(runner, "/badge/" + key + "/uptime.json"),
                    body -> !body.path("message").asText().equals("no data"), Duration.ofSeconds(30));
            assertEquals("100.00%", uptime.path("message").asText(), uptime.toString());
            assertEquals("brightgreen", uptime.path("color").asText());
            assertEquals("uptime 30d", uptime.path("label").asText());
            HttpResponse<String> uptimeSvg = send(runner, "GET", "/badge/" + key + "/uptime.svg?window=24h", Optional.empty());
            assertEquals(200, uptimeSvg.statusCode(), uptimeSvg.body());
            assertEquals("image/svg+xml", uptimeSvg.headers().firstValue("content-type").orElse(""));
            assertEquals("public, max-age=60", uptimeSvg.headers().firstValue("cache-control").orElse(""));
            assertTrue(uptimeSvg.body().contains(">uptime 24h</text>") && uptimeSvg.body().contains(">100.00%</text>"), uptimeSvg.body());
            JsonNode tagUptime = json(runner, "/badge/" + tagKey + "/uptime.shields?window=1y");
            assertEquals("uptime 1y", tagUptime.path("label").asText());
            assertEquals("100.00%", tagUptime.path("message").asText(), tagUptime.toString());
            HttpResponse<String> badWindow = send(runner, "GET", "/badge/" + key + "/uptime.svg?window=7d", Optional.empty());
            assertEquals(400, badWindow.statusCode(), badWindow.body());
            assertTrue(badWindow.body().contains("window must be one of 24h, 30d, 1y"), badWindow.body());
            assertEquals(404, send(runner, "GET", "/badge/" + tagKey + "x/uptime.svg", Optional.empty()).statusCode());
            assertEquals(404, send(runner, "GET", "/badge/" + key + "/uptime.png", Optional.empty()).statusCode(),
                    "no route: only the three formats are served");

            RunnerApi.Answer readOnly = RunnerApi.call(runner, KEY, "POST", "/api/tenants/" + acme.tenantId() + "/keys",
                    "{\"name\":\"prometheus\",\"role\":\"read-only\"}");
            HttpResponse<String> scraped = send(runner, "GET", "/metrics/" + readOnly.json().path("key").asText(), Optional.empty());
            assertEquals(200, scraped.statusCode(), scraped.body());
            assertTrue(scraped.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"));
            assertTrue(scraped.body().contains("vigil_application_up{name=\"nightly-export\",id=\""
                    + created.json().path("id").asText() + "\",tags=\"prod\"} 1\n"), scraped.body());
            assertTrue(scraped.body().contains("vigil_applications_total 1\n"), scraped.body());
            assertEquals(403, send(runner, "GET", "/metrics/" + KEY, Optional.empty()).statusCode(), "the admin key is refused in a URL");
        }
    }
}
