package dev.vigil.admin;

import dev.vigil.domain.ApiKey;
import dev.vigil.domain.Tenant;

/**
 * Who is calling, once authenticated, and on which tenant's resources: the operator (the stack's admin
 * key), on the default tenant or the one {@code X-Vigil-Tenant} names; or a tenant's key, on its own
 * tenant, with its role. {@code who} names the caller where an action is recorded (an alert acknowledged
 * or resolved): {@value #OPERATOR}, or the key's id and name.
 */
record Caller(String tenantId, ApiKey.Role role, boolean operator, String who) {
    /** Who the operator is, in the records of what callers did. */
    static final String OPERATOR = "operator";

    static Caller forOperator() {
        return new Caller(Tenant.DEFAULT_ID, ApiKey.Role.ADMIN, true, OPERATOR);
    }

    /** A tenant's key, recorded as {@code <key id> (<key name>)}. */
    static Caller forKey(ApiKey key) {
        return new Caller(key.tenantId(), key.role(), false, key.id() + " (" + key.name() + ")");
    }

    /** The same caller acting on {@code tenant}. */
    Caller on(String tenant) {
        return new Caller(tenant, role, operator, who);
    }

    boolean mayWrite() {
        return role == ApiKey.Role.ADMIN;
    }

    /** Whether answers may show ping UUIDs, ping URLs and secret hints: not to a read-only key. */
    boolean seesSecrets() {
        return role == ApiKey.Role.ADMIN;
    }
}
