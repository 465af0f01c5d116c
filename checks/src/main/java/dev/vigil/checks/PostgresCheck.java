package dev.vigil.checks;

import dev.vigil.domain.InvalidInput;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code postgres}: connects to a PostgreSQL server, runs {@code SELECT 1}, and optionally one more
 * {@code query} whose first column of its first row is a number to hold to a threshold (replication
 * lag, queue depth): {@code value < 30}. Both run in a read-only transaction that is rolled back.
 * Settings: {@code host}, {@code port} (5432), {@code database}, {@code user}, {@code password}
 * (write-only), {@code sslMode} (disable, require or verify-ca; default require: the connection goes to
 * the vetted address, so the certificate's host name is not what is checked) and {@code query}. A
 * password is never sent to a public address without TLS. Measures {@code connected},
 * {@code latencyMs} (connect and {@code SELECT 1}) and {@code value}.
 *
 * <p>Described here so the admin API can validate it; probed by {@code vigil-checks-datastores}, which
 * carries the PostgreSQL driver.
 */
public final class PostgresCheck implements CheckType {
    public static final List<String> SSL_MODES = List.of("disable", "require", "verify-ca");
    static final int MAX_QUERY = 2000;
    private static final List<Condition> DEFAULTS = Conditions.of("connected == true");

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public Set<String> settingNames() {
        return Set.of("host", "port", "database", "user", "password", "sslMode", "query");
    }

    @Override
    public Set<String> secretSettingNames() {
        return Set.of("password");
    }

    @Override
    public void validate(Settings settings) {
        TcpCheck.host(settings);
        TcpCheck.port(settings, 5432);
        settings.text("database");
        settings.text("user");
        settings.choice("sslMode", "require", SSL_MODES);
        settings.optionalText("query").ifPresent(query -> {
            String statement = query.endsWith(";") ? query.substring(0, query.length() - 1) : query;
            String start = statement.stripLeading().toLowerCase(Locale.ROOT);
            if (query.length() > MAX_QUERY || statement.contains(";") || !(start.startsWith("select") || start.startsWith("with"))) {
                throw new InvalidInput("settings.query must be one SELECT (or WITH ... SELECT) statement of at most "
                        + MAX_QUERY + " characters");
            }
        });
    }

    @Override
    public Map<String, ValueKind> measures() {
        return Map.of("connected", ValueKind.BOOLEAN, "latencyMs", ValueKind.NUMBER, "value", ValueKind.NUMBER);
    }

    @Override
    public List<Condition> defaultConditions() {
        return DEFAULTS;
    }
}
