package dev.vigil.admin;

import dev.vigil.domain.Tenant;
import dev.vigil.runtime.Log;
import dev.vigil.store.ApplicationStore;
import dev.vigil.store.ChannelStore;
import dev.vigil.store.TenantStore;
import java.time.Clock;
import java.util.Optional;

/**
 * The default tenant, created on first use, and the adoption of what was stored before tenants
 * existed: applications and channels without a {@code tenantId} are given the default tenant's, a few
 * pages per request until both tables have been read once; the default tenant's item records how far
 * it got, so any container goes on from there. Until it is done, the default tenant's listings read the
 * tables as they did before tenants (a scan), so nothing is missing from them meanwhile; from then on
 * they read the tenant indexes. Reads of one item never depend on it: an item without a tenant is the
 * default tenant's. Every step is best effort: a failure is logged and tried again on the next request.
 */
final class DefaultTenant {
    private static final Log LOG = Log.of(DefaultTenant.class);
    /** Pages (of 200 items) of each table that one request reads while adopting. */
    static final int PAGES_PER_REQUEST = 5;

    private final TenantStore tenants;
    private final ApplicationStore applications;
    private final ChannelStore channels;
    private final Clock clock;
    private volatile boolean adopted;

    DefaultTenant(TenantStore tenants, ApplicationStore applications, ChannelStore channels, Clock clock) {
        this.tenants = tenants;
        this.applications = applications;
        this.channels = channels;
        this.clock = clock;
    }

    /** Creates the default tenant if it does not exist yet, and takes the adoption a step further. */
    void ensure() {
        if (adopted) {
            return;
        }
        try {
            Optional<TenantStore.Adoption> state = tenants.adoption();
            if (state.isEmpty()) {
                if (tenants.create(Tenant.defaultTenant(clock.instant()))) {
                    LOG.info("Default tenant created", "tenantId", Tenant.DEFAULT_ID);
                }
                state = tenants.adoption();
            }
            TenantStore.Adoption now = state.orElse(TenantStore.Adoption.NOT_STARTED);
            if (!now.done()) {
                now = advance(now);
                tenants.recordAdoption(now);
            }
            adopted = now.done();
        } catch (RuntimeException e) {
            LOG.warn("Could not take the default tenant's adoption of earlier items further; trying again on the next request",
                    "errorType", e.getClass().getSimpleName());
        }
    }

    /** Whether every item stored before tenants existed has its tenant, so the tenant indexes list everything. */
    boolean adopted() {
        return adopted;
    }

    /** Reads a few pages further: the applications first, then the channels. */
    private TenantStore.Adoption advance(TenantStore.Adoption from) {
        return switch (from.phase()) {
            case APPLICATIONS -> {
                ApplicationStore.LegacyAdoption step = applications.adoptLegacy(from.from(), PAGES_PER_REQUEST);
                if (step.adopted() > 0) {
                    LOG.info("Applications stored before tenants given to the default tenant", "count", step.adopted());
                }
                yield step.done() ? advance(new TenantStore.Adoption(TenantStore.Phase.CHANNELS, Optional.empty()))
                        : new TenantStore.Adoption(TenantStore.Phase.APPLICATIONS, step.next());
            }
            case CHANNELS -> {
                Optional<String> next = channels.adoptLegacy(from.from(), PAGES_PER_REQUEST);
                yield new TenantStore.Adoption(next.isEmpty() ? TenantStore.Phase.DONE : TenantStore.Phase.CHANNELS, next);
            }
            case DONE -> from;
        };
    }
}
