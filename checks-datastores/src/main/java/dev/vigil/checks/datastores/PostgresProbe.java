package dev.vigil.checks.datastores;

import dev.vigil.checks.Measurement;
import dev.vigil.checks.Outbound;
import dev.vigil.checks.PostgresCheck;
import dev.vigil.checks.Probe;
import dev.vigil.checks.ProbeCall;
import dev.vigil.checks.Settings;
import dev.vigil.checks.TcpCheck;
import dev.vigil.runtime.Excerpt;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.postgresql.Driver;

/**
 * Runs a {@link PostgresCheck} with pgjdbc: the host is vetted by the outbound rules and the driver is
 * given the vetted addresses themselves, so it never looks the name up again. The connection is
 * read-only, its one transaction rolled back, every step bounded by the run's deadline.
 */
public final class PostgresProbe implements Probe {
    private static final Driver DRIVER = new Driver();

    @Override
    public Measurement probe(ProbeCall call) throws Outbound.Refused {
        Settings settings = call.settings();
        String host = TcpCheck.host(settings);
        int port = TcpCheck.port(settings, 5432);
        String sslMode = settings.choice("sslMode", "require", PostgresCheck.SSL_MODES);
        boolean hasPassword = settings.secret("password").isPresent();
        if (hasPassword && sslMode.equals("disable") && !call.outbound().allowsPrivate()) {
            throw new Outbound.Refused("refused to check " + host + ": a password is sent over TLS only (sslMode require or verify-ca)");
        }
        Measurement.Builder measurement = Measurement.builder();
        long start = System.nanoTime();
        List<InetAddress> addresses;
        try {
            addresses = call.outbound().vet(host, call.deadline());
        } catch (IOException e) {
            return measurement.flag("connected", false).problem(Outbound.describe(e, host)).build();
        }
        String hosts = addresses.stream().map(a -> (a instanceof Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress())
                + ":" + port).collect(Collectors.joining(","));
        String url = "jdbc:postgresql://" + hosts + "/" + URLEncoder.encode(settings.text("database"), StandardCharsets.UTF_8).replace("+", "%20");
        Properties properties = new Properties();
        properties.setProperty("user", settings.text("user"));
        settings.secret("password").ifPresent(p -> properties.setProperty("password", p));
        properties.setProperty("sslmode", sslMode);
        if (sslMode.equals("verify-ca")) {
            properties.setProperty("sslfactory", "org.postgresql.ssl.DefaultJavaSSLFactory");
        }
        String seconds = Integer.toString(call.remainingSeconds());
        properties.setProperty("connectTimeout", seconds);
        properties.setProperty("loginTimeout", seconds);
        properties.setProperty("socketTimeout", seconds);
        properties.setProperty("ApplicationName", "vigil-check");
        properties.setProperty("readOnly", "true");
        properties.setProperty("readOnlyMode", "always");
        properties.setProperty("assumeMinServerVersion", "10");
        List<String> secrets = settings.secret("password").stream().toList();
        Connection connection;
        try {
            connection = DRIVER.connect(url, properties);
        } catch (SQLException e) {
            return measurement.flag("connected", false).problem("could not connect to " + host + ":" + port + ": " + describe(e, secrets)).build();
        }
        try (connection; Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.setQueryTimeout(call.remainingSeconds());
            try (ResultSet one = statement.executeQuery("SELECT 1")) {
                one.next();
            }
            measurement.flag("connected", true).number("latencyMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            settings.optionalText("query").ifPresent(query -> value(statement, query, call, measurement, secrets));
            connection.rollback();
        } catch (SQLException e) {
            return measurement.flag("connected", false).problem(host + ":" + port + " failed SELECT 1: " + describe(e, secrets)).build();
        }
        return measurement.build();
    }

    /** Runs the check's query and measures the number in the first column of its first row as {@code value}. */
    private static void value(Statement statement, String query, ProbeCall call, Measurement.Builder measurement, List<String> secrets) {
        try {
            statement.setQueryTimeout(call.remainingSeconds());
            try (ResultSet rows = statement.executeQuery(query)) {
                if (!rows.next()) {
                    measurement.problem("the query returned no row");
                    return;
                }
                Object first = rows.getObject(1);
                if (first instanceof Number number) {
                    measurement.number("value", new BigDecimal(number.toString()).doubleValue());
                } else {
                    measurement.problem("the query's first column is not a number" + (first == null ? " (it is null)" : ""));
                }
            }
        } catch (SQLException e) {
            measurement.problem("the query failed: " + describe(e, secrets));
        }
    }

    private static String describe(SQLException e, List<String> secrets) {
        String text = (e.getSQLState() == null ? "" : e.getSQLState() + " ") + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        String excerpt = Excerpt.of(text, secrets);
        return excerpt.length() > 160 ? excerpt.substring(0, 160) : excerpt;
    }
}
