package dev.vigil.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.admin.AdminKey;
import dev.vigil.checks.store.CheckSecrets;
import dev.vigil.checks.sweep.SweepInvoker;
import dev.vigil.checks.store.SsmCheckSecrets;
import dev.vigil.fixtures.InMemoryCheckSecrets;
import dev.vigil.fixtures.InMemorySecretStore;
import dev.vigil.notify.sns.AlertTopic;
import dev.vigil.notify.sns.SnsAlertTopic;
import dev.vigil.runtime.AwsJsonCall;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.Log;
import dev.vigil.notify.HttpDelivery;
import dev.vigil.pulse.EventBridgeTaskDueBus;
import dev.vigil.pulse.TaskDueBus;
import dev.vigil.runtime.ScheduleRate;
import dev.vigil.store.SecretReader;
import dev.vigil.store.SecretStore;
import dev.vigil.store.SsmSecrets;
import dev.vigil.sweep.SweepQueue;
import dev.vigil.testkit.AwsTestClients;
import dev.vigil.testkit.DynamoLocal;
import dev.vigil.testkit.SamTemplate;
import dev.vigil.wiring.Platform;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Runs the whole system on one machine: DynamoDB Local with the template's tables, every function of
 * {@code template.yaml} in this JVM, its HTTP routes on one port, its schedules on timers, and its bus
 * rules routing events to the notifiers. Everything it runs is read from the template.
 */
public final class LocalRunner implements AutoCloseable {
    static final String BUS_NAME = "vigil-local-alerts";
    static final String TOPIC_NAME = "vigil-local-alerts";
    /** The table whose changes (beats, flips, registrations) the text console shows. */
    static final String APPLICATIONS_TABLE = "ApplicationsTable";

    private final RunnerConfig config;
    private final SamTemplate template;
    private final PrintStream out;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, Thread.ofVirtual().factory());
    private DynamoLocal db;
    private LocalHttpApi api;
    /** The function whose scheduled runs start one period after the runner. */
    private static final String RECOVERY_FUNCTION = "RecoveryFunction";
    private LocalSweepQueue sweepQueue;
    private ConsoleTaskDueBus taskEvents;
    private final Map<String, LocalFunction> functions = new HashMap<>();
    /** What starting on the data directory changed in its stored tables; empty in memory. */
    private List<String> storeChanges = List.of();
    /** The console in text form, when the log is shown as text. */
    private Optional<HumanConsole> console = Optional.empty();

    LocalRunner(RunnerConfig config, SamTemplate template, PrintStream out) {
        this.config = config;
        this.template = template;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        RunnerConfig config;
        try {
            config = RunnerConfig.fromArgs(args, System.getenv());
        } catch (IllegalArgumentException e) {
            if (!"help".equals(e.getMessage())) {
                System.err.println("error: " + e.getMessage());
            }
            System.err.println(RunnerConfig.usage());
            System.exit("help".equals(e.getMessage()) ? 0 : 2);
            return;
        }
        long started = System.nanoTime();
        LocalRunner runner = new LocalRunner(config, SamTemplate.load(), System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(runner::close));
        runner.start();
        runner.printBanner(Duration.ofNanos(System.nanoTime() - started));
        Thread.currentThread().join();
    }

    /**
     * A runner set up as {@code scripts/local.sh} sets it up from {@code args} and {@code env} (see
     * {@link RunnerConfig}), its console on {@code out}: for a launcher that runs Vigil in its own JVM,
     * such as a benchmark. Throws {@link IllegalArgumentException} for arguments it does not understand.
     */
    public static LocalRunner configured(String[] args, Map<String, String> env, PrintStream out) {
        return new LocalRunner(RunnerConfig.fromArgs(args, env), SamTemplate.load(), out);
    }

    /** Starts everything; returns when the HTTP API accepts requests. */
    public LocalRunner start() throws Exception {
        if (config.dataDir().isPresent()) {
            DynamoLocal.OnDisk onDisk = DynamoLocal.startOnDisk(0, template, config.dataDir().get().dynamo());
            db = onDisk.db();
            storeChanges = onDisk.changes();
        } else {
            db = DynamoLocal.start(0, template);
        }
        resources.add(db);
        if (config.logFormat().settle(out == System.out && LogFormat.stdoutIsTerminal()) == LogFormat.TEXT) {
            HumanConsole human = new HumanConsole(new ConsoleLines(ZoneId.systemDefault()), out, Clock.systemUTC());
            console = Optional.of(human);
            Log.redirect(human.logSink());
            // Closed last: the log goes back to standard output once everything else has stopped.
            resources.add(() -> Log.redirect(System.out));
        }
        Map<String, String> values = new HashMap<>(config.parameters());
        values.put("AlertBus", BUS_NAME);
        values.put("AdminKeySecret", "local-admin-key");
        api = new LocalHttpApi(config.host(), config.port());
        resources.add(0, api);

        EndpointWiring wiring = null;
        LocalBus bus = null;
        Set<String> watchedTables = new HashSet<>();
        // What the functions reach outside DynamoDB, shared by all of them as on AWS.
        Map<Class<?>, Object> standIns = new HashMap<>();
        standIns.put(AdminKey.class, new AdminKey(config.adminKey()));
        sweepQueue = new LocalSweepQueue(1000);
        resources.add(0, sweepQueue);
        standIns.put(SweepQueue.class, sweepQueue);
        // A sweep the API is asked for runs in the sweep function of this process, as Lambda would invoke it.
        standIns.put(SweepInvoker.class, (SweepInvoker) (tenantId, trigger) -> Optional.of(sweepFunction().invoke(
                Json.object().put("tenantId", tenantId).put("trigger", trigger.wire()))));
        // Scheduled tasks call webhooks through the notifiers' outbound client, by the runner's OUTBOUND_* settings.
        standIns.put(HttpDelivery.class, HttpDelivery.fromEnv(Env.of(config.variables())));
        if (config.awsEndpoint().isPresent()) {
            String endpoint = config.awsEndpoint().get();
            standIns.put(TaskDueBus.class, new EventBridgeTaskDueBus(AwsJsonCall.fromEnv(Env.of(Map.of("AWS_REGION", "us-east-1",
                    "AWS_ENDPOINT_URL", endpoint)), "EVENTBRIDGE", "events", "AWSEvents"), BUS_NAME));
            wiring = new EndpointWiring(endpoint, out);
            resources.add(0, wiring);
            values.put("AlertTopic", wiring.createTopic(TOPIC_NAME));
            wiring.createBus(BUS_NAME);
            standIns.put(AlertTopic.class, new SnsAlertTopic(AwsTestClients.build(SnsClient.builder(), endpoint),
                    values.get("AlertTopic")));
            AwsJsonCall ssm = AwsJsonCall.fromEnv(Env.of(Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL", endpoint)),
                    "SSM", "ssm", "AmazonSSM");
            standIns.put(SecretStore.class, new SsmSecrets(ssm, "/vigil/local/channels"));
            standIns.put(CheckSecrets.class, new SsmCheckSecrets(ssm, "/vigil/local/checks"));
        } else {
            bus = new LocalBus(1000);
            resources.add(0, bus);
            taskEvents = new ConsoleTaskDueBus(out);
            standIns.put(TaskDueBus.class, taskEvents);
            values.put("AlertTopic", "arn:aws:sns:us-east-1:000000000000:" + TOPIC_NAME);
            standIns.put(AlertTopic.class, new ConsoleAlertTopic(out));
            if (config.dataDir().isPresent()) {
                FileSecrets secrets = new FileSecrets(config.dataDir().get().secrets());
                standIns.put(SecretStore.class, secrets.channels());
                standIns.put(CheckSecrets.class, secrets.checks());
            } else {
                standIns.put(SecretStore.class, new InMemorySecretStore());
                standIns.put(CheckSecrets.class, new InMemoryCheckSecrets());
            }
        }

        for (SamTemplate.Function fn : template.functions()) {
            Map<String, String> env = new HashMap<>(template.environment(fn, values));
            env.put("AWS_REGION", "us-east-1");
            env.put("AWS_ENDPOINT_URL_DYNAMODB", db.endpoint());
            env.put("PUBLIC_BASE_URL", "http://localhost:" + api.port());
            config.awsEndpoint().ifPresent(endpoint -> env.put("AWS_ENDPOINT_URL", endpoint));
            env.putAll(config.variables());
            Platform.Builder platform = Platform.builder(Env.of(env)).dynamo(db.client());
            if (bus != null) {
                platform.bus(bus);
            }
            standIns.put(Platform.class, platform.build());
            standIns.put(SecretReader.class, standIns.get(SecretStore.class));
            LocalFunction function = new LocalFunction(fn.logicalId(), instantiate(fn, standIns),
                    timeoutSeconds(fn), memory(fn));
            functions.put(fn.logicalId(), function);
            for (SamTemplate.Trigger trigger : fn.triggers()) {
                JsonNode props = trigger.properties();
                switch (trigger.type()) {
                    case "HttpApi" -> api.addRoute(props.path("Method").asText(), props.path("Path").asText(), function);
                    case "Schedule" -> {
                        Duration every = ScheduleRate.parse(template.resolve(props.path("Schedule"), values));
                        // Recovery acts on what the sweep left undone: its first run comes one period in, after the
                        // sweep's first, as on AWS where a rate's first tick comes one period after deployment.
                        schedule(function, every, RECOVERY_FUNCTION.equals(fn.logicalId()) ? every : Duration.ZERO);
                    }
                    case "DynamoDB" -> {
                        String table = template.resolve(props.path("Stream"), Map.of());
                        String reader = fn.logicalId() + "." + trigger.name();
                        // The console shows the applications' changes as one reader of their stream sees them.
                        Consumer<List<Record>> observer = console.isPresent() && APPLICATIONS_TABLE.equals(table)
                                && watchedTables.add(table) ? console.get()::applicationsChanged : records -> { };
                        LocalStream stream = new LocalStream(db.endpoint(), db.streamArn(table), function,
                                props.path("BatchSize").asInt(100), LocalStream.filter(props),
                                config.dataDir().map(dir -> dir.streamCheckpoint(reader)), observer);
                        resources.add(0, stream.start());
                    }
                    case "EventBridgeRule" -> {
                        if (bus != null) {
                            bus.addRule(fn.logicalId() + "." + trigger.name(), props.path("Pattern"), function);
                        } else {
                            wiring.routeRule(BUS_NAME, fn.logicalId() + "-" + trigger.name(), props.path("Pattern"), function);
                        }
                    }
                    case "SQS" -> {
                        if (!"SweepQueue".equals(template.resolve(props.path("Queue"), Map.of()))) {
                            throw new IllegalStateException("The local runner routes only the sweep queue, not "
                                    + props.path("Queue") + " (" + fn.logicalId() + "." + trigger.name() + ")");
                        }
                        sweepQueue.deliverTo(function, props.path("BatchSize").asInt(10));
                    }
                    default -> throw new IllegalStateException("The local runner cannot run " + trigger.type()
                            + " events (" + fn.logicalId() + "." + trigger.name() + ")");
                }
            }
        }
        if (wiring != null) {
            wiring.printTopic(values.get("AlertTopic"));
        }
        api.start();
        return this;
    }

    /** The template's tenant-sweep function, once the runner has loaded it. */
    private LocalFunction sweepFunction() {
        LocalFunction function = functions.get("TenantSweepFunction");
        if (function == null) {
            throw new IllegalStateException("the template has no TenantSweepFunction to run a requested sweep");
        }
        return function;
    }

    public int port() {
        return api.port();
    }

    /** The runner's DynamoDB Local, for a test that looks at what the functions stored. */
    DynamoLocal db() {
        return db;
    }

    /** The endpoint of the runner's DynamoDB Local, for a launcher that seeds data through the stores. */
    public String dynamoEndpoint() {
        return db.endpoint();
    }

    List<LocalHttpApi.Route> routes() {
        return api.routes();
    }

    public String adminKey() {
        return config.adminKey();
    }

    /**
     * Builds a function's handler the way its tests do: through its public constructor with the most
     * parameters that the runner can supply ({@link Platform} and the stand-ins for what lies outside
     * DynamoDB). Its no-argument constructor, which reaches real AWS, is never used here, unless it is the
     * only one: a function that reaches nothing outside its own jar (the dashboard).
     */
    static RequestStreamHandler instantiate(SamTemplate.Function fn, Map<Class<?>, Object> standIns) throws Exception {
        Class<?> type = Class.forName(fn.handlerClass());
        Constructor<?> constructor = Arrays.stream(type.getConstructors())
                .filter(c -> Arrays.stream(c.getParameterTypes()).allMatch(standIns::containsKey))
                .filter(c -> c.getParameterCount() > 0 || type.getConstructors().length == 1)
                .max(Comparator.comparingInt(Constructor::getParameterCount))
                .orElseThrow(() -> new IllegalStateException(fn.handlerClass() + " has no public constructor taking only "
                        + standIns.keySet().stream().map(Class::getSimpleName).sorted().toList()));
        Object[] args = Arrays.stream(constructor.getParameterTypes()).map(standIns::get).toArray();
        return (RequestStreamHandler) constructor.newInstance(args);
    }

    private long timeoutSeconds(SamTemplate.Function fn) {
        JsonNode own = template.root().path("Resources").path(fn.logicalId()).path("Properties").path("Timeout");
        return own.isMissingNode() ? template.root().path("Globals").path("Function").path("Timeout").asLong(3) : own.asLong();
    }

    private int memory(SamTemplate.Function fn) {
        JsonNode own = template.root().path("Resources").path(fn.logicalId()).path("Properties").path("MemorySize");
        return own.isMissingNode() ? template.root().path("Globals").path("Function").path("MemorySize").asInt(128) : own.asInt();
    }

    private void schedule(LocalFunction function, Duration every, Duration first) {
        timers.scheduleAtFixedRate(() -> {
            try {
                function.invoke(scheduledEvent(function));
            } catch (RuntimeException e) {
                System.err.println("[schedule] " + function.logicalId() + " failed: " + e);
            }
        }, first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static ObjectNode scheduledEvent(LocalFunction function) {
        ObjectNode event = Json.object();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.events");
        event.put("account", "000000000000");
        event.put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        event.put("region", "us-east-1");
        event.putArray("resources").add("arn:aws:events:us-east-1:000000000000:rule/" + function.logicalId());
        event.putObject("detail");
        return event;
    }

    void printBanner(Duration startup) {
        String base = "http://localhost:" + api.port();
        out.printf("""

                Vigil is running locally (started in %d ms).
                  API:            %s
                  Dashboard:      %s/ (sign in with the admin key)
                  Admin key:      %s
                  DynamoDB Local: %s (%s)
                  Console:        %s
                  Alerts:         %s
                  Tenant sweep:   every %s (tenants whose interval has elapsed, inside their active hours)
                  Recovery:       every %s (forced sweeps of unhealthy tenants; GET /api/recovery/status)
                  Pulse:          every %s (the scheduled tasks that are due; /api/tasks)
                  Functions:      %s

                Try it:
                  export VIGIL_KEY='%s'
                  curl -s -X POST %s/api/applications -H "Authorization: Bearer $VIGIL_KEY" \\
                       -H 'content-type: application/json' -d '{"name":"nightly-backup","intervalSeconds":60,"graceSeconds":10}'
                  curl -fsS -m 10 --retry 5 -X POST %s/heartbeat/<uuid from the response>
                  curl -s %s/api/applications -H "Authorization: Bearer $VIGIL_KEY"
                  curl -s %s/api/notifications -H "Authorization: Bearer $VIGIL_KEY"

                Press Ctrl+C to stop.
                """ + (config.loopbackOnly() ? "" : """
                Listening on %s port %d: the API and the dashboard are reachable from the network.
                """.formatted(config.host(), api.port())), startup.toMillis(), base, base, config.adminKey(), db.endpoint(), storage(),
                console.isPresent() ? "one line per event (--log-format json for the JSON log lines)" : "the functions' JSON log lines",
                config.awsEndpoint().map(e -> "SNS and EventBridge at " + e).orElse("printed here and recorded in /api/notifications"),
                every("SweepSchedule"), every("RecoverySchedule"), every("PulseSchedule"),
                String.join(", ", functions.keySet().stream().sorted().toList()), config.adminKey(), base, base, base, base);
    }

    /** Where the data is kept, and what the start changed in the stored tables. */
    private String storage() {
        if (config.dataDir().isEmpty()) {
            return "in memory; data is gone when this stops, unless started with --data-dir DIR";
        }
        String kept = "data kept in " + config.dataDir().get().root();
        if (storeChanges.size() == template.tables().size() && storeChanges.stream().allMatch(c -> c.startsWith("created table "))) {
            return kept + "; a new store: created its " + storeChanges.size() + " tables";
        }
        return storeChanges.isEmpty() ? kept : kept + "; on start: " + String.join(", ", storeChanges);
    }

    /** The period of the schedule the template parameter {@code parameter} sets, as the runner runs it. */
    private String every(String parameter) {
        String expression = config.parameters().getOrDefault(parameter, template.parameterDefaults().get(parameter));
        return ScheduleRate.parse(expression).toSeconds() + " s";
    }

    /** The {@code ScheduledTaskDue} events the pulse put on the local bus (none when an AWS endpoint carries them). */
    List<com.fasterxml.jackson.databind.node.ObjectNode> taskEvents() {
        return taskEvents == null ? List.of() : taskEvents.events();
    }

    @Override
    public void close() {
        timers.shutdownNow();
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception ignored) {
                // Shutting down: keep closing the rest.
            }
        }
        resources.clear();
    }
}
