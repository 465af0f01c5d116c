package dev.vigil.runtime;

import dev.vigil.domain.OutboundRules;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 request over a socket of its own, connected to an address that was already vetted, so
 * nothing looks the host up a second time (a DNS answer cannot change between check and call). TLS
 * still speaks to the host name: it is the SNI name and the name the certificate must match, and the
 * request's {@code Host}. Everything (connect, handshake, write, read) ends by one deadline: every read
 * waits at most until then, and a watchdog closes the socket at the deadline whatever it is doing.
 * The answer is its status, its header lines and at most {@code maxBody} bytes of its body; {@link #send}
 * leaves a 2xx body unread (a notifier needs only the status), {@link #exchange} reads every body (a
 * check judges what it says). Notifiers and checks share it: every outbound request goes this way.
 */
public final class PinnedExchange {
    /** The most of a status line and headers that is read. */
    static final int MAX_HEAD = 16 * 1024;

    /**
     * The status, the header lines ({@code Name: value}, as sent) and the start of the body; {@code body}
     * may be cut short by the limit or the deadline.
     */
    public record Answer(int status, List<String> headers, byte[] body) {
        public Answer {
            headers = List.copyOf(headers);
        }

        /** The value of the first header named {@code name} (any case), stripped; its case kept. */
        public Optional<String> header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headers.stream().filter(line -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(line -> line.substring(prefix.length()).strip()).findFirst();
        }
    }

    private final String host;
    private final int port;
    private final boolean https;
    private final SSLSocketFactory tls;
    private final long deadline;

    /** An exchange with {@code host} (no brackets) that must be over by {@code deadline} ({@link System#nanoTime()}). */
    public PinnedExchange(String host, int port, boolean https, SSLSocketFactory tls, long deadline) {
        this.host = host;
        this.port = port;
        this.https = https;
        this.tls = tls;
        this.deadline = deadline;
    }

    /**
     * Sends {@code request} (the whole HTTP message) to the first of {@code addresses} that accepts a
     * connection; the body of a 2xx answer is not read.
     */
    public Answer send(List<InetAddress> addresses, byte[] request, int maxBody) throws IOException {
        return exchange(addresses, request, maxBody, false);
    }

    /** As {@link #send}, reading at most {@code maxBody} bytes of the body whatever the status. */
    public Answer exchange(List<InetAddress> addresses, byte[] request, int maxBody) throws IOException {
        return exchange(addresses, request, maxBody, true);
    }

    private Answer exchange(List<InetAddress> addresses, byte[] request, int maxBody, boolean everyBody) throws IOException {
        Socket socket = connect(addresses);
        ScheduledFuture<?> alarm = Watchdog.EXECUTOR.schedule(() -> closeQuietly(socket), remainingNanos(), TimeUnit.NANOSECONDS);
        try {
            Socket channel = https ? handshake(socket) : socket;
            OutputStream out = channel.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = new BufferedInputStream(new DeadlineInput(channel.getInputStream(), socket));
            Head head = readHead(in);
            boolean success = head.status() >= 200 && head.status() < 300;
            boolean noBody = head.status() == 204 || head.status() == 304 || (success && !everyBody);
            return new Answer(head.status(), head.headers(), noBody ? new byte[0] : readBody(in, head, maxBody));
        } catch (SocketException closed) {
            throw expired() ? timeout() : closed;
        } finally {
            alarm.cancel(false);
            closeQuietly(socket);
        }
    }

    public boolean expired() {
        return remainingNanos() <= 0;
    }

    private Socket connect(List<InetAddress> addresses) throws IOException {
        IOException last = new IOException("no address to connect to");
        for (InetAddress address : addresses) {
            if (expired()) {
                throw timeout();
            }
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(address, port), remainingMillis());
                return socket;
            } catch (IOException e) {
                closeQuietly(socket);
                if (expired()) {
                    throw timeout();
                }
                last = e;
            }
        }
        throw last;
    }

    private SSLSocket handshake(Socket socket) throws IOException {
        SSLSocket ssl = (SSLSocket) tls.createSocket(socket, host, port, true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (OutboundRules.literal(host).isEmpty()) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        ssl.setSSLParameters(parameters);
        socket.setSoTimeout(remainingMillis());
        ssl.startHandshake();
        return ssl;
    }

    /** A final status and its header lines, names in lower case. */
    private record Head(int status, List<String> headers) {
        Optional<String> header(String name) {
            return headers.stream().filter(line -> line.toLowerCase(Locale.ROOT).startsWith(name + ":"))
                    .map(line -> line.substring(name.length() + 1).strip().toLowerCase(Locale.ROOT)).findFirst();
        }
    }

    /** Reads the status line and headers, past any 1xx answers. */
    private Head readHead(InputStream in) throws IOException {
        while (true) {
            String head = readUntilBlankLine(in);
            String statusLine = head.lines().findFirst().orElse("");
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("[1-5][0-9][0-9]")) {
                throw new IOException("not an HTTP/1.x answer");
            }
            int status = Integer.parseInt(parts[1]);
            if (status >= 200) {
                return new Head(status, head.lines().skip(1).toList());
            }
        }
    }

    private String readUntilBlankLine(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int newlines = 0;
        while (head.size() < MAX_HEAD) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the answer ended before its headers did");
            }
            if (b == '\n') {
                if (++newlines == 2) {
                    return head.toString(StandardCharsets.ISO_8859_1);
                }
            } else if (b != '\r') {
                newlines = 0;
            }
            head.write(b);
        }
        throw new IOException("the answer's headers are longer than " + MAX_HEAD + " bytes");
    }

    /** At most {@code max} bytes of the body, decoded from chunks if need be; what arrived when it stops early. */
    private static byte[] readBody(InputStream in, Head head, int max) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            if (head.header("transfer-encoding").map(v -> v.contains("chunked")).orElse(false)) {
                while (body.size() < max) {
                    String size = readLine(in).split(";", 2)[0].strip();
                    if (!size.matches("[0-9a-f]{1,7}")) {
                        break;
                    }
                    int length = Integer.parseInt(size, 16);
                    if (length == 0 || copy(in, body, Math.min(length, max - body.size())) < length) {
                        break;
                    }
                    readLine(in);
                }
            } else {
                long length = head.header("content-length").filter(v -> v.matches("[0-9]{1,18}")).map(Long::parseLong)
                        .orElse(Long.MAX_VALUE);
                copy(in, body, (int) Math.min(length, max));
            }
        } catch (IOException cutShort) {
            // The status is known: keep what arrived before the deadline or the end of the connection.
        }
        return body.toByteArray();
    }

    private static int copy(InputStream in, ByteArrayOutputStream out, int count) throws IOException {
        byte[] buffer = new byte[Math.min(Math.max(count, 1), 1024)];
        int copied = 0;
        while (copied < count) {
            int n = in.read(buffer, 0, Math.min(buffer.length, count - copied));
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
            copied += n;
        }
        return copied;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            if (line.length() > 1024) {
                throw new IOException("line too long");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private long remainingNanos() {
        return deadline - System.nanoTime();
    }

    /** What is left, as a socket timeout: at least 1 ms, since 0 would mean "wait forever". */
    private int remainingMillis() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(remainingNanos())));
    }

    private static SocketTimeoutException timeout() {
        return new SocketTimeoutException("deadline passed");
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing to end the exchange; nothing more to do.
        }
    }

    /** Reads that each wait at most until the deadline, and fail once it has passed. */
    private final class DeadlineInput extends InputStream {
        private final InputStream in;
        private final Socket socket;

        DeadlineInput(InputStream in, Socket socket) {
            this.in = in;
            this.socket = socket;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (expired()) {
                throw timeout();
            }
            socket.setSoTimeout(remainingMillis());
            return in.read(buffer, offset, length);
        }
    }

    /** One daemon thread per container that closes the sockets of exchanges past their deadline. */
    private static final class Watchdog {
        static final ScheduledExecutorService EXECUTOR = create();

        private static ScheduledExecutorService create() {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, "vigil-delivery-deadline");
                thread.setDaemon(true);
                return thread;
            });
            executor.setRemoveOnCancelPolicy(true);
            return Executors.unconfigurableScheduledExecutorService(executor);
        }
    }
}
