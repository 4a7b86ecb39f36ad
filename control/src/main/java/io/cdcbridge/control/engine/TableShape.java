package io.cdcbridge.control.engine;

import io.cdcbridge.control.secret.Redactor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A table or view of an engine session's catalog in a neutral form: what contracts and dependency snapshots need
 * to know of it, without any engine class.
 *
 * @param options     the options as written, including cdcbridge's own {@code contract.*} options (which the engine
 *                    keeps away from its connectors)
 * @param avroSchema  the physical columns as an Avro record schema (JSON), or null when a type has no Avro form
 * @param avroProblem why there is no Avro schema, or null
 * @param query       a view's query, null for a table
 */
public record TableShape(
        String name,
        Map<String, String> options,
        List<Column> columns,
        List<String> primaryKey,
        String watermark,
        String query,
        String avroSchema,
        String avroProblem) {

    /** One column: its SQL type without nullability, whether it may be null, and whether it is stored in the data. */
    public record Column(String name, String type, boolean nullable, boolean physical) {

        /** The type as SQL writes it, e.g. {@code STRING NOT NULL}. */
        public String sql() {
            return nullable ? type : type + " NOT NULL";
        }
    }

    public TableShape {
        options = options == null ? Map.of() : Map.copyOf(options);
        columns = List.copyOf(columns);
        primaryKey = primaryKey == null ? List.of() : List.copyOf(primaryKey);
    }

    /** Whether this is a view. */
    public boolean view() {
        return query != null;
    }

    /** The connector option, or null for a view. */
    public String connector() {
        return options.get("connector");
    }

    /** The columns stored in the table's data (not computed, not metadata). */
    public List<Column> physicalColumns() {
        return columns.stream().filter(Column::physical).toList();
    }

    /** The same shape with the values of secret options masked, to be shown. */
    public TableShape masked() {
        return new TableShape(name, Redactor.properties(options), columns, primaryKey, watermark, query, avroSchema, avroProblem);
    }

    /** What differs from an earlier shape of the same object, one phrase per change; empty if nothing does. */
    public List<String> changesSince(TableShape before) {
        List<String> out = new ArrayList<>(columnChanges(before.columns, columns));
        if (!before.primaryKey.equals(primaryKey)) out.add("primary key " + key(before.primaryKey) + " -> " + key(primaryKey));
        if (!Objects.equals(before.watermark, watermark)) {
            out.add("watermark " + orNone(before.watermark) + " -> " + orNone(watermark));
        }
        if (!Objects.equals(before.query, query)) out.add("query changed");
        for (String k : new TreeSet<>(union(before.options.keySet(), options.keySet()))) {
            String was = before.options.get(k);
            String now = options.get(k);
            if (Objects.equals(was, now)) continue;
            boolean secret = Redactor.isSensitive(k);
            out.add("option '" + k + "' " + (was == null ? "(unset)" : quoted(was, secret)) + " -> "
                    + (now == null ? "(unset)" : quoted(now, secret)));
        }
        return out;
    }

    /** The column changes from {@code before} to {@code after}, one phrase each: added, dropped, type or nullability changed. */
    public static List<String> columnChanges(List<Column> before, List<Column> after) {
        Map<String, Column> old = byName(before);
        Map<String, Column> now = byName(after);
        List<String> out = new ArrayList<>();
        for (Column c : after) {
            Column was = old.get(c.name());
            if (was == null) {
                out.add("column '" + c.name() + "' " + c.sql() + " added");
            } else if (!was.sql().equals(c.sql())) {
                out.add("column '" + c.name() + "' " + was.sql() + " -> " + c.sql());
            } else if (was.physical() != c.physical()) {
                out.add("column '" + c.name() + "' " + (c.physical() ? "now stored" : "no longer stored"));
            }
        }
        for (Column c : before) {
            if (!now.containsKey(c.name())) out.add("column '" + c.name() + "' dropped");
        }
        return out;
    }

    /** A primary key as shown in messages, e.g. {@code (id, region)} or {@code (none)}. */
    public static String key(List<String> columns) {
        return columns.isEmpty() ? "(none)" : "(" + String.join(", ", columns) + ")";
    }

    private static Map<String, Column> byName(List<Column> columns) {
        Map<String, Column> m = new LinkedHashMap<>();
        for (Column c : columns) m.put(c.name(), c);
        return m;
    }

    private static TreeSet<String> union(Iterable<String> a, Iterable<String> b) {
        TreeSet<String> s = new TreeSet<>();
        a.forEach(s::add);
        b.forEach(s::add);
        return s;
    }

    private static String quoted(String value, boolean secret) {
        return "'" + (secret ? Redactor.MASK : value) + "'";
    }

    private static String orNone(String s) {
        return s == null ? "(none)" : s;
    }
}
