package dev.vigil.testkit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Wraps a real DynamoDB client and records the name of every operation called through it. */
public final class CountingDynamo {
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final DynamoDbClient client;

    public CountingDynamo(DynamoDbClient delegate) {
        this.client = (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() != Object.class && !method.getName().equals("close")
                            && !method.getName().equals("serviceName") && !method.getName().equals("serviceClientConfiguration")) {
                        calls.add(method.getName());
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    public DynamoDbClient client() {
        return client;
    }

    public List<String> calls() {
        return List.copyOf(calls);
    }
}
