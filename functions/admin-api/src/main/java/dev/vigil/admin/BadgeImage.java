package dev.vigil.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.BeatState;
import dev.vigil.runtime.Json;

/**
 * How a badge looks: a label and a message, in the flat two-part style, as SVG or as a Shields.io
 * endpoint document. The message is a state's word; a 2-state badge shows a late subject as up (it is
 * still within its grace), a 3-state one shows it late. Colours ({@link BadgeColour}): up bright green
 * {@code #4c1}, late yellow {@code #dfb317}, down red {@code #e05d44}, paused and new grey {@code #9f9f9f};
 * an uptime badge passes its own colour.
 */
final class BadgeImage {
    static final int HEIGHT = 20;
    /** Pixels left and right of each part's text. */
    static final int PADDING = 6;
    /** Labels longer than this are cut, with an ellipsis. */
    static final int MAX_LABEL = 64;

    private BadgeImage() {
    }

    /** The word a badge shows for {@code state}: 2-state badges show late as up. */
    static String message(BeatState state, boolean threeState) {
        return state == BeatState.LATE && !threeState ? BeatState.UP.wire() : state.wire();
    }

    /** The colour of a state badge's message. */
    static BadgeColour colour(String message) {
        return switch (message) {
            case "up" -> BadgeColour.BRIGHT_GREEN;
            case "late" -> BadgeColour.YELLOW;
            case "down" -> BadgeColour.RED;
            default -> BadgeColour.GREY;
        };
    }

    /** The label as shown: at most {@value #MAX_LABEL} characters. */
    static String label(String label) {
        return label.length() <= MAX_LABEL ? label : label.substring(0, MAX_LABEL - 1) + "\u2026";
    }

    /** A Shields.io endpoint document: {@code {"schemaVersion": 1, "label", "message", "color"}}. */
    static ObjectNode shields(String label, String message) {
        return shields(label, message, colour(message));
    }

    /** A Shields.io endpoint document with the message in {@code colour}. */
    static ObjectNode shields(String label, String message, BadgeColour colour) {
        return Json.object().put("schemaVersion", 1).put("label", label(label)).put("message", message)
                .put("color", colour.shields());
    }

    /** The badge as SVG: each part as wide as its text in Verdana 11 px, plus padding; all text escaped. */
    static String svg(String label, String message) {
        return svg(label, message, colour(message));
    }

    /** The badge as SVG with the message part in {@code colour}. */
    static String svg(String label, String message, BadgeColour colour) {
        String shown = label(label);
        int left = textWidth(shown) + 2 * PADDING;
        int right = textWidth(message) + 2 * PADDING;
        int width = left + right;
        String l = escape(shown);
        String m = escape(message);
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width + "\" height=\"" + HEIGHT + "\" role=\"img\""
                + " aria-label=\"" + l + ": " + m + "\"><title>" + l + ": " + m + "</title>"
                + "<linearGradient id=\"s\" x2=\"0\" y2=\"100%\"><stop offset=\"0\" stop-color=\"#bbb\" stop-opacity=\".1\"/>"
                + "<stop offset=\"1\" stop-opacity=\".1\"/></linearGradient>"
                + "<clipPath id=\"r\"><rect width=\"" + width + "\" height=\"" + HEIGHT + "\" rx=\"3\" fill=\"#fff\"/></clipPath>"
                + "<g clip-path=\"url(#r)\"><rect width=\"" + left + "\" height=\"" + HEIGHT + "\" fill=\"#555\"/>"
                + "<rect x=\"" + left + "\" width=\"" + right + "\" height=\"" + HEIGHT + "\" fill=\"" + colour.fill() + "\"/>"
                + "<rect width=\"" + width + "\" height=\"" + HEIGHT + "\" fill=\"url(#s)\"/></g>"
                + "<g fill=\"#fff\" text-anchor=\"middle\" font-family=\"Verdana,Geneva,DejaVu Sans,sans-serif\" font-size=\"11\">"
                + "<text x=\"" + left / 2.0 + "\" y=\"14\">" + l + "</text>"
                + "<text x=\"" + (left + right / 2.0) + "\" y=\"14\">" + m + "</text></g></svg>";
    }

    /** The width of {@code text} in Verdana 11 px, rounded up, from each character's advance (tenths of a pixel). */
    static int textWidth(String text) {
        int tenths = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            tenths += advance(c);
            i += Character.charCount(c);
        }
        return (tenths + 9) / 10;
    }

    /** The advance of one character in Verdana 11 px, in tenths of a pixel; others as a wide lower-case letter. */
    private static int advance(int c) {
        if ("il.,:;|!'".indexOf(c) >= 0) {
            return 34;
        }
        if ("fjrt()[]{} -/\"".indexOf(c) >= 0) {
            return 47;
        }
        if (c == 'm' || c == 'w') {
            return 106;
        }
        if (c == 'M' || c == 'W' || c == '%' || c == '@') {
            return 115;
        }
        if (c >= 'A' && c <= 'Z') {
            return 82;
        }
        if (c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c == '_' || c == '#' || c == '$') {
            return 70;
        }
        return 80;
    }

    /** Text as XML character data or an attribute value. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\t') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
