package io.cdcbridge.control.script;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One statement of a script, with where it starts (line and column of its first character) so errors can point at
 * it. Lines and columns inside its text are those of the file, shifted by where the statement starts.
 */
public record ScriptStatement(String text, int line, int column, int index) {

    // Flink's parser and validator: "at line 2, column 9", "From line 3, column 8 to line 3, column 11"
    private static final Pattern POSITION = Pattern.compile("(?i)\\b(line) (\\d+), (column) (\\d+)");

    /** A statement that starts at the beginning of {@code line}. */
    public ScriptStatement(String text, int line, int index) {
        this(text, line, 1, index);
    }

    /** The first line of the statement, shortened, to name it in messages. */
    public String summary() {
        String first = text.strip().lines().findFirst().orElse("").strip();
        return first.length() > 80 ? first.substring(0, 77) + "..." : first;
    }

    /** Where in the file a position inside the statement's text is: {line, column}. */
    public int[] inFile(int lineInText, int columnInText) {
        return new int[] {line + lineInText - 1, lineInText == 1 ? column + columnInText - 1 : columnInText};
    }

    /** The first position a message names inside the statement, as a position in the file ({line, column}), or null. */
    public int[] firstPosition(String message) {
        Matcher m = POSITION.matcher(message);
        return m.find() ? inFile(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(4))) : null;
    }

    /** The message with every position inside the statement given as a position in the file. */
    public String withFilePositions(String message) {
        Matcher m = POSITION.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int[] at = inFile(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(4)));
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + " " + at[0] + ", " + m.group(3) + " " + at[1]));
        }
        return m.appendTail(out).toString();
    }
}
