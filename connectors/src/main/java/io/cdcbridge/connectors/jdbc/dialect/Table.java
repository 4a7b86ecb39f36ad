package io.cdcbridge.connectors.jdbc.dialect;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * A table of the target database as the sink sees it: its name (optionally schema-qualified), its columns in the
 * order the sink binds them, and its primary key. Names are kept exactly as written; dialects quote them.
 */
public record Table(List<String> name, List<Column> columns, List<String> primaryKey) implements Serializable {

    /** Checks that the key names columns of the table. */
    public Table {
        name = List.copyOf(name);
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        if (name.isEmpty() || name.size() > 2) throw new IllegalArgumentException("a table name is [schema.]table, not " + name);
        for (String k : primaryKey) {
            if (columns.stream().noneMatch(c -> c.name().equals(k))) {
                throw new IllegalArgumentException("primary key column '" + k + "' is not a column of " + displayName(name));
            }
        }
    }

    /** The column of that name. */
    public Column column(String columnName) {
        return find(columnName).orElseThrow(() -> new IllegalArgumentException(
                "'" + columnName + "' is not a column of " + displayName()));
    }

    /** The column of that name, if there is one. */
    public Optional<Column> find(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    /** The primary key's columns, in key order. */
    public List<Column> keyColumns() {
        return primaryKey.stream().map(this::column).toList();
    }

    /** The positions of the primary key's columns in {@link #columns()}, in key order. */
    public int[] keyPositions() {
        return primaryKey.stream().mapToInt(this::indexOf).toArray();
    }

    /** The columns that are not part of the primary key. */
    public List<Column> valueColumns() {
        return columns.stream().filter(c -> !primaryKey.contains(c.name())).toList();
    }

    /** The position of a column in {@link #columns()}. */
    public int indexOf(String columnName) {
        for (int i = 0; i < columns.size(); i++) if (columns.get(i).name().equals(columnName)) return i;
        throw new IllegalArgumentException("'" + columnName + "' is not a column of " + displayName());
    }

    /** The name as people write it, e.g. {@code public.users}, for messages (never for SQL). */
    public String displayName() {
        return displayName(name);
    }

    /** The last part of the name: the table without its schema. */
    public String simpleName() {
        return name.get(name.size() - 1);
    }

    /** A table with the same schema and another name, e.g. the one holding this table's tombstones. */
    public Table sibling(String otherName, List<Column> otherColumns, List<String> otherKey) {
        List<String> sibling = name.size() == 2 ? List.of(name.get(0), otherName) : List.of(otherName);
        return new Table(sibling, otherColumns, otherKey);
    }

    private static String displayName(List<String> name) {
        return String.join(".", name);
    }
}
