package dev.vigil.checks;

/**
 * What kind of value a check type measures under a name, so that a condition can be checked when it is
 * saved: {@code latencyMs == "fast"} is refused before it ever runs.
 */
public enum ValueKind {
    /** A number: every comparison, {@code in} with numbers and ranges. */
    NUMBER("a number"),
    /** A short string: {@code ==}, {@code !=}, {@code in} with strings, {@code contains}. */
    STRING("a string"),
    /** {@code true} or {@code false}: {@code ==} and {@code !=}. */
    BOOLEAN("true or false"),
    /** A list of strings (the addresses a name resolves to): {@code contains}. */
    LIST("a list of strings"),
    /** The text of an answer's body: {@code contains}, {@code ==} and {@code !=} with a string. */
    TEXT("the body's text"),
    /** A value inside a JSON body ({@code body.$...}): any comparison, judged when the answer is in. */
    JSON("a JSON value");

    private final String description;

    ValueKind(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
