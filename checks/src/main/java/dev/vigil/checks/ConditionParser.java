package dev.vigil.checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.vigil.checks.Condition.ListOf;
import dev.vigil.checks.Condition.Literal;
import dev.vigil.checks.Condition.Operand;
import dev.vigil.checks.Condition.Operator;
import dev.vigil.checks.Condition.Range;
import dev.vigil.checks.Condition.Subject;
import dev.vigil.domain.InvalidInput;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the condition syntax ({@link Condition}) by hand, one token at a time, so that every error
 * names what was expected, what was found instead, and at which character.
 */
final class ConditionParser {
    /** The longest condition accepted, in characters. */
    static final int MAX_LENGTH = 500;
    /** The most items in one list. */
    static final int MAX_ITEMS = 100;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private enum Kind { WORD, NUMBER, STRING, SYMBOL, END }

    private record Token(Kind kind, String text, int at) {
        boolean is(String symbol) {
            return (kind == Kind.SYMBOL || kind == Kind.WORD) && text.equals(symbol);
        }

        String shown() {
            return switch (kind) {
                case END -> "the end";
                case STRING -> "a string";
                default -> "'" + text + "'";
            };
        }
    }

    private final String text;
    private final List<Token> tokens;
    private int next;

    ConditionParser(String text) {
        this.text = text == null ? "" : text;
        if (this.text.length() > MAX_LENGTH) {
            throw new InvalidInput("a condition must be at most " + MAX_LENGTH + " characters, this one has " + this.text.length());
        }
        this.tokens = lex();
    }

    Condition parse() {
        if (peek().kind() == Kind.END) {
            throw new InvalidInput("a condition is empty; write one such as \"latencyMs < 500\"");
        }
        Level level = Level.CRITICAL;
        if (peek().kind() == Kind.WORD && tokens.get(next + 1).is(":")) {
            Token word = take();
            level = Level.fromWire(word.text()).orElseThrow(() -> error(word, "a level must be warn or critical, not '"
                    + word.text() + "'"));
            take();
        }
        Subject subject = subject();
        Operator operator = operator();
        Optional<Operand> operand = operator.takesOperand() ? Optional.of(operand(operator)) : Optional.empty();
        Token end = peek();
        if (end.kind() != Kind.END) {
            throw error(end, "expected the end of the condition, found " + end.shown());
        }
        return new Condition(level, subject, operator, operand);
    }

    private Subject subject() {
        Token name = take();
        if (name.kind() != Kind.WORD) {
            throw error(name, "expected the name of a measured value (such as latencyMs), found " + name.shown());
        }
        if (!peek().is(".")) {
            return Subject.of(name.text());
        }
        take();
        Token dollar = take();
        if (!dollar.is("$")) {
            throw error(dollar, "a path into a JSON body starts with '" + name.text() + ".$', found " + dollar.shown());
        }
        List<Object> path = new ArrayList<>();
        while (peek().is(".") || peek().is("[")) {
            Token step = take();
            if (step.is(".")) {
                Token key = take();
                if (key.kind() != Kind.WORD) {
                    throw error(key, "expected a key after '.', found " + key.shown() + " (write [\"key\"] for other keys)");
                }
                path.add(key.text());
            } else {
                Token inside = take();
                if (inside.kind() == Kind.STRING) {
                    path.add(inside.text());
                } else if (inside.kind() == Kind.NUMBER && inside.text().matches("[0-9]{1,6}")) {
                    path.add(Integer.parseInt(inside.text()));
                } else {
                    throw error(inside, "expected an index or a quoted key inside [ ], found " + inside.shown());
                }
                Token close = take();
                if (!close.is("]")) {
                    throw error(close, "expected ']', found " + close.shown());
                }
            }
        }
        return new Subject(name.text(), Optional.of(path));
    }

    private Operator operator() {
        Token token = take();
        String symbol = token.text();
        if (token.is("not")) {
            Token second = take();
            if (!(second.is("in") || second.is("contains") || second.is("exists"))) {
                throw error(second, "expected in, contains or exists after 'not', found " + second.shown());
            }
            symbol = "not " + second.text();
        }
        for (Operator operator : Operator.values()) {
            if ((token.kind() == Kind.SYMBOL || token.kind() == Kind.WORD) && operator.symbol().equals(symbol)) {
                return operator;
            }
        }
        throw error(token, "expected an operator (== != < <= > >= in, not in, contains, not contains, exists, not exists),"
                + " found " + token.shown());
    }

    private Operand operand(Operator operator) {
        Token first = peek();
        if (operator.takesList()) {
            if (!first.is("[")) {
                throw error(first, "'" + operator.symbol() + "' takes a list such as [200, 204], found " + first.shown());
            }
            return list();
        }
        if (first.is("[")) {
            throw error(first, "'" + operator.symbol() + "' takes one value; use 'in [...]' for a list");
        }
        return new Literal(literal("after '" + operator.symbol() + "'"));
    }

    private ListOf list() {
        Token open = take();
        List<Object> items = new ArrayList<>();
        if (peek().is("]")) {
            throw error(peek(), "a list needs at least one value");
        }
        while (true) {
            Token start = peek();
            JsonNode value = literal("in the list");
            if (peek().is("..")) {
                take();
                Token endToken = peek();
                JsonNode end = literal("after '..'");
                if (!value.isNumber() || !end.isNumber()) {
                    throw error(start, "a range is two numbers, such as 200..299");
                }
                if (value.decimalValue().compareTo(end.decimalValue()) > 0) {
                    throw error(endToken, "a range goes from the lower number to the higher, such as 200..299");
                }
                items.add(new Range(value.decimalValue(), end.decimalValue()));
            } else {
                items.add(new Literal(value));
            }
            if (items.size() > MAX_ITEMS) {
                throw error(start, "a list has at most " + MAX_ITEMS + " values");
            }
            Token separator = take();
            if (separator.is("]")) {
                return new ListOf(items);
            }
            if (!separator.is(",")) {
                throw error(separator, "expected ',' or ']' in the list opened at character " + (open.at() + 1)
                        + ", found " + separator.shown());
            }
        }
    }

    private JsonNode literal(String where) {
        Token token = take();
        return switch (token.kind()) {
            case NUMBER -> NODES.numberNode(new BigDecimal(token.text()));
            case STRING -> NODES.textNode(token.text());
            case WORD -> switch (token.text()) {
                case "true" -> NODES.booleanNode(true);
                case "false" -> NODES.booleanNode(false);
                case "null" -> NODES.nullNode();
                default -> throw error(token, "expected a value " + where + " (a number, a quoted string, true, false or null),"
                        + " found '" + token.text() + "'; quote text, as in \"" + token.text() + "\"");
            };
            default -> throw error(token, "expected a value " + where + " (a number, a quoted string, true, false or null),"
                    + " found " + token.shown());
        };
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        Token token = tokens.get(next);
        if (token.kind() != Kind.END) {
            next++;
        }
        return token;
    }

    private InvalidInput error(Token at, String problem) {
        return error(at.at(), problem);
    }

    private InvalidInput error(int at, String problem) {
        return new InvalidInput("condition \"" + text + "\": " + problem + " (at character " + (at + 1) + ")");
    }

    private List<Token> lex() {
        List<Token> found = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
                    i++;
                }
                found.add(new Token(Kind.WORD, text.substring(start, i), start));
            } else if (Character.isDigit(c) || (c == '-' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1)))) {
                int start = i;
                i++;
                while (i < text.length() && Character.isDigit(text.charAt(i))) {
                    i++;
                }
                if (i + 1 < text.length() && text.charAt(i) == '.' && Character.isDigit(text.charAt(i + 1))) {
                    i++;
                    while (i < text.length() && Character.isDigit(text.charAt(i))) {
                        i++;
                    }
                }
                if (i < text.length() && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
                    throw error(i, "write numbers without exponents, such as 1000000000");
                }
                if (i < text.length() && (Character.isLetter(text.charAt(i)) || text.charAt(i) == '_')) {
                    throw error(start, "a number runs into a word; separate them, or quote text");
                }
                found.add(new Token(Kind.NUMBER, text.substring(start, i), start));
            } else if (c == '"' || c == '\'') {
                int start = i;
                StringBuilder value = new StringBuilder();
                i++;
                while (true) {
                    if (i >= text.length()) {
                        throw error(start, "a string is not closed; end it with " + c);
                    }
                    char d = text.charAt(i);
                    if (d == c) {
                        i++;
                        break;
                    }
                    if (d == '\\') {
                        if (i + 1 >= text.length() || "\"'\\".indexOf(text.charAt(i + 1)) < 0) {
                            throw error(i, "only \\\", \\' and \\\\ may be escaped in a string");
                        }
                        value.append(text.charAt(i + 1));
                        i += 2;
                    } else {
                        value.append(d);
                        i++;
                    }
                }
                found.add(new Token(Kind.STRING, value.toString(), start));
            } else {
                String two = i + 1 < text.length() ? text.substring(i, i + 2) : "";
                if (List.of("==", "!=", "<=", ">=", "..").contains(two)) {
                    found.add(new Token(Kind.SYMBOL, two, i));
                    i += 2;
                } else if ("<>[],.:$".indexOf(c) >= 0) {
                    found.add(new Token(Kind.SYMBOL, String.valueOf(c), i));
                    i++;
                } else if (c == '=') {
                    throw error(i, "'=' is not an operator; compare with '=='");
                } else {
                    throw error(i, "unexpected character '" + c + "'");
                }
            }
        }
        found.add(new Token(Kind.END, "", text.length()));
        found.add(new Token(Kind.END, "", text.length()));
        return found;
    }
}
