package dev.vigil.local;

/** The runner's pollers wait before trying again after a failure; an interrupt ends the wait early. */
final class Pause {
    private Pause() {
    }

    static void quietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
