package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exposition format as Prometheus reads it: parsed back here, label values and help text round-trip. */
class PrometheusTextTest {
    /** One sample line parsed back: name, labels (unescaped), value. */
    record Sample(String name, Map<String, String> labels, String value) {
    }

    /** A small reader of the text format: HELP and TYPE lines, then samples with escaped label values. */
    static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) {
                assertTrue(line.startsWith("# HELP ") || line.startsWith("# TYPE "), line);
                continue;
            }
            int i = 0;
            while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
                i++;
            }
            String name = line.substring(0, i);
            Map<String, String> labels = new LinkedHashMap<>();
            if (line.charAt(i) == '{') {
                i++;
                while (line.charAt(i) != '}') {
                    int eq = line.indexOf('=', i);
                    String label = line.substring(i, eq);
                    assertEquals('"', line.charAt(eq + 1), line);
                    StringBuilder value = new StringBuilder();
                    int j = eq + 2;
                    for (; line.charAt(j) != '"'; j++) {
                        char c = line.charAt(j);
                        if (c == '\\') {
                            char next = line.charAt(++j);
                            value.append(next == 'n' ? '\n' : next);
                        } else {
                            value.append(c);
                        }
                    }
                    labels.put(label, value.toString());
                    i = j + 1;
                    if (line.charAt(i) == ',') {
                        i++;
                    }
                }
                i++;
            }
            assertEquals(' ', line.charAt(i), line);
            samples.add(new Sample(name, labels, line.substring(i + 1)));
        }
        return samples;
    }

    @Test
    void labelValuesWithQuotesBackslashesAndLineFeedsRoundTrip() {
        String awkward = "say \"hi\"\\n\nnext line";
        String text = new PrometheusText().gauge("vigil_application_up", "help").sample("vigil_application_up",
                Map.of("name", awkward), 1).text();

        List<Sample> samples = parse(text);

        assertEquals(1, samples.size());
        assertEquals(awkward, samples.get(0).labels().get("name"));
        assertEquals(1, text.split("\n").length - 2, "one sample line: the line feed is escaped");
    }

    @Test
    void eachFamilyHasItsHelpAndTypeOnceBeforeItsSamples() {
        String text = new PrometheusText().gauge("a", "first").gauge("b", "second").sample("b", Map.of(), 2).sample("a", Map.of(), 1)
                .sample("a", Map.of("x", "y"), 0).text();

        assertEquals("""
                # HELP a first
                # TYPE a gauge
                a 1
                a{x="y"} 0
                # HELP b second
                # TYPE b gauge
                b 2
                """, text);
    }

    @Test
    void helpTextEscapesBackslashAndLineFeed() {
        String text = new PrometheusText().gauge("a", "back\\slash\nnext").text();
        assertTrue(text.startsWith("# HELP a back\\\\slash\\nnext\n"), text);
    }

    @Test
    void wholeNumbersHaveNoFraction() {
        assertEquals("42", PrometheusText.format(42));
        assertEquals("0.5", PrometheusText.format(0.5));
    }

    @Test
    void aSampleOfAnUndeclaredFamilyIsAMistake() {
        assertThrows(IllegalStateException.class, () -> new PrometheusText().sample("nope", Map.of(), 1));
    }
}
