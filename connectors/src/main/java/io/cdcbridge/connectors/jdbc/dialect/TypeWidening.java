package io.cdcbridge.connectors.jdbc.dialect;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a numeric column type as a database declares it ({@code integer}, {@code int(11)}, {@code numeric(10,2)})
 * is narrower than the type auto-create gives the Flink column now: every value of the declared type is one of the
 * other (integers to longer integers, real to double, numeric with no fewer digits before the point nor after it), in
 * PostgreSQL's and MySQL's names. Anything else is not a widening: text is left alone, since a bounded text column
 * under a STRING may be the target's own choice (longer values refused).
 */
public final class TypeWidening {

    private static final Map<String, Integer> INTEGERS = Map.of("tinyint", 0, "smallint", 1, "mediumint", 2, "int", 2,
            "integer", 2, "bigint", 3);
    private static final Map<String, Integer> FLOATS = Map.of("real", 1, "float", 1, "double precision", 2, "double", 2);
    private static final Pattern DECIMAL = Pattern.compile("(?:numeric|decimal)\\s*\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");

    private TypeWidening() {}

    /** Whether {@code to} holds every value of {@code from} and is not the same type. */
    public static boolean widens(String from, String to) {
        String a = normal(from);
        String b = normal(to);
        if (a.equals(b)) return false;
        if (INTEGERS.containsKey(a) && INTEGERS.containsKey(b)) return INTEGERS.get(b) > INTEGERS.get(a);
        if (FLOATS.containsKey(a) && FLOATS.containsKey(b)) return FLOATS.get(b) > FLOATS.get(a);
        Matcher da = DECIMAL.matcher(a);
        Matcher db = DECIMAL.matcher(b);
        if (da.matches() && db.matches()) {
            int p = Integer.parseInt(da.group(1));
            int s = Integer.parseInt(da.group(2));
            int p2 = Integer.parseInt(db.group(1));
            int s2 = Integer.parseInt(db.group(2));
            return s2 >= s && p2 - s2 >= p - s && (p2 != p || s2 != s);
        }
        return false;
    }

    // lower case, without MySQL's display width of integers (int(11))
    private static String normal(String type) {
        String t = type.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        return t.replaceFirst("^(tinyint|smallint|mediumint|int|integer|bigint)\\s*\\(\\d+\\)$", "$1");
    }
}
