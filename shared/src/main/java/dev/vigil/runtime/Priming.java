package dev.vigil.runtime;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming. Lambda snapshots a function's initialised JVM and restores it for each new
 * container; a handler that registers here runs its {@link Primed#prime()} before the snapshot is
 * taken, so the classes, the SDK's request path and the JIT's first compilations of a real request are
 * in the snapshot rather than paid by the first request after a restore. Priming must have no side
 * effect a user could see: a beat for a UUID that does not exist, a read that finds nothing.
 */
public final class Priming {
    private static final Log LOG = Log.of(Priming.class);

    private Priming() {
    }

    /** A handler that can warm its request path without side effects. */
    public interface Primed {
        void prime();
    }

    /** Kept here: the checkpoint context may hold its resources weakly. One per container. */
    private static final List<Resource> REGISTERED = new CopyOnWriteArrayList<>();

    /** Registers {@code handler} to be primed before the checkpoint; its no-argument constructor calls this. */
    public static void beforeSnapshot(Primed handler) {
        Resource resource = new Resource() {
            @Override
            public void beforeCheckpoint(Context<? extends Resource> context) {
                prime(handler);
            }

            @Override
            public void afterRestore(Context<? extends Resource> context) {
                // Nothing to refresh: SDK clients reconnect on their own, credentials come from the chain.
            }
        };
        REGISTERED.add(resource);
        Core.getGlobalContext().register(resource);
    }

    /** Primes once; a failure is logged and never stops the snapshot (the first request just pays more). */
    public static void prime(Primed handler) {
        long began = System.nanoTime();
        try {
            handler.prime();
            LOG.info("Primed for the snapshot", "handler", handler.getClass().getSimpleName(),
                    "ms", (System.nanoTime() - began) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.error("Priming failed; the snapshot is taken without it", e, "handler", handler.getClass().getSimpleName());
        }
    }
}
