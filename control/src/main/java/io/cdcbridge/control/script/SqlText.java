package io.cdcbridge.control.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Taking cdcbridge's own statements apart (CREATE TABLE ... AS, CREATE DATABASE ... AS DATABASE): words, lists, quotes. */
public final class SqlText {

    private static final Pattern OPTION = Pattern.compile("(?s)\\s*'((?:[^']|'')*)'\\s*=\\s*'((?:[^']|'')*)'\\s*");

    private SqlText() {}

    /** Reads {@code WITH ('k' = 'v', ...)} at {@code p} into {@code into}; returns where it ends. */
    static int options(String sql, int p, Map<String, String> into) {
        int open = skipSpace(sql, p + 4);
        int close = closing(sql, open);
        for (String pair : splitTopLevel(sql.substring(open + 1, close))) {
            Matcher m = OPTION.matcher(pair);
            if (!m.matches()) throw new IllegalArgumentException("expected 'key' = 'value' in WITH, found: " + pair.strip());
            into.put(m.group(1).replace("''", "'"), m.group(2).replace("''", "'"));
        }
        return close + 1;
    }

    /** Options as a WITH clause's body, one a line. */
    static String withOptions(Map<String, String> options) {
        List<String> pairs = new ArrayList<>();
        options.forEach((k, v) -> pairs.add("  '" + k.replace("'", "''") + "' = '" + v.replace("'", "''") + "'"));
        return String.join(",\n", pairs);
    }

    static List<String> identifiers(String list) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("((?:`(?:[^`]|``)+`|[\\w$]+)(?:\\s*\\.\\s*(?:`(?:[^`]|``)+`|[\\w$]+))*)").matcher(list);
        while (m.find()) out.add(compact(m.group(1)));
        return out;
    }

    /** A (dotted) name as written with the blanks between its parts dropped, those inside quotes kept: {@code `a b` . c}. */
    public static String compact(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean quoted = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '`') quoted = !quoted; // a doubled quote inside flips twice
            if (quoted || c == '`' || !Character.isWhitespace(c)) out.append(c);
        }
        return out.toString();
    }

    static String unquote(String id) {
        return id.startsWith("`") ? id.substring(1, id.length() - 1).replace("``", "`") : id;
    }

    static String quote(String id) {
        return "`" + id.replace("`", "``") + "`";
    }

    static boolean word(String s, int at, String words) {
        return wordEnd(s, at, words) >= 0;
    }

    /** Where {@code words} (any space between them) end when they stand at {@code at}, else -1. */
    static int wordEnd(String s, int at, String words) {
        Matcher m = Pattern.compile("(?is)\\G" + words.replace(" ", "\\s+") + "\\b").matcher(s);
        return m.find(at) ? m.end() : -1;
    }

    static int expect(String s, int from, String word, char open) {
        int p = skipSpace(s, from);
        if (!word(s, p, word)) throw new IllegalArgumentException("expected " + word);
        p = skipSpace(s, p + word.length());
        if (p >= s.length() || s.charAt(p) != open) throw new IllegalArgumentException("expected '" + open + "' after " + word);
        return p;
    }

    static int skipSpace(String s, int p) {
        while (p < s.length() && Character.isWhitespace(s.charAt(p))) p++;
        return p;
    }

    // the index of the parenthesis closing the one at open; quotes and backticks hold parentheses of their own
    static int closing(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '`' || c == '"') i = closingQuote(s, i);
            else if (c == '(') depth++;
            else if (c == ')' && --depth == 0) return i;
        }
        throw new IllegalArgumentException("a parenthesis is not closed");
    }

    static int closingQuote(String s, int open) {
        char q = s.charAt(open);
        for (int i = open + 1; i < s.length(); i++) {
            if (s.charAt(i) != q) continue;
            if (i + 1 < s.length() && s.charAt(i + 1) == q) i++;
            else return i;
        }
        throw new IllegalArgumentException("a quote is not closed");
    }

    static List<String> splitTopLevel(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '`' || c == '"') i = closingQuote(s, i);
            else if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (c == ',' && depth == 0) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        if (!s.substring(start).isBlank()) out.add(s.substring(start));
        return out;
    }
}
