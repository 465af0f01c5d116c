package dev.vigil.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * moto_server (an AWS-compatible HTTP endpoint for SNS, SQS, EventBridge and more) as a child process
 * on a free loopback port. The executable is found on {@code PATH}; tests that need it check
 * {@link #available()} first and skip, saying why, when it is missing.
 */
public final class MotoServer implements AutoCloseable {
    public static final String EXECUTABLE = "moto_server";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static MotoServer shared;

    private final Process process;
    private final String endpoint;
    private final Path log;
    private final HttpClient http;

    private MotoServer(Process process, String endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    /** True when a {@value #EXECUTABLE} executable is on {@code PATH}. */
    public static boolean available() {
        return executable().isPresent();
    }

    /** The first {@value #EXECUTABLE} executable on {@code PATH}, searched entry by entry. */
    /**
     * Why a moto-backed test cannot run here, printed so that a skipped test says so in the build log.
     * Use as {@code assumeTrue(MotoServer.available(), () -> MotoServer.skipReason(getClass()))}.
     */
    public static String skipReason(Class<?> test) {
        String reason = EXECUTABLE + " not on PATH: install it with pip install 'moto[server]'; PATH=" + System.getenv("PATH");
        System.out.println(test.getSimpleName() + " skipped: " + reason);
        return reason;
    }

    public static Optional<Path> executable() {
        String path = System.getenv("PATH");
        if (path == null || path.isBlank()) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            try {
                Path candidate = Path.of(dir, EXECUTABLE);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            } catch (RuntimeException invalidEntry) {
                // A malformed PATH entry (InvalidPathException) cannot hold the executable; try the next.
            }
        }
        return Optional.empty();
    }

    /** Starts a server on a free loopback port and returns once it answers HTTP. */
    public static MotoServer start() {
        Path exe = executable().orElseThrow(() -> new IllegalStateException(
                EXECUTABLE + " is not on PATH (" + System.getenv("PATH") + ")"));
        int port = DynamoLocal.freePort();
        Path log;
        Process process;
        try {
            // Werkzeug logs a line per request; a file (not a pipe nobody reads) keeps the child from blocking.
            log = Files.createTempFile("moto_server-" + port + "-", ".log");
            process = new ProcessBuilder(exe.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + exe, e);
        }
        MotoServer server = new MotoServer(process, "http://127.0.0.1:" + port, log);
        try {
            server.awaitReady();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** One server per JVM, shared by every test class and stopped by a shutdown hook. */
    public static synchronized MotoServer shared() {
        if (shared == null || !shared.process.isAlive()) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "moto_server-stop"));
        }
        return shared;
    }

    /** The base URL to pass to an SDK client's {@code endpointOverride}, e.g. {@code http://127.0.0.1:5000}. */
    public String endpoint() {
        return endpoint;
    }

    /** Drops every resource in every service (topics, queues, buses, ...), as if freshly started. */
    public void reset() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "/moto-api/reset"))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("moto_server reset failed at " + endpoint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while resetting moto_server", e);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("moto_server reset answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** Stops the server and anything it spawned; safe to call more than once. */
    @Override
    public void close() {
        // Collect the descendants while the parent is alive: once it exits they are re-parented and lost.
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // A leftover log in the temp directory is harmless.
        }
    }

    /** Polls until the server answers any HTTP response, failing early if the process exits. */
    private void awaitReady() {
        HttpRequest probe = HttpRequest.newBuilder(URI.create(endpoint + "/moto-api/"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(EXECUTABLE + " exited with " + process.exitValue()
                        + " before answering; output:\n" + logTail());
            }
            try {
                http.send(probe, HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYetListening) {
                sleep(Duration.ofMillis(50));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for moto_server", e);
            }
        }
        throw new IllegalStateException(EXECUTABLE + " did not answer at " + endpoint + " within " + START_TIMEOUT
                + "; output:\n" + logTail());
    }

    private String logTail() {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
        } catch (IOException e) {
            return "(log " + log + " unreadable: " + e.getMessage() + ")";
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for moto_server", e);
        }
    }
}
