package dev.vigil.events;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.testkit.MotoServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** {@link EventBridgePublisherContract} against moto_server; skipped, with the reason printed, when it is not on PATH. */
class EventBridgePublisherMotoTest extends EventBridgePublisherContract {

    @BeforeAll
    static void requireMoto() {
        if (!MotoServer.available()) {
            String reason = "moto_server not on PATH: install it with pip install 'moto[server]'; PATH="
                    + System.getenv("PATH");
            System.out.println(EventBridgePublisherMotoTest.class.getSimpleName() + " skipped: " + reason);
            assumeTrue(false, reason);
        }
    }

    @BeforeEach
    void emptyServer() {
        MotoServer.shared().reset();
    }

    @Override
    protected String endpoint() {
        return MotoServer.shared().endpoint();
    }
}
