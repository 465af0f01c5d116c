package dev.vigil.admin;

import dev.vigil.domain.AlertLifecycle;
import dev.vigil.domain.AlertSeverity;
import dev.vigil.domain.AlertStatus;
import dev.vigil.domain.Ids;
import dev.vigil.domain.InvalidInput;
import dev.vigil.domain.Tenant;
import dev.vigil.domain.WireName;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import dev.vigil.runtime.Log;
import dev.vigil.store.AlertStore;
import dev.vigil.store.NotificationLog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code /api/alerts}: the alert records, newest first, filtered by status, severity, tenant and subject;
 * one alert with its deliveries; acknowledging (which, for an application's alert, acknowledges its
 * outage and so stops its reminders) and resolving by hand. A tenant's key sees its own tenant's alerts
 * (another tenant's id answers 404); the operator sees every tenant's, or one tenant's with
 * {@code ?tenant=} or {@code X-Vigil-Tenant}. A change not allowed from the alert's status answers 409.
 */
final class AlertsResource {
    private static final Log LOG = Log.of(AlertsResource.class);
    /** An application's, check's or task's id, or a tenant's escalation ({@code <tenantId>#escalation}). */
    private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9_\\-]{1,64}("
            + Pattern.quote(AlertLifecycle.escalationSubject("")) + ")?"
            // ... or Vigil's own ingest (the system alert of an ingest episode, in the default tenant).
            + "|" + Pattern.quote(AlertLifecycle.INGEST_SUBJECT));

    private final AlertStore alerts;
    private final NotificationLog notifications;
    private final ApplicationRegistry applications;
    private final Render render;
    private final Clock clock;

    AlertsResource(AlertStore alerts, NotificationLog notifications, ApplicationRegistry applications, Render render,
                   Clock clock) {
        this.alerts = alerts;
        this.notifications = notifications;
        this.applications = applications;
        this.render = render;
        this.clock = clock;
    }

    HttpResponse list(HttpRequest request, Caller caller) {
        Optional<String> tenant = request.queryParam("tenant");
        if (tenant.isPresent() && !Tenant.isWellFormedId(tenant.get())) {
            throw new InvalidInput("tenant must be a tenant id such as tn_k3v9x2m7q4pa, or default");
        }
        if (!caller.operator() && tenant.isPresent() && !tenant.get().equals(caller.tenantId())) {
            return HttpResponse.error(403, "a tenant's API key sees its own tenant's alerts only; leave out tenant");
        }
        Optional<String> scope = caller.operator() && !namesTenant(request) ? tenant : Optional.of(caller.tenantId());
        Optional<AlertStatus> status = request.queryParam("status").map(value -> AlertStatus.fromWire(value)
                .orElseThrow(() -> new InvalidInput("status must be one of " + words(AlertStatus.values()))));
        Optional<AlertSeverity> severity = request.queryParam("severity").map(value -> AlertSeverity.fromWire(value)
                .orElseThrow(() -> new InvalidInput("severity must be one of " + words(AlertSeverity.values()))));
        Optional<String> subject = request.queryParam("subject");
        if (subject.isPresent() && !SUBJECT.matcher(subject.get()).matches()) {
            throw new InvalidInput("subject must be an application's, check's or task's id (letters, digits, '_' and '-'),"
                    + " or a tenant's escalation, <tenantId>" + AlertLifecycle.escalationSubject("") + ", or "
                    + AlertLifecycle.INGEST_SUBJECT);
        }
        var page = alerts.list(new AlertStore.Filter(scope, status, severity, subject), Input.limit(request),
                request.queryParam("nextToken"));
        return HttpResponse.json(200, render.page("alerts", page, render::alert));
    }

    HttpResponse get(HttpRequest request, Caller caller) {
        Optional<AlertStore.Alert> found = found(request, caller);
        if (found.isEmpty()) {
            return notFound(request);
        }
        List<NotificationLog.Notification> deliveries = new ArrayList<>();
        for (String eventId : found.get().eventIds()) {
            deliveries.addAll(notifications.ofEvent(eventId));
        }
        return HttpResponse.json(200, render.alertWithDeliveries(found.get(), deliveries));
    }

    HttpResponse acknowledge(HttpRequest request, Caller caller) {
        Optional<AlertStore.Alert> found = found(request, caller);
        if (found.isEmpty()) {
            return notFound(request);
        }
        return switch (alerts.acknowledge(found.get().id(), caller.who(), clock.instant())) {
            case AlertStore.Transition.NotFound none -> notFound(request);
            case AlertStore.Transition.Refused refused -> HttpResponse.error(409, "alert is "
                    + refused.alert().status().wire() + "; only an open alert can be acknowledged");
            case AlertStore.Transition.Done done -> {
                if (done.alert().aboutApplication()) {
                    // The same path as acknowledging the application: its reminders stop.
                    applications.acknowledge(done.alert().tenantId(), done.alert().subject());
                }
                LOG.info("Alert acknowledged", "alertId", done.alert().id(), "subject", done.alert().subject());
                yield HttpResponse.json(200, render.alert(done.alert()));
            }
        };
    }

    HttpResponse resolve(HttpRequest request, Caller caller) {
        Optional<AlertStore.Alert> found = found(request, caller);
        if (found.isEmpty()) {
            return notFound(request);
        }
        return switch (alerts.resolve(found.get().id(), caller.who(), clock.instant())) {
            case AlertStore.Transition.NotFound none -> notFound(request);
            case AlertStore.Transition.Refused refused -> HttpResponse.error(409, "alert is already resolved");
            case AlertStore.Transition.Done done -> {
                LOG.info("Alert resolved by hand", "alertId", done.alert().id(), "subject", done.alert().subject());
                yield HttpResponse.json(200, render.alert(done.alert()));
            }
        };
    }

    /** The alert the path names, if the caller sees it: the operator sees every tenant's unless it named one. */
    private Optional<AlertStore.Alert> found(HttpRequest request, Caller caller) {
        return Input.id(request, Ids.ALERT).flatMap(alerts::find)
                .filter(alert -> (caller.operator() && !namesTenant(request)) || alert.tenantId().equals(caller.tenantId()));
    }

    private static boolean namesTenant(HttpRequest request) {
        return request.header(AdminApiHandler.TENANT_HEADER).isPresent();
    }

    private static HttpResponse notFound(HttpRequest request) {
        return HttpResponse.error(404, "no alert with id '" + Input.printable(request.pathParam("id").orElse("")) + "'");
    }

    private static String words(WireName[] values) {
        return String.join(", ", Arrays.stream(values).map(WireName::wire).toList());
    }
}
