package dev.vigil.checks.datastores;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A real Redis server (the {@code redis-server} binary, as Debian packages it) on a free loopback port,
 * in memory only, stopped on close. {@link #available()} says whether the binary is there; tests that
 * need it are skipped with {@link #skipReason} otherwise (CI installs it).
 */
final class RedisServer implements AutoCloseable {
    private final Process process;
    private final int port;

    private RedisServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static Optional<Path> executable() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static boolean available() {
        return executable().isPresent();
    }

    static String skipReason(Class<?> test) {
        String reason = test.getSimpleName() + " skipped: redis-server is not on PATH (apt-get install redis-server; CI installs it)";
        System.out.println(reason);
        return reason;
    }

    /** Starts a server with these extra configuration arguments ({@code --maxmemory 2mb}, ...). */
    static RedisServer start(String... options) {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of(executable().orElseThrow().toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", ""));
        command.addAll(List.of(options));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            RedisServer server = new RedisServer(process, port);
            long until = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < until) {
                try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    return server;
                } catch (IOException notYet) {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("redis-server exited with " + process.exitValue());
                    }
                    Thread.sleep(20);
                }
            }
            server.close();
            throw new IllegalStateException("redis-server did not listen on " + port + " within 10 s");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
