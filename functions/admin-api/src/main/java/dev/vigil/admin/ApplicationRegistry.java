package dev.vigil.admin;

import dev.vigil.domain.Application;
import dev.vigil.domain.Due;
import dev.vigil.domain.Ids;
import dev.vigil.domain.InvalidInput;
import dev.vigil.domain.Severity;
import dev.vigil.domain.Slugs;
import dev.vigil.domain.Status;
import dev.vigil.domain.TagFilter;
import dev.vigil.domain.Tenant;
import dev.vigil.store.ApplicationStore;
import dev.vigil.store.BeatKeyStore;
import dev.vigil.store.Page;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Registers, changes and removes applications on behalf of the admin API, each within one tenant: an
 * application of another tenant is not found.
 *
 * <p>Slugs are unique within a tenant: an application and the claim on its slug ({@link BeatKeyStore}) are
 * written in one transaction, which fails when another application holds the slug. A slug given
 * explicitly that is taken is a {@link SlugTaken} (409); one derived from the name is numbered instead
 * ({@code nightly-backup-2}, ...). A registry without the claims' table (tools, tests) gives no slugs.
 */
public final class ApplicationRegistry {
    private static final int UPDATE_ATTEMPTS = 5;
    /** Numbered alternatives tried for a derived slug before giving up with 409. */
    static final int DERIVED_SLUG_ATTEMPTS = 20;

    private final ApplicationStore store;
    private final Optional<BeatKeyStore> slugs;
    private final Clock clock;

    public ApplicationRegistry(ApplicationStore store, BeatKeyStore slugs, Clock clock) {
        this(store, Optional.of(slugs), clock);
    }

    /** Without slugs: for tools and tests that register applications by UUID only. */
    public ApplicationRegistry(ApplicationStore store, Clock clock) {
        this(store, Optional.empty(), clock);
    }

    private ApplicationRegistry(ApplicationStore store, Optional<BeatKeyStore> slugs, Clock clock) {
        this.store = store;
        this.slugs = slugs;
        this.clock = clock;
    }

    /**
     * Registers an application of {@code tenantId}, with the slug asked for or one derived from its name.
     * An application on a cron schedule needs no interval: unless given, its {@code intervalSeconds} is
     * the time between the schedule's next two firings (shown, and used in alert texts; its deadlines come
     * from the schedule).
     */
    public Application register(String tenantId, ApplicationRequest request) {
        Application app = Application.registered(Ids.APPLICATION.next(), UUID.randomUUID().toString(),
                request.name().orElseThrow(), request.intervalSeconds().orElse(0L), request.graceSeconds().orElse(0L),
                request.active().orElse(true), request.channels().orElse(List.of()),
                request.severity().orElse(Severity.CRITICAL), request.quietHours().flatMap(q -> q), clock.instant())
                .inTenant(tenantId);
        app = app.withRules(request.runtime().applyTo(app.rules()).withTags(request.tags().orElse(List.of())));
        Application ready = scheduled(tenantId, app, app, request.schedule(), request.intervalSeconds());
        if (slugs.isEmpty()) {
            if (request.slug().isPresent()) {
                throw new IllegalStateException("this registry keeps no slugs");
            }
            store.create(ready);
            return ready;
        }
        String base = request.slug().orElseGet(() -> Slugs.fromName(ready.name()));
        int attempts = request.slug().isPresent() ? 1 : DERIVED_SLUG_ATTEMPTS;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            String slug = attempt == 1 ? base : Slugs.numbered(base, attempt);
            Application slugged = ready.withRules(ready.rules().withSlug(Optional.of(slug)));
            ApplicationStore.GuardedWrite written = store.createWith(slugged,
                    List.of(slugs.get().claimSlug(tenantId, slug, slugged.uuid(), slugged.id())));
            if (written == ApplicationStore.GuardedWrite.WRITTEN) {
                return slugged;
            }
            if (written == ApplicationStore.GuardedWrite.CONFLICT) {
                throw new IllegalStateException("a fresh application UUID exists already");
            }
            if (releasedAbandonedClaim(tenantId, slug)) {
                attempt--;
            }
        }
        throw new SlugTaken(request.slug().orElse(base));
    }

    /**
     * Whether the claim on {@code slug} belonged to no application any more (one deleted while its claim's
     * release failed) and was released, so that the slug can be claimed again.
     */
    private boolean releasedAbandonedClaim(String tenantId, String slug) {
        Optional<String> holder = slugs.get().uuidOfSlug(tenantId, slug);
        if (holder.isEmpty() || store.findByUuid(holder.get()).filter(app -> app.tenantId().equals(tenantId)
                && app.rules().slug().equals(Optional.of(slug))).isPresent()) {
            return false;
        }
        slugs.get().releaseSlugOf(tenantId, slug, holder.get());
        return true;
    }

    /** The most applications above one in a chain of parents. */
    static final int MAX_PARENT_DEPTH = 3;

    /**
     * {@code after} with the schedule request applied to the rules of {@code before}, its deadline
     * recomputed; refuses an interval schedule without an interval and a parent that is not another
     * application of the tenant, that would make a cycle, or that makes a chain deeper than
     * {@value #MAX_PARENT_DEPTH}.
     */
    private Application scheduled(String tenantId, Application before, Application after, ScheduleRequest schedule,
                                  Optional<Long> intervalGiven) {
        Application changed = after.withRules(schedule.applyTo(after.rules()));
        if (schedule.setsCron() && intervalGiven.isEmpty()) {
            long period = Math.min(ApplicationRequest.MAX_SECONDS,
                    changed.rules().cron().orElseThrow().periodSecondsAfter(clock.instant()));
            changed = changed.with(changed.name(), period, changed.graceSeconds(), changed.active(), changed.updatedAt());
        }
        schedule.check(changed);
        if (schedule.parentId().flatMap(p -> p).isPresent()) {
            checkParent(tenantId, changed.id(), schedule.parentId().get().get());
        }
        return changed.withDueAt(Due.of(changed));
    }

    private void checkParent(String tenantId, String childId, String parentId) {
        if (parentId.equals(childId)) {
            throw new InvalidInput("parentId cannot be the application itself");
        }
        Optional<Application> parent = find(tenantId, parentId);
        if (parent.isEmpty()) {
            throw new InvalidInput("parentId: no application " + parentId + " in this tenant");
        }
        int depth = 1;
        Application current = parent.get();
        while (current.rules().parentId().isPresent()) {
            String next = current.rules().parentId().get();
            if (next.equals(childId)) {
                throw new InvalidInput("parentId " + parentId + " would make a cycle: " + parentId + " depends on "
                        + childId + " through its parents");
            }
            depth++;
            if (depth > MAX_PARENT_DEPTH) {
                throw new InvalidInput("parentId " + parentId + " makes a chain of parents deeper than "
                        + MAX_PARENT_DEPTH);
            }
            Optional<Application> above = find(tenantId, next);
            if (above.isEmpty()) {
                break;
            }
            current = above.get();
        }
    }

    /** Pauses ({@code active} false) or resumes the application: resuming starts a fresh watch. */
    public Change<Application> setActive(String tenantId, String id, boolean active) {
        return update(tenantId, id, new ApplicationRequest(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(active)), IfMatch.NONE);
    }

    /** Registers an application of the default tenant. */
    public Application register(ApplicationRequest request) {
        return register(Tenant.DEFAULT_ID, request);
    }

    /**
     * Applies an update. Changing the interval or grace moves the deadline accordingly; resuming a
     * paused application starts a fresh watch, so it is not reported down for the time it was paused.
     * The write is conditional on the item as read: when a beat, a flip or another admin write got
     * there first, the update is applied again to what is now stored (unless {@code ifMatch} names the
     * version read, which is then {@link Change.Stale}).
     */
    public Change<Application> update(String tenantId, String id, ApplicationRequest request, IfMatch ifMatch) {
        for (int attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
            Optional<Application> found = find(tenantId, id);
            if (found.isEmpty()) {
                return new Change.NotFound<>();
            }
            Application before = found.get();
            if (!ifMatch.allows(before.version())) {
                return new Change.Stale<>(before.version());
            }
            Application after = before.with(
                    request.name().orElse(before.name()),
                    request.intervalSeconds().orElse(before.intervalSeconds()),
                    request.graceSeconds().orElse(before.graceSeconds()),
                    request.active().orElse(before.active()),
                    clock.instant()).withPolicy(request.channels().orElse(before.channels()),
                    request.severity().orElse(before.severity()), request.quietHours().orElse(before.quietHours()));
            Application ruled = after.withRules(request.runtime().applyTo(after.rules())
                    .withTags(request.tags().orElse(before.rules().tags())));
            Application scheduled = scheduled(tenantId, before, ruled, request.schedule(), request.intervalSeconds());
            Optional<String> newSlug = request.slug().filter(slug -> !before.rules().slug().equals(Optional.of(slug)));
            if (newSlug.isPresent() && slugs.isEmpty()) {
                throw new IllegalStateException("this registry keeps no slugs");
            }
            List<TransactWriteItem> claims = newSlug.map(slug -> slugChange(before, slug)).orElse(List.of());
            Application changed = newSlug.map(slug -> scheduled.withRules(scheduled.rules().withSlug(Optional.of(slug))))
                    .orElse(scheduled);
            ApplicationStore.GuardedWrite written = store.updateSettingsWith(before, changed, claims);
            if (written == ApplicationStore.GuardedWrite.ALONGSIDE_REFUSED) {
                if (releasedAbandonedClaim(tenantId, newSlug.orElseThrow())) {
                    attempt--;
                    continue;
                }
                throw new SlugTaken(newSlug.get());
            }
            if (written == ApplicationStore.GuardedWrite.WRITTEN) {
                return store.findByUuid(before.uuid()).<Change<Application>>map(Change.Done::new)
                        .orElseGet(Change.NotFound::new);
            }
        }
        return new Change.Conflict<>();
    }

    /** The claim of {@code slug} for {@code before}, and the release of the slug it had, if any. */
    private List<TransactWriteItem> slugChange(Application before, String slug) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(slugs.get().claimSlug(before.tenantId(), slug, before.uuid(), before.id()));
        before.rules().slug().ifPresent(old -> writes.add(slugs.get().releaseSlug(before.tenantId(), old, before.uuid())));
        return writes;
    }

    /** An update of an application of the default tenant, without {@code If-Match}. */
    public Change<Application> update(String id, ApplicationRequest request) {
        return update(Tenant.DEFAULT_ID, id, request, IfMatch.NONE);
    }

    /** The applications whose alerts go to {@code channelId}. */
    public List<Application> routingTo(String channelId) {
        return store.routingTo(channelId);
    }

    /**
     * Takes {@code channelId} out of the application's channels (an application left with none goes
     * back to the default channels).
     */
    public Change<Application> detach(String id, String channelId) {
        for (int attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
            Optional<Application> found = store.findById(id);
            if (found.isEmpty() || !found.get().channels().contains(channelId)) {
                return found.<Change<Application>>map(Change.Done::new).orElseGet(Change.NotFound::new);
            }
            Application before = found.get();
            List<String> remaining = before.channels().stream().filter(c -> !c.equals(channelId)).toList();
            Application after = before.with(before.name(), before.intervalSeconds(), before.graceSeconds(), before.active(),
                    clock.instant()).withPolicy(remaining, before.severity(), before.quietHours());
            if (store.updateSettings(before, after)) {
                return new Change.Done<>(after);
            }
        }
        return new Change.Conflict<>();
    }

    /**
     * One page of {@code tenantId}'s applications from the tenant index; for the default tenant, while
     * items stored before tenants existed are not all adopted yet ({@code legacyAdopted} false), from a
     * scan that also keeps those without a tenant.
     */
    public Page<Application> list(String tenantId, boolean legacyAdopted, int limit, Optional<String> token) {
        return list(tenantId, legacyAdopted, limit, token, TagFilter.ALL);
    }

    /**
     * As {@link #list(String, boolean, int, Optional)}, keeping the applications {@code filter} keeps
     * ({@link ApplicationStore#listByTenant(String, int, Optional, TagFilter)}); while items stored before
     * tenants are not all adopted, the scanned page is filtered as it is (it may hold fewer applications).
     */
    public Page<Application> list(String tenantId, boolean legacyAdopted, int limit, Optional<String> token, TagFilter filter) {
        if (Tenant.DEFAULT_ID.equals(tenantId) && !legacyAdopted) {
            Page<Application> page = store.listDefaultWithLegacy(limit, token);
            return new Page<>(page.items().stream().filter(app -> filter.matches(app.rules().tags())).toList(), page.nextToken());
        }
        return store.listByTenant(tenantId, limit, token, filter);
    }

    /** Application {@code id} if it belongs to {@code tenantId}: another tenant's is not found. */
    public Optional<Application> find(String tenantId, String id) {
        return store.findById(id).filter(app -> app.tenantId().equals(tenantId));
    }

    /** What acknowledging did: nothing to acknowledge (unknown id, or not down), or the acknowledged application. */
    public sealed interface Acknowledgement {
        record NotFound() implements Acknowledgement {
        }

        record NotDown(Application app) implements Acknowledgement {
        }

        record Done(Application app) implements Acknowledgement {
        }
    }

    /** Acknowledges the current outage of an application of the default tenant. */
    public Acknowledgement acknowledge(String id) {
        return acknowledge(Tenant.DEFAULT_ID, id);
    }

    /** Acknowledges the application's current outage, which stops its reminders. */
    public Acknowledgement acknowledge(String tenantId, String id) {
        Optional<Application> found = find(tenantId, id);
        if (found.isEmpty()) {
            return new Acknowledgement.NotFound();
        }
        if (found.get().status() != Status.DOWN || !store.acknowledge(found.get())) {
            return new Acknowledgement.NotDown(found.get());
        }
        return new Acknowledgement.Done(store.findByUuid(found.get().uuid()).orElse(found.get()));
    }

    /** Deletes the application; with {@code If-Match}, only the version it names. */
    public Change<Application> delete(String tenantId, String id, IfMatch ifMatch) {
        Optional<Application> found = find(tenantId, id);
        if (found.isEmpty()) {
            return new Change.NotFound<>();
        }
        if (!ifMatch.allows(found.get().version())) {
            return new Change.Stale<>(found.get().version());
        }
        boolean deleted = ifMatch.present() ? store.deleteUnchanged(found.get()) : store.delete(found.get());
        if (deleted) {
            // Its slug is free again; a claim left behind (this write failed) is released by the next claim of it.
            slugs.ifPresent(claims -> found.get().rules().slug().ifPresent(slug ->
                    claims.releaseSlugOf(tenantId, slug, found.get().uuid())));
            return new Change.Done<>(found.get());
        }
        return store.findById(id).<Change<Application>>map(now -> new Change.Stale<>(now.version()))
                .orElseGet(Change.NotFound::new);
    }

}
