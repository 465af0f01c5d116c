package dev.vigil.bus;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.testkit.MotoServer;

/** {@link EventBridgePublisherContract} against moto_server; skipped, with the reason printed, when it is not on PATH. */
class EventBridgePublisherMotoTest extends EventBridgePublisherContract {
    @Override
    protected String endpoint() {
        assumeTrue(MotoServer.available(), () -> MotoServer.skipReason(getClass()));
        return MotoServer.shared().endpoint();
    }
}
