package dev.vigil.pulse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.Channel;
import dev.vigil.domain.ChannelType;
import dev.vigil.domain.ScheduledTask;
import dev.vigil.domain.TaskTarget;
import dev.vigil.notify.ChannelTarget;
import dev.vigil.notify.DeliveryException;
import dev.vigil.notify.HttpDelivery;
import dev.vigil.notify.WebhookSignature;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.Log;
import dev.vigil.store.SecretReader;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Fires a task at its target: the {@code ScheduledTaskDue} event on the bus, or a POST of the same JSON
 * to the task's webhook through the notifiers' hardened client ({@link HttpDelivery}: the outbound
 * rules checked again on every call, the resolved address pinned, one deadline, no redirects). The
 * webhook gets the headers {@code X-Vigil-Event: ScheduledTaskDue} and {@code X-Vigil-Delivery: <runId>},
 * and, when the task has a signing secret, {@code X-Vigil-Timestamp} and {@code X-Vigil-Signature} as the
 * signed webhook channel sends them ({@link WebhookSignature}); any 2xx answer is success. The answer is the error of a failed firing (empty on success), with the
 * URL's secrets redacted as the outbound client redacts them.
 */
final class TaskFiring {
    private static final Log LOG = Log.of(TaskFiring.class);
    static final String EVENT_HEADER = "X-Vigil-Event";
    static final String DELIVERY_HEADER = "X-Vigil-Delivery";
    static final String TIMESTAMP_HEADER = "X-Vigil-Timestamp";
    static final String SIGNATURE_HEADER = "X-Vigil-Signature";

    private final TaskDueBus bus;
    private final HttpDelivery http;
    private final SecretReader secrets;

    TaskFiring(TaskDueBus bus, HttpDelivery http, SecretReader secrets) {
        this.bus = bus;
        this.http = http;
        this.secrets = secrets;
    }

    /**
     * The {@code ScheduledTaskDue} detail: {@code {"tenantId", "taskId", "runId", "name", "scheduledFor",
     * "firedAt", "detail"}}, {@code detail} being the task's own JSON object ({@code {}} for a webhook).
     */
    static ObjectNode detail(ScheduledTask task, long run, Instant scheduledFor, Instant firedAt) {
        ObjectNode detail = Json.object();
        detail.put("tenantId", task.tenantId());
        detail.put("taskId", task.id());
        detail.put("runId", runId(task, run));
        detail.put("name", task.name());
        detail.put("scheduledFor", scheduledFor.toString());
        detail.put("firedAt", firedAt.toString());
        ObjectNode own = detail.putObject("detail");
        if (task.target() instanceof TaskTarget.Event event) {
            try {
                own.setAll((ObjectNode) Json.parse(event.detailJson()));
            } catch (java.io.IOException | RuntimeException unreadable) {
                LOG.warn("A task's stored detail is not a JSON object; it is sent empty", "taskId", task.id());
            }
        }
        return detail;
    }

    static String runId(ScheduledTask task, long run) {
        return task.id() + "-run" + run;
    }

    /** Fires run {@code run} of {@code task}, for the firing at {@code scheduledFor}; the error when it failed. */
    Optional<String> fire(ScheduledTask task, long run, Instant scheduledFor, Instant firedAt) {
        ObjectNode detail = detail(task, run, scheduledFor, firedAt);
        try {
            switch (task.target()) {
                case TaskTarget.Event event -> bus.put(task.id(), detail);
                case TaskTarget.Webhook webhook -> {
                    ObjectNode body = Json.object().put("type", TaskDueBus.DETAIL_TYPE);
                    body.setAll(detail);
                    String text = Json.write(body);
                    Map<String, String> headers = new LinkedHashMap<>();
                    headers.put(EVENT_HEADER, TaskDueBus.DETAIL_TYPE);
                    headers.put(DELIVERY_HEADER, runId(task, run));
                    Map<String, String> hidden = new LinkedHashMap<>(Map.of("url", webhook.url().toString()));
                    if (webhook.signed()) {
                        Optional<String> secret = signingSecret(task);
                        if (secret.isEmpty()) {
                            return Optional.of("the task's signing secret could not be read; it was not called");
                        }
                        long timestamp = firedAt.getEpochSecond();
                        headers.put(TIMESTAMP_HEADER, Long.toString(timestamp));
                        headers.put(SIGNATURE_HEADER, WebhookSignature.sign(secret.get(), timestamp, text));
                        hidden.put(TaskTarget.Webhook.SIGNING_SECRET, secret.get());
                    }
                    http.postJson(target(task, hidden), webhook.url(), headers, text);
                }
            }
            return Optional.empty();
        } catch (DeliveryException e) {
            return Optional.of(e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("A task's firing failed", "taskId", task.id(), "error", e.getClass().getSimpleName());
            return Optional.of("the target could not be reached (" + e.getClass().getSimpleName() + ")");
        }
    }

    private Optional<String> signingSecret(ScheduledTask task) {
        try {
            return Optional.ofNullable(secrets.get(ChannelType.WEBHOOK, task.id()).get(TaskTarget.Webhook.SIGNING_SECRET));
        } catch (RuntimeException e) {
            LOG.warn("A task's signing secret could not be read", "taskId", task.id(), "error", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /**
     * The webhook as the outbound client takes it: a generic webhook channel whose URL and signing secret
     * are its secrets ({@code hidden}), so that neither can appear in an error.
     */
    private static ChannelTarget target(ScheduledTask task, Map<String, String> hidden) {
        Channel channel = new Channel(task.id(), ChannelType.WEBHOOK, task.name(), true, false, Map.of(), Map.of(),
                task.createdAt(), task.updatedAt(), Optional.empty(), task.version(), task.tenantId());
        return new ChannelTarget(channel, hidden);
    }
}
