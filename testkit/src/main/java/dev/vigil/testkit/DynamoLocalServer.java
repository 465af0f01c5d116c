package dev.vigil.testkit;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB Local with the template's tables as a standalone process, for the benchmark scripts:
 * seeds one active application whose ping UUID is the first argument, prints {@code READY <endpoint>}
 * and serves until the process is stopped.
 *
 * <pre>java -cp local/target/classes:$(cat local/target/classpath.txt) dev.vigil.testkit.DynamoLocalServer UUID [PORT]</pre>
 */
public final class DynamoLocalServer {
    /** The public id of the seeded application. */
    public static final String APPLICATION_ID = "app_benchbench01";

    private DynamoLocalServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: DynamoLocalServer <application uuid> [port, 0 for any free one]");
            System.exit(2);
        }
        String uuid = args[0];
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        DynamoLocal db = DynamoLocal.start(port, SamTemplate.load());
        Runtime.getRuntime().addShutdownHook(new Thread(db::close));
        seed(db, uuid);
        System.out.println("READY " + db.endpoint());
        System.out.flush();
        Thread.currentThread().join();
    }

    /** Writes the application item directly, as ApplicationStore would store a new, active one. */
    static void seed(DynamoLocal db, String uuid) {
        long now = Instant.now().toEpochMilli();
        long windowMillis = 60_000L;
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("uuid", s(uuid));
        item.put("id", s(APPLICATION_ID));
        item.put("name", s("bench"));
        item.put("intervalSeconds", n(60));
        item.put("graceSeconds", n(0));
        item.put("windowMillis", n(windowMillis));
        item.put("status", s("new"));
        item.put("announced", s("new"));
        item.put("active", AttributeValue.fromBool(true));
        item.put("watchedSince", n(now));
        item.put("createdAt", n(now));
        item.put("updatedAt", n(now));
        item.put("flips", n(0));
        item.put("beats", n(0));
        item.put("dueShard", s("d" + Math.floorMod(uuid.hashCode(), 8)));
        item.put("dueAt", n(now + windowMillis));
        db.client().putItem(p -> p.tableName("ApplicationsTable").item(item));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
