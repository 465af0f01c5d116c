package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.runtime.Json;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Names of applications and channels are shown in alerts: characters that hide, reorder or break text
 * are refused with a 400 naming the field, and a name must show at least one character.
 */
class NamesTest {
    /** Names that would show nothing, or something else than what is stored. */
    @ParameterizedTest
    @ValueSource(strings = {
        "pay\u202Eroll",         // RIGHT-TO-LEFT OVERRIDE: the rest of the name reads backwards
        "billing\u200B",         // ZERO WIDTH SPACE
        "\u200B\u200B",          // only zero-width spaces
        "bill\u2028ing",         // LINE SEPARATOR
        "bill\u2029ing",         // PARAGRAPH SEPARATOR
        "bill\u0007ing",         // BEL, a control character
        "\uFEFFbilling",         // BYTE ORDER MARK (format)
        "bill\u2066ing\u2069",   // directional isolates (format)
        "\u3164",                // HANGUL FILLER, a letter that shows as blank
        "\u0301\u0301",          // combining marks with nothing to combine with
        "\u00A0\u2003",          // no-break and em spaces only
        "bill\uD800ing"          // a lone surrogate
    })
    void refusedNames(String name) throws IOException {
        assertTrue(Names.problem("name", name).isPresent(), name);
        AdminApiHarness api = new AdminApiHarness();

        String body = "{\"name\":\"" + escaped(name) + "\",\"intervalSeconds\":60}";
        AdminApiHarness.Answer app = api.call("POST", "/api/applications", body, Map.of());
        String channelBody = "{\"type\":\"sns\",\"name\":\"" + escaped(name) + "\"}";
        AdminApiHarness.Answer channel = api.call("POST", "/api/channels", channelBody, Map.of());

        assertEquals(400, app.status(), app.toString());
        assertTrue(app.error().startsWith("name must"), app.error());
        assertEquals(400, channel.status(), channel.toString());
        assertTrue(channel.error().startsWith("name must"), channel.error());
        assertEquals(0, api.count("ApplicationsTable") + api.count("ChannelsTable"));
    }

    /** {@code text} as JSON string content with every character outside printable ASCII escaped, lone surrogates too. */
    private static String escaped(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return out.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pay\u202Eroll", "a\u200Bb", "x\u2028y"})
    void refusedOnUpdateToo(String name) throws IOException {
        AdminApiHarness api = new AdminApiHarness();
        String app = api.send("POST", "/api/applications", "{\"name\":\"billing\",\"intervalSeconds\":60}", 201).path("id").asText();
        String channel = api.send("POST", "/api/channels", "{\"type\":\"sns\",\"name\":\"ops\"}", 201).path("id").asText();
        String body = Json.write(Json.object().put("name", name));

        assertEquals(400, api.call("PUT", "/api/applications/" + app, body, Map.of()).status());
        assertEquals(400, api.call("PUT", "/api/channels/" + channel, body, Map.of()).status());
        assertEquals("billing", api.send("GET", "/api/applications/" + app, null, 200).path("name").asText());
        assertEquals("ops", api.send("GET", "/api/channels/" + channel, null, 200).path("name").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"billing", "Café ☕", "日本語のバックアップ", "نسخ احتياطي", "deploy 🚀", "e\u0301te\u0301", "a b"})
    void acceptedNames(String name) {
        assertEquals(Optional.empty(), Names.problem("name", name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pay\u202Eroll", "\u200B"})
    void theProblemNamesTheFieldAndTheCharacter(String name) {
        String problem = Names.problem("name", name).orElseThrow();
        assertTrue(problem.startsWith("name must"), problem);
        assertTrue(problem.contains(String.format("U+%04X", (int) name.chars().filter(c -> Character.getType(c) == Character.FORMAT)
                .findFirst().orElseThrow())), problem);
    }
}
