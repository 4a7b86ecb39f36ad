package io.cdcbridge.control.secret;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides secret values (passwords, tokens, SASL configs) wherever a statement, its properties, a message or a log line
 * is shown. What counts as secret is declared once, by key ({@link #isSensitive}); a value is also masked where it
 * stands on its own in a message, never inside a word.
 */
public final class Redactor {

    /** What a secret is replaced by. */
    public static final String MASK = "******";

    // the one declaration of which option, property, variable and log keys hold secrets
    private static final String SENSITIVE_WORDS =
            "password|passwd|secret|token|credentials?|user[._-]?info|sasl\\.jaas\\.config|ssl\\.key|api[._-]?key";

    private static final Pattern SENSITIVE_KEY = Pattern.compile("(?i).*(" + SENSITIVE_WORDS + ").*");

    // 'key' = 'value' as in WITH (...) options and SET statements; '' is an escaped quote inside a literal.
    private static final Pattern OPTION = Pattern.compile("'((?:[^']|'')*)'(\\s*=\\s*)'((?:[^']|'')*)'");

    // key=value, key: value, "key": "value" in free text (log lines, library configurations, URLs)
    private static final Pattern KEYED_VALUE = Pattern.compile("(?i)((?:" + SENSITIVE_WORDS
            + ")[A-Za-z0-9_.-]*[\"']?\\s*[=:]\\s*[\"']?)[^,;\"'\\s}&)]+");

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{[^}]+}");

    private static final Pattern STORED_SECRET = Pattern.compile("\\$\\{secret:[^}]+}");

    private Redactor() {}

    /** Whether a property, option or variable name holds a secret. */
    public static boolean isSensitive(String key) {
        return SENSITIVE_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches();
    }

    /**
     * The SQL text with every literal value of a sensitive option masked, and every reference to a stored secret
     * ({@code ${secret:ID}}, what a literal becomes in the workspace); {@code ${VAR}} references are kept.
     */
    public static String sql(String text) {
        return STORED_SECRET.matcher(replaceSensitiveOptions(text, v -> MASK)).replaceAll(MASK);
    }

    /**
     * The SQL text with every literal value of a sensitive option replaced by what {@code replacement} makes of it
     * (a reference to where the value is kept); the value is given as written, quotes doubled; {@code ${VAR}}
     * references are kept.
     */
    public static String replaceSensitiveOptions(String text, java.util.function.UnaryOperator<String> replacement) {
        Matcher m = OPTION.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = m.group(3);
            boolean hide = isSensitive(m.group(1)) && !value.isEmpty() && !REFERENCE.matcher(value).matches();
            String shown = hide ? "'" + m.group(1) + "'" + m.group(2) + "'" + replacement.apply(value) + "'" : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(shown));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The names of the variables a SQL text uses inside the value of a sensitive option: they hold secrets. */
    public static Set<String> variablesInSensitiveOptions(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = OPTION.matcher(text);
        while (m.find()) {
            if (!isSensitive(m.group(1))) continue;
            Matcher r = REFERENCE.matcher(m.group(3));
            while (r.find()) names.add(r.group().substring(2, r.group().length() - 1));
        }
        return names;
    }

    /** The values of the options of a SQL text that are not secret: what anyone reading the text sees. */
    public static Set<String> openOptionValues(String text) {
        Set<String> values = new LinkedHashSet<>();
        Matcher m = OPTION.matcher(text);
        while (m.find()) {
            if (!isSensitive(m.group(1))) values.add(m.group(3));
        }
        return values;
    }

    /** A copy of the properties with the values of sensitive keys masked. */
    public static Map<String, String> properties(Map<String, String> properties) {
        Map<String, String> out = new LinkedHashMap<>();
        properties.forEach((k, v) -> out.put(k, isSensitive(k) && !REFERENCE.matcher(v).matches()
                || STORED_SECRET.matcher(v).find() ? MASK : v));
        return out;
    }

    /** Free text (a log line, a library's configuration) with the value after every sensitive key masked. */
    public static String text(String text) {
        if (text == null) return null;
        return KEYED_VALUE.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
    }

    /**
     * The message with each of the given secret values masked where it stands on its own: not where it is part of a
     * longer word, a name such as {@code postgres-cdc} or {@code public.items}.
     */
    public static String values(String message, Iterable<String> secrets) {
        if (message == null) return null;
        String out = message;
        for (String s : secrets) {
            if (s == null || s.length() < 3) continue;
            out = Pattern.compile("(?<![\\w-]|\\w\\.)" + Pattern.quote(s) + "(?![\\w-]|\\.\\w)").matcher(out)
                    .replaceAll(Matcher.quoteReplacement(MASK));
        }
        return out;
    }
}
