package dev.vigil.bus;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * A DynamoDB client whose global secondary indexes lag as real DynamoDB's may: a query on an index
 * does not see items whose {@code createdAt} (epoch millis) is less than {@code lag} before the clock's
 * now. DynamoDB Local updates indexes at once, which would hide a design that relies on them being fresh.
 */
final class LaggingIndexDynamo {
    private LaggingIndexDynamo() {
    }

    static DynamoDbClient wrap(DynamoDbClient delegate, Clock clock, Duration lag) {
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("query") && args != null && args.length == 1) {
                        QueryRequest request = args[0] instanceof QueryRequest q ? q : build(args[0]);
                        QueryResponse response = delegate.query(request);
                        if (request.indexName() == null) {
                            return response;
                        }
                        Instant visibleBefore = clock.instant().minus(lag);
                        var visible = response.items().stream().filter(item -> !item.containsKey("createdAt")
                                || Long.parseLong(item.get("createdAt").n()) <= visibleBefore.toEpochMilli()).toList();
                        return response.toBuilder().items(visible).count(visible.size()).build();
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @SuppressWarnings("unchecked")
    private static QueryRequest build(Object consumer) {
        QueryRequest.Builder builder = QueryRequest.builder();
        ((Consumer<QueryRequest.Builder>) consumer).accept(builder);
        return builder.build();
    }
}
