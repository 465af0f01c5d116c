package dev.vigil.notify.inapp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.domain.Channel;
import dev.vigil.runtime.Env;
import dev.vigil.store.NotificationLog;
import dev.vigil.testkit.DynamoLocal;
import dev.vigil.testkit.SamTemplate;
import dev.vigil.wiring.Platform;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The in-app notifier records each alert once in the list the dashboard reads, with no configuration. */
class NotifyInAppHandlerTest {
    @Test
    void everyAlertIsListedOnceEvenWhenDeliveredTwice() throws Exception {
        DynamoLocal db = DynamoLocal.shared();
        db.reset();
        SamTemplate template = SamTemplate.load();
        Map<String, String> env = template.environment(template.function("NotifyInAppFunction").orElseThrow(), Map.of());
        Platform platform = Platform.builder(Env.of(env)).dynamo(db.client()).build();
        NotifyInAppHandler handler = new NotifyInAppHandler(platform);

        for (String sample : List.of("application-down.json", "application-down.json", "application-up.json")) {
            try (InputStream in = Files.newInputStream(events().resolve(sample))) {
                handler.handleRequest(in, new ByteArrayOutputStream(), null);
            }
        }

        List<NotificationLog.Notification> listed = platform.tables().notifications()
                .list(10, Optional.empty(), Optional.of(Channel.BUILT_IN_INAPP), Optional.empty()).items();
        assertEquals(List.of("ApplicationUp", "ApplicationDown"), listed.stream().map(NotificationLog.Notification::type).toList());
        assertEquals(List.of("sent", "sent"), listed.stream().map(NotificationLog.Notification::status).toList());
    }

    @Test
    void aCheckAlertIsListedWithTheCheckAndWhatItBecame() throws Exception {
        DynamoLocal db = DynamoLocal.shared();
        db.reset();
        SamTemplate template = SamTemplate.load();
        Map<String, String> env = template.environment(template.function("NotifyInAppFunction").orElseThrow(), Map.of());
        Platform platform = Platform.builder(Env.of(env)).dynamo(db.client()).build();
        NotifyInAppHandler handler = new NotifyInAppHandler(platform);

        for (int delivery = 0; delivery < 2; delivery++) {
            try (InputStream in = Files.newInputStream(events().resolve("check-unhealthy.json"))) {
                handler.handleRequest(in, new ByteArrayOutputStream(), null);
            }
        }

        List<NotificationLog.Notification> listed = platform.tables().notifications()
                .list(10, Optional.empty(), Optional.of(Channel.BUILT_IN_INAPP), Optional.empty()).items();
        assertEquals(1, listed.size(), listed.toString());
        NotificationLog.Notification record = listed.get(0);
        assertEquals("CheckStatusChanged", record.type());
        assertEquals("chk_m4r8t2w6y3za", record.applicationId(), "the check's id");
        assertEquals("api-health", record.applicationName());
        assertEquals(Optional.of("unhealthy"), record.checkStatus());
        assertEquals("sent", record.status());
    }

    private static Path events() {
        return SamTemplate.locate().getParent().resolve("events");
    }

    @Test
    void aChannelsTestAlertIsNotListedInApp() throws Exception {
        DynamoLocal db = DynamoLocal.shared();
        db.reset();
        SamTemplate template = SamTemplate.load();
        Map<String, String> env = template.environment(template.function("NotifyInAppFunction").orElseThrow(), Map.of());
        Platform platform = Platform.builder(Env.of(env)).dynamo(db.client()).build();
        NotifyInAppHandler handler = new NotifyInAppHandler(platform);

        for (String sample : List.of("channel-test.json", "application-down.json")) {
            try (InputStream in = Files.newInputStream(events().resolve(sample))) {
                handler.handleRequest(in, new ByteArrayOutputStream(), null);
            }
        }

        List<NotificationLog.Notification> listed = platform.tables().notifications()
                .list(10, Optional.empty(), Optional.empty(), Optional.empty()).items();
        assertEquals(List.of("ApplicationDown"), listed.stream().map(NotificationLog.Notification::type).toList(),
                "a test goes to the channel it names alone; the in-app list is not that channel");
    }
}
