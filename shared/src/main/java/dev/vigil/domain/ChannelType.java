package dev.vigil.domain;

import java.util.List;
import java.util.Optional;

/**
 * The kinds of alert channel, each delivered by its own notifier function, and the settings each
 * takes. Secret settings (webhook URLs, routing keys, tokens) are kept in the secret store and never
 * returned by the API in full.
 */
public enum ChannelType implements WireName {
    SNS(List.of(Field.optional("topicArn", Kind.SNS_TOPIC))),
    SLACK(List.of(Field.secret("webhookUrl", Kind.URL))),
    DISCORD(List.of(Field.secret("webhookUrl", Kind.URL))),
    PAGERDUTY(List.of(Field.secret("routingKey", Kind.TEXT), Field.optional("eventsUrl", Kind.URL))),
    WEBHOOK(List.of(Field.secret("url", Kind.URL), Field.secret("signingSecret", Kind.SIGNING_SECRET))),
    WHATSAPP(List.of(Field.required("phoneNumberId", Kind.TEXT), Field.secret("accessToken", Kind.TEXT),
            Field.required("to", Kind.PHONE), Field.optional("apiBaseUrl", Kind.URL))),
    INAPP(List.of());

    /** How a setting's value is checked. */
    public enum Kind { TEXT, URL, PHONE, SIGNING_SECRET, SNS_TOPIC }

    /** One setting of a channel type. */
    public record Field(String name, Kind kind, boolean required, boolean secret) {
        static Field required(String name, Kind kind) {
            return new Field(name, kind, true, false);
        }

        static Field optional(String name, Kind kind) {
            return new Field(name, kind, false, false);
        }

        static Field secret(String name, Kind kind) {
            return new Field(name, kind, true, true);
        }
    }

    private final List<Field> fields;

    ChannelType(List<Field> fields) {
        this.fields = fields;
    }

    public List<Field> fields() {
        return fields;
    }

    public Optional<Field> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** Whether channels of this type keep secrets (and so their notifier reads the secret store). */
    public boolean hasSecrets() {
        return fields.stream().anyMatch(Field::secret);
    }

    public static Optional<ChannelType> fromWire(String value) {
        return WireName.parse(ChannelType.class, value);
    }
}
