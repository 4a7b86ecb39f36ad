package io.cdcbridge.control.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a Flink SQL script into statements at top-level semicolons, as Flink's SQL client does:
 * semicolons inside quotes, comments, hints and EXECUTE STATEMENT SET BEGIN ... END blocks do not split. Comments are
 * blanked; hints ({@code /*+ OPTIONS(...) *}{@code /}) stay, as Flink reads them.
 */
public final class ScriptSplitter {

    private ScriptSplitter() {}

    /** Returns the statements of {@code script} in order, without their terminating semicolons. */
    public static List<ScriptStatement> split(String script) {
        List<ScriptStatement> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int line = 1;
        int startLine = -1;
        int startColumn = -1;
        int n = script.length();
        for (int i = 0; i < n; i++) {
            char c = script.charAt(i);
            if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
                int end = script.indexOf('\n', i);
                i = (end < 0 ? n : end) - 1;
                continue;
            }
            if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*' && !hint(script, i)) {
                int end = script.indexOf("*/", i + 2);
                int stop = end < 0 ? n : end + 2;
                line += count(script, i, stop, '\n');
                // blanked, not removed: lines and columns inside the statement stay those of the file
                for (int k = i; k < stop; k++) current.append(script.charAt(k) == '\n' ? '\n' : ' ');
                i = stop - 1;
                continue;
            }
            int stop = keptUntil(script, i);
            if (stop > 0) {
                if (startLine < 0) {
                    startLine = line;
                    startColumn = column(script, i);
                }
                current.append(script, i, stop);
                line += count(script, i, stop, '\n');
                i = stop - 1;
                continue;
            }
            if (c == ';' && !insideStatementSet(current)) {
                add(out, current, startLine, startColumn);
                current.setLength(0);
                startLine = -1;
                continue;
            }
            if (c == '\n') line++;
            if (startLine < 0 && !Character.isWhitespace(c)) {
                startLine = line;
                startColumn = column(script, i);
            }
            current.append(c);
        }
        add(out, current, startLine, startColumn);
        return out;
    }

    private static void add(List<ScriptStatement> out, StringBuilder text, int line, int column) {
        String s = text.toString().strip();
        if (!s.isEmpty()) out.add(new ScriptStatement(s, line, column, out.size()));
    }

    // 1-based, as editors and Flink's parser count
    private static int column(String s, int at) {
        return at - s.lastIndexOf('\n', at - 1);
    }

    // The end of a quoted literal or of a hint (SQL for Flink's parser, /*+ OPTIONS(...) */) starting at i; 0 if none.
    private static int keptUntil(String s, int i) {
        char c = s.charAt(i);
        if (c == '\'' || c == '"' || c == '`') return closingQuote(s, i, c);
        if (hint(s, i)) {
            int end = s.indexOf("*/", i + 3);
            return end < 0 ? s.length() : end + 2;
        }
        return 0;
    }

    private static boolean hint(String s, int i) {
        return s.startsWith("/*+", i);
    }

    private static int closingQuote(String s, int open, char quote) {
        int i = open + 1;
        while (i < s.length()) {
            if (s.charAt(i) == quote) {
                // a doubled quote is an escaped quote inside the literal
                if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return s.length();
    }

    private static int count(String s, int from, int to, char c) {
        int k = 0;
        for (int i = from; i < to; i++) if (s.charAt(i) == c) k++;
        return k;
    }

    // EXECUTE STATEMENT SET BEGIN ... END holds semicolons of its own; it ends with END.
    private static boolean insideStatementSet(StringBuilder text) {
        String words = text.toString().strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
        boolean opened = words.startsWith("EXECUTE STATEMENT SET BEGIN") || words.startsWith("BEGIN STATEMENT SET");
        return opened && !words.endsWith(" END");
    }
}
