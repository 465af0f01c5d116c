package dev.vigil.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A receiver on a free loopback port that answers as slowly as it can while never going quiet: it
 * reads the request, then writes its answer one byte a second. {@link #body} sends the status line and
 * headers at once and trickles the body; {@link #head} trickles everything from the status line on.
 * Each connection is served on its own daemon thread, and every one stops when the server is closed.
 */
public final class TricklingHttpServer implements AutoCloseable {
    private final ServerSocket server;
    private final byte[] head;
    private final byte[] trickled;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    private TricklingHttpServer(byte[] head, byte[] trickled) {
        this.head = head;
        this.trickled = trickled;
        try {
            server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "trickling-http");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Answers {@code status} at once, then a body of {@code bodyBytes} bytes at one byte a second. */
    public static TricklingHttpServer body(int status, int bodyBytes) {
        String head = "HTTP/1.1 " + status + " Slow\r\nContent-Type: text/plain\r\nContent-Length: " + bodyBytes + "\r\n\r\n";
        return new TricklingHttpServer(head.getBytes(StandardCharsets.US_ASCII), "x".repeat(bodyBytes).getBytes(StandardCharsets.US_ASCII));
    }

    /** Answers a 200 whose status line and headers come one byte a second. */
    public static TricklingHttpServer head() {
        String answer = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Padding: " + "x".repeat(60) + "\r\nContent-Length: 0\r\n\r\n";
        return new TricklingHttpServer(new byte[0], answer.getBytes(StandardCharsets.US_ASCII));
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
    }

    /** How many connections were accepted. */
    public int connections() {
        return connections.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                open.add(socket);
                Thread serve = new Thread(() -> serve(socket), "trickling-http-connection");
                serve.setDaemon(true);
                serve.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            readRequest(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            out.write(head);
            out.flush();
            for (byte b : trickled) {
                out.write(b);
                out.flush();
                Thread.sleep(1000);
            }
        } catch (IOException | InterruptedException stopped) {
            // The client hung up or the server was closed: nothing more to send.
        }
    }

    /** Reads the head and a Content-Length body, so the client's write never waits on this server. */
    private static void readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            head.append((char) b);
        }
        int length = head.toString().lines()
                .filter(line -> line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:"))
                .map(line -> Integer.parseInt(line.substring("content-length:".length()).strip()))
                .findFirst().orElse(0);
        in.readNBytes(length);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // Already closed.
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Already closed.
            }
        }
    }
}
