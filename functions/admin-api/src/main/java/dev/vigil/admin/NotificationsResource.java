package dev.vigil.admin;

import dev.vigil.domain.InvalidInput;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import dev.vigil.store.NotificationLog;
import java.util.Optional;
import java.util.Set;

/** {@code GET /api/notifications}: the caller's tenant's delivery records, newest first, by status and channel. */
final class NotificationsResource {
    private static final Set<String> STATUSES = Set.of(NotificationLog.SENDING, NotificationLog.SENT,
            NotificationLog.FAILED, NotificationLog.SUPPRESSED);

    private final NotificationLog notifications;
    private final Render render;

    NotificationsResource(NotificationLog notifications, Render render) {
        this.notifications = notifications;
        this.render = render;
    }

    HttpResponse list(HttpRequest request, Caller caller) {
        Optional<String> status = request.queryParam("status");
        if (status.isPresent() && !STATUSES.contains(status.get())) {
            throw new InvalidInput("status must be one of " + String.join(", ", STATUSES.stream().sorted().toList()));
        }
        var page = notifications.list(caller.tenantId(), Input.limit(request), status, request.queryParam("channel"),
                request.queryParam("nextToken"));
        return HttpResponse.json(200, render.page("notifications", page, render::notification));
    }
}
