package dev.vigil.notify.sns;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.testkit.MotoServer;
import org.junit.jupiter.api.BeforeAll;

/** {@link SnsAlertTopicContract} against moto_server; skipped, with the reason printed, when it is not on PATH. */
class SnsAlertTopicMotoTest extends SnsAlertTopicContract {

    @BeforeAll
    static void emptyServer() {
        // Once per class, not per test: a subclass's @BeforeEach would run after the contract's set-up
        // and wipe it. Tests use unique resource names, so they need no reset between them.
        if (MotoServer.available()) {
            MotoServer.shared().reset();
        }
    }

    /**
     * Skips here, per test, rather than in {@code @BeforeAll}: Surefire counts a test aborted by an
     * assumption as skipped, but does not count anything for a class aborted in {@code @BeforeAll}.
     */
    @Override
    protected String endpoint() {
        if (!MotoServer.available()) {
            String reason = "moto_server not on PATH: install it with pip install 'moto[server]'; PATH="
                    + System.getenv("PATH");
            System.out.println(SnsAlertTopicMotoTest.class.getSimpleName() + " skipped: " + reason);
            assumeTrue(false, reason);
        }
        return MotoServer.shared().endpoint();
    }
}
