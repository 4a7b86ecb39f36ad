package io.cdcbridge.control.evolution;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adds dynamic table option hints ({@code table /*+ OPTIONS('k' = 'v') *}{@code /}) to every place a statement reads a
 * table after FROM or JOIN, as seed 002 writes them by hand to start a table at other offsets than its definition says.
 */
final class OptionHints {

    private static final Pattern READ = Pattern.compile("(?i)\\b(FROM|JOIN)(\\s+)((?:`[^`]+`|[A-Za-z_][\\w$]*)(?:\\.(?:`[^`]+`|[A-Za-z_][\\w$]*))*)");
    private static final Pattern HINTED = Pattern.compile("^\\s*/\\*\\+");

    private OptionHints() {}

    /**
     * The statement with the options of each table hinted where it is read; throws naming a table the statement does
     * not read directly (through a view, say), since a view cannot carry a hint.
     */
    static String add(String sql, Map<String, Map<String, String>> optionsByTable) {
        Map<String, Map<String, String>> byName = new LinkedHashMap<>();
        optionsByTable.forEach((t, o) -> byName.put(t.toLowerCase(Locale.ROOT), o));
        Set<String> hinted = new TreeSet<>();
        Matcher m = READ.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String ref = m.group(3);
            String last = ref.substring(ref.lastIndexOf('.') + 1).replace("`", "").toLowerCase(Locale.ROOT);
            Map<String, String> options = byName.get(last);
            String rest = sql.substring(m.end());
            if (options == null || options.isEmpty() || HINTED.matcher(rest).find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
                continue;
            }
            hinted.add(last);
            m.appendReplacement(out, Matcher.quoteReplacement(m.group() + " " + hint(options)));
        }
        m.appendTail(out);
        for (String t : byName.keySet()) {
            if (!byName.get(t).isEmpty() && !hinted.contains(t)) {
                throw new IllegalArgumentException("the statement does not read table '" + t + "' directly after FROM or"
                        + " JOIN (a view, say, or a hint of its own), so its start cannot be set by an option hint");
            }
        }
        return out.toString();
    }

    private static String hint(Map<String, String> options) {
        StringBuilder b = new StringBuilder("/*+ OPTIONS(");
        options.forEach((k, v) -> b.append('\'').append(k).append("' = '").append(v.replace("'", "''")).append("', "));
        b.setLength(b.length() - 2);
        return b.append(") */").toString();
    }
}
