package dev.vigil.notify.sns;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.testkit.MotoServer;

/** {@link SnsAlertTopicContract} against moto_server; skipped, with the reason printed, when it is not on PATH. */
class SnsAlertTopicMotoTest extends SnsAlertTopicContract {
    @Override
    protected String endpoint() {
        assumeTrue(MotoServer.available(), () -> MotoServer.skipReason(getClass()));
        return MotoServer.shared().endpoint();
    }
}
