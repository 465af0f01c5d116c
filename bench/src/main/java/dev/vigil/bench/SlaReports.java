package dev.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.UptimeBucket;
import dev.vigil.domain.UptimePlan;
import dev.vigil.local.LocalRunner;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.Log;
import dev.vigil.store.RollupStore;
import dev.vigil.testkit.AwsTestClients;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The SLA report of a large tenant through the local runner (its DynamoDB Local embedded), as a client
 * calls it: creates a tenant of {@code apps} applications through the admin API, gives each a copy of one
 * application's year of rollups (written through {@link RollupStore} as flips are, a short outage every
 * week), opens three status-page incidents, then asks {@code GET /api/tenants/{id}/sla} for the current
 * and the previous month: {@code rounds} cold reports (the cached report deleted before each) and
 * {@code rounds} cached ones. Prints per month the items the report read, whether it is final, its size
 * as JSON and as cached (gzip, parts), and p50/p95 of each. Each answer is checked (status 200, every
 * application in it, {@code cached} as expected); a wrong one exits 1. Figures only; nothing asserts on
 * timing.
 *
 * <pre>java -cp bench/target/classes:$(cat bench/target/classpath.txt) dev.vigil.bench.SlaReports [apps 1000] [rounds 5]</pre>
 */
public final class SlaReports {
    private static final String KEY = "bench-operator-key-0123456789";

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    private SlaReports(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public static void main(String[] args) throws Exception {
        int[] n = Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        int apps = n.length > 0 ? n[0] : 1000;
        int rounds = n.length > 1 ? n[1] : 5;
        if (apps < 1 || rounds < 1) {
            System.err.println("usage: SlaReports [apps >= 1] [rounds >= 1]");
            System.exit(2);
        }
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                // dropped
            }
        });
        Log.redirect(quiet);
        try (LocalRunner runner = LocalRunner.configured(new String[] {"--port", "0", "--admin-key", KEY, "--sweep-seconds", "86400"},
                Map.of(), quiet).start()) {
            new SlaReports(runner.port()).run(runner.dynamoEndpoint(), apps, rounds);
        }
    }

    private void run(String dynamoEndpoint, int apps, int rounds) throws Exception {
        DynamoDbClient dynamo = AwsTestClients.build(DynamoDbClient.builder(), dynamoEndpoint);
        RollupStore store = new RollupStore(dynamo, "UptimeTable");
        long began = System.nanoTime();
        String tenantId = call("POST", "/api/tenants", "{\"name\":\"Large tenant\",\"timezone\":\"UTC\"}", Map.of(), 201)
                .path("id").asText();
        Map<String, String> asTenant = Map.of("x-vigil-tenant", tenantId);
        List<String> ids = new ArrayList<>();
        for (int a = 0; a < apps; a++) {
            ids.add(call("POST", "/api/applications", "{\"name\":\"app-" + a + "\",\"intervalSeconds\":300,\"graceSeconds\":60}",
                    asTenant, 201).path("id").asText());
        }
        Instant now = Instant.now();
        String first = RollupStore.application(ids.getFirst());
        UptimeReads.seedYear(store, first, now);
        Set<UptimeBucket> buckets = new LinkedHashSet<>();
        YearMonth current = YearMonth.from(now.atZone(ZoneOffset.UTC));
        for (YearMonth month : List.of(current.minusMonths(1), current)) {
            buckets.addAll(UptimePlan.of(start(month), start(month.plusMonths(1)), now).buckets());
        }
        UptimeReads.copy(dynamo, first, buckets, ids.subList(1, ids.size()).stream().map(RollupStore::application).toList());
        for (int i = 0; i < 3; i++) {
            String affected = "[{\"kind\":\"application\",\"id\":\"" + ids.get(i * 7 % ids.size()) + "\"}]";
            call("POST", "/api/incidents", "{\"title\":\"Incident " + i + "\",\"message\":\"Looking into it.\",\"affected\":"
                    + affected + "}", asTenant, 201);
        }
        System.out.printf("SEED tenant of %d applications, each with a year of weekly outages (%d bucket items + watermark "
                + "for the two months), 3 status-page incidents, in %.1f s%n", apps, buckets.size(), (System.nanoTime() - began) / 1e9);

        for (YearMonth month : List.of(current.minusMonths(1), current)) {
            String path = "/api/tenants/" + tenantId + "/sla?month=" + month;
            double[] cold = new double[rounds];
            double[] warm = new double[rounds];
            JsonNode report = null;
            for (int r = -1; r < rounds; r++) {
                deleteCached(dynamo, tenantId);
                long start = System.nanoTime();
                report = report(path, apps, false);
                if (r >= 0) {
                    cold[r] = (System.nanoTime() - start) / 1e6;
                }
            }
            long[] cached = cachedSize(dynamo, tenantId);
            for (int r = -1; r < rounds; r++) {
                long start = System.nanoTime();
                report(path, apps, true);
                if (r >= 0) {
                    warm[r] = (System.nanoTime() - start) / 1e6;
                }
            }
            System.out.printf("SLA %s (%s): %d applications, %d items read cold, final %s, %d outages, %d status-page "
                            + "incidents; JSON %d bytes, cached as %d item(s) of %d bytes gzip%n", month,
                    month.equals(current) ? "current, cached 5 min" : "closed", apps, report.path("itemsRead").asLong(),
                    report.path("final").asBoolean(), report.path("totals").path("incidents").asLong(),
                    report.path("totals").path("statusPageIncidents").asLong(), Json.write(report).length(), cached[0], cached[1]);
            System.out.printf("SLA %s cold: p50 %.0f ms, p95 %.0f ms; cached: p50 %.0f ms, p95 %.0f ms (%d rounds each)%n",
                    month, UptimeReads.percentile(cold, 50), UptimeReads.percentile(cold, 95),
                    UptimeReads.percentile(warm, 50), UptimeReads.percentile(warm, 95), rounds);
        }
    }

    private static Instant start(YearMonth month) {
        return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** One report, checked: 200, every application in it, served from the cache or not as expected. */
    private JsonNode report(String path, int apps, boolean cached) {
        JsonNode report = call("GET", path, null, Map.of(), 200);
        if (report.path("applications").size() != apps || report.path("cached").asBoolean() != cached) {
            System.err.println("FAIL: " + path + " answered " + report.path("applications").size() + " applications, cached "
                    + report.path("cached"));
            System.exit(1);
        }
        return report;
    }

    private static List<Map<String, AttributeValue>> cachedItems(DynamoDbClient dynamo, String tenantId) {
        return dynamo.query(q -> q.tableName("UptimeTable").keyConditionExpression("#s = :s")
                .expressionAttributeNames(Map.of("#s", "subject"))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(RollupStore.reportSubject(tenantId))))).items();
    }

    private static void deleteCached(DynamoDbClient dynamo, String tenantId) {
        for (Map<String, AttributeValue> item : cachedItems(dynamo, tenantId)) {
            dynamo.deleteItem(d -> d.tableName("UptimeTable").key(Map.of("subject", item.get("subject"), "bucket", item.get("bucket"))));
        }
    }

    /** The cached report's items and their compressed bytes. */
    private static long[] cachedSize(DynamoDbClient dynamo, String tenantId) {
        List<Map<String, AttributeValue>> items = cachedItems(dynamo, tenantId);
        return new long[] {items.size(), items.stream().mapToLong(i -> i.get("body").b().asByteArray().length).sum()};
    }

    private JsonNode call(String method, String path, String body, Map<String, String> headers, int expected) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                    .header("Authorization", "Bearer " + KEY)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            headers.forEach(request::header);
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return Json.parse(response.body());
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }
}
