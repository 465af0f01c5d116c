package dev.vigil.sweep;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The services a tenant's checks watch: a real HTTP server on a loopback port whose paths answer with
 * the status the test sets (200 until told otherwise), at once or after a delay long enough to make a
 * check time out.
 */
final class Targets implements AutoCloseable {
    private record Answer(int status, long delayMillis) {
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    Targets() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                Answer answer = answers.getOrDefault(path, new Answer(200, 0));
                if (answer.delayMillis() > 0) {
                    try {
                        Thread.sleep(answer.delayMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                byte[] body = ("{\"path\": \"" + path + "\"}").getBytes();
                exchange.sendResponseHeaders(answer.status(), body.length);
                exchange.getResponseBody().write(body);
            } catch (IOException clientGone) {
                // The check timed out and hung up: nothing to answer.
            }
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** From now on {@code path} answers {@code status}. */
    Targets answer(String path, int status) {
        answers.put(path, new Answer(status, 0));
        return this;
    }

    /** From now on {@code path} answers 200 only after {@code millis}. */
    Targets hang(String path, long millis) {
        answers.put(path, new Answer(200, millis));
        return this;
    }

    int hits(String path) {
        return hits.getOrDefault(path, new AtomicInteger()).get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
