package io.cdcbridge.control.script;

/** One statement of a script, with where it starts so errors can point at it. */
public record ScriptStatement(String text, int line, int index) {

    /** The first line of the statement, shortened, to name it in messages. */
    public String summary() {
        String first = text.strip().lines().findFirst().orElse("");
        return first.length() > 80 ? first.substring(0, 77) + "..." : first;
    }
}
