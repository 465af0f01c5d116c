package dev.vigil.checks.store;

import static dev.vigil.store.Attr.millis;
import static dev.vigil.store.Attr.n;
import static dev.vigil.store.Attr.s;

import dev.vigil.checks.CheckResult;
import dev.vigil.domain.InvalidInput;
import dev.vigil.runtime.Json;
import dev.vigil.store.Page;
import dev.vigil.store.PageToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The results of every run of a check ({@code CheckResultsTable}): keyed by the check's id and the
 * run's time (epoch millis), listed newest first a page at a time, and deleted by the table's time to
 * live after the retention period (30 days by default). Each item carries its tenant. Written only with
 * the run it records ({@link CheckStore#recordRun}, {@link CheckStore#runWrites}).
 */
public final class CheckHistory {
    private static final Map<String, String> KEY = Map.of("checkId", "S", "at", "N");
    public static final int MAX_PAGE = 100;
    private static final int BATCH = 25;
    private static final int BATCH_ATTEMPTS = 5;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;

    public CheckHistory(DynamoDbClient dynamo, String table, Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.retention = retention;
    }

    /** The write of one result, for the transaction that records its run with its alert. */
    TransactWriteItem put(CheckResult result) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item(result))
                .conditionExpression("attribute_not_exists(checkId)").build()).build();
    }

    /**
     * Appends results whose runs are recorded on their checks, 25 to a {@code BatchWriteItem} call, with
     * what DynamoDB leaves unprocessed sent again (a few times, backing off). The run's time keys each
     * item, so a repeat overwrites it. Throws if some could not be written.
     */
    public void appendAll(List<CheckResult> results) {
        for (int from = 0; from < results.size(); from += BATCH) {
            List<WriteRequest> batch = results.subList(from, Math.min(results.size(), from + BATCH)).stream()
                    .map(r -> WriteRequest.builder().putRequest(PutRequest.builder().item(item(r)).build()).build()).toList();
            Map<String, List<WriteRequest>> pending = Map.of(table, batch);
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                if (attempt > BATCH_ATTEMPTS) {
                    throw new IllegalStateException(pending.get(table).size() + " check results were left unprocessed");
                }
                Map<String, List<WriteRequest>> sending = pending;
                pending = dynamo.batchWriteItem(b -> b.requestItems(sending)).unprocessedItems();
                if (!pending.isEmpty()) {
                    pause(attempt);
                }
            }
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(25L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing check results", e);
        }
    }

    private Map<String, AttributeValue> item(CheckResult result) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("checkId", s(result.checkId()));
        item.put("at", millis(result.at()));
        item.put("tenantId", s(result.tenantId()));
        item.put("status", s(result.status().wire()));
        item.put("latencyMs", n(result.latencyMs()));
        item.put("result", s(Json.write(result.toJson())));
        item.put("expiresAt", n(result.at().plus(retention).getEpochSecond()));
        return item;
    }

    /** A page of a check's results, newest first; a token from another check's listing is refused. */
    public Page<CheckResult> page(String checkId, int limit, Optional<String> token) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new InvalidInput("limit must be from 1 to " + MAX_PAGE);
        }
        QueryResponse response = dynamo.query(q -> {
            q.tableName(table).keyConditionExpression("checkId = :id")
                    .expressionAttributeValues(Map.of(":id", s(checkId)))
                    .scanIndexForward(false).limit(limit);
            token.ifPresent(t -> {
                Map<String, AttributeValue> start = PageToken.decode(t, KEY);
                if (!checkId.equals(start.get("checkId").s())) {
                    throw new InvalidInput("nextToken is not valid");
                }
                q.exclusiveStartKey(start);
            });
        });
        List<CheckResult> results = response.items().stream().map(CheckHistory::result).toList();
        return new Page<>(results, PageToken.encode(response.lastEvaluatedKey()));
    }

    static CheckResult result(Map<String, AttributeValue> item) {
        try {
            return CheckResult.fromJson(Json.parse(item.get("result").s()));
        } catch (IOException e) {
            throw new UncheckedIOException("a stored check result is not JSON", e);
        }
    }
}
