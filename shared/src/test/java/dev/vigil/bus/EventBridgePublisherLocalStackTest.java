package dev.vigil.bus;

import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.EnabledService;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/** {@link EventBridgePublisherContract} against LocalStack in Docker; skipped where no Docker engine is reachable. */
@Testcontainers(disabledWithoutDocker = true)
class EventBridgePublisherLocalStackTest extends EventBridgePublisherContract {

    @Container
    static final LocalStackContainer LOCALSTACK =
            new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.14.0"))
                    .withServices(EnabledService.named("events"), Service.SQS);

    @Override
    protected String endpoint() {
        return LOCALSTACK.getEndpoint().toString();
    }
}
