package dev.vigil.notify.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.AlertType;
import dev.vigil.domain.Status;
import dev.vigil.fixtures.SampleAlerts;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Discord payload on its own, for the cases the sample events do not cover. */
class DiscordMessageTest {
    static final Instant NOW = Instant.parse("2026-11-24T11:58:12Z");

    @Test
    void titleFitsDiscordsLimitWithoutSplittingACharacter() {
        String name = "a".repeat(246) + "\uD83D\uDD25" + "b".repeat(300);

        String title = DiscordMessage.title(down(name, Optional.empty()));

        assertTrue(title.length() <= DiscordMessage.MAX_TITLE, title.length() + ": " + title);
        assertTrue(title.endsWith("… is DOWN"), title);
        assertTrue(!Character.isHighSurrogate(title.charAt(title.indexOf('…') - 1)), title);
    }

    @Test
    void mentionsInTheNameCannotPing() {
        JsonNode payload = DiscordMessage.payload(down("@everyone <@&123> backup", Optional.empty()), Optional.empty());

        assertEquals("@\u200Beveryone \\<@&123> backup is DOWN", payload.path("embeds").get(0).path("title").asText());
        assertTrue(payload.path("allowed_mentions").path("parse").isArray());
        assertEquals(0, payload.path("allowed_mentions").path("parse").size());
        assertEquals("never", payload.path("embeds").get(0).path("fields").get(0).path("value").asText());
    }

    @Test
    void fieldsStayWithinDiscordsLimits() {
        JsonNode embed = DiscordMessage.payload(down("x".repeat(2000), Optional.of(NOW.minusSeconds(60))),
                Optional.of(URI.create("https://vigil.example.com/"))).path("embeds").get(0);

        embed.path("fields").forEach(f -> {
            assertTrue(f.path("name").asText().length() <= DiscordMessage.MAX_FIELD_NAME, f.toString());
            assertTrue(f.path("value").asText().length() <= DiscordMessage.MAX_FIELD_VALUE, f.toString());
        });
        assertTrue(embed.path("footer").path("text").asText().length() <= DiscordMessage.MAX_FOOTER);
        assertEquals("https://vigil.example.com/", embed.path("url").asText());
    }

    @Test
    void markdownInTheNameShowsAsTyped() {
        String name = "**bold** __under__ ~~struck~~ `code` ||spoiler|| [link](https://evil.example) @here back\\slash";

        String title = DiscordMessage.title(down(name, Optional.empty()));

        assertEquals("\\*\\*bold\\*\\* \\_\\_under\\_\\_ \\~\\~struck\\~\\~ \\`code\\` \\|\\|spoiler\\|\\|"
                + " \\[link\\](https://evil.example) @\u200Bhere back\\\\slash is DOWN", title);
    }

    @Test
    void lineMarkupIsEscapedAtTheStartOfEachLine() {
        assertEquals("\\# heading\n\\> quote\n\\- item\n1\\. first\nplain - text # here",
                DiscordMessage.escape("# heading\n> quote\n- item\n1. first\nplain - text # here"));
    }

    @Test
    void aCutTitleNeverEndsInAHalfEscape() {
        for (String name : new String[] {"*".repeat(400), "a" + "*".repeat(400)}) {
            String title = DiscordMessage.title(down(name, Optional.empty()));

            assertTrue(title.length() <= DiscordMessage.MAX_TITLE, title);
            assertTrue(title.endsWith("\\*… is DOWN"), "no backslash left to escape the ellipsis: " + title);
        }
    }

    static AlertEvent down(String name, Optional<Instant> lastBeat) {
        return SampleAlerts.flip("app_1", 1, AlertType.APPLICATION_DOWN, name, Status.DOWN, Status.UP, lastBeat,
                Optional.of(NOW.minusSeconds(10)), 60, 0, NOW);
    }
}
