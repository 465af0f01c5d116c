package dev.vigil.notify.sns;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Map;

/**
 * What SNS accepts, whatever an application is called. A subject must be printable ASCII on one line
 * and shorter than 100 characters; a message must be valid UTF-8 of at most 256 KB. Names are chosen
 * by users and bus events by anyone allowed to put them, so the text is cleaned here: line and
 * paragraph separators become spaces (or line breaks in a body), control characters, bidirectional
 * overrides and unpaired surrogates are removed, and a subject's other characters are transliterated
 * to ASCII where a close spelling exists ({@code é} to {@code e}) and replaced by {@code ?} otherwise.
 */
final class SnsText {
    /** SNS takes subjects of fewer than 100 characters. */
    static final int MAX_SUBJECT = 99;

    /** Spellings that Unicode decomposition does not give. */
    private static final Map<Integer, String> ASCII_SPELLING = Map.ofEntries(
            Map.entry((int) 'ß', "ss"), Map.entry((int) 'æ', "ae"), Map.entry((int) 'Æ', "AE"),
            Map.entry((int) 'œ', "oe"), Map.entry((int) 'Œ', "OE"), Map.entry((int) 'ø', "o"),
            Map.entry((int) 'Ø', "O"), Map.entry((int) 'ł', "l"), Map.entry((int) 'Ł', "L"),
            Map.entry((int) 'đ', "d"), Map.entry((int) 'Đ', "D"), Map.entry((int) 'þ', "th"),
            Map.entry((int) 'Þ', "TH"), Map.entry((int) 'ð', "d"), Map.entry((int) 'Ð', "D"),
            Map.entry((int) 'ı', "i"), Map.entry(0x2018, "'"), Map.entry(0x2019, "'"), Map.entry(0x201A, "'"),
            Map.entry(0x201C, "\""), Map.entry(0x201D, "\""), Map.entry(0x201E, "\""), Map.entry(0x2013, "-"),
            Map.entry(0x2014, "-"), Map.entry(0x2212, "-"), Map.entry(0x2022, "*"));

    private SnsText() {
    }

    /**
     * A subject SNS accepts: printable ASCII, one line, single spaces, at most {@value #MAX_SUBJECT}
     * characters (a cut one ends in {@code ...}).
     */
    static String subject(String text) {
        StringBuilder ascii = new StringBuilder(text.length());
        Normalizer.normalize(line(text), Normalizer.Form.NFKD).codePoints().forEach(c -> ascii.append(ascii(c)));
        String subject = collapseSpaces(ascii.toString());
        return subject.length() <= MAX_SUBJECT ? subject : subject.substring(0, MAX_SUBJECT - 3).stripTrailing() + "...";
    }

    /** The text on one line: every kind of line break and tab becomes a space, runs of spaces one space. */
    static String line(String text) {
        StringBuilder out = new StringBuilder(text.length());
        clean(text).codePoints().forEach(c -> out.appendCodePoint(isBreak(c) || c == '\t' ? ' ' : c));
        return collapseSpaces(out.toString());
    }

    /**
     * Text of several lines as a mail client shows it: {@code \r\n}, {@code \r} and the Unicode line and
     * paragraph separators become {@code \n}, a tab a space; nothing else invisible is left.
     */
    static String lines(String text) {
        StringBuilder out = new StringBuilder(text.length());
        String cleaned = clean(text).replace("\r\n", "\n");
        cleaned.codePoints().forEach(c -> out.appendCodePoint(isBreak(c) ? '\n' : c == '\t' ? ' ' : c));
        return out.toString();
    }

    /**
     * At most {@code max} UTF-16 units, a cut text ending in {@code ellipsis}, never splitting a character
     * that takes two units.
     */
    static String limit(String text, int max, String ellipsis) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - ellipsis.length();
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + ellipsis;
    }

    /**
     * The longest start of {@code text} whose JSON string form (as it appears in a message structure)
     * takes at most {@code maxBytes} bytes of UTF-8, followed by {@code suffix} when it was cut. The count
     * is an upper bound on what a JSON writer produces (a control character without a short escape
     * counted as its six-byte escape), so the real form is never larger.
     */
    static String fitJsonBytes(String text, int maxBytes, String suffix) {
        if (jsonBytes(text) <= maxBytes) {
            return text;
        }
        int budget = maxBytes - jsonBytes(suffix);
        int used = 0;
        int end = 0;
        while (end < text.length()) {
            int c = text.codePointAt(end);
            int cost = jsonBytes(c);
            if (used + cost > budget) {
                break;
            }
            used += cost;
            end += Character.charCount(c);
        }
        return text.substring(0, end) + suffix;
    }

    /** An upper bound of the UTF-8 bytes of {@code text} inside a JSON string, quotes excluded. */
    static int jsonBytes(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            bytes += jsonBytes(c);
            i += Character.charCount(c);
        }
        return bytes;
    }

    private static int jsonBytes(int c) {
        if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') {
            return 2;
        }
        if (c < 0x20) {
            return 6;
        }
        return new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * Removes what no reader should get: control characters other than line breaks and tabs, the
     * bidirectional embeddings, overrides, isolates and marks (which can make a name read backwards),
     * the byte order mark, and unpaired surrogates (which are not valid UTF-8).
     */
    private static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            boolean keptControl = isBreak(c) || c == '\t';
            if ((Character.getType(c) == Character.CONTROL && !keptControl) || isBidiControl(c) || c == 0xFEFF
                    || Character.getType(c) == Character.SURROGATE) {
                continue;
            }
            out.appendCodePoint(c);
        }
        return out.toString();
    }

    private static boolean isBreak(int c) {
        return c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x85 || c == 0x2028 || c == 0x2029;
    }

    private static boolean isBidiControl(int c) {
        return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }

    /**
     * The ASCII spelling of one character of decomposed text: itself, nothing for an accent or an
     * invisible format character, a known spelling, or {@code ?}.
     */
    private static String ascii(int c) {
        if (c >= 0x20 && c < 0x7F) {
            return String.valueOf((char) c);
        }
        int type = Character.getType(c);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT) {
            return "";
        }
        return ASCII_SPELLING.getOrDefault(c, "?");
    }

    private static String collapseSpaces(String text) {
        return text.replaceAll(" {2,}", " ").strip();
    }
}
