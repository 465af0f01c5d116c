package dev.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.CheckState;
import dev.vigil.checks.CheckStatus;
import dev.vigil.checks.Level;
import dev.vigil.checks.store.CheckStore;
import dev.vigil.checks.store.CheckTables;
import dev.vigil.checks.store.StoredCheck;
import dev.vigil.local.LocalRunner;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.Log;
import dev.vigil.testkit.AwsTestClients;
import dev.vigil.testkit.SamTemplate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The health views on the local runner, as a dashboard would call them. Starts the local runner in this
 * JVM (its DynamoDB Local embedded, no sweep during the run), creates {@code tenants} tenants with
 * {@code checks} HTTP checks each through the admin API, and records {@code runs} results of every
 * check through the check store, as a sweep records them (latest result, state and history); the
 * statuses are mostly healthy, some degraded, unhealthy or unknown, from a fixed seed.
 *
 * <p>Then times, over HTTP with the operator's key, the four health routes (every tenant on one page)
 * and a baseline route that reads one item ({@code GET /api/tenants/{id}}): untimed warm-up requests,
 * then {@code requests} of each, taking turns route by route so that a drift of the machine weighs on
 * all alike. Each answer is checked (status 200, and the numbers of tenants, rows and checks seeded);
 * a wrong one exits 1. Prints one {@code ROUTE} line per route (p50, p95, max in ms, under 200 ms or
 * not, and the p50 against the baseline's). The admin API serves the views from its result cache; the
 * timed rounds mostly find it filled, as a dashboard refreshing every few seconds does. Then, five
 * times per route, it waits for the cache to expire and times that route alone: one {@code COLD} line per
 * route, the cost of a refresh that reads every tenant again.
 *
 * <pre>java -cp bench/target/classes:$(cat bench/target/classpath.txt) dev.vigil.bench.HealthViews
 *     [tenants 100] [checks 20] [runs 3] [warmup 20] [requests 50]</pre>
 */
public final class HealthViews {
    static final long BUDGET_MS = 200;
    /** The admin API's result cache keeps a read this long (ResultCache.MAX_AGE). */
    static final long CACHE_MAX_AGE_MS = 5_000;
    static final int COLD_SAMPLES = 5;
    private static final String KEY = "bench-operator-key-0123456789";

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    private HealthViews(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public static void main(String[] args) throws Exception {
        int[] n = Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        int tenants = n.length > 0 ? n[0] : 100;
        int checks = n.length > 1 ? n[1] : 20;
        int runs = n.length > 2 ? n[2] : 3;
        int warmup = n.length > 3 ? n[3] : 20;
        int requests = n.length > 4 ? n[4] : 50;
        if (checks < 8 || tenants < 1 || runs < 1 || requests < 1 || warmup < 0) {
            System.err.println("usage: HealthViews [tenants >= 1] [checks >= 8] [runs >= 1] [warmup >= 0] [requests >= 1]");
            System.exit(2);
        }
        // The runner's console (and every function's log line) is kept out of the figures' output.
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                // dropped
            }
        });
        Log.redirect(quiet);
        try (LocalRunner runner = LocalRunner.configured(new String[] {"--port", "0", "--admin-key", KEY, "--sweep-seconds", "86400"},
                Map.of(), quiet).start()) {
            HealthViews bench = new HealthViews(runner.port());
            long began = System.nanoTime();
            List<String> ids = bench.seed(runner.dynamoEndpoint(), tenants, checks, runs);
            System.out.printf("SEED tenants=%d checks=%d runs_per_check=%d seconds=%.1f%n", tenants, tenants * checks, runs,
                    (System.nanoTime() - began) / 1e9);
            bench.measure(ids, tenants, checks, warmup, requests);
        }
    }

    /** Creates the tenants and their checks through the admin API, then records each check's runs; the tenants' ids. */
    private List<String> seed(String dynamoEndpoint, int tenants, int checks, int runs) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int t = 0; t < tenants; t++) {
            JsonNode created = call("POST", "/api/tenants", "{\"name\":\"Tenant " + t + "\",\"timezone\":\"UTC\"}", Map.of(), 201);
            ids.add(created.path("id").asText());
        }
        DynamoDbClient dynamo = AwsTestClients.build(DynamoDbClient.builder(), dynamoEndpoint);
        SamTemplate template = SamTemplate.load();
        CheckStore store = CheckTables.from(Env.of(template.environment(template.function("AdminApiFunction").orElseThrow(), Map.of())),
                dynamo).checks();
        Instant now = Instant.now();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < ids.size(); t++) {
                String tenantId = ids.get(t);
                Random random = new Random(t);
                work.add(pool.submit(() -> {
                    for (int c = 0; c < checks; c++) {
                        String body = "{\"type\":\"http\",\"name\":\"" + service(c) + "\",\"tier\":\"core\",\"failureThreshold\":1,"
                                + "\"settings\":{\"url\":\"https://" + service(c) + ".example.com/health\"}}";
                        String checkId = call("POST", "/api/checks", body, Map.of("x-vigil-tenant", tenantId), 201).path("id").asText();
                        for (int r = 0; r < runs; r++) {
                            record(store, checkId, status(random), 20 + random.nextInt(400), now.minusSeconds(10L * (runs - r)));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> done : work) {
                done.get();
            }
        }
        return ids;
    }

    static String service(int c) {
        return String.format("svc-%02d", c);
    }

    /** Mostly healthy: 85 % healthy, 8 % degraded, 5 % unhealthy, 2 % unknown. */
    private static CheckStatus status(Random random) {
        int roll = random.nextInt(100);
        return roll < 85 ? CheckStatus.HEALTHY : roll < 93 ? CheckStatus.DEGRADED : roll < 98 ? CheckStatus.UNHEALTHY : CheckStatus.UNKNOWN;
    }

    /** Records a run as a sweep does: the latest result and next state on the check, a line in its history. */
    private static void record(CheckStore store, String checkId, CheckStatus status, long latencyMs, Instant at) {
        StoredCheck before = store.find(checkId).orElseThrow();
        boolean healthy = status == CheckStatus.HEALTHY;
        CheckResult result = new CheckResult(checkId, before.check().tenantId(), at, status, latencyMs,
                Json.object().put("status", healthy ? 200 : 503).put("latencyMs", latencyMs),
                healthy ? List.of() : List.of(new CheckResult.FailedCondition("status in [200..299]", Level.CRITICAL, "was 503")),
                healthy ? "all conditions hold" : "status in [200..299] failed: was 503");
        CheckState next = before.state().next(status, before.check().failureThreshold(), before.check().recoveryThreshold()).state();
        if (!store.recordRun(before, result, next)) {
            throw new IllegalStateException("the run of " + checkId + " was not recorded");
        }
    }

    /** One route: its path and what a right answer holds. */
    private record Route(String label, String path, Predicate<JsonNode> right, List<Long> nanos) {
    }

    private void measure(List<String> ids, int tenants, int checks, int warmup, int requests) throws Exception {
        String someTenant = ids.get(ids.size() / 2);
        // Every tenant on one page, as a dashboard asks: the seeded ones and the default tenant, up to the API's 100.
        int limit = Math.min(100, tenants + 1);
        Map<String, Route> routes = new LinkedHashMap<>();
        routes.put("baseline", new Route("GET /api/tenants/{id} (one item, baseline)", "/api/tenants/" + someTenant,
                a -> a.path("id").asText().equals(someTenant), new ArrayList<>()));
        routes.put("master", new Route("GET /api/health", "/api/health?limit=" + limit,
                a -> a.path("tenants").size() == limit, new ArrayList<>()));
        routes.put("matrix", new Route("GET /api/health/matrix", "/api/health/matrix?limit=" + limit,
                a -> a.path("services").size() == checks, new ArrayList<>()));
        routes.put("service", new Route("GET /api/health/services/{service}", "/api/health/services/" + service(7),
                a -> a.path("checks").size() >= Math.min(tenants, 99), new ArrayList<>()));
        routes.put("tenant", new Route("GET /api/health/tenants/{id}", "/api/health/tenants/" + someTenant,
                a -> a.path("checks").size() == checks, new ArrayList<>()));
        for (int i = 0; i < warmup; i++) {
            for (Route route : routes.values()) {
                time(route);
            }
        }
        routes.values().forEach(r -> r.nanos().clear());
        for (int i = 0; i < requests; i++) {
            List<Route> order = new ArrayList<>(routes.values());
            if (i % 2 == 1) {
                Collections.reverse(order);
            }
            for (Route route : order) {
                route.nanos().add(time(route));
            }
        }
        // A refresh after the result cache's entries expired (every 5 s): each route alone reads every tenant again.
        Map<String, List<Long>> cold = new LinkedHashMap<>();
        for (int i = 0; i < COLD_SAMPLES; i++) {
            for (String name : List.of("master", "matrix", "service", "tenant")) {
                Thread.sleep(CACHE_MAX_AGE_MS + 100);
                cold.computeIfAbsent(name, n -> new ArrayList<>()).add(time(routes.get(name)));
            }
        }
        double baseline = percentile(routes.get("baseline").nanos(), 50);
        cold.forEach((name, nanos) -> System.out.printf("COLD %s p50_ms=%.1f max_ms=%.1f n=%d under_%d=%s%n", name,
                percentile(nanos, 50), percentile(nanos, 100), nanos.size(), BUDGET_MS,
                percentile(nanos, 100) < BUDGET_MS ? "all" : percentile(nanos, 50) < BUDGET_MS ? "p50" : "no"));
        for (Map.Entry<String, Route> entry : routes.entrySet()) {
            Route route = entry.getValue();
            double p50 = percentile(route.nanos(), 50);
            double p95 = percentile(route.nanos(), 95);
            double max = percentile(route.nanos(), 100);
            System.out.printf("ROUTE %s p50_ms=%.1f p95_ms=%.1f max_ms=%.1f n=%d under_%d=%s x_baseline=%.1f | %s%n", entry.getKey(),
                    p50, p95, max, route.nanos().size(), BUDGET_MS, max < BUDGET_MS ? "all" : p95 < BUDGET_MS ? "p95" : "no",
                    p50 / baseline, route.label());
        }
    }

    /** One request, checked; its time in ms. */
    private long time(Route route) throws Exception {
        long began = System.nanoTime();
        HttpResponse<String> response = http.send(request("GET", route.path(), null, Map.of()), HttpResponse.BodyHandlers.ofString());
        long nanos = System.nanoTime() - began;
        JsonNode answer = response.statusCode() == 200 ? Json.parse(response.body()) : null;
        if (answer == null || !route.right().test(answer)) {
            System.err.println("FAIL: " + route.path() + " answered " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(400, response.body().length())));
            System.exit(1);
        }
        return nanos;
    }

    private static double percentile(List<Long> nanos, int p) {
        List<Long> sorted = nanos.stream().sorted().toList();
        int index = Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
        return sorted.get(index) / 1e6;
    }

    private JsonNode call(String method, String path, String body, Map<String, String> headers, int expected) {
        try {
            HttpResponse<String> response = http.send(request(method, path, body, headers), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return Json.parse(response.body());
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    private HttpRequest request(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return request.build();
    }
}
