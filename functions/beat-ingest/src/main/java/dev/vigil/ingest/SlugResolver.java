package dev.vigil.ingest;

import dev.vigil.domain.Application;
import dev.vigil.domain.BeatRules;
import dev.vigil.domain.Ids;
import dev.vigil.domain.Severity;
import dev.vigil.store.ApplicationStore;
import dev.vigil.store.BeatKeyStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Resolves a slug URL ({@code /heartbeat/{pingKey}/{slug}}) to the application's ping UUID, with two
 * reads of one item each: the ping key's owner, then the slug's holder in that tenant. With
 * {@code ?create=1} an unknown slug gets a new application with the {@linkplain #DEFAULTS default settings}
 * (named after the slug, routed to the tenant's default channels), as long as the tenant has created fewer
 * than {@code autoCreateLimit} that way; the application, the slug's claim and the count are one
 * transaction, so two beats racing to create the same slug create one application.
 */
public final class SlugResolver {
    /** {@code ?create=1}'s settings: a beat a day, an hour's grace. */
    public static final long DEFAULT_INTERVAL_SECONDS = 24 * 3600;
    public static final long DEFAULT_GRACE_SECONDS = 3600;
    public static final long DEFAULT_AUTO_CREATE_LIMIT = 100;
    static final String DEFAULTS = "interval 1 day, grace 1 hour, the tenant's default channels";

    private final BeatKeyStore keys;
    private final ApplicationStore applications;
    private final Clock clock;
    private final long autoCreateLimit;

    public SlugResolver(BeatKeyStore keys, ApplicationStore applications, Clock clock, long autoCreateLimit) {
        if (autoCreateLimit < 0) {
            throw new IllegalStateException("AUTO_CREATE_LIMIT must be 0 or more, was " + autoCreateLimit);
        }
        this.keys = keys;
        this.applications = applications;
        this.clock = clock;
        this.autoCreateLimit = autoCreateLimit;
    }

    /** What a slug URL names. */
    public sealed interface Resolution {
        /** The application's UUID; {@code created} when this beat's {@code ?create=1} created it. */
        record Found(String uuid, boolean created) implements Resolution {
        }

        /** No such ping key, or no such slug (and no {@code ?create=1}): 404. */
        record Unknown(String reason) implements Resolution {
        }

        /** {@code ?create=1} past the tenant's limit: nothing was created. */
        record LimitReached(String tenantId, long limit) implements Resolution {
        }
    }

    public Resolution resolve(BeatPath.BySlug target, boolean create) {
        Optional<String> tenant = keys.tenantOfPingKey(target.pingKey());
        if (tenant.isEmpty()) {
            return new Resolution.Unknown("no tenant has this ping key");
        }
        Optional<String> uuid = keys.uuidOfSlug(tenant.get(), target.slug());
        if (uuid.isPresent()) {
            return new Resolution.Found(uuid.get(), false);
        }
        if (!create) {
            return new Resolution.Unknown("no application has the slug '" + target.slug()
                    + "' (add ?create=1 to create it)");
        }
        return provision(tenant.get(), target.slug());
    }

    private Resolution provision(String tenantId, String slug) {
        Application app = Application.registered(Ids.APPLICATION.next(), UUID.randomUUID().toString(), slug,
                DEFAULT_INTERVAL_SECONDS, DEFAULT_GRACE_SECONDS, true, List.of(), Severity.CRITICAL, Optional.empty(),
                clock.instant()).inTenant(tenantId).withRules(BeatRules.DEFAULT.withSlug(Optional.of(slug)));
        ApplicationStore.GuardedWrite written = applications.createWith(app, List.of(
                keys.claimSlug(tenantId, slug, app.uuid(), app.id()), keys.countAutoCreated(tenantId, autoCreateLimit)));
        if (written == ApplicationStore.GuardedWrite.WRITTEN) {
            return new Resolution.Found(app.uuid(), true);
        }
        // Another beat created the slug first, or the tenant is at its limit.
        Optional<String> winner = keys.uuidOfSlug(tenantId, slug);
        if (winner.isPresent()) {
            return new Resolution.Found(winner.get(), false);
        }
        return new Resolution.LimitReached(tenantId, autoCreateLimit);
    }
}
