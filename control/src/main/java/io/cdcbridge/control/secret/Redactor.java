package io.cdcbridge.control.secret;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Hides secret values (passwords, tokens, SASL configs) wherever a statement or its properties are shown. */
public final class Redactor {

    /** What a secret is replaced by. */
    public static final String MASK = "******";

    private static final Pattern SENSITIVE_KEY =
            Pattern.compile("(?i).*(password|secret|token|credential|sasl\\.jaas\\.config|ssl\\.key|api[._-]?key).*");

    // 'key' = 'value' as in WITH (...) options and SET statements; '' is an escaped quote inside a literal.
    private static final Pattern OPTION = Pattern.compile("'((?:[^']|'')*)'(\\s*=\\s*)'((?:[^']|'')*)'");

    private Redactor() {}

    /** Whether a property or option key holds a secret. */
    public static boolean isSensitive(String key) {
        return SENSITIVE_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches();
    }

    /** The SQL text with every literal value of a sensitive option masked; {@code ${VAR}} references are kept. */
    public static String sql(String text) {
        Matcher m = OPTION.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = m.group(3);
            boolean hide = isSensitive(m.group(1)) && !value.matches("\\$\\{[^}]+}");
            String replacement = hide ? "'" + m.group(1) + "'" + m.group(2) + "'" + MASK + "'" : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A copy of the properties with the values of sensitive keys masked. */
    public static Map<String, String> properties(Map<String, String> properties) {
        Map<String, String> out = new LinkedHashMap<>();
        properties.forEach((k, v) -> out.put(k, isSensitive(k) && !v.matches("\\$\\{[^}]+}") ? MASK : v));
        return out;
    }

    /** The message with each of the given secret values replaced by the mask (for errors that echo them). */
    public static String values(String message, Iterable<String> secrets) {
        if (message == null) return null;
        String out = message;
        for (String s : secrets) {
            if (s != null && s.length() >= 3) out = out.replace(s, MASK);
        }
        return out;
    }
}
