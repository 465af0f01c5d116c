package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.BeatState;
import java.io.StringReader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/** The badge's looks: widths that follow the text, escaped text, the state's colour and word. */
class BadgeImageTest {
    private static final Pattern WIDTH = Pattern.compile("^<svg[^>]* width=\"(\\d+)\"");

    private static int width(String svg) {
        Matcher matcher = WIDTH.matcher(svg);
        assertTrue(matcher.find(), svg);
        return Integer.parseInt(matcher.group(1));
    }

    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
    }

    @Test
    void aLongerLabelMakesAWiderBadge() {
        assertTrue(width(BadgeImage.svg("nightly-backup-of-everything", "up")) > width(BadgeImage.svg("db", "up")));
        assertTrue(width(BadgeImage.svg("db", "down")) > width(BadgeImage.svg("db", "up")));
    }

    @Test
    void widerLettersTakeMoreRoomThanNarrowOnes() {
        assertTrue(BadgeImage.textWidth("mmmm") > BadgeImage.textWidth("iiii"));
        assertEquals(BadgeImage.textWidth("ab") + BadgeImage.textWidth("cd") , BadgeImage.textWidth("abcd"), 1);
    }

    @Test
    void theBadgeIsWellFormedXmlWithTheLabelAndMessageAsText() throws Exception {
        String svg = BadgeImage.svg("a<b & \"c\"", "up");

        Document document = parse(svg);
        assertEquals("a<b & \"c\": up", document.getElementsByTagName("title").item(0).getTextContent());
        assertEquals("a<b & \"c\"", document.getElementsByTagName("text").item(0).getTextContent());
        assertFalse(svg.contains("a<b"), "the label is escaped");
    }

    @Test
    void controlCharactersAreDroppedSoTheXmlStaysValid() throws Exception {
        Document document = parse(BadgeImage.svg("line\nbreak\u0001", "down"));
        assertEquals("linebreak", document.getElementsByTagName("text").item(0).getTextContent());
    }

    @Test
    void eachStateHasItsColour() {
        assertTrue(BadgeImage.svg("db", "up").contains("fill=\"#4c1\""));
        assertTrue(BadgeImage.svg("db", "late").contains("fill=\"#dfb317\""));
        assertTrue(BadgeImage.svg("db", "down").contains("fill=\"#e05d44\""));
        assertTrue(BadgeImage.svg("db", "paused").contains("fill=\"#9f9f9f\""));
        assertTrue(BadgeImage.svg("db", "new").contains("fill=\"#9f9f9f\""));
    }

    @Test
    void aTwoStateBadgeShowsLateAsUpAndAThreeStateOneAsLate() {
        assertEquals("up", BadgeImage.message(BeatState.LATE, false));
        assertEquals("late", BadgeImage.message(BeatState.LATE, true));
        assertEquals("down", BadgeImage.message(BeatState.DOWN, false));
        assertEquals("paused", BadgeImage.message(BeatState.PAUSED, false));
    }

    @Test
    void aVeryLongLabelIsCut() {
        String label = BadgeImage.label("x".repeat(200));
        assertEquals(BadgeImage.MAX_LABEL, label.length());
        assertTrue(label.endsWith("\u2026"));
    }

    @Test
    void theShieldsEndpointDocumentHasItsFourFields() {
        JsonNode shields = BadgeImage.shields("prod", "down");
        assertEquals(1, shields.path("schemaVersion").asInt());
        assertEquals("prod", shields.path("label").asText());
        assertEquals("down", shields.path("message").asText());
        assertEquals("red", shields.path("color").asText());
    }
}
