package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BoundedTest {
    @Test
    void resultsComeBackInTheItemsOrderWhateverOrderTheyFinishIn() {
        List<Integer> items = IntStream.range(0, 20).boxed().toList();
        List<Integer> doubled = Bounded.map(items, 4, i -> {
            sleep(20 - i);
            return i * 2;
        });
        assertEquals(items.stream().map(i -> i * 2).toList(), doubled);
    }

    @Test
    void neverMoreThanTheConcurrencyRunAtOnceAndItIsReached() throws InterruptedException {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CountDownLatch fiveIn = new CountDownLatch(5);
        Bounded.map(IntStream.range(0, 12).boxed().toList(), 5, i -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            fiveIn.countDown();
            await(fiveIn);
            sleep(5);
            running.decrementAndGet();
            return i;
        });
        assertEquals(5, peak.get());
    }

    @Test
    void aFailureTakesTheFallbackInItsPlaceAndTheOthersStillRun() {
        List<String> results = Bounded.map(List.of(1, 2, 3), 2, i -> {
            if (i == 2) {
                throw new IllegalStateException("two");
            }
            return "ok " + i;
        }, failure -> "failed: " + failure.getMessage());
        assertEquals(List.of("ok 1", "failed: two", "ok 3"), results);
    }

    @Test
    void withoutAFallbackTheFirstFailureIsThrownAsItWas() {
        IllegalArgumentException first = new IllegalArgumentException("first");
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> Bounded.map(List.of(1, 2, 3), 3, i -> {
            if (i == 1) {
                sleep(30);
                throw first;
            }
            throw new IllegalStateException("later in the list");
        }));
        assertSame(first, thrown);
    }

    @Test
    void noItemsIsNoWorkAndAConcurrencyBelowOneIsRefused() {
        assertEquals(List.of(), Bounded.map(List.<Integer>of(), 1, i -> i));
        assertThrows(IllegalArgumentException.class, () -> Bounded.map(List.of(1), 0, i -> i));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
