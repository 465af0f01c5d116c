package dev.vigil.notify.sns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.CheckFacts;
import dev.vigil.notify.AlertText;
import dev.vigil.runtime.Json;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One alert, worded per protocol: a subject and a readable body for email; one short line (under 140
 * characters) for SMS. A check alert says what the check's run found and its facts (status change,
 * type, threshold, latency, key measured values) in place of an application's heartbeats. Whatever
 * a name holds, SNS accepts it ({@link SnsText}): the subject is printable ASCII under 100
 * characters, and the published message stays within 256 KB.
 */
public record AlertMessage(String subject, String emailBody, String sms) {
    private static final DateTimeFormatter SHORT_TIME = DateTimeFormatter.ofPattern("MMM d HH:mm'Z'")
            .withZone(ZoneOffset.UTC);
    static final int MAX_SMS = 140;
    /** SNS's limit for a published message, in bytes of UTF-8. */
    static final int MAX_MESSAGE_BYTES = 256 * 1024;
    /**
     * The email body's share of {@link #MAX_MESSAGE_BYTES}, as JSON: the body is in the message twice
     * (email and email-json), beside two SMS lines of at most 420 bytes each and the keys.
     */
    static final int MAX_EMAIL_BODY_BYTES = 127 * 1024;

    public static AlertMessage of(AlertEvent event) {
        String name = SnsText.line(event.name());
        String state = AlertText.state(event);
        if (event.isTest()) {
            return test(event, name);
        }
        if (event.check().isPresent()) {
            return check(event, event.check().get(), name, state);
        }
        if (event.aboutTask()) {
            return task(event, name, state);
        }
        String lastBeat = event.lastHeartbeat().map(AlertText::utc).orElse("never");
        if (!event.aboutOneApplication()) {
            String text = event.note().orElse("");
            return new AlertMessage(SnsText.subject("[Vigil] " + name),
                    fit(name + ":\n\n" + text + "\n\nAlert id:        " + event.eventId() + "\n", event),
                    SnsText.limit("Vigil: " + name, MAX_SMS, "..."));
        }
        String subject = SnsText.subject("[Vigil] " + state + ": " + name);
        StringBuilder body = new StringBuilder();
        if (!event.isFlip()) {
            body.append(name).append(AlertText.stateSuffix(event)).append(".\n")
                    .append(AlertText.explanation(event)).append("\n\n");
            body.append("Last heartbeat:  ").append(lastBeat).append('\n');
        } else if (event.isDown()) {
            body.append(name).append(" is DOWN: ")
                    .append(event.note().orElse("no heartbeat arrived before its deadline.")).append("\n\n");
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
        // Cut with three ASCII dots, which keep an SMS in the GSM-7 alphabet.
        return new AlertMessage(subject, fit(body.toString(), event), SnsText.limit(sms, MAX_SMS, "..."));
    }

    /**
     * A channel's test alert: {@code [Vigil] Test alert from Vigil: channel <name> works} as the subject, what a
     * test is in the body, and a short SMS that says the same.
     */
    private static AlertMessage test(AlertEvent event, String name) {
        String headline = AlertText.testHeadline(event, MAX_SMS);
        StringBuilder body = new StringBuilder();
        body.append(SnsText.line(headline)).append(".\n\n").append(AlertText.TEST_EXPLANATION).append("\n\n");
        body.append("Channel:         ").append(name).append('\n');
        body.append("Channel id:      ").append(event.applicationId()).append('\n');
        body.append("Alert id:        ").append(event.eventId()).append('\n');
        body.append("Sent at:         ").append(AlertText.utc(event.time())).append('\n');
        return new AlertMessage(SnsText.subject("[Vigil] " + headline), fit(body.toString(), event),
                SnsText.limit("Vigil: test alert, channel " + name + " works", MAX_SMS, "..."));
    }

    /** A scheduled task failing or running OK again: its state in the subject, the failures and last error in the body. */
    private static AlertMessage task(AlertEvent event, String name, String state) {
        StringBuilder body = new StringBuilder();
        body.append(name).append(AlertText.stateSuffix(event)).append(".\n")
                .append(SnsText.line(AlertText.explanation(event))).append("\n\n");
        body.append("Task id:         ").append(event.applicationId()).append('\n');
        body.append("Alert id:        ").append(event.eventId()).append('\n');
        body.append("Detected at:     ").append(AlertText.utc(event.time())).append('\n');
        return new AlertMessage(SnsText.subject("[Vigil] " + state + ": " + name + " (scheduled task)"),
                fit(body.toString(), event), SnsText.limit("Vigil: " + state + " scheduled task " + name, MAX_SMS, "..."));
    }

    private static AlertMessage check(AlertEvent event, CheckFacts facts, String name, String state) {
        String finding = SnsText.line(AlertText.checkFinding(facts));
        StringBuilder body = new StringBuilder();
        body.append(name).append(AlertText.stateSuffix(event)).append(": ").append(finding).append(".\n\n");
        body.append("Status:          ").append(AlertText.checkChange(facts)).append('\n');
        body.append("Check type:      ").append(SnsText.line(facts.checkType())).append('\n');
        facts.threshold().ifPresent(t -> body.append("Threshold:       ").append(SnsText.line(t)).append('\n'));
        body.append("Latency:         ").append(facts.latencyMs()).append(" ms\n");
        String measured = SnsText.line(AlertText.checkMeasuredLine(facts));
        if (!measured.isEmpty()) {
            body.append("Measured:        ").append(measured).append('\n');
        }
        body.append("Check id:        ").append(event.applicationId()).append('\n');
        body.append("Alert id:        ").append(event.eventId()).append('\n');
        body.append("Detected at:     ").append(AlertText.utc(event.time())).append('\n');
        return new AlertMessage(SnsText.subject("[Vigil] " + state + ": " + name), fit(body.toString(), event),
                SnsText.limit("Vigil: " + state + " " + name + " - " + finding, MAX_SMS, "..."));
    }

    /**
     * The message SNS publishes ({@code MessageStructure=json}): email subscribers get the body, SMS
     * subscribers and every other protocol the short line.
     */
    public String snsMessage() {
        ObjectNode structure = Json.object();
        structure.put("default", sms);
        structure.put("email", emailBody);
        structure.put("email-json", emailBody);
        structure.put("sms", sms);
        return Json.write(structure);
    }

    /**
     * The body with nothing invisible left, cut to its share of SNS's limit (saying so and naming the
     * alert when it was cut).
     */
    private static String fit(String body, AlertEvent event) {
        return SnsText.fitJsonBytes(SnsText.lines(body), MAX_EMAIL_BODY_BYTES,
                "\n...\n\n(Cut to the size SNS accepts. Alert id: " + event.eventId() + ")\n");
    }
}
