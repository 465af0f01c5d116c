package dev.vigil.notify.sns;

import dev.vigil.events.AlertEvent;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One alert, worded per protocol: a subject (at most 100 characters, as SNS requires) and a readable
 * body for email; one short line (under 140 characters) for SMS.
 */
public record AlertMessage(String subject, String emailBody, String sms) {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SHORT_TIME = DateTimeFormatter.ofPattern("MMM d HH:mm'Z'")
            .withZone(ZoneOffset.UTC);
    static final int MAX_SUBJECT = 100;
    static final int MAX_SMS = 140;

    public static AlertMessage of(AlertEvent event) {
        String name = oneLine(event.name());
        String state = event.isDown() ? "DOWN" : "UP";
        String lastBeat = event.lastHeartbeat().map(TIME::format).orElse("never");
        String subject = limit("[Vigil] " + state + ": " + name, MAX_SUBJECT);
        StringBuilder body = new StringBuilder();
        if (event.isDown()) {
            body.append(name).append(" is DOWN: no heartbeat arrived before its deadline.\n\n");
            body.append("Last heartbeat:  ").append(lastBeat).append('\n');
            event.deadline().ifPresent(d -> body.append("Deadline:        ").append(TIME.format(d)).append('\n'));
        } else {
            body.append(name).append(" is UP again: a heartbeat arrived.\n\n");
            body.append("Heartbeat at:    ").append(lastBeat).append('\n');
        }
        body.append("Expected every:  ").append(human(Duration.ofSeconds(event.intervalSeconds())))
                .append(" (grace ").append(human(Duration.ofSeconds(event.graceSeconds()))).append(")\n");
        body.append("Application id:  ").append(event.applicationId()).append('\n');
        body.append("Alert id:        ").append(event.eventId()).append('\n');
        body.append("Detected at:     ").append(TIME.format(event.time())).append('\n');
        String sms = event.isDown()
                ? "Vigil: " + state + " " + name + " - last beat " + event.lastHeartbeat().map(SHORT_TIME::format).orElse("never")
                : "Vigil: " + state + " " + name + " - beating again " + SHORT_TIME.format(event.lastHeartbeat().orElse(event.time()));
        return new AlertMessage(subject, body.toString(), limit(sms, MAX_SMS));
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n\\t]+", " ").strip();
    }

    private static String limit(String text, int max) {
        // Three ASCII dots, not "\u2026": the ellipsis is outside the GSM-7 alphabet and would turn an SMS
        // into UCS-2, with 70 characters per segment instead of 160.
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    static String human(Duration d) {
        long s = d.getSeconds();
        if (s % 86400 == 0 && s > 0) {
            return s / 86400 + " d";
        }
        if (s % 3600 == 0 && s > 0) {
            return s / 3600 + " h";
        }
        if (s % 60 == 0 && s > 0) {
            return s / 60 + " min";
        }
        return s + " s";
    }
}
