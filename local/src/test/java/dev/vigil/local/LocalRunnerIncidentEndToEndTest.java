package dev.vigil.local;

import static dev.vigil.local.RunnerApi.acmeWithAdminKey;
import static dev.vigil.local.RunnerApi.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.local.RunnerApi.Answer;
import dev.vigil.local.RunnerApi.TenantKey;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.runtime.Json;
import dev.vigil.testkit.CapturingHttpServer;
import dev.vigil.testkit.SamTemplate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * An incident from start to end, through the local runner's HTTP API as its users would see it: a
 * tenant's check target dies, the sweep alerts p1, recovery re-verifies the tenant with forced sweeps and,
 * as they still find the service down, escalates: the tenant's escalation channel is paged with the
 * diagnosis and a p1 alert about the tenant is opened. The target comes back, a forced sweep finds it
 * healthy: the check's alert resolves itself, the recovery is delivered, the tenant is recovered; the
 * operator resolves the escalation by hand. Nothing is stubbed: the sweep and recovery functions run on
 * the runner's timers, the notifiers on its bus, all as the template declares them.
 */
class LocalRunnerIncidentEndToEndTest {
    private static final String OPERATOR_KEY = "incident-e2e-operator-key-01";
    /** How long any one step may take before the test gives up: far more than the seconds it needs. */
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Test
    void aDeadTargetIsAlertedReVerifiedEscalatedAndResolvedWhenItReturns() throws Exception {
        // Sweeps only when asked (the schedule's first run comes before the tenant exists); recovery every
        // second, a forced sweep at most 1-2 s after the previous failed one, escalation after two.
        Map<String, String> parameters = Map.of("SweepSchedule", "rate(1 days)", "RecoverySchedule", "rate(1 seconds)",
                "RecoveryBackoffBaseSeconds", "1", "RecoveryBackoffCapSeconds", "2", "RecoveryEscalateAfter", "2");
        RunnerConfig config = new RunnerConfig(0, parameters, OPERATOR_KEY, Optional.empty(), Map.of("OUTBOUND_ALLOW_PRIVATE", "true"));
        try (Target target = Target.onFreePort();
             CapturingHttpServer onCall = new CapturingHttpServer();
             CapturingHttpServer pager = new CapturingHttpServer();
             LocalRunner runner = new LocalRunner(config, SamTemplate.load(), new PrintStream(new ByteArrayOutputStream())).start()) {
            TenantKey acme = acmeWithAdminKey(runner, OPERATOR_KEY, "ops");
            String tenantId = acme.tenantId();
            String tenantKey = acme.key();
            created(call(runner, tenantKey, "POST", "/api/channels", webhook("on-call hook", onCall, true, false)));
            created(call(runner, tenantKey, "POST", "/api/channels", webhook("pager hook", pager, false, true)));
            Answer check = created(call(runner, tenantKey, "POST", "/api/checks", Json.write(Json.object().put("type", "http")
                    .put("name", "Acme API").put("tier", "critical")
                    .set("settings", Json.object().put("url", target.url("/health"))))));
            String checkId = check.json().path("id").asText();

            JsonNode first = sweep(runner, tenantKey, tenantId);
            assertEquals("all_clear", first.path("status").asText(), first.toString());

            // The target dies: connections are refused.
            target.stop();
            JsonNode down = sweep(runner, tenantKey, tenantId);
            assertEquals("alert", down.path("status").asText(), down.toString());
            assertEquals("connected == true", down.path("checks").path(0).path("threshold").asText(), down.toString());
            JsonNode changed = await(() -> bodies(onCall), b -> !b.isEmpty(), "the check's alert on the on-call hook").getFirst();
            assertEquals("CheckStatusChanged", changed.path("type").asText(), changed.toString());
            assertEquals("unhealthy", changed.path("check").path("status").asText());
            JsonNode checkAlert = onlyAlert(runner, tenantKey, "?subject=" + checkId);
            assertEquals("open", checkAlert.path("status").asText(), checkAlert.toString());
            assertEquals("p1", checkAlert.path("severity").asText(), "a critical check unhealthy is p1");
            assertEquals("check", checkAlert.path("kind").asText());

            // A second sweep that finds it down: two failed sweeps out of three, the tenant's sweeps are failing.
            assertEquals("alert", sweep(runner, tenantKey, tenantId).path("status").asText());
            Answer health = call(runner, tenantKey, "GET", "/api/tenants/" + tenantId + "/health", null);
            assertEquals("unhealthy", health.json().path("status").asText(), health.toString());
            assertTrue(health.json().path("reasons").path(0).asText().startsWith("failure rate"), health.toString());

            // Recovery forces sweeps; they still find the service down; after two the escalation pages.
            JsonNode page = await(() -> bodies(pager), b -> !b.isEmpty(), "the escalation page").getFirst();
            assertEquals("RecoveryEscalated", page.path("type").asText(), page.toString());
            assertEquals(tenantId, page.path("tenantId").asText());
            assertTrue(page.path("note").asText().startsWith("2 forced sweeps failed; last: the forced sweep ended in alert"
                    + " (Acme API unhealthy: could not connect to"), page.path("note").asText());
            JsonNode diagnosed = page.path("diagnosis").path("failingChecks").path(0);
            assertEquals(checkId, diagnosed.path("checkId").asText(), page.toString());
            assertEquals("Acme API", diagnosed.path("name").asText());
            assertEquals("unhealthy", diagnosed.path("status").asText());
            assertEquals("connected == true", diagnosed.path("threshold").asText());
            assertTrue(diagnosed.path("reason").asText().contains("connection refused"), diagnosed.toString());
            assertEquals(first.path("executionId").asText(),
                    page.path("diagnosis").path("lastGoodExecution").path("executionId").asText(), "the sweep before the target died");

            List<JsonNode> forced = new ArrayList<>();
            call(runner, tenantKey, "GET", "/api/tenants/" + tenantId + "/sweeps", null).json().path("sweeps").forEach(s -> {
                if (s.path("trigger").asText().equals("recovery")) {
                    forced.add(s);
                }
            });
            assertTrue(forced.size() >= 2, "at least the two forced sweeps that escalated: " + forced);
            forced.forEach(s -> assertEquals("alert", s.path("status").asText(), s.toString()));
            JsonNode pending = pendingRecovery(runner, tenantId).orElseThrow(() -> new AssertionError("no pending recovery of " + tenantId));
            assertTrue(pending.path("escalated").asBoolean(), pending.toString());
            assertTrue(pending.path("failedAttempts").asInt() >= 2, pending.toString());
            JsonNode escalation = escalationAlert(runner, tenantKey);
            assertEquals("open", escalation.path("status").asText(), escalation.toString());
            assertEquals("p1", escalation.path("severity").asText());
            assertEquals("tenant", escalation.path("kind").asText());
            assertEquals(tenantId + "#escalation", escalation.path("subject").asText());
            assertEquals("RecoveryEscalated", escalation.path("openedBy").asText());

            // The target returns: the next forced sweep finds it healthy.
            target.start();
            List<JsonNode> onCallBodies = await(() -> bodies(onCall), b -> b.size() >= 2, "the check's recovery on the on-call hook");
            JsonNode up = onCallBodies.get(1);
            assertEquals("CheckStatusChanged", up.path("type").asText(), up.toString());
            assertEquals("healthy", up.path("check").path("status").asText());
            assertEquals("unhealthy", up.path("check").path("previousStatus").asText());
            JsonNode resolved = await(() -> onlyAlert(runner, tenantKey, "?subject=" + checkId),
                    a -> a.path("status").asText().equals("resolved"), "the check's alert resolved");
            assertEquals("auto", resolved.path("resolvedBy").asText(), resolved.toString());
            assertEquals(checkAlert.path("id").asText(), resolved.path("id").asText(), "the same alert, resolved");
            JsonNode recovery = await(() -> call(runner, OPERATOR_KEY, "GET", "/api/recovery/status", null).json(),
                    s -> s.path("successfulRecoveries24h").asInt() >= 1 && !s.path("pending").toString().contains(tenantId),
                    "a recovered attempt closing the tenant's episode");
            assertEquals(0, recovery.path("pendingRecoveries").asInt(), recovery.toString());
            JsonNode lastForced = call(runner, tenantKey, "GET", "/api/tenants/" + tenantId + "/sweeps", null).json().path("sweeps").path(0);
            assertEquals("recovery", lastForced.path("trigger").asText(), "found healthy by a forced sweep: " + lastForced);
            assertEquals("all_clear", lastForced.path("status").asText(), lastForced.toString());

            JsonNode standing = escalationAlert(runner, tenantKey);
            assertEquals("open", standing.path("status").asText(), "no recovery resolves an escalation: " + standing);
            Answer byHand = call(runner, OPERATOR_KEY, "POST", "/api/alerts/" + standing.path("id").asText() + "/resolve", null);
            assertEquals(200, byHand.status(), byHand.toString());
            assertEquals("resolved", byHand.json().path("status").asText());
            assertEquals("operator", byHand.json().path("resolvedBy").asText());
            assertEquals("resolved", escalationAlert(runner, tenantKey).path("status").asText());
            assertEquals(0, call(runner, tenantKey, "GET", "/api/alerts?status=open", null).json().path("alerts").size(),
                    "nothing left open");

            // Routing: the check's changes went to the default channel only, the page to the escalation channel only.
            assertEquals(List.of("RecoveryEscalated"), types(bodies(pager)), "paged once per episode");
            assertFalse(types(bodies(onCall)).contains("RecoveryEscalated"), types(bodies(onCall)).toString());
        }
    }

    private static String webhook(String name, CapturingHttpServer receiver, boolean isDefault, boolean escalation) {
        return Json.write(Json.object().put("type", "webhook").put("name", name).put("default", isDefault).put("escalation", escalation)
                .set("settings", Json.object().put("url", receiver.url("/hooks/vigil").toString())
                        .put("signingSecret", "a-signing-secret-of-some-length")));
    }

    private static Answer created(Answer answer) {
        assertEquals(201, answer.status(), answer.toString());
        return answer;
    }

    private JsonNode sweep(LocalRunner runner, String key, String tenantId) throws Exception {
        Answer answer = call(runner, key, "POST", "/api/tenants/" + tenantId + "/sweep", null);
        assertEquals(200, answer.status(), answer.toString());
        return answer.json();
    }

    /** The one alert the filter finds in the tenant's list. */
    private JsonNode onlyAlert(LocalRunner runner, String key, String query) throws Exception {
        Answer answer = call(runner, key, "GET", "/api/alerts" + query, null);
        assertEquals(200, answer.status(), answer.toString());
        assertEquals(1, answer.json().path("alerts").size(), answer.toString());
        return answer.json().path("alerts").path(0);
    }

    /** The tenant's one alert about itself: its escalation (subject {@code <tenantId>#escalation}). */
    private JsonNode escalationAlert(LocalRunner runner, String key) throws Exception {
        Answer answer = call(runner, key, "GET", "/api/alerts", null);
        assertEquals(200, answer.status(), answer.toString());
        List<JsonNode> about = new ArrayList<>();
        answer.json().path("alerts").forEach(a -> {
            if (a.path("kind").asText().equals("tenant")) {
                about.add(a);
            }
        });
        assertEquals(1, about.size(), answer.toString());
        return about.getFirst();
    }

    private Optional<JsonNode> pendingRecovery(LocalRunner runner, String tenantId) throws Exception {
        Answer status = call(runner, OPERATOR_KEY, "GET", "/api/recovery/status", null);
        assertEquals(200, status.status(), status.toString());
        for (JsonNode item : status.json().path("pending")) {
            if (item.path("tenantId").asText().equals(tenantId)) {
                return Optional.of(item);
            }
        }
        return Optional.empty();
    }

    private static List<JsonNode> bodies(CapturingHttpServer receiver) throws IOException {
        List<JsonNode> bodies = new ArrayList<>();
        for (CapturingHttpServer.Request request : receiver.requests()) {
            bodies.add(Json.parse(request.body()));
        }
        return bodies;
    }

    private static List<String> types(List<JsonNode> bodies) {
        return bodies.stream().map(b -> b.path("type").asText()).toList();
    }

    /** Polls {@code read} until its value passes {@code until}, at most {@link #DEADLINE}. */
    private static <T> T await(Callable<T> read, Predicate<T> until, String what) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        T value = read.call();
        while (!until.test(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not happen within " + DEADLINE.toSeconds() + " s; last seen: " + value);
            }
            Thread.sleep(100);
            value = read.call();
        }
        return value;
    }

    /**
     * A service on a fixed loopback port that answers {@code 200 {"status":"UP"}}; stopped, its port
     * refuses connections, as a dead process's would, until it is started again on the same port.
     */
    private static final class Target implements AutoCloseable {
        private final int port;
        private HttpServer server;

        private Target(int port) {
            this.port = port;
        }

        static Target onFreePort() throws IOException {
            HttpServer probe = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            Target target = new Target(probe.getAddress().getPort());
            target.server = probe;
            target.serve();
            return target;
        }

        String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }

        void start() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
            serve();
        }

        private void serve() {
            server.createContext("/", exchange -> {
                byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        void stop() {
            server.stop(0);
            server = null;
        }

        @Override
        public void close() {
            if (server != null) {
                stop();
            }
        }
    }
}
