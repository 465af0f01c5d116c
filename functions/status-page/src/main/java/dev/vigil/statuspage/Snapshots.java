package dev.vigil.statuspage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.ComponentHealth;
import dev.vigil.domain.WireName;
import dev.vigil.runtime.Json;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A rendered {@link PublicStatus} as the document of its last-good snapshot, and back. It holds exactly what the
 * page shows the public (display names, figures, incidents, notices), so a page served from its snapshot can show
 * nothing internal either. Day bars are kept compactly: the first day, then one ratio (or null) per day.
 */
final class Snapshots {
    private Snapshots() {
    }

    static String write(PublicStatus status) {
        ObjectNode root = Json.object().put("slug", status.slug()).put("title", status.title())
                .put("overall", status.overall().wire()).put("at", status.at().toEpochMilli());
        status.logoUrl().ifPresent(logo -> root.put("logoUrl", logo.toString()));
        status.olderBefore().ifPresent(before -> root.put("olderBefore", before.toEpochMilli()));
        ArrayNode groups = root.putArray("groups");
        for (PublicStatus.Group group : status.groups()) {
            ArrayNode components = groups.addObject().put("name", group.name()).putArray("components");
            for (PublicStatus.Component c : group.components()) {
                ObjectNode node = components.addObject().put("name", c.name()).put("health", c.health().wire());
                ratio(node, "24h", c.uptime().last24h());
                ratio(node, "30d", c.uptime().last30d());
                ratio(node, "90d", c.uptime().last90d());
                if (!c.uptime().days().isEmpty()) {
                    node.put("firstDay", c.uptime().days().getFirst().date().toString());
                }
                ArrayNode days = node.putArray("days");
                c.uptime().days().forEach(day -> day.uptime().ifPresentOrElse(days::add, days::addNull));
            }
        }
        ArrayNode incidents = root.putArray("incidents");
        for (PublicStatus.Incident incident : status.incidents()) {
            ObjectNode node = incidents.addObject().put("title", incident.title()).put("status", incident.status())
                    .put("createdAt", incident.createdAt().toEpochMilli());
            incident.resolvedAt().ifPresent(at -> node.put("resolvedAt", at.toEpochMilli()));
            ArrayNode affects = node.putArray("affects");
            incident.affects().forEach(affects::add);
            ArrayNode updates = node.putArray("updates");
            incident.updates().forEach(u -> updates.addObject().put("at", u.at().toEpochMilli()).put("status", u.status())
                    .put("message", u.message()));
        }
        ArrayNode notices = root.putArray("maintenances");
        for (PublicStatus.Notice m : status.maintenances()) {
            ArrayNode affects = notices.addObject().put("title", m.title()).put("message", m.message())
                    .put("start", m.start().toEpochMilli()).put("end", m.end().toEpochMilli()).put("active", m.active())
                    .putArray("affects");
            m.affects().forEach(affects::add);
        }
        return Json.write(root);
    }

    /** The status a snapshot document holds; empty when it cannot be read (written by an older layout, say). */
    static Optional<PublicStatus> read(String document) {
        JsonNode root;
        try {
            root = Json.parse(document);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        try {
            return read(root);
        } catch (DateTimeException | IllegalArgumentException unreadable) {
            // A field in another layout (a date, an address): no snapshot, so the page is read live instead of failing.
            return Optional.empty();
        }
    }

    private static Optional<PublicStatus> read(JsonNode root) {
        Optional<ComponentHealth> overall = WireName.parse(ComponentHealth.class, root.path("overall").asText());
        if (overall.isEmpty() || !root.path("at").isNumber()) {
            return Optional.empty();
        }
        List<PublicStatus.Group> groups = new ArrayList<>();
        for (JsonNode group : root.path("groups")) {
            List<PublicStatus.Component> components = new ArrayList<>();
            for (JsonNode c : group.path("components")) {
                List<PublicStatus.Day> days = new ArrayList<>();
                if (c.hasNonNull("firstDay")) {
                    LocalDate date = LocalDate.parse(c.path("firstDay").asText());
                    for (JsonNode day : c.path("days")) {
                        days.add(new PublicStatus.Day(date, day.isNumber() ? Optional.of(day.asDouble()) : Optional.empty()));
                        date = date.plusDays(1);
                    }
                }
                components.add(new PublicStatus.Component(c.path("name").asText(),
                        WireName.parse(ComponentHealth.class, c.path("health").asText()).orElse(ComponentHealth.DEGRADED),
                        new PublicStatus.Figures(ratio(c, "24h"), ratio(c, "30d"), ratio(c, "90d"), days)));
            }
            groups.add(new PublicStatus.Group(group.path("name").asText(), components));
        }
        List<PublicStatus.Incident> incidents = new ArrayList<>();
        for (JsonNode incident : root.path("incidents")) {
            List<PublicStatus.Update> updates = new ArrayList<>();
            incident.path("updates").forEach(u -> updates.add(new PublicStatus.Update(instant(u, "at"), u.path("status").asText(),
                    u.path("message").asText())));
            if (updates.isEmpty()) {
                return Optional.empty();
            }
            incidents.add(new PublicStatus.Incident(incident.path("title").asText(), incident.path("status").asText(),
                    instant(incident, "createdAt"), optionalInstant(incident, "resolvedAt"), texts(incident.path("affects")), updates));
        }
        List<PublicStatus.Notice> notices = new ArrayList<>();
        for (JsonNode m : root.path("maintenances")) {
            notices.add(new PublicStatus.Notice(m.path("title").asText(), m.path("message").asText(), instant(m, "start"),
                    instant(m, "end"), m.path("active").asBoolean(), texts(m.path("affects"))));
        }
        return Optional.of(new PublicStatus(root.path("slug").asText(), root.path("title").asText(),
                Optional.ofNullable(root.get("logoUrl")).map(logo -> URI.create(logo.asText())), overall.get(), instant(root, "at"),
                groups, incidents, notices, false, optionalInstant(root, "olderBefore")));
    }

    private static void ratio(ObjectNode node, String name, Optional<Double> ratio) {
        ratio.ifPresentOrElse(value -> node.put(name, value), () -> node.putNull(name));
    }

    private static Optional<Double> ratio(JsonNode node, String name) {
        return node.path(name).isNumber() ? Optional.of(node.path(name).asDouble()) : Optional.empty();
    }

    private static Instant instant(JsonNode node, String name) {
        return Instant.ofEpochMilli(node.path(name).asLong());
    }

    private static Optional<Instant> optionalInstant(JsonNode node, String name) {
        return node.path(name).isNumber() ? Optional.of(instant(node, name)) : Optional.empty();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(text -> texts.add(text.asText()));
        return texts;
    }
}
