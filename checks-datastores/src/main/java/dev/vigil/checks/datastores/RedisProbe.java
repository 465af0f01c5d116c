package dev.vigil.checks.datastores;

import dev.vigil.checks.Measurement;
import dev.vigil.checks.Outbound;
import dev.vigil.checks.Probe;
import dev.vigil.checks.ProbeCall;
import dev.vigil.checks.Settings;
import dev.vigil.checks.TcpCheck;
import dev.vigil.domain.OutboundRules;
import dev.vigil.runtime.Excerpt;
import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Runs a {@link dev.vigil.checks.RedisCheck} with Jedis over a socket this probe opens itself: to a
 * vetted address ({@link Outbound#connect}), with TLS to the host name when {@code tls} is set. PING,
 * then INFO memory and INFO stats, every read bounded by the run's deadline.
 */
public final class RedisProbe implements Probe {

    @Override
    public Measurement probe(ProbeCall call) throws Outbound.Refused {
        Settings settings = call.settings();
        String host = TcpCheck.host(settings);
        int port = TcpCheck.port(settings, 6379);
        boolean tls = settings.flag("tls", false);
        Optional<String> password = settings.secret("password");
        if (password.isPresent() && !tls && !call.outbound().allowsPrivate()) {
            throw new Outbound.Refused("refused to check " + host + ": a password is sent over TLS only (set tls)");
        }
        Socket socket;
        long start = System.nanoTime();
        Measurement.Builder measurement = Measurement.builder();
        try {
            socket = call.outbound().connect(host, port, call.deadline());
            if (tls) {
                socket = handshake(call, socket, host, port);
            }
        } catch (IOException e) {
            return measurement.flag("connected", false).problem(Outbound.describe(e, host + ":" + port)).build();
        }
        Socket connected = socket;
        JedisSocketFactory opened = () -> connected;
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .socketTimeoutMillis(call.remainingMillis()).connectionTimeoutMillis(call.remainingMillis())
                .database(settings.integer("database", 0, 0, 1000));
        settings.optionalText("username").ifPresent(config::user);
        password.ifPresent(config::password);
        List<String> secrets = password.stream().toList();
        try (Jedis jedis = new Jedis(opened, config.build())) {
            String pong = jedis.ping();
            measurement.flag("connected", "PONG".equalsIgnoreCase(pong))
                    .number("latencyMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            String memory = jedis.info("memory");
            String stats = jedis.info("stats");
            field(memory, "used_memory").ifPresent(v -> measurement.number("usedMemoryBytes", v));
            Optional<Long> max = field(memory, "maxmemory");
            max.ifPresent(v -> measurement.number("maxMemoryBytes", v));
            if (max.isPresent() && max.get() > 0) {
                field(memory, "used_memory").ifPresent(used -> measurement.number("usedMemoryPercent",
                        Math.round(used * 1000.0 / max.get()) / 10.0));
            }
            field(stats, "evicted_keys").ifPresent(v -> measurement.number("evictedKeys", v));
        } catch (JedisConnectionException e) {
            closeQuietly(connected);
            return measurement.flag("connected", false).problem("could not talk to " + host + ":" + port + ": " + describe(e, secrets)).build();
        } catch (JedisException e) {
            return measurement.flag("connected", false).problem(host + ":" + port + " refused: " + describe(e, secrets)).build();
        }
        return measurement.build();
    }

    private static Socket handshake(ProbeCall call, Socket socket, String host, int port) throws IOException {
        String name = host.replaceAll("^\\[|\\]$", "");
        SSLSocket ssl = (SSLSocket) call.outbound().tlsFactory().createSocket(socket, name, port, true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (OutboundRules.literal(name.toLowerCase(Locale.ROOT)).isEmpty()) {
            parameters.setServerNames(List.of(new SNIHostName(name)));
        }
        ssl.setSSLParameters(parameters);
        ssl.setSoTimeout(call.remainingMillis());
        ssl.startHandshake();
        return ssl;
    }

    /** A whole-number field of an INFO section ({@code used_memory:1024}). */
    static Optional<Long> field(String info, String name) {
        return info.lines().map(String::strip).filter(line -> line.startsWith(name + ":"))
                .map(line -> line.substring(name.length() + 1).strip()).filter(v -> v.matches("[0-9]{1,19}"))
                .map(Long::parseLong).findFirst();
    }

    private static String describe(JedisException e, List<String> secrets) {
        Throwable root = e;
        while (root.getCause() != null && root.getMessage() == null) {
            root = root.getCause();
        }
        String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        String excerpt = Excerpt.of(text, secrets);
        return excerpt.length() > 160 ? excerpt.substring(0, 160) : excerpt;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing a socket that failed; nothing to do.
        }
    }
}
