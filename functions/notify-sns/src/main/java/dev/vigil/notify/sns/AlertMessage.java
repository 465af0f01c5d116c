package dev.vigil.notify.sns;

import dev.vigil.domain.AlertEvent;
import dev.vigil.notify.AlertText;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One alert, worded per protocol: a subject (at most 100 characters, as SNS requires) and a readable
 * body for email; one short line (under 140 characters) for SMS.
 */
public record AlertMessage(String subject, String emailBody, String sms) {
    private static final DateTimeFormatter SHORT_TIME = DateTimeFormatter.ofPattern("MMM d HH:mm'Z'")
            .withZone(ZoneOffset.UTC);
    static final int MAX_SUBJECT = 100;
    static final int MAX_SMS = 140;

    public static AlertMessage of(AlertEvent event) {
        String name = AlertText.oneLine(event.name());
        String state = AlertText.state(event);
        String lastBeat = event.lastHeartbeat().map(AlertText::utc).orElse("never");
        if (!event.aboutOneApplication()) {
            String text = event.note().orElse("");
            return new AlertMessage(AlertText.limit("[Vigil] " + name, MAX_SUBJECT),
                    name + ":\n\n" + text + "\n\nAlert id:        " + event.eventId() + "\n",
                    AlertText.limit("Vigil: " + name, MAX_SMS));
        }
        String subject = AlertText.limit("[Vigil] " + state + ": " + name, MAX_SUBJECT);
        StringBuilder body = new StringBuilder();
        if (!event.isFlip()) {
            body.append(name).append(AlertText.stateSuffix(event)).append(".\n")
                    .append(AlertText.explanation(event)).append("\n\n");
            body.append("Last heartbeat:  ").append(lastBeat).append('\n');
        } else if (event.isDown()) {
            body.append(name).append(" is DOWN: no heartbeat arrived before its deadline.\n\n");
            body.append("Last heartbeat:  ").append(lastBeat).append('\n');
            event.deadline().ifPresent(d -> body.append("Deadline:        ").append(AlertText.utc(d)).append('\n'));
        } else {
            body.append(name).append(" is UP again: a heartbeat arrived.\n\n");
            body.append("Heartbeat at:    ").append(lastBeat).append('\n');
        }
        body.append("Expected every:  ").append(AlertText.schedule(event)).append('\n');
        body.append("Application id:  ").append(event.applicationId()).append('\n');
        body.append("Alert id:        ").append(event.eventId()).append('\n');
        body.append("Detected at:     ").append(AlertText.utc(event.time())).append('\n');
        String sms = !event.isFlip()
                ? "Vigil: " + state + " " + name + (event.isDown() ? " - last beat " + event.lastHeartbeat().map(SHORT_TIME::format).orElse("never") : "")
                : event.isDown()
                ? "Vigil: " + state + " " + name + " - last beat " + event.lastHeartbeat().map(SHORT_TIME::format).orElse("never")
                : "Vigil: " + state + " " + name + " - beating again " + SHORT_TIME.format(event.lastHeartbeat().orElse(event.time()));
        // AlertText.limit cuts with three ASCII dots, which keep an SMS in the GSM-7 alphabet.
        return new AlertMessage(subject, body.toString(), AlertText.limit(sms, MAX_SMS));
    }
}
