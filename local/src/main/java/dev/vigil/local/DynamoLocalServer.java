package dev.vigil.local;

import dev.vigil.domain.Application;
import dev.vigil.domain.Severity;
import dev.vigil.runtime.Env;
import dev.vigil.testkit.DynamoLocal;
import dev.vigil.testkit.SamTemplate;
import dev.vigil.wiring.Platform;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * DynamoDB Local with the template's tables as a standalone process, for the benchmark scripts:
 * registers one active application (every 60 s, no grace) whose ping UUID is the first argument,
 * through the same store the functions use, prints {@code READY <endpoint>} and serves until stopped.
 *
 * <pre>java -cp local/target/classes:$(cat local/target/classpath.txt) dev.vigil.local.DynamoLocalServer UUID [PORT]</pre>
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
        SamTemplate template = SamTemplate.load();
        DynamoLocal db = DynamoLocal.start(port, template);
        Runtime.getRuntime().addShutdownHook(new Thread(db::close));
        Env env = Env.of(template.environment(template.function("BeatIngestFunction").orElseThrow(), Map.of()));
        Platform.builder(env).dynamo(db.client()).build().tables().applications().create(Application.registered(
                APPLICATION_ID, uuid, "bench", 60, 0, true, List.of(), Severity.CRITICAL, Optional.empty(), Instant.now()));
        System.out.println("READY " + db.endpoint());
        System.out.flush();
        Thread.currentThread().join();
    }
}
