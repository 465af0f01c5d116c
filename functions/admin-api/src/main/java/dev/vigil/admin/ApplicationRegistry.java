package dev.vigil.admin;

import dev.vigil.domain.Application;
import dev.vigil.domain.Ids;
import dev.vigil.domain.Severity;
import dev.vigil.domain.Status;
import dev.vigil.store.ApplicationStore;
import dev.vigil.store.Page;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Registers, changes and removes applications on behalf of the admin API. */
public final class ApplicationRegistry {
    private static final int UPDATE_ATTEMPTS = 5;

    private final ApplicationStore store;
    private final Clock clock;

    public ApplicationRegistry(ApplicationStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Application register(ApplicationRequest request) {
        Application app = Application.registered(Ids.APPLICATION.next(), UUID.randomUUID().toString(),
                request.name().orElseThrow(), request.intervalSeconds().orElseThrow(), request.graceSeconds().orElse(0L),
                request.active().orElse(true), request.channels().orElse(List.of()),
                request.severity().orElse(Severity.CRITICAL), request.quietHours().flatMap(q -> q), clock.instant());
        store.create(app);
        return app;
    }

    /**
     * Applies an update. Changing the interval or grace moves the deadline accordingly; resuming a
     * paused application starts a fresh watch, so it is not reported down for the time it was paused.
     */
    public Optional<Application> update(String id, ApplicationRequest request) {
        for (int attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
            Optional<Application> found = store.findById(id);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            Application before = found.get();
            Application after = before.with(
                    request.name().orElse(before.name()),
                    request.intervalSeconds().orElse(before.intervalSeconds()),
                    request.graceSeconds().orElse(before.graceSeconds()),
                    request.active().orElse(before.active()),
                    clock.instant()).withPolicy(request.channels().orElse(before.channels()),
                    request.severity().orElse(before.severity()), request.quietHours().orElse(before.quietHours()));
            if (store.updateSettings(before, after)) {
                return store.findByUuid(before.uuid());
            }
        }
        throw new IllegalStateException("Application " + id + " kept changing; update abandoned");
    }

    public Page<Application> list(int limit, Optional<String> token) {
        return store.list(limit, token);
    }

    public Optional<Application> find(String id) {
        return store.findById(id);
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

    /** Acknowledges the application's current outage, which stops its reminders. */
    public Acknowledgement acknowledge(String id) {
        Optional<Application> found = store.findById(id);
        if (found.isEmpty()) {
            return new Acknowledgement.NotFound();
        }
        if (found.get().status() != Status.DOWN || !store.acknowledge(found.get())) {
            return new Acknowledgement.NotDown(found.get());
        }
        return new Acknowledgement.Done(store.findByUuid(found.get().uuid()).orElse(found.get()));
    }

    public boolean delete(String id) {
        return store.findById(id).map(store::delete).orElse(false);
    }

}
