package dev.vigil.checks;

import dev.vigil.domain.OutboundRules;
import dev.vigil.runtime.Excerpt;
import dev.vigil.runtime.PinnedExchange;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Every connection a probe makes, by the same {@link OutboundRules} as the notifiers: a check is a
 * request Vigil makes on a tenant's behalf. A host is judged as written (no localhost, no odd numeric
 * forms, a literal address must be public), then looked up once, within the run's deadline, and every
 * address it resolves to must be public; the connection goes to one of those very addresses, so a DNS
 * answer that changes between check and call reaches nothing new. Loopback (the Lambda Runtime API on
 * 127.0.0.1:9001 included), link-local, private, unique-local, carrier-grade NAT and mapped addresses
 * are refused unless private targets are allowed for the run. HTTP goes through {@link PinnedExchange}.
 */
public final class Outbound {
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Headers the request writes itself, which settings may not set. */
    static final Set<String> OWN_HEADERS = Set.of("host", "content-length", "connection", "transfer-encoding", "user-agent");
    static final String USER_AGENT = "Vigil-Check/1.0";

    /** A destination the outbound rules refuse; the message says which rule, and is safe to show. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    private final OutboundRules rules;
    private final OutboundRules.Resolver resolver;
    private final X509ExtendedTrustManager trust;

    Outbound(OutboundRules rules, OutboundRules.Resolver resolver, X509ExtendedTrustManager trust) {
        this.rules = rules;
        this.resolver = resolver;
        this.trust = trust;
    }

    public boolean allowsPrivate() {
        return rules.allowsPrivate();
    }

    public X509ExtendedTrustManager trust() {
        return trust;
    }

    /** The refusal of {@code host} as written, if the rules refuse it before any lookup. */
    public void checkHost(String host) throws Refused {
        Optional<String> problem = rules.hostProblem(bare(host));
        if (problem.isPresent()) {
            throw new Refused("refused to check " + host + ": the host " + problem.get());
        }
    }

    /** The refusal of {@code url}: not absolute http(s), user info, or a host the rules refuse. */
    public void checkUrl(URI url) throws Refused {
        if (url.getHost() == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new Refused("refused to check the URL: it is not an absolute http(s) URL");
        }
        if (url.getRawUserInfo() != null) {
            throw new Refused("refused to check " + url.getHost() + ": the URL must not contain user info (user:password@)");
        }
        checkHost(url.getHost());
    }

    /**
     * The addresses {@code host} may be reached at: a literal as it is, a name looked up once by
     * {@code deadline} ({@link System#nanoTime()}); refused when any of them is not public.
     */
    public List<InetAddress> vet(String host, long deadline) throws Refused, IOException {
        checkHost(host);
        String name = bare(host);
        Optional<InetAddress> literal = OutboundRules.literal(name.toLowerCase(Locale.ROOT));
        List<InetAddress> addresses = literal.isPresent() ? List.of(literal.get()) : resolve(name, deadline);
        Optional<String> unsafe = rules.addressProblem(host, addresses);
        if (unsafe.isPresent()) {
            throw new Refused("refused to check " + host + ": " + unsafe.get());
        }
        return addresses;
    }

    /** A TCP connection to the first vetted address of {@code host} that accepts one, by {@code deadline}. */
    public Socket connect(String host, int port, long deadline) throws Refused, IOException {
        List<InetAddress> addresses = vet(host, deadline);
        IOException last = new ConnectException("no address to connect to");
        for (InetAddress address : addresses) {
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(address, port), millisLeft(deadline));
                socket.setSoTimeout(millisLeft(deadline));
                return socket;
            } catch (IOException e) {
                socket.close();
                if (System.nanoTime() >= deadline) {
                    throw new SocketTimeoutException("deadline passed");
                }
                last = e;
            }
        }
        throw last;
    }

    /**
     * One HTTP/1.1 request to a vetted address of {@code url}'s host, over TLS for https (certificate and
     * host name checked), ended by {@code deadline}; reads at most {@code maxBody} bytes of the answer's
     * body. No redirect is followed.
     */
    public PinnedExchange.Answer http(String method, URI url, Map<String, String> headers, byte[] body, long deadline,
                                      int maxBody) throws Refused, IOException {
        checkUrl(url);
        byte[] request = request(method, url, headers, body);
        String host = OutboundRules.host(url);
        List<InetAddress> addresses = vet(host, deadline);
        boolean https = "https".equals(url.getScheme());
        int port = url.getPort() != -1 ? url.getPort() : https ? 443 : 80;
        PinnedExchange exchange = new PinnedExchange(host, port, https, https ? tlsFactory() : null, deadline);
        try {
            return exchange.exchange(addresses, request, "HEAD".equals(method) ? 0 : maxBody);
        } catch (IOException e) {
            throw exchange.expired() && !(e instanceof SocketTimeoutException) ? new SocketTimeoutException("deadline passed") : e;
        }
    }

    /** A TLS socket factory that trusts what this run trusts. */
    public SSLSocketFactory tlsFactory() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available", e);
        }
    }

    /**
     * What went wrong reaching {@code host}, in a few words that are safe to keep: timed out, could not
     * resolve, refused the connection, TLS failed (and why, briefly).
     */
    public static String describe(IOException e, String host) {
        if (e instanceof SocketTimeoutException) {
            return "timed out reaching " + host;
        }
        if (e instanceof UnknownHostException) {
            return "could not resolve " + host;
        }
        if (e instanceof ConnectException) {
            return "could not connect to " + host + ": connection refused";
        }
        if (e instanceof NoRouteToHostException) {
            return "could not connect to " + host + ": no route to host";
        }
        if (e instanceof SSLException) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : Excerpt.of(e.getMessage(), List.of());
            return "TLS with " + host + " failed: " + (why.length() > 120 ? why.substring(0, 120) : why);
        }
        return "could not reach " + host + ": " + e.getClass().getSimpleName();
    }

    /** Validates a header for a request; the message names the header, never its value. */
    public static Optional<String> headerProblem(String name, String value) {
        if (!HEADER_NAME.matcher(name).matches()) {
            return Optional.of("header name '" + name + "' is not a valid HTTP header name");
        }
        if (OWN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            return Optional.of("header " + name + " is set by Vigil and cannot be changed");
        }
        if (value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f || c > 0xff)) {
            return Optional.of("the value of header " + name + " has characters a header cannot carry");
        }
        return Optional.empty();
    }

    private static byte[] request(String method, URI url, Map<String, String> headers, byte[] body) {
        String target = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        if (target.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
            throw new IllegalArgumentException("the URL's path is not usable");
        }
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(url.getRawAuthority()).append("\r\n");
        head.append("User-Agent: ").append(USER_AGENT).append("\r\n");
        head.append("Connection: close\r\n");
        if (body.length > 0 || !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS") || method.equals("DELETE"))) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            Optional<String> problem = headerProblem(header.getKey(), header.getValue());
            if (problem.isPresent()) {
                throw new IllegalArgumentException(problem.get());
            }
            head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
        }
        head.append("\r\n");
        byte[] start = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] message = Arrays.copyOf(start, start.length + body.length);
        System.arraycopy(body, 0, message, start.length, body.length);
        return message;
    }

    private List<InetAddress> resolve(String host, long deadline) throws IOException {
        CompletableFuture<List<InetAddress>> answer = new CompletableFuture<>();
        Thread.ofVirtual().name("vigil-check-resolve").start(() -> {
            try {
                answer.complete(List.copyOf(resolver.resolve(host)));
            } catch (Throwable e) {
                answer.completeExceptionally(e);
            }
        });
        try {
            return answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new SocketTimeoutException("timed out resolving " + host);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException unknown) {
                throw unknown;
            }
            throw new UnknownHostException(host);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SocketTimeoutException("interrupted resolving " + host);
        }
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static int millisLeft(long deadline) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    }
}
