package dev.vigil.local;

import java.io.Console;
import java.util.Locale;

/** How the runner's console shows what the functions log. */
enum LogFormat {
    /** One readable line per event (see {@link ConsoleLines}). */
    TEXT,
    /** The functions' JSON log lines as they are, as CloudWatch Logs would get them. */
    JSON,
    /** {@link #TEXT} when the runner writes to a terminal, {@link #JSON} otherwise (a file, a pipe, journald). */
    AUTO;

    static LogFormat parse(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "text" -> TEXT;
            case "json" -> JSON;
            case "auto" -> AUTO;
            default -> throw new IllegalArgumentException("log format must be text, json or auto, was '" + value + "'");
        };
    }

    /** This format, with {@link #AUTO} settled by whether the output is a terminal. */
    LogFormat settle(boolean terminal) {
        return this != AUTO ? this : terminal ? TEXT : JSON;
    }

    /**
     * Whether this process's standard output is a terminal. Before Java 22 there is a console only then;
     * from Java 22 there may be one on a pipe too, and {@code Console.isTerminal()} tells them apart.
     */
    static boolean stdoutIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException beforeJava22) {
            return true;
        }
    }
}
