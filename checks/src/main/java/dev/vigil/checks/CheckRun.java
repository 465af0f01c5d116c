package dev.vigil.checks;

import java.util.List;
import java.util.Map;

/**
 * One check to run, as the caller assembled it: the check, its secret settings (read from the secret
 * store), the tenant's condition overrides for its type (merged over the type's defaults, under the
 * check's own conditions), and whether private targets are allowed for this tenant or check.
 */
public record CheckRun(Check check, Map<String, String> secrets, List<Condition> tenantOverrides, boolean allowPrivate) {
    public CheckRun {
        secrets = Map.copyOf(secrets);
        tenantOverrides = List.copyOf(tenantOverrides);
    }

    /** A run with no secrets, no overrides and only public targets. */
    public static CheckRun of(Check check) {
        return new CheckRun(check, Map.of(), List.of(), false);
    }
}
