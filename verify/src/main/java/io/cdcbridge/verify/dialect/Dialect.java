package io.cdcbridge.verify.dialect;

import io.cdcbridge.verify.Column;
import io.cdcbridge.verify.TableRef;
import io.cdcbridge.verify.ValueKind;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The SQL verification runs in one database: values rendered as normalized text (the form cdcbridge-jdbc's writes
 * leave them in), row and key hashes, integer division for buckets, and the writes of a repair. Both sides of a
 * comparison render the same text for the same value, so a hash computed inside one database equals the other's.
 * Identifiers are always quoted; values are only ever parameters.
 */
public abstract class Dialect {

    /** The dialect for a JDBC URL. */
    public static Dialect forUrl(String url) {
        if (url.startsWith("jdbc:postgresql:")) return new PostgresDialect();
        if (url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:")) return new MySqlDialect();
        throw new IllegalArgumentException("verify reads PostgreSQL (jdbc:postgresql:) and MySQL or MariaDB (jdbc:mysql:, jdbc:mariadb:) tables, not "
                + url.replaceFirst("\\?.*", "?..."));
    }

    /** A short name for messages. */
    public abstract String name();

    /** A read connection to the table's database with the session settings verification needs (UTC). */
    public abstract Connection connect(TableRef table) throws SQLException;

    /** The driver's properties for {@code table}: its own, then its user and password. */
    static Properties properties(TableRef table) {
        Properties p = new Properties();
        p.putAll(table.properties());
        if (table.user() != null) p.setProperty("user", table.user());
        if (table.password() != null) p.setProperty("password", table.password());
        return p;
    }

    /** An identifier quoted for this database. */
    public abstract String quote(String identifier);

    /** The table's name quoted and qualified as written. */
    public String table(List<String> name) {
        return name.stream().map(this::quote).collect(Collectors.joining("."));
    }

    /** A column's value as normalized text (NULL stays NULL). */
    public abstract String text(String quotedColumn, ValueKind kind);

    /** One field of a row's text: the value's length, ':', the value; '-' for NULL (so no two rows render alike). */
    public abstract String field(String text);

    /**
     * A column's field in the text a row hash is computed over. Only text and JSON may hold the separator, so only
     * they carry their length; any other value renders without it, and never as '-', NULL's mark (per-row work on
     * MariaDB sets the pace of the whole comparison).
     */
    public String hashField(String quotedColumn, ValueKind kind) {
        String text = text(quotedColumn, kind);
        return kind == ValueKind.TEXT || kind == ValueKind.JSON ? field(text) : "COALESCE(" + text + ", '-')";
    }

    /** Texts joined, in order. */
    public abstract String concat(List<String> parts);

    /**
     * An integer, date or timestamp column's value as the integer a row hash renders ('-' for NULL): dates as days and
     * timestamps as microseconds since 0000-01-01 (timestamps with a time zone in UTC), no separator in any of them.
     * Cheaper than the value's text on MariaDB, where formatting a date costs more than hashing it.
     */
    public String numberField(String quotedColumn, ValueKind kind, boolean nullable) {
        String n = number(quotedColumn, kind);
        return nullable ? "COALESCE(" + n + ", '-')" : n;
    }

    /** An integer, date or timestamp column's value as the integer {@link #numberField} renders. */
    protected abstract String number(String quotedColumn, ValueKind kind);

    /** A text column's value as a row hash takes it, converted only when its type is not text already. */
    public abstract String plainText(String quotedColumn, String type);

    /** A text's length in characters, -1 for NULL (when the column may hold it); both databases know CHAR_LENGTH. */
    public String lengthField(String text, boolean nullable) {
        String n = "CHAR_LENGTH(" + text + ")";
        return nullable ? "COALESCE(" + n + ", -1)" : n;
    }

    /** Texts joined by '|', NULLs left out, as CONCAT_WS does in both databases. */
    public String joinSkippingNulls(List<String> parts) {
        return "CONCAT_WS('|', " + String.join(", ", parts) + ")";
    }

    /** A predicate cutting a table by where its rows are stored, with its parameters. */
    public record Part(String predicate, List<Object> params) {}

    /** How many parts a table is best read in on n connections at once: 1 where one query runs in parallel by itself. */
    public int parts(Connection c, int n) throws SQLException {
        return n;
    }

    /**
     * Predicates that cut a table into about n parts by where its rows are stored, each readable alone (PostgreSQL:
     * ranges of pages by {@code ctid}); empty when the database has no such cut.
     */
    public List<Part> storageParts(Connection c, List<String> table, int n) throws SQLException {
        return List.of();
    }

    /** A non-negative 60-bit number from the MD5 of a text: a row's hash, summed over ranges. */
    public abstract String hash60(String text);

    /** A non-negative 32-bit number from the MD5 of a text: where a key falls when the key is not one integer. */
    public abstract String hash32(String text);

    /**
     * A row hash computed from the values' binary form, cheaper than {@link #hash60} of their text, for a comparison
     * with a table of the same database and the same column types; empty when the database has none.
     */
    public Optional<String> nativeHash(Connection c, List<String> quotedColumns) throws SQLException {
        return Optional.empty();
    }

    /** The XOR of a column of non-negative 64-bit numbers over a group (keys are unique, so no two rows cancel). */
    public String xor(String h) {
        return "BIT_XOR(" + h + ")";
    }

    /** a DIV b, both 64-bit integers (b a parameter). */
    public abstract String divide(String a, String b);

    /** Whether a boolean column's value is true, for a soft-delete flag. */
    public String isTrue(String quotedColumn) {
        return "(" + quotedColumn + " IS NOT NULL AND " + quotedColumn + " <> FALSE)";
    }

    /** How far the database's own change log is now, for the report; empty when it cannot tell. */
    public abstract Optional<String> position(Connection c);

    /**
     * The statement a repair upserts one row with: inserted, or where the key exists updated, unless the target's
     * version column holds a newer value (the sink's version guard).
     */
    public abstract String upsert(List<String> table, List<String> columns, List<String> key, Optional<String> version);

    /** DELETE of one row by its key. */
    public String delete(List<String> table, List<String> key) {
        return "DELETE FROM " + table(table) + " WHERE " + key.stream().map(k -> quote(k) + " = ?").collect(Collectors.joining(" AND "));
    }

    /** UPDATE of one row, by its key, setting its soft-delete flag. */
    public String softDelete(List<String> table, List<String> key, String flag) {
        return "UPDATE " + table(table) + " SET " + quote(flag) + " = TRUE WHERE "
                + key.stream().map(k -> quote(k) + " = ?").collect(Collectors.joining(" AND "));
    }

    /** Binds a value read from the other database the way this driver takes it. */
    public Object bindable(Object value) {
        return value;
    }

    /** The columns of a table, in order, with their kinds; empty when there is no such table. */
    public List<Column> columns(Connection c, List<String> table) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        List<Column> columns = new ArrayList<>();
        try (ResultSet rs = meta.getColumns(catalog(c, table), schema(table), table.get(table.size() - 1), null)) {
            TreeMap<Integer, Column> ordered = new TreeMap<>();
            while (rs.next()) {
                if (!table.get(table.size() - 1).equals(rs.getString("TABLE_NAME"))) continue;
                ordered.put(rs.getInt("ORDINAL_POSITION"), new Column(rs.getString("COLUMN_NAME"),
                        ValueKind.of(rs.getInt("DATA_TYPE"), typeName(rs)), rs.getString("TYPE_NAME"), !"NO".equals(rs.getString("IS_NULLABLE"))));
            }
            columns.addAll(ordered.values());
        }
        return columns;
    }

    /** The primary key's columns, in key order. */
    public List<String> primaryKey(Connection c, List<String> table) throws SQLException {
        Map<Integer, String> key = new TreeMap<>();
        try (ResultSet rs = c.getMetaData().getPrimaryKeys(catalog(c, table), schema(table), table.get(table.size() - 1))) {
            while (rs.next()) key.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
        }
        return List.copyOf(key.values());
    }

    /** The database's type name of a metadata row, as the kind needs it. */
    protected String typeName(ResultSet column) throws SQLException {
        return column.getString("TYPE_NAME");
    }

    /** The metadata catalog a table name's schema part stands for, if any. */
    protected abstract String catalog(Connection c, List<String> table) throws SQLException;

    /** The metadata schema a table name's schema part stands for, if any. */
    protected abstract String schema(List<String> table);
}
