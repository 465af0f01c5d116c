package dev.vigil.statuspage;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.runtime.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A {@link PublicStatus} as JSON, server-rendered HTML (every text escaped; no script, no inline style, so the
 * dashboard's strict Content-Security-Policy holds) and an Atom feed of its incidents. Each component shows its uptime
 * figures and a bar of its last 90 UTC days; a page served from its last-good snapshot ({@code stale}) says as of when.
 */
final class StatusPageView {
    private static final DateTimeFormatter AS_OF = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private StatusPageView() {
    }

    static ObjectNode json(PublicStatus status, boolean stale) {
        ObjectNode root = Json.object();
        root.put("title", status.title());
        status.logoUrl().ifPresentOrElse(logo -> root.put("logoUrl", logo.toString()), () -> root.putNull("logoUrl"));
        root.put("status", status.overall().wire());
        root.put("generatedAt", status.at().toString());
        // Stale: live data could not be read, so this is the page's last-good snapshot, as of asOf.
        root.put("stale", stale).put("asOf", status.at().toString());
        ArrayNode groups = root.putArray("groups");
        status.groups().forEach(group -> {
            ArrayNode components = groups.addObject().put("name", group.name()).putArray("components");
            group.components().forEach(c -> {
                ObjectNode node = components.addObject().put("name", c.name()).put("status", c.health().wire());
                ObjectNode uptime = node.putObject("uptime");
                ratio(uptime, "24h", c.uptime().last24h());
                ratio(uptime, "30d", c.uptime().last30d());
                ratio(uptime, "90d", c.uptime().last90d());
                ArrayNode days = node.putArray("days");
                c.uptime().days().forEach(day -> ratio(days.addObject().put("date", day.date().toString()), "uptime", day.uptime()));
            });
        });
        ArrayNode incidents = root.putArray("incidents");
        status.incidents().forEach(incident -> {
            ObjectNode node = incidents.addObject().put("title", incident.title()).put("status", incident.status())
                    .put("createdAt", incident.createdAt().toString());
            incident.resolvedAt().ifPresentOrElse(at -> node.put("resolvedAt", at.toString()), () -> node.putNull("resolvedAt"));
            incident.affects().forEach(node.putArray("affects")::add);
            if (!node.has("affects")) {
                node.putArray("affects");
            }
            ArrayNode updates = node.putArray("updates");
            incident.updates().forEach(u -> updates.addObject().put("at", u.at().toString()).put("status", u.status())
                    .put("message", u.message()));
        });
        ArrayNode notices = root.putArray("maintenances");
        status.maintenances().forEach(m -> {
            ObjectNode node = notices.addObject().put("title", m.title()).put("message", m.message())
                    .put("start", m.start().toString()).put("end", m.end().toString()).put("active", m.active());
            ArrayNode affects = node.putArray("affects");
            m.affects().forEach(affects::add);
        });
        status.olderBefore().ifPresentOrElse(before -> root.put("archive", "/status/" + status.slug() + ".json?before=" + before),
                () -> root.putNull("archive"));
        return root;
    }

    private static void ratio(ObjectNode node, String name, Optional<Double> ratio) {
        ratio.ifPresentOrElse(value -> node.put(name, value), () -> node.putNull(name));
    }

    static String html(PublicStatus status, boolean stale) {
        StringBuilder html = new StringBuilder(4096);
        html.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(status.title())).append("</title>\n")
                .append("<link rel=\"stylesheet\" href=\"").append(StatusPageHandler.STYLESHEET_PATH).append("\">\n")
                .append("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Incidents\" href=\"/status/")
                .append(escape(status.slug())).append("/feed.atom\">\n")
                .append("</head>\n<body class=\"status-page\">\n<header>\n");
        status.logoUrl().ifPresent(logo -> html.append("<img class=\"logo\" alt=\"\" src=\"").append(escape(logo.toString())).append("\">\n"));
        html.append("<h1>").append(escape(status.title())).append("</h1>\n")
                .append("<p class=\"overall\" data-status=\"").append(status.overall().wire()).append("\">")
                .append(sentence(status.overall().wire())).append("</p>\n");
        if (stale) {
            html.append("<p class=\"stale\" role=\"status\">Showing the status as of <time datetime=\"").append(status.at())
                    .append("\">").append(AS_OF.format(status.at())).append("</time> UTC; live data is unavailable.</p>\n");
        }
        html.append("</header>\n<main>\n");
        if (!status.archive()) {
            for (PublicStatus.Group group : status.groups()) {
                html.append("<section class=\"group\">\n<h2>").append(escape(group.name())).append("</h2>\n<ul class=\"components\">\n");
                for (PublicStatus.Component c : group.components()) {
                    html.append("<li class=\"component\" data-status=\"").append(c.health().wire()).append("\"><span class=\"name\">")
                            .append(escape(c.name())).append("</span> <span class=\"status\">").append(c.health().wire())
                            .append("</span>\n");
                    uptime(html, c);
                    html.append("</li>\n");
                }
                html.append("</ul>\n</section>\n");
            }
            if (!status.maintenances().isEmpty()) {
                html.append("<section class=\"maintenances\">\n<h2>Maintenance</h2>\n");
                for (PublicStatus.Notice m : status.maintenances()) {
                    html.append("<article class=\"maintenance\"").append(m.active() ? " data-active=\"true\"" : "").append(">\n<h3>")
                            .append(escape(m.title())).append("</h3>\n<p><time datetime=\"").append(m.start()).append("\">")
                            .append(m.start()).append("</time> to <time datetime=\"").append(m.end()).append("\">").append(m.end())
                            .append("</time></p>\n");
                    if (!m.message().isEmpty()) {
                        html.append("<p>").append(escape(m.message())).append("</p>\n");
                    }
                    affects(html, m.affects());
                    html.append("</article>\n");
                }
                html.append("</section>\n");
            }
        }
        html.append("<section class=\"incidents\">\n<h2>").append(status.archive() ? "Past incidents" : "Incidents").append("</h2>\n");
        if (status.incidents().isEmpty()) {
            html.append("<p>No incidents.</p>\n");
        }
        for (PublicStatus.Incident incident : status.incidents()) {
            html.append("<article class=\"incident\" data-status=\"").append(escape(incident.status())).append("\">\n<h3>")
                    .append(escape(incident.title())).append("</h3>\n");
            affects(html, incident.affects());
            html.append("<ol class=\"updates\">\n");
            for (PublicStatus.Update update : incident.updates().reversed()) {
                html.append("<li><strong>").append(escape(update.status())).append("</strong> <time datetime=\"").append(update.at())
                        .append("\">").append(update.at()).append("</time><p>").append(escape(update.message())).append("</p></li>\n");
            }
            html.append("</ol>\n</article>\n");
        }
        status.olderBefore().ifPresent(before -> html.append("<p><a href=\"/status/").append(escape(status.slug()))
                .append("?before=").append(before).append("\">Older incidents</a></p>\n"));
        html.append("</section>\n</main>\n</body>\n</html>\n");
        return html.toString();
    }

    /** A component's figures, then its bar: one segment per UTC day, coloured by a class, its text for screen readers and as a tooltip. */
    private static void uptime(StringBuilder html, PublicStatus.Component c) {
        PublicStatus.Figures figures = c.uptime();
        html.append("<p class=\"figures\">");
        figure(html, "24h", "24 hours", figures.last24h());
        figure(html, "30d", "30 days", figures.last30d());
        figure(html, "90d", "90 days", figures.last90d());
        html.append("</p>\n<ol class=\"bar\" aria-label=\"").append(escape(c.name())).append(": uptime per day, last ")
                .append(figures.days().size()).append(" days\">");
        for (PublicStatus.Day day : figures.days()) {
            String text = day.date() + ": " + (day.uptime().isPresent() ? UptimeBars.percent(day.uptime()) + " up" : "no data");
            html.append("<li class=\"day day-").append(UptimeBars.band(day.uptime())).append("\" title=\"").append(text)
                    .append("\"><span class=\"label\">").append(text).append("</span></li>");
        }
        html.append("</ol>\n<p class=\"bar-ends\"><span>").append(figures.days().size()).append(" days ago</span><span>Today</span></p>\n");
    }

    private static void figure(StringBuilder html, String window, String label, Optional<Double> ratio) {
        html.append("<span class=\"figure\" data-window=\"").append(window).append("\">").append(label).append(" <strong>")
                .append(UptimeBars.percent(ratio)).append("</strong></span>");
    }

    static String atom(PublicStatus status, String origin) {
        String self = origin + "/status/" + status.slug();
        StringBuilder xml = new StringBuilder(4096);
        Instant updated = status.incidents().stream().map(StatusPageView::lastChange).max(Instant::compareTo).orElse(Instant.EPOCH);
        xml.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n")
                .append("<title>").append(escape(status.title())).append(" incidents</title>\n")
                .append("<id>").append(escape(self)).append("/feed.atom</id>\n")
                .append("<link rel=\"self\" href=\"").append(escape(self)).append("/feed.atom\"/>\n")
                .append("<link rel=\"alternate\" type=\"text/html\" href=\"").append(escape(self)).append("\"/>\n")
                .append("<updated>").append(updated).append("</updated>\n");
        for (PublicStatus.Incident incident : status.incidents()) {
            PublicStatus.Update latest = incident.updates().getLast();
            xml.append("<entry>\n<title>").append(escape(incident.title())).append(" (").append(escape(incident.status())).append(")</title>\n")
                    // An entry's id names the page and the incident's opening instant, never the incident's internal id.
                    .append("<id>").append(escape(self)).append("#incident-").append(incident.createdAt().toEpochMilli()).append("</id>\n")
                    .append("<link rel=\"alternate\" type=\"text/html\" href=\"").append(escape(self)).append("\"/>\n")
                    .append("<published>").append(incident.createdAt()).append("</published>\n")
                    .append("<updated>").append(lastChange(incident)).append("</updated>\n")
                    .append("<summary>").append(escape(latest.status() + ": " + latest.message())).append("</summary>\n")
                    .append("</entry>\n");
        }
        xml.append("</feed>\n");
        return xml.toString();
    }

    private static Instant lastChange(PublicStatus.Incident incident) {
        return incident.updates().getLast().at();
    }

    private static void affects(StringBuilder html, List<String> names) {
        if (!names.isEmpty()) {
            html.append("<p class=\"affects\">Affects: ").append(escape(String.join(", ", names))).append("</p>\n");
        }
    }

    private static String sentence(String overall) {
        return switch (overall) {
            case "operational" -> "All systems operational";
            case "maintenance" -> "Maintenance in progress";
            case "degraded" -> "Some systems degraded";
            default -> "Some systems down";
        };
    }

    /** Text safe in HTML and XML content and in double-quoted attributes. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        out.append(' ');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
