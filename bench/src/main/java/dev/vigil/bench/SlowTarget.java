package dev.vigil.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The target of the sweep benchmark: an HTTP server on the loopback address that answers every request
 * after {@code delay} milliseconds with {@code 200 {"status":"UP"}}, each request on a virtual thread of
 * its own, so that ten thousand checks in flight wait on the delay and not on each other. Prints
 * {@code READY <url>} when it listens, and the number of requests served every ten seconds.
 *   java dev.vigil.bench.SlowTarget [delay ms, default 200]
 */
public final class SlowTarget {
    private SlowTarget() {
    }

    public static void main(String[] args) throws Exception {
        long delay = args.length > 0 ? Long.parseLong(args[0]) : 200;
        byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
        AtomicLong served = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8192);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                Thread.sleep(delay);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
                served.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        System.out.println("READY http://127.0.0.1:" + server.getAddress().getPort() + "/health");
        System.out.flush();
        while (true) {
            Thread.sleep(10_000);
            System.out.println("served " + served.get());
            System.out.flush();
        }
    }
}
