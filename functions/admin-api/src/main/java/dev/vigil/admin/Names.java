package dev.vigil.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * The rule for the names of applications and channels, which alerts show to people: at most
 * {@value #MAX_LENGTH} characters, at least one of them visible, and none of those that hide or
 * reorder text or break a line: control characters (Cc), format characters (Cf: U+202E
 * RIGHT-TO-LEFT OVERRIDE, U+200B ZERO WIDTH SPACE, ...), line and paragraph separators
 * (U+2028, U+2029) and lone surrogates.
 */
final class Names {
    static final int MAX_LENGTH = 100;

    private Names() {
    }

    /** What is wrong with {@code value} as the name in {@code field}, if anything. */
    static Optional<String> problem(String field, String value) {
        if (value.isBlank()) {
            return Optional.of(field + " must not be blank");
        }
        if (value.length() > MAX_LENGTH) {
            return Optional.of(field + " must be at most " + MAX_LENGTH + " characters");
        }
        boolean visible = false;
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            Optional<String> refused = refused(c);
            if (refused.isPresent()) {
                return Optional.of(field + " must not contain " + refused.get() + " (found " + codePoint(c)
                        + " at character " + (i + 1) + ")");
            }
            visible |= isVisible(c);
            i += Character.charCount(c);
        }
        return visible ? Optional.empty() : Optional.of(field + " must contain at least one visible character");
    }

    private static Optional<String> refused(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL -> Optional.of("control characters");
            case Character.FORMAT -> Optional.of("invisible formatting characters such as U+202E or U+200B");
            case Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR ->
                    Optional.of("line or paragraph separators (U+2028, U+2029)");
            case Character.SURROGATE -> Optional.of("a lone surrogate, which is not Unicode text");
            default -> Optional.empty();
        };
    }

    /** Whether {@code c} shows as something: not a space, not a mark alone, not a blank filler. */
    private static boolean isVisible(int c) {
        if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
            return false;
        }
        int type = Character.getType(c);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK) {
            return false;
        }
        // Letters and symbols that render as blank space: the Hangul fillers and the blank Braille pattern.
        return c != 0x115F && c != 0x1160 && c != 0x3164 && c != 0xFFA0 && c != 0x2800;
    }

    private static String codePoint(int c) {
        return String.format("U+%04X", c);
    }

    /** The name in {@code body}'s {@code "name"}, stripped, if set and valid; otherwise what is wrong is added to {@code problems}. */
    static Optional<String> read(JsonNode body, List<String> problems) {
        JsonNode node = body.get("name");
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            problems.add("name must be a string");
            return Optional.empty();
        }
        Optional<String> problem = problem("name", node.textValue());
        problem.ifPresent(problems::add);
        return problem.isEmpty() ? Optional.of(node.textValue().strip()) : Optional.empty();
    }
}
