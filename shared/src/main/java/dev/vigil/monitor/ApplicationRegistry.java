package dev.vigil.monitor;

import dev.vigil.app.Application;
import dev.vigil.app.ApplicationRequest;
import dev.vigil.app.Deadlines;
import dev.vigil.app.Severity;
import dev.vigil.app.Status;
import dev.vigil.store.ApplicationStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Registers, changes and removes applications on behalf of the admin API. */
public final class ApplicationRegistry {
    private static final char[] ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int UPDATE_ATTEMPTS = 5;

    private final ApplicationStore store;
    private final Clock clock;

    public ApplicationRegistry(ApplicationStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Application register(ApplicationRequest request) {
        Instant now = clock.instant();
        boolean active = request.active().orElse(true);
        Application app = new Application(newId(), UUID.randomUUID().toString(), request.name().orElseThrow(),
                request.intervalSeconds().orElseThrow(), request.graceSeconds().orElse(0L), Status.NEW, Status.NEW,
                active, Optional.empty(), now, Optional.empty(), 0, now, now, request.channels().orElse(List.of()),
                request.severity().orElse(Severity.CRITICAL), request.quietHours().flatMap(q -> q), 0);
        app = app.withDueAt(Deadlines.deadline(app));
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

    public dev.vigil.store.Page<Application> list(int limit, Optional<String> token) {
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

    static String newId() {
        char[] id = new char[12];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)];
        }
        return "app_" + new String(id);
    }
}
