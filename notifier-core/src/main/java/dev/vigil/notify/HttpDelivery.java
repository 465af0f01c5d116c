package dev.vigil.notify;

import dev.vigil.domain.ChannelType;
import dev.vigil.domain.OutboundRules;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Excerpt;
import dev.vigil.runtime.PinnedExchange;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;

/**
 * Outbound HTTP for the notifiers, by the {@link OutboundRules}: every call's URL is checked for its
 * channel type, its host is resolved once and every address checked, and the connection goes to one of
 * those very addresses ({@link PinnedExchange}); nothing resolves the name again, so a DNS answer that
 * changes between check and call (rebinding) reaches nothing new. A refused destination is a permanent
 * failure. One deadline ({@value #DEADLINE_SECONDS}, default 5 s) covers the whole call: lookup,
 * connect, TLS, write and read; it is also kept within what the Lambda invocation has left.
 *
 * <p>No redirect is followed. 2xx is success; 429 and 5xx are retryable; any other status is a permanent
 * failure. Of an error answer at most {@value #MAX_BODY} bytes are read, and only a short excerpt is kept
 * ({@value #MAX_EXCERPT} printable characters, the channel's secrets redacted and anything that looks like
 * a token masked): that is all that reaches the notification log and the logs. Errors name the host only,
 * never the full URL, which may itself be a secret.
 */
public final class HttpDelivery {
    /** The setting for the deadline of one call, in whole seconds. */
    public static final String DEADLINE_SECONDS = "OUTBOUND_DEADLINE_SECONDS";
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);
    static final long MAX_DEADLINE_SECONDS = 60;
    /** The most of an error answer's body that is read. */
    public static final int MAX_BODY = 4096;
    /** The most of an error answer's body that is kept, in characters. */
    public static final int MAX_EXCERPT = Excerpt.MAX_LENGTH;
    /** Time left to record an outcome after the last call of an invocation. */
    static final Duration INVOCATION_RESERVE = Duration.ofSeconds(2);
    /** A call is not started with less time than this; it is retried by a later invocation instead. */
    static final Duration MIN_CALL = Duration.ofSeconds(1);
    /** Fragments of a secret URL shorter than this (the path "/", say) are not redacted on their own. */
    static final int MIN_REDACTED = Excerpt.MIN_REDACTED;
    static final String REDACTED = Excerpt.REDACTED;
    static final String MASKED = Excerpt.MASKED;
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Set<String> OWN_HEADERS = Set.of("host", "content-length", "content-type", "connection",
            "transfer-encoding", "user-agent");

    private final OutboundRules rules;
    private final Duration deadline;
    private final OutboundRules.Resolver resolver;
    private final Supplier<SSLSocketFactory> tls;

    /** Calls by {@code rules} with {@code deadline} per call, hosts resolved by the system's DNS. */
    public HttpDelivery(OutboundRules rules, Duration deadline) {
        this(rules, deadline, OutboundRules.Resolver.SYSTEM);
    }

    /** Calls by {@code rules} with {@code deadline} per call, hosts resolved by {@code resolver}. */
    public HttpDelivery(OutboundRules rules, Duration deadline, OutboundRules.Resolver resolver) {
        this(rules, deadline, resolver, HttpDelivery::defaultTls);
    }

    HttpDelivery(OutboundRules rules, Duration deadline, OutboundRules.Resolver resolver, Supplier<SSLSocketFactory> tls) {
        this.rules = rules;
        this.deadline = deadline;
        this.resolver = resolver;
        this.tls = tls;
    }

    /**
     * As configured by {@value OutboundRules#ALLOW_PRIVATE} (default false) and {@value #DEADLINE_SECONDS}
     * (default 5, at most {@value #MAX_DEADLINE_SECONDS}).
     */
    public static HttpDelivery fromEnv(Env env) {
        long seconds = env.getLong(DEADLINE_SECONDS, DEFAULT_DEADLINE.toSeconds());
        if (seconds < 1 || seconds > MAX_DEADLINE_SECONDS) {
            throw new IllegalStateException("Environment variable " + DEADLINE_SECONDS + " must be from 1 to "
                    + MAX_DEADLINE_SECONDS + ", was " + seconds);
        }
        return new HttpDelivery(OutboundRules.fromSetting(env.get(OutboundRules.ALLOW_PRIVATE)), Duration.ofSeconds(seconds));
    }

    public Duration deadline() {
        return deadline;
    }

    /**
     * POSTs a JSON body for a channel; returns the status of a 2xx answer, throws {@link DeliveryException}
     * otherwise. The URL must pass the {@link OutboundRules} for the channel's type. The exception has every
     * secret of {@code target} replaced with {@value #REDACTED}, including the parts of a secret URL that a
     * receiver might echo (path, query, user info).
     */
    public int postJson(ChannelTarget target, URI url, Map<String, String> headers, String body) {
        Collection<String> secrets = target.secrets().values();
        try {
            return post(target.channel().type(), url, headers, body, secrets);
        } catch (DeliveryException e) {
            throw redact(e, secrets);
        }
    }

    private int post(ChannelType type, URI url, Map<String, String> headers, String body, Collection<String> secrets) {
        String shown = url.getHost() == null ? "the channel's host" : url.getHost();
        Optional<String> refused = rules.urlProblem(type, url);
        if (refused.isPresent()) {
            throw new DeliveryException(false, Optional.empty(), "refused to call " + shown + ": the URL " + refused.get());
        }
        String host = OutboundRules.host(url);
        byte[] request = request(url, headers, body, shown);
        Duration budget = budget(shown);
        long ends = System.nanoTime() + budget.toNanos();
        List<InetAddress> addresses = resolve(host, shown, ends, budget);
        Optional<String> unsafe = rules.addressProblem(host, addresses);
        if (unsafe.isPresent()) {
            throw new DeliveryException(false, Optional.empty(), "refused to call " + shown + ": " + unsafe.get());
        }
        boolean https = "https".equals(url.getScheme());
        int port = url.getPort() != -1 ? url.getPort() : https ? 443 : 80;
        PinnedExchange exchange = new PinnedExchange(host, port, https, https ? tls.get() : null, ends);
        PinnedExchange.Answer answer;
        try {
            answer = exchange.send(addresses, request, MAX_BODY);
        } catch (IOException e) {
            // The watchdog closing the socket at the deadline shows as whatever the interrupted step throws.
            if (e instanceof SocketTimeoutException || exchange.expired()) {
                throw new DeliveryException(true, Optional.empty(), "timed out after " + seconds(budget) + " calling " + shown);
            }
            throw new DeliveryException(true, Optional.empty(), (e instanceof SSLException ? "TLS with " + shown + " failed: "
                    : "could not reach " + shown + ": ") + e.getClass().getSimpleName());
        }
        int status = answer.status();
        if (status >= 200 && status < 300) {
            return status;
        }
        boolean retryable = status == 429 || status >= 500;
        String reason = status >= 300 && status < 400 ? "redirect not followed"
                : excerpt(new String(answer.body(), StandardCharsets.UTF_8), secrets);
        throw new DeliveryException(retryable, Optional.of(status), shown + " answered " + status
                + (reason.isEmpty() ? "" : ": " + reason));
    }

    /** The deadline of this call: the configured one, or less when the invocation has less left. */
    private Duration budget(String shown) {
        Optional<Duration> left = InvocationTime.remaining().map(r -> r.minus(INVOCATION_RESERVE));
        if (left.isEmpty() || left.get().compareTo(deadline) >= 0) {
            return deadline;
        }
        if (left.get().compareTo(MIN_CALL) < 0) {
            throw new DeliveryException(true, Optional.empty(), "not enough time left in this invocation to call "
                    + shown + "; it will be retried");
        }
        return left.get();
    }

    /** The host's addresses: a literal as it is, a name looked up once, within the deadline. */
    private List<InetAddress> resolve(String host, String shown, long ends, Duration budget) {
        Optional<InetAddress> literal = OutboundRules.literal(host);
        if (literal.isPresent()) {
            return List.of(literal.get());
        }
        CompletableFuture<List<InetAddress>> answer = new CompletableFuture<>();
        Thread.ofVirtual().name("vigil-resolve").start(() -> {
            try {
                answer.complete(List.copyOf(resolver.resolve(host)));
            } catch (Throwable e) {
                answer.completeExceptionally(e);
            }
        });
        try {
            return answer.get(Math.max(0, ends - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new DeliveryException(true, Optional.empty(), "timed out after " + seconds(budget) + " resolving " + shown);
        } catch (ExecutionException e) {
            throw new DeliveryException(true, Optional.empty(), "could not resolve " + shown + ": "
                    + e.getCause().getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException(true, Optional.empty(), "interrupted resolving " + shown);
        }
    }

    /** The whole HTTP/1.1 request; a header that cannot be sent fails permanently without being quoted. */
    private static byte[] request(URI url, Map<String, String> headers, String body, String shown) {
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        String target = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        StringBuilder head = new StringBuilder("POST ").append(target).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(url.getHost()).append(url.getPort() == -1 ? "" : ":" + url.getPort()).append("\r\n");
        head.append("Content-Type: application/json\r\n");
        head.append("User-Agent: Vigil/1.0\r\n");
        head.append("Content-Length: ").append(payload.length).append("\r\n");
        head.append("Connection: close\r\n");
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey();
            String value = header.getValue();
            if (!HEADER_NAME.matcher(name).matches() || OWN_HEADERS.contains(name.toLowerCase(Locale.ROOT))
                    || value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f || c > 0xff)) {
                throw new DeliveryException(false, Optional.empty(), "a header for " + shown + " is not usable");
            }
            head.append(name).append(": ").append(value).append("\r\n");
        }
        if (target.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
            throw new DeliveryException(false, Optional.empty(), "the URL for " + shown + " is not usable");
        }
        head.append("\r\n");
        byte[] start = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] message = Arrays.copyOf(start, start.length + payload.length);
        System.arraycopy(payload, 0, message, start.length, payload.length);
        return message;
    }

    /**
     * What of an error answer is kept: the channel's secrets redacted, then anything that looks like a
     * token masked, control characters and runs of white space made single spaces, and at most
     * {@value #MAX_EXCERPT} characters.
     */
    static String excerpt(String answer, Collection<String> secrets) {
        return Excerpt.of(answer, secrets);
    }

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static SSLSocketFactory defaultTls() {
        try {
            return SSLContext.getDefault().getSocketFactory();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }

    /** {@code e} with every secret, and every secret URL's echoable parts, replaced with {@value #REDACTED}. */
    static DeliveryException redact(DeliveryException e, Collection<String> secrets) {
        String message = e.getMessage();
        if (message == null) {
            return e;
        }
        String redacted = message;
        for (String secret : secretFragments(secrets)) {
            redacted = redacted.replace(secret, REDACTED);
            // Long answers are cut, so a secret echoed near the cut would still show its beginning.
            for (int n = secret.length() - 1; n >= MIN_REDACTED; n--) {
                if (redacted.endsWith(secret.substring(0, n))) {
                    redacted = redacted.substring(0, redacted.length() - n) + REDACTED;
                    break;
                }
            }
        }
        return redacted.equals(message) ? e : new DeliveryException(e.retryable(), e.httpStatus(), redacted);
    }

    /**
     * What to redact, longest first: every secret whole, and for a secret that is a URL also the parts a
     * receiver might echo in an error page (raw and decoded path and query, user info) of at least
     * {@value #MIN_REDACTED} characters.
     */
    static List<String> secretFragments(Collection<String> secrets) {
        return Excerpt.secretFragments(secrets);
    }
}
