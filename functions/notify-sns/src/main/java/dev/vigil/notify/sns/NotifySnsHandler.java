package dev.vigil.notify.sns;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.vigil.config.Services;
import dev.vigil.events.AlertEvent;
import dev.vigil.json.Json;
import dev.vigil.log.Log;
import dev.vigil.store.NotificationLog;
import dev.vigil.store.Stores;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Delivers an alert event from the bus to the SNS topic (email and SMS). The delivery is claimed in
 * the notification log first, so a redelivered event is sent once; a failed publish is recorded and
 * rethrown, so Lambda retries it.
 */
public final class NotifySnsHandler implements RequestStreamHandler {
    public static final String CHANNEL = "sns";
    private static final Log LOG = Log.of(NotifySnsHandler.class);

    private final NotificationLog notifications;
    private final AlertTopic topic;
    private final Clock clock;

    public NotifySnsHandler() {
        this(Services.fromEnvironment());
    }

    public NotifySnsHandler(Services services) {
        this(Stores.notifications(services), services.port(AlertTopic.class, SnsAlertTopic::fromEnv), services.clock());
    }

    public NotifySnsHandler(NotificationLog notifications, AlertTopic topic, Clock clock) {
        this.notifications = notifications;
        this.topic = topic;
        this.clock = clock;
    }

    /** What happened to one event. */
    public enum Outcome { SENT, ALREADY_HANDLED }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Log.bind(context == null ? "notify-sns" : context.getFunctionName(), context == null ? "-" : context.getAwsRequestId());
        AlertEvent event;
        try {
            event = AlertEvent.fromBusEvent(Json.read(input));
        } catch (RuntimeException e) {
            // A malformed event can never succeed: record nothing, retry nothing.
            LOG.error("Ignoring an event that is not a Vigil alert", e);
            output.write("{\"outcome\":\"ignored\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        Outcome outcome = deliver(event);
        output.write(Json.write(Json.object().put("outcome", outcome.name().toLowerCase())).getBytes(StandardCharsets.UTF_8));
    }

    public Outcome deliver(AlertEvent event) {
        Instant start = clock.instant();
        if (!notifications.claim(event, CHANNEL, start)) {
            LOG.info("Alert already delivered on this channel", "eventId", event.eventId(), "applicationId", event.applicationId());
            return Outcome.ALREADY_HANDLED;
        }
        long began = System.nanoTime();
        try {
            String messageId = topic.publish(AlertMessage.of(event));
            long latency = Duration.ofNanos(System.nanoTime() - began).toMillis();
            notifications.complete(event.eventId(), CHANNEL, NotificationLog.SENT, Optional.empty(), latency, clock.instant());
            LOG.info("Alert sent", "eventId", event.eventId(), "applicationId", event.applicationId(),
                    "channel", CHANNEL, "messageId", messageId, "latencyMs", latency);
            return Outcome.SENT;
        } catch (RuntimeException e) {
            long latency = Duration.ofNanos(System.nanoTime() - began).toMillis();
            String error = e.getClass().getSimpleName() + ": " + e.getMessage();
            notifications.complete(event.eventId(), CHANNEL, NotificationLog.FAILED, Optional.of(error), latency, clock.instant());
            LOG.error("Alert delivery failed; Lambda will retry", e, "eventId", event.eventId(),
                    "applicationId", event.applicationId(), "channel", CHANNEL);
            throw e;
        }
    }
}
