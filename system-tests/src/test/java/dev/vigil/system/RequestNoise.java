package dev.vigil.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Texts, JSON values and request bodies for the HTTP fuzz test, drawn from a {@link Random}: cheap
 * enough for a hundred thousand requests, and reproducible from the property's seed. Bodies are
 * mostly well-formed with plausible and wrong values field by field, so that requests get past the
 * parser into the handlers; the rest is broken JSON, wrong types, odd numbers and odd characters.
 */
final class RequestNoise {
    private static final String[] NASTY = {"", " ", "\u0000", "\u202Epayroll", "\u200B", "\u2028", "\uD800", "\uDC00x",
        "💥", "null", "true", "[]", "{}", "../../etc/passwd", "%00", "%2e%2e%2f", "${jndi:ldap://x}", "<script>",
        "app_k3v9x2m7q4pa", "ch_k3v9x2m7q4pa", "\"", "\\", "\t\r\n", "Ω≈ç√∫", "\uFFFF", "\uFEFF", "\u3164", "e\u0301"};
    private static final String[] NUMBERS = {"0", "-0", "1", "-1", "1.5", "1e3", "1E400", "-1e400", "1e-400",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "123456789012345678901234567890", "3.0",
        "60.000000001", "NaN", "Infinity", "01", "1.", "+1", "0x10"};
    private static final String[] BROKEN = {"{", "[1,2", "{\"name\":}", "{\"name\" \"x\"}", "{\"a\":1}{\"b\":2}",
        "{\"name\":\"a\",\"name\":\"b\"}", "\"unterminated", "{'name':'x'}", "{\"x\":\"\\uZZZZ\"}", "\u0000", "{\"name\":\"x\",}"};
    private static final String[] NAMES = {"billing", "nightly backup", "Café ☕", "日本語", " padded ", "e\u0301te\u0301",
        "x".repeat(100), "x".repeat(101), "pay\u202Eroll", "a\u200Bb", "a\nb", "\u2029"};
    private static final String[] APPLICATION_FIELDS = {"name", "intervalSeconds", "graceSeconds", "active", "channels",
        "severity", "quietHours", "id", "uuid", "status", "version", "pingUrl", "deadline"};
    private static final String[] CHANNEL_TYPES = {"slack", "discord", "pagerduty", "webhook", "whatsapp", "sns", "inapp",
        "telegram", "SLACK"};
    private static final String[] SETTINGS = {"webhookUrl", "url", "signingSecret", "routingKey", "eventsUrl",
        "phoneNumberId", "accessToken", "to", "apiBaseUrl", "topicArn"};
    private static final String[] CHECK_TYPES = {"http", "tcp", "dns", "tls", "statuspage", "mcp", "dynamodb-freshness",
        "heartbeats", "postgres", "redis", "HTTP", "gopher", ""};
    private static final String[] CHECK_SETTINGS = {"url", "method", "headers", "secretHeaders", "body", "host", "port",
        "recordType", "expected", "database", "user", "password", "sslMode", "query", "tls", "table", "keyName", "keyValue",
        "timeAttribute", "applicationIds"};
    private static final String[] CHECK_VALUES = {"\"https://api.example.com/health\"", "\"http://127.0.0.1:9/x\"",
        "\"db.example.com\"", "5432", "70000", "\"GET\"", "\"TRACE\"", "{\"Authorization\":\"Bearer fuzz-secret-0000\"}",
        "{\"X\":5}", "[\"93.184.215.14\"]", "true", "null", "\"require\"", "\"SELECT 1\"", "\"DROP TABLE x\""};
    private static final String[] CONDITIONS = {"latencyMs < 500", "warn: latencyMs < 800", "status in [200..299]",
        "status == \"200\"", "body.$.status == 'UP'", "certificateDays > 14", "latencyMs <", "connected == true",
        "indicator not in ['major', 'critical']", "value < 30", "usedMemoryBytes <= 1e9", "", "critical:",
        "body.$[\"a b\"] exists", "addresses contains \"1.2.3.4\"", "x".repeat(600)};

    private RequestNoise() {
    }

    private static <T> T pick(Random r, T[] values) {
        return values[r.nextInt(values.length)];
    }

    /** Text as clients and attackers send it: words, odd Unicode (lone surrogates too), JSON punctuation, long runs. */
    static String text(Random r) {
        return switch (r.nextInt(9)) {
            case 0, 1, 2 -> chars(r, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.", r.nextInt(25));
            case 3, 4 -> {
                StringBuilder out = new StringBuilder();
                for (int i = r.nextInt(13); i > 0; i--) {
                    int c = r.nextInt(10) == 0 ? 0x10000 + r.nextInt(0x10000) : r.nextInt(0x10000);
                    out.appendCodePoint(c);
                }
                yield out.toString();
            }
            case 5, 6 -> pick(r, NASTY);
            case 7 -> chars(r, "{}[]:,\"\\ 0a-", r.nextInt(31));
            default -> "x".repeat(100 + r.nextInt(4900));
        };
    }

    private static String chars(Random r, String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    static String numberLiteral(Random r) {
        return pick(r, NUMBERS);
    }

    /** A JSON value as text, nested at most {@code depth} deep. */
    static String jsonValue(Random r, int depth) {
        int choice = r.nextInt(depth > 0 ? 11 : 9);
        return switch (choice) {
            case 0 -> "null";
            case 1 -> r.nextBoolean() ? "true" : "false";
            case 2, 3 -> Long.toString(r.nextLong() >> r.nextInt(64));
            case 4, 5 -> numberLiteral(r);
            case 6, 7, 8 -> quote(text(r));
            case 9 -> {
                List<String> items = new ArrayList<>();
                for (int i = r.nextInt(5); i > 0; i--) {
                    items.add(jsonValue(r, depth - 1));
                }
                yield "[" + String.join(",", items) + "]";
            }
            default -> {
                List<String> fields = new ArrayList<>();
                for (int i = r.nextInt(5); i > 0; i--) {
                    fields.add(quote(text(r)) + ":" + jsonValue(r, depth - 1));
                }
                yield "{" + String.join(",", fields) + "}";
            }
        };
    }

    /** Any body: a JSON value, broken JSON, plain text, or one over the 16 KiB limit. */
    static String anyBody(Random r) {
        return switch (r.nextInt(8)) {
            case 0, 1, 2 -> jsonValue(r, 2);
            case 3, 4 -> pick(r, BROKEN);
            case 5, 6 -> text(r);
            default -> "{\"name\":\"" + "n".repeat(16_300 + r.nextInt(700)) + "\",\"intervalSeconds\":60}";
        };
    }

    /** A name as a JSON value: mostly a plausible or tricky string, sometimes anything. */
    static String name(Random r) {
        return switch (r.nextInt(9)) {
            case 0, 1, 2, 3, 4, 5 -> quote(pick(r, NAMES));
            case 6, 7 -> quote(text(r));
            default -> jsonValue(r, 1);
        };
    }

    private static String seconds(Random r) {
        return switch (r.nextInt(8)) {
            case 0, 1, 2, 3, 4, 5 -> Long.toString(r.nextInt(400_000));
            case 6 -> numberLiteral(r);
            default -> jsonValue(r, 1);
        };
    }

    /** Mostly a plausible value of the field, sometimes any JSON value. */
    private static String applicationValue(Random r, String field, IntFunction<String> channelIds) {
        if (r.nextInt(6) == 0) {
            return jsonValue(r, 2);
        }
        return switch (field) {
            case "name" -> name(r);
            case "intervalSeconds", "graceSeconds" -> seconds(r);
            case "active" -> r.nextBoolean() ? "true" : "false";
            case "channels" -> {
                List<String> ids = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    ids.add(quote(channelIds.apply(r.nextInt(100_000))));
                }
                yield "[" + String.join(",", ids) + "]";
            }
            case "severity" -> quote(pick(r, new String[] {"critical", "warning", "info", "CRITICAL"}));
            case "quietHours" -> r.nextInt(4) == 0 ? "null" : "{\"start\":" + quote(pick(r, new String[] {"22:00", "07:00", "24:00", "7", ""}))
                    + ",\"end\":" + quote(pick(r, new String[] {"07:00", "22:00", "00:00", "25:61"}))
                    + ",\"timezone\":" + quote(pick(r, new String[] {"Europe/Paris", "UTC", "Mars/Olympus", ""})) + "}";
            default -> jsonValue(r, 1);
        };
    }

    /** An application body: mostly name and interval with up to two more fields; otherwise any mix of fields. */
    static String applicationBody(Random r, IntFunction<String> channelIds) {
        List<String> fields = new ArrayList<>();
        boolean complete = r.nextInt(4) != 0;
        if (complete) {
            fields.add("\"name\":" + applicationValue(r, "name", channelIds));
            fields.add("\"intervalSeconds\":" + applicationValue(r, "intervalSeconds", channelIds));
        }
        for (int i = r.nextInt(complete ? 3 : 7); i > 0; i--) {
            if (r.nextInt(10) == 0) {
                fields.add(quote(text(r)) + ":" + jsonValue(r, 1));
            } else {
                String field = pick(r, APPLICATION_FIELDS);
                fields.add(quote(field) + ":" + applicationValue(r, field, channelIds));
            }
        }
        return "{" + String.join(",", fields) + "}";
    }

    private static String settings(Random r, String topicPrefix) {
        if (r.nextInt(6) == 0) {
            return jsonValue(r, 1);
        }
        String[] values = {"https://hooks.slack.com/services/T0/B0/abcdefghijklmnopWXYZ", "https://example.com/hook",
            "http://127.0.0.1:9/x", "ftp://example.com/x", "+15551234567", "0612", "0123456789abcdef0123", "short",
            topicPrefix + "pager", "arn:aws:sns:eu-west-1:999999999999:vigil-x", topicPrefix + "x.fifo", "1234567890",
            "R0UTINGKEY0123456789012345678901"};
        List<String> fields = new ArrayList<>();
        for (int i = r.nextInt(5); i > 0; i--) {
            String name = r.nextInt(8) == 0 ? text(r) : pick(r, SETTINGS);
            fields.add(quote(name) + ":" + (r.nextInt(6) == 0 ? jsonValue(r, 1) : quote(pick(r, values))));
        }
        return "{" + String.join(",", fields) + "}";
    }

    private static String flag(Random r) {
        return r.nextInt(5) == 0 ? jsonValue(r, 1) : r.nextBoolean() ? "true" : "false";
    }

    /** A channel body: mostly a type, a name and settings for it, plausible or wrong; otherwise any mix of fields. */
    static String channelBody(Random r, String topicPrefix) {
        List<String> fields = new ArrayList<>();
        boolean complete = r.nextInt(4) != 0;
        String type = r.nextInt(9) == 0 ? jsonValue(r, 1) : quote(pick(r, CHANNEL_TYPES));
        if (complete) {
            fields.add("\"type\":" + type);
            fields.add("\"name\":" + name(r));
            fields.add("\"settings\":" + settings(r, topicPrefix));
        }
        for (int i = r.nextInt(complete ? 3 : 6); i > 0; i--) {
            fields.add(switch (r.nextInt(9)) {
                case 0 -> "\"type\":" + type;
                case 1 -> "\"name\":" + name(r);
                case 2, 3 -> "\"settings\":" + settings(r, topicPrefix);
                case 4 -> "\"enabled\":" + flag(r);
                case 5 -> "\"default\":" + flag(r);
                case 6 -> "\"repeatMinutes\":" + (r.nextBoolean() ? Long.toString(r.nextInt(20_001) - 1)
                        : r.nextBoolean() ? numberLiteral(r) : "null");
                case 7 -> quote(pick(r, new String[] {"id", "version", "createdAt", "secretHints"})) + ":" + jsonValue(r, 1);
                default -> quote(text(r)) + ":" + jsonValue(r, 1);
            });
        }
        return "{" + String.join(",", fields) + "}";
    }

    /** A period as a JSON value: mostly {@code {"start","end"}} with plausible or wrong times. */
    private static String period(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> "null";
            case 1 -> jsonValue(r, 1);
            default -> "{\"start\":" + quote(pick(r, new String[] {"09:00", "22:00", "00:00", "24:00", "9", "", "07:30:15"}))
                    + ",\"end\":" + quote(pick(r, new String[] {"21:00", "06:00", "00:00", "25:61", "09:00"}))
                    + (r.nextInt(6) == 0 ? ",\"timezone\":\"UTC\"" : "") + "}";
        };
    }

    /** A tenant body: mostly a name with up to three more settings, plausible or wrong; otherwise any mix of fields. */
    static String tenantBody(Random r) {
        List<String> fields = new ArrayList<>();
        boolean complete = r.nextInt(4) != 0;
        if (complete) {
            fields.add("\"name\":" + name(r));
        }
        for (int i = r.nextInt(complete ? 4 : 7); i > 0; i--) {
            fields.add(switch (r.nextInt(10)) {
                case 0 -> "\"name\":" + name(r);
                case 1, 2 -> "\"timezone\":" + (r.nextInt(5) == 0 ? jsonValue(r, 1) : quote(pick(r, new String[] {"Europe/Paris",
                    "UTC", "America/New_York", "Mars/Olympus", "+02:00", "Z", "", "europe/paris", "Etc/GMT+2"})));
                case 3 -> "\"sweepIntervalMinutes\":" + (r.nextBoolean() ? Integer.toString(r.nextInt(1500) - 5) : numberLiteral(r));
                case 4 -> "\"activeHours\":" + period(r);
                case 5 -> "\"quietHours\":" + period(r);
                case 6 -> "\"" + pick(r, new String[] {"paused", "privateTargets"}) + "\":" + flag(r);
                case 7 -> quote(pick(r, new String[] {"id", "version", "createdAt", "nextSweepAt", "lastSweepAt"})) + ":" + jsonValue(r, 1);
                default -> quote(text(r)) + ":" + jsonValue(r, 1);
            });
        }
        return "{" + String.join(",", fields) + "}";
    }

    /** Condition texts as a JSON value: mostly a list of plausible or broken conditions, sometimes anything. */
    private static String conditions(Random r) {
        if (r.nextInt(6) == 0) {
            return jsonValue(r, 1);
        }
        List<String> items = new ArrayList<>();
        for (int i = r.nextInt(5); i > 0; i--) {
            items.add(r.nextInt(8) == 0 ? jsonValue(r, 1) : quote(pick(r, CONDITIONS)));
        }
        return "[" + String.join(",", items) + "]";
    }

    private static String checkSettings(Random r) {
        if (r.nextInt(6) == 0) {
            return jsonValue(r, 1);
        }
        List<String> fields = new ArrayList<>();
        for (int i = r.nextInt(5); i > 0; i--) {
            String name = r.nextInt(8) == 0 ? text(r) : pick(r, CHECK_SETTINGS);
            fields.add(quote(name) + ":" + (r.nextInt(6) == 0 ? jsonValue(r, 1) : pick(r, CHECK_VALUES)));
        }
        return "{" + String.join(",", fields) + "}";
    }

    /** A check body: mostly a type, a name and settings, plausible or wrong, with more fields; otherwise any mix of fields. */
    static String checkBody(Random r) {
        List<String> fields = new ArrayList<>();
        boolean complete = r.nextInt(4) != 0;
        String type = r.nextInt(9) == 0 ? jsonValue(r, 1) : quote(pick(r, CHECK_TYPES));
        if (complete) {
            fields.add("\"type\":" + type);
            fields.add("\"name\":" + name(r));
            fields.add("\"settings\":" + checkSettings(r));
        }
        for (int i = r.nextInt(complete ? 3 : 6); i > 0; i--) {
            fields.add(switch (r.nextInt(11)) {
                case 0 -> "\"type\":" + type;
                case 1 -> "\"name\":" + name(r);
                case 2 -> "\"settings\":" + checkSettings(r);
                case 3, 4 -> "\"conditions\":" + conditions(r);
                case 5 -> "\"tier\":" + (r.nextInt(5) == 0 ? jsonValue(r, 1)
                        : quote(pick(r, new String[] {"critical", "core", "integration", "external", "CORE", ""})));
                case 6 -> "\"timeoutMs\":" + (r.nextBoolean() ? Integer.toString(r.nextInt(40_000) - 5) : numberLiteral(r));
                case 7 -> "\"enabled\":" + flag(r);
                case 8 -> quote(pick(r, new String[] {"failureThreshold", "recoveryThreshold"})) + ":"
                        + (r.nextBoolean() ? Integer.toString(r.nextInt(25) - 2) : numberLiteral(r));
                case 9 -> quote(pick(r, new String[] {"id", "version", "status", "secretSettings", "latestResult"})) + ":" + jsonValue(r, 1);
                default -> quote(text(r)) + ":" + jsonValue(r, 1);
            });
        }
        return "{" + String.join(",", fields) + "}";
    }

    /** A tenant's threshold overrides: mostly check types with lists of conditions, plausible or wrong. */
    static String thresholdsBody(Random r) {
        if (r.nextInt(8) == 0) {
            return jsonValue(r, 2);
        }
        List<String> fields = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            fields.add(quote(r.nextInt(8) == 0 ? text(r) : pick(r, CHECK_TYPES)) + ":" + conditions(r));
        }
        return "{" + String.join(",", fields) + "}";
    }

    /** An API key body: mostly a name and a role, plausible or wrong. */
    static String keyBody(Random r) {
        List<String> fields = new ArrayList<>();
        if (r.nextInt(5) != 0) {
            fields.add("\"name\":" + name(r));
        }
        if (r.nextInt(5) != 0) {
            fields.add("\"role\":" + (r.nextInt(6) == 0 ? jsonValue(r, 1)
                    : quote(pick(r, new String[] {"admin", "read-only", "readonly", "ADMIN", "owner", ""}))));
        }
        if (r.nextInt(8) == 0) {
            fields.add(quote(pick(r, new String[] {"key", "tenantId", "prefix", "id"})) + ":" + jsonValue(r, 1));
        }
        return "{" + String.join(",", fields) + "}";
    }

    /** {@code text} as a JSON string literal; control characters and surrogates are escaped, so lone ones survive. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
