package dev.vigil.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A real HTTP server on a free loopback port that records every request it receives, standing in for
 * Slack, Discord, PagerDuty, WhatsApp or a user's webhook in tests. It answers each request with the
 * next scripted response ({@link #respondWith}), or 200 with an empty body once the script is used up.
 */
public final class CapturingHttpServer implements AutoCloseable {
    /** One received request: method, path with query, headers (lower-case names) and body. */
    public record Request(String method, String path, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** A scripted answer; {@code delayMillis} holds it back, to exercise client timeouts. */
    public record Response(int status, String body, Map<String, String> headers, long delayMillis) {
        public static Response of(int status, String body) {
            return new Response(status, body, Map.of(), 0);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Response> script = new ArrayDeque<>();
    private final List<Request> accepted = new CopyOnWriteArrayList<>();
    private volatile double failureRate;

    public CapturingHttpServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                Map<String, String> headers = new TreeMap<>();
                exchange.getRequestHeaders().forEach((name, values) ->
                        headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, body);
                requests.add(request);
                Response response;
                synchronized (script) {
                    response = script.isEmpty() ? Response.of(200, "") : script.poll();
                }
                if (failureRate > 0 && ThreadLocalRandom.current().nextDouble() < failureRate) {
                    response = Response.of(500, "injected failure");
                }
                if (response.status() / 100 == 2) {
                    accepted.add(request);
                }
                if (response.delayMillis() > 0) {
                    try {
                        Thread.sleep(response.delayMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
                byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    exchange.getResponseBody().write(bytes);
                }
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "capturing-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** Queues answers for the next requests, in order. */
    public CapturingHttpServer respondWith(Response... responses) {
        synchronized (script) {
            script.addAll(List.of(responses));
        }
        return this;
    }

    /** From now on answers each request with 500 with probability {@code rate}, whatever the script says. */
    public CapturingHttpServer failRandomly(double rate) {
        this.failureRate = rate;
        return this;
    }

    /** The requests answered with a 2xx status. */
    public List<Request> accepted() {
        return List.copyOf(accepted);
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
