package dev.vigil.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * Work on many items at once, each on a virtual thread, at most {@code concurrency} at a time; the
 * results come back in the items' order once every item is done. The one way the functions fan out
 * (checks of a tenant, tenants of a sweep, forced sweeps of a recovery, reads of a health view).
 */
public final class Bounded {
    private Bounded() {
    }

    /** {@code work} on every item; the first failure (in the items' order) is thrown as it was. */
    public static <T, R> List<R> map(List<T> items, int concurrency, Function<T, R> work) {
        return map(items, concurrency, work, failure -> {
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(failure);
        });
    }

    /**
     * {@code work} on every item; an item whose work threw (or whose wait was interrupted) gets
     * {@code onFailure} of what was thrown in its place.
     */
    public static <T, R> List<R> map(List<T> items, int concurrency, Function<T, R> work, Function<Throwable, R> onFailure) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
        if (items.isEmpty()) {
            return List.of();
        }
        Semaphore permits = new Semaphore(concurrency);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<R>> futures = new ArrayList<>(items.size());
            for (T item : items) {
                futures.add(threads.submit(() -> {
                    permits.acquire();
                    try {
                        return work.apply(item);
                    } finally {
                        permits.release();
                    }
                }));
            }
            List<R> results = new ArrayList<>(items.size());
            for (Future<R> future : futures) {
                try {
                    results.add(future.get());
                } catch (ExecutionException e) {
                    results.add(onFailure.apply(e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    results.add(onFailure.apply(e));
                }
            }
            return results;
        }
    }
}
