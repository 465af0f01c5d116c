package dev.vigil.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.Channel;
import dev.vigil.domain.ChannelType;
import dev.vigil.domain.CronExpression;
import dev.vigil.domain.Ids;
import dev.vigil.domain.InvalidInput;
import dev.vigil.domain.ScheduledTask;
import dev.vigil.domain.TaskRun;
import dev.vigil.domain.TaskStatus;
import dev.vigil.domain.TaskTarget;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.Log;
import dev.vigil.store.SecretStore;
import dev.vigil.store.TaskStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/tasks}: a tenant's scheduled tasks ({@link TaskRequest}) and their runs, newest first.
 * Each route acts on the caller's tenant: another tenant's task answers 404. A task carries its version
 * as the {@code ETag}; a {@code PUT} or {@code DELETE} whose {@code If-Match} names another gets 412.
 * A change of the schedule (cron, timezone, enabled) sets the next run from now; any other change
 * leaves it to the pulse. A read-only key sees a webhook's URL as its last four characters. A webhook's
 * signing secret is kept in the channels' secret store (as a webhook channel's, under the task's id),
 * never in the table, and shown as its last four characters only: written before a new task's item, after
 * a changed one's, removed after a deleted one's; a secret store that fails is a 503 ({@link SecretsNotStored}).
 */
final class TasksResource {
    private static final Log LOG = Log.of(TasksResource.class);
    private static final int ATTEMPTS = 5;
    /** The zone of a task created without {@code timezone}. */
    static final ZoneId DEFAULT_ZONE = ZoneId.of("UTC");

    private final TaskStore tasks;
    private final SecretStore secrets;
    private final TaskRequest.Rules rules;
    private final Render render;
    private final Clock clock;
    private final DeletedSubjects deleted;

    TasksResource(TaskStore tasks, SecretStore secrets, TaskRequest.Rules rules, Render render, Clock clock,
                  DeletedSubjects deleted) {
        this.deleted = deleted;
        this.tasks = tasks;
        this.secrets = secrets;
        this.rules = rules;
        this.render = render;
        this.clock = clock;
    }

    HttpResponse list(HttpRequest request, Caller caller) {
        var page = tasks.list(caller.tenantId(), Input.limit(request), request.queryParam("nextToken"));
        return HttpResponse.json(200, render.page("tasks", page, t -> task(t, caller)));
    }

    HttpResponse create(HttpRequest request, Caller caller) {
        TaskRequest body = TaskRequest.forCreate(Input.body(request), rules);
        Instant now = clock.instant();
        CronExpression cron = body.cron().orElseThrow();
        ZoneId zone = body.zone().orElse(DEFAULT_ZONE);
        boolean enabled = body.enabled().orElse(true);
        String id = Ids.TASK.next();
        Optional<String> secret = body.signingSecret().flatMap(TaskRequest.SigningSecret::value);
        TaskTarget target = body.target().orElseThrow();
        if (target instanceof TaskTarget.Webhook webhook && secret.isPresent()) {
            target = new TaskTarget.Webhook(webhook.url(), Optional.of(Channel.hint(secret.get())));
            try {
                secrets.put(ChannelType.WEBHOOK, id, Map.of(TaskTarget.Webhook.SIGNING_SECRET, secret.get()));
            } catch (RuntimeException e) {
                throw new SecretsNotStored("the task was not created: its signing secret could not be stored; "
                        + "send the request again", 0, e);
            }
        }
        ScheduledTask task = new ScheduledTask(id, caller.tenantId(), body.name().orElseThrow(), cron, zone,
                enabled, target, body.failureThreshold().orElse(1), TaskStatus.NEW, 0, 0,
                enabled ? cron.next(now, zone) : Optional.empty(), Optional.empty(), now, now, 1);
        if (!tasks.create(task)) {
            throw new IllegalStateException("A new task id was taken already");
        }
        LOG.info("Task created", "taskId", task.id(), "tenantId", task.tenantId(), "target", task.target().type());
        return shown(201, task, caller).withHeader("location", "/api/tasks/" + task.id());
    }

    HttpResponse get(HttpRequest request, Caller caller) {
        return Input.id(request, Ids.TASK).flatMap(id -> tasks.find(caller.tenantId(), id)).map(t -> shown(200, t, caller))
                .orElseGet(() -> notFound(request));
    }

    HttpResponse update(HttpRequest request, Caller caller) {
        Optional<String> id = Input.id(request, Ids.TASK);
        if (id.isEmpty()) {
            return notFound(request);
        }
        IfMatch ifMatch = IfMatch.of(request);
        TaskRequest body = TaskRequest.forUpdate(Input.body(request), rules);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<ScheduledTask> found = tasks.find(caller.tenantId(), id.get());
            if (found.isEmpty()) {
                return notFound(request);
            }
            ScheduledTask before = found.get();
            if (!ifMatch.allows(before.version())) {
                return Render.stale("task", id.get(), before.version());
            }
            ScheduledTask after = changed(before, body, clock.instant());
            if (tasks.updateSettings(before, after)) {
                storeSecret(before, after, body);
                LOG.info("Task updated", "taskId", id.get(), "version", after.version());
                return shown(200, tasks.find(caller.tenantId(), id.get()).orElse(after), caller);
            }
            Change.pause(attempt);
        }
        return Render.conflict("task", id.get());
    }

    HttpResponse delete(HttpRequest request, Caller caller) {
        Optional<String> id = Input.id(request, Ids.TASK);
        if (id.isEmpty()) {
            return notFound(request);
        }
        IfMatch ifMatch = IfMatch.of(request);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<ScheduledTask> found = tasks.find(caller.tenantId(), id.get());
            if (found.isEmpty()) {
                return notFound(request);
            }
            if (!ifMatch.allows(found.get().version())) {
                return Render.stale("task", id.get(), found.get().version());
            }
            if (tasks.deleteUnchanged(found.get())) {
                if (signed(found.get())) {
                    try {
                        secrets.delete(ChannelType.WEBHOOK, id.get());
                    } catch (RuntimeException e) {
                        LOG.error("The signing secret of a deleted task could not be removed; nothing reads it", e,
                                "taskId", id.get());
                    }
                }
                LOG.info("Task deleted", "taskId", id.get());
                deleted.deleted(caller.tenantId(), id.get());
                return HttpResponse.empty(204);
            }
            Change.pause(attempt);
        }
        return Render.conflict("task", id.get());
    }

    /** The task's runs, newest first: {@code {"runs": [...], "nextToken"?}}. */
    HttpResponse runs(HttpRequest request, Caller caller) {
        int limit = Input.limit(request);
        return Input.id(request, Ids.TASK).flatMap(id -> tasks.find(caller.tenantId(), id))
                .map(task -> tasks.runs(task.id(), limit, request.queryParam("nextToken")))
                .map(page -> HttpResponse.json(200, render.page("runs", page, TasksResource::run)))
                .orElseGet(() -> notFound(request));
    }

    /** {@code before} with what {@code body} sets, as its next version; the next run from {@code now} when the schedule changed. */
    static ScheduledTask changed(ScheduledTask before, TaskRequest body, Instant now) {
        CronExpression cron = body.cron().orElse(before.cron());
        ZoneId zone = body.zone().orElse(before.zone());
        boolean enabled = body.enabled().orElse(before.enabled());
        boolean rescheduled = !cron.text().equals(before.cron().text()) || !zone.equals(before.zone()) || enabled != before.enabled();
        Optional<Instant> next = !enabled ? Optional.empty() : rescheduled ? cron.next(now, zone) : before.nextRunAt();
        return new ScheduledTask(before.id(), before.tenantId(), body.name().orElse(before.name()), cron, zone, enabled,
                target(before, body), body.failureThreshold().orElse(before.failureThreshold()),
                before.status(), before.consecutiveFailures(), before.runs(), next, before.lastRun(), before.createdAt(), now,
                before.version() + 1);
    }

    /**
     * The target after a change: the one sent (a webhook signed by the secret sent, unsigned when it was
     * sent as null, and keeping the task's secret when none was sent or when its mask was sent back as
     * read), or the task's own. A mask that is not the task's secret's is a 400.
     */
    static TaskTarget target(ScheduledTask before, TaskRequest body) {
        if (body.target().isEmpty()) {
            return before.target();
        }
        if (!(body.target().get() instanceof TaskTarget.Webhook webhook)) {
            return body.target().get();
        }
        Optional<String> kept = before.target() instanceof TaskTarget.Webhook old ? old.secretHint() : Optional.empty();
        Optional<TaskRequest.SigningSecret> sent = body.signingSecret();
        if (sent.isPresent() && sent.get().shownAs().isPresent()) {
            if (!sent.get().shownAs().equals(kept)) {
                throw new InvalidInput("target.signingSecret '" + Input.printable(sent.get().shownAs().get())
                        + "' is not how this task's secret is shown; send the secret itself, or leave it out to keep the task's");
            }
            return new TaskTarget.Webhook(webhook.url(), kept);
        }
        Optional<String> hint = sent.isPresent() ? sent.get().value().map(Channel::hint) : kept;
        return new TaskTarget.Webhook(webhook.url(), hint);
    }

    private static boolean signed(ScheduledTask task) {
        return task.target() instanceof TaskTarget.Webhook webhook && webhook.signed();
    }

    /** After a change was written: the new secret stored, or the old one removed when the task is no longer signed. */
    private void storeSecret(ScheduledTask before, ScheduledTask after, TaskRequest body) {
        Optional<String> secret = body.signingSecret().flatMap(TaskRequest.SigningSecret::value);
        try {
            if (secret.isPresent() && signed(after)) {
                secrets.put(ChannelType.WEBHOOK, after.id(), Map.of(TaskTarget.Webhook.SIGNING_SECRET, secret.get()));
            } else if (signed(before) && !signed(after)) {
                secrets.delete(ChannelType.WEBHOOK, after.id());
            }
        } catch (RuntimeException e) {
            throw new SecretsNotStored("task " + after.id() + " was saved as version " + after.version()
                    + " but its signing secret could not be stored; send the same request again", after.version(), e);
        }
    }

    /** The task, with its version as the {@code ETag} that {@code If-Match} may name. */
    private static HttpResponse shown(int status, ScheduledTask task, Caller caller) {
        return HttpResponse.json(status, task(task, caller)).withHeader("etag", IfMatch.etag(task.version()));
    }

    static ObjectNode task(ScheduledTask task, Caller caller) {
        ObjectNode node = Json.object();
        node.put("id", task.id());
        node.put("name", task.name());
        node.put("cron", task.cron().text());
        node.put("timezone", task.zone().getId());
        node.put("enabled", task.enabled());
        ObjectNode target = node.putObject("target").put("type", task.target().type());
        switch (task.target()) {
            case TaskTarget.Event event -> {
                try {
                    target.set("detail", Json.parse(event.detailJson()));
                } catch (IOException | RuntimeException unreadable) {
                    target.putObject("detail");
                }
            }
            case TaskTarget.Webhook webhook -> {
                target.put("url", caller.seesSecrets() ? webhook.url().toString() : Channel.hint(webhook.url().toString()));
                target.put("signed", webhook.signed());
                webhook.secretHint().ifPresent(hint -> target.put("signingSecret", hint));
            }
        }
        node.put("failureThreshold", task.failureThreshold());
        node.put("status", task.status().wire());
        node.put("consecutiveFailures", task.consecutiveFailures());
        node.put("nextRunAt", task.nextRunAt().map(Instant::toString).orElse(null));
        task.lastRun().ifPresentOrElse(last -> node.set("lastRun", run(last)), () -> node.putNull("lastRun"));
        node.put("createdAt", task.createdAt().toString());
        node.put("updatedAt", task.updatedAt().toString());
        node.put("version", task.version());
        return node;
    }

    static ObjectNode run(TaskRun run) {
        ObjectNode node = Json.object();
        node.put("outcome", run.outcome().wire());
        node.put("scheduledFor", run.scheduledFor().toString());
        node.put("startedAt", run.startedAt().toString());
        node.put("durationMs", run.durationMs());
        run.error().ifPresent(e -> node.put("error", e));
        if (run.outcome() == TaskRun.Outcome.SKIPPED) {
            node.put("missed", run.missed());
        }
        node.put("nextRunAt", run.nextRunAt().map(Instant::toString).orElse(null));
        return node;
    }

    private static HttpResponse notFound(HttpRequest request) {
        return HttpResponse.error(404, "no task with id '" + Input.printable(request.pathParam("id").orElse("")) + "'");
    }
}
