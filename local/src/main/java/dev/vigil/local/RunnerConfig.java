package dev.vigil.local;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the local runner is told, from command-line flags or environment variables:
 *
 * <pre>
 * --port N               VIGIL_PORT              HTTP port (default 8080; 0 picks a free one)
 * --host ADDR            VIGIL_HOST              address to listen on (default 127.0.0.1, this machine only;
 *                                                0.0.0.0 or a LAN address serves the API and dashboard on the network)
 * --check-interval S     VIGIL_CHECK_INTERVAL    seconds between detector passes (template default 30)
 * --schedule EXPR        VIGIL_DETECTOR_SCHEDULE detector schedule, e.g. "rate(1 minute)"
 * --sweep-seconds S      VIGIL_SWEEP_SECONDS     seconds between tenant sweeps (default 60; the template's is
 *                                                5 minutes)
 * --recovery-seconds S   VIGIL_RECOVERY_SECONDS  seconds between recovery runs (default 60; the template's is
 *                                                5 minutes), independent of the sweep's
 * --pulse-seconds S      VIGIL_PULSE_SECONDS     seconds between pulses, which run the due scheduled tasks
 *                                                (default 60, as the template's rate(1 minute))
 * --admin-key KEY        VIGIL_ADMIN_KEY         admin API key (default: a random one, printed; with a data
 *                                                directory, the one generated on its first start)
 * --data-dir DIR         VIGIL_DATA_DIR          keep the data in DIR (DynamoDB Local's file, secrets, stream
 *                                                positions) so it survives a restart; default: in memory
 * --log-format F         VIGIL_LOG_FORMAT        text (one readable line per event), json (the functions' JSON
 *                                                log lines) or auto (default: text on a terminal, else json)
 * (none)                 AWS_ENDPOINT_URL        use this endpoint (moto, LocalStack) for SNS and EventBridge
 * (none)                 OUTBOUND_ALLOW_PRIVATE  true lets channels and checks call plain http and private or
 *                                                loopback hosts (services on this machine); default false
 * (none)                 OUTBOUND_DEADLINE_SECONDS the deadline of one outbound call (default 5)
 * (none)                 VIGIL_BEAT_RATE_LIMIT   beats stored per application per minute (the template's
 *                                                BeatRateLimit, default 5; 0 stores every beat, as the ingest
 *                                                benchmark wants)
 * </pre>
 * The {@code OUTBOUND_*} variables are handed on to every function's environment ({@code variables}).
 */
record RunnerConfig(int port, Map<String, String> parameters, String adminKey, Optional<String> awsEndpoint,
                    Map<String, String> variables, Optional<DataDir> dataDir, LogFormat logFormat, String host) {
    /** Where the runner listens unless told otherwise: this machine only. */
    static final String DEFAULT_HOST = "127.0.0.1";
    /** Seconds between tenant sweeps unless told otherwise: often enough to watch one happen. */
    static final long DEFAULT_SWEEP_SECONDS = 60;
    /** Seconds between recovery runs unless told otherwise. */
    static final long DEFAULT_RECOVERY_SECONDS = 60;
    /** Seconds between pulses unless told otherwise: the template's default, a task's finest resolution. */
    static final long DEFAULT_PULSE_SECONDS = 60;
    /** What the runner hands on from its own environment to the functions'. */
    static final List<String> HANDED_ON = List.of("OUTBOUND_ALLOW_PRIVATE", "OUTBOUND_DEADLINE_SECONDS");

    /** A configuration listening on {@link #DEFAULT_HOST}. */
    RunnerConfig(int port, Map<String, String> parameters, String adminKey, Optional<String> awsEndpoint,
                 Map<String, String> variables, Optional<DataDir> dataDir, LogFormat logFormat) {
        this(port, parameters, adminKey, awsEndpoint, variables, dataDir, logFormat, DEFAULT_HOST);
    }

    /** A configuration that sets no function variables: outbound calls follow the deployed rules. */
    RunnerConfig(int port, Map<String, String> parameters, String adminKey, Optional<String> awsEndpoint) {
        this(port, parameters, adminKey, awsEndpoint, Map.of());
    }

    /** A configuration in memory, its log as JSON lines. */
    RunnerConfig(int port, Map<String, String> parameters, String adminKey, Optional<String> awsEndpoint,
                 Map<String, String> variables) {
        this(port, parameters, adminKey, awsEndpoint, variables, Optional.empty(), LogFormat.JSON);
    }

    /** The same configuration with its data kept in {@code dir}. */
    RunnerConfig keptIn(DataDir dir) {
        return new RunnerConfig(port, parameters, adminKey, awsEndpoint, variables, Optional.of(dir), logFormat, host);
    }

    static RunnerConfig fromArgs(String[] args, Map<String, String> env) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new IllegalArgumentException("help");
            }
            if (!arg.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            flags.put(arg.substring(2), args[++i]);
        }
        int port = parsePort(flags.getOrDefault("port", env.getOrDefault("VIGIL_PORT", "8080")));
        Map<String, String> parameters = new LinkedHashMap<>();
        Optional.ofNullable(flags.getOrDefault("check-interval", env.get("VIGIL_CHECK_INTERVAL")))
                .ifPresent(v -> parameters.put("CheckIntervalSeconds", positive(v, "check interval")));
        Optional.ofNullable(flags.getOrDefault("schedule", env.get("VIGIL_DETECTOR_SCHEDULE")))
                .ifPresent(v -> parameters.put("DetectorSchedule", v));
        parameters.put("SweepSchedule", "rate(" + positive(flags.getOrDefault("sweep-seconds",
                env.getOrDefault("VIGIL_SWEEP_SECONDS", Long.toString(DEFAULT_SWEEP_SECONDS))), "sweep interval") + " seconds)");
        parameters.put("RecoverySchedule", "rate(" + positive(flags.getOrDefault("recovery-seconds",
                env.getOrDefault("VIGIL_RECOVERY_SECONDS", Long.toString(DEFAULT_RECOVERY_SECONDS))), "recovery interval") + " seconds)");
        parameters.put("PulseSchedule", "rate(" + positive(flags.getOrDefault("pulse-seconds",
                env.getOrDefault("VIGIL_PULSE_SECONDS", Long.toString(DEFAULT_PULSE_SECONDS))), "pulse interval") + " seconds)");
        Optional.ofNullable(env.get("VIGIL_BEAT_RATE_LIMIT")).filter(v -> !v.isBlank())
                .ifPresent(v -> parameters.put("BeatRateLimit", v));
        for (String flag : flags.keySet()) {
            if (!Map.of("port", 1, "check-interval", 1, "schedule", 1, "sweep-seconds", 1, "recovery-seconds", 1, "pulse-seconds", 1,
                    "admin-key", 1, "data-dir", 1, "log-format", 1, "host", 1).containsKey(flag)) {
                throw new IllegalArgumentException("unknown option --" + flag);
            }
        }
        LogFormat logFormat = LogFormat.parse(flags.getOrDefault("log-format", env.getOrDefault("VIGIL_LOG_FORMAT", "auto")));
        Optional<DataDir> dataDir = Optional.ofNullable(flags.getOrDefault("data-dir", env.get("VIGIL_DATA_DIR")))
                .filter(v -> !v.isBlank()).map(v -> DataDir.open(Path.of(v)));
        String adminKey = Optional.ofNullable(flags.getOrDefault("admin-key", env.get("VIGIL_ADMIN_KEY")))
                .filter(k -> !k.isBlank())
                .orElseGet(() -> dataDir.map(dir -> dir.adminKey(RunnerConfig::randomKey)).orElseGet(RunnerConfig::randomKey));
        Optional<String> endpoint = Optional.ofNullable(env.get("AWS_ENDPOINT_URL")).filter(v -> !v.isBlank());
        Map<String, String> variables = new LinkedHashMap<>();
        HANDED_ON.forEach(name -> Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank()).ifPresent(v -> variables.put(name, v)));
        String host = parseHost(flags.getOrDefault("host", env.getOrDefault("VIGIL_HOST", DEFAULT_HOST)));
        return new RunnerConfig(port, parameters, adminKey, endpoint, variables, dataDir, logFormat, host);
    }

    /**
     * An address to listen on: an IPv4 or IPv6 literal or a host name, checked by its characters only
     * (nothing is looked up here; binding reports an address this machine does not have).
     */
    private static String parseHost(String value) {
        String host = value.strip();
        if (!host.isEmpty() && host.length() <= 253 && host.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128
                || c == '.' || c == '-' || c == ':')) {
            return host;
        }
        throw new IllegalArgumentException("host must be an address to listen on, such as 127.0.0.1 (this machine only)"
                + " or 0.0.0.0 (every network), was '" + value + "'");
    }

    /** Whether the runner listens on this machine only. */
    boolean loopbackOnly() {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1");
    }

    static String usage() {
        return """
                Usage: scripts/local.sh [--port 8080] [--host 127.0.0.1] [--check-interval 30] [--schedule 'rate(1 minute)'] [--sweep-seconds 60]
                                        [--recovery-seconds 60] [--pulse-seconds 60] [--admin-key KEY]
                                        [--data-dir DIR] [--log-format text|json|auto]
                  --host ADDR        listen on ADDR (default 127.0.0.1: this machine only; 0.0.0.0 serves the
                                     dashboard on your network, where anyone who can reach it sees the sign-in page)
                  --data-dir DIR     keep applications, history, channels, alerts and secrets in DIR across restarts
                                     (default: in memory, gone when the runner stops)
                  --log-format F     text: one readable line per event; json: the functions' JSON log lines;
                                     auto (default): text on a terminal, json otherwise
                Environment: VIGIL_PORT, VIGIL_HOST, VIGIL_CHECK_INTERVAL, VIGIL_DETECTOR_SCHEDULE, VIGIL_SWEEP_SECONDS,
                             VIGIL_RECOVERY_SECONDS, VIGIL_PULSE_SECONDS, VIGIL_ADMIN_KEY, VIGIL_DATA_DIR, VIGIL_LOG_FORMAT,
                             AWS_ENDPOINT_URL (use moto_server or LocalStack for SNS and EventBridge),
                             OUTBOUND_ALLOW_PRIVATE=true (let channels and checks call http and private hosts,
                             such as a receiver on this machine), OUTBOUND_DEADLINE_SECONDS (default 5)""";
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("port must be a number from 0 to 65535, was '" + value + "'");
    }

    private static String positive(String value, String what) {
        try {
            if (Long.parseLong(value) > 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(what + " must be a positive whole number of seconds, was '" + value + "'");
    }

    static String randomKey() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return "vigil_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
