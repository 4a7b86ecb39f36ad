package io.cdcbridge.connectors.jdbc.dialect;

import java.io.Serializable;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * Renders the sink's statement model (upsert, guarded delete, create table) as one database's SQL, binds values
 * the way its driver takes them, and says what its errors mean. Identifiers are always quoted; values are only
 * ever parameters.
 */
public abstract class Dialect implements Serializable {

    /** A short name for messages, e.g. "postgres". */
    public abstract String name();

    /** Whether this dialect handles a JDBC URL. */
    public abstract boolean accepts(String url);

    /** Opens a connection with the sink's session settings (transactions on, UTC where it matters). */
    public abstract Connection connect(String url, Properties credentials) throws SQLException;

    /** An identifier quoted for this database, whatever characters it holds. */
    public abstract String quote(String identifier);

    /** Throws IllegalArgumentException when the database could not hold the name as written (too long, NUL). */
    public abstract void checkIdentifier(String identifier);

    /** The SQL type auto-create gives a column; throws IllegalArgumentException for a type it does not map. */
    public abstract String sqlType(LogicalType type, boolean inKey);

    /** The statement for an upsert of a number of rows (which only statements binding rows inline depend on). */
    public abstract Sql render(Upsert upsert, int rows);

    /** The statement for a guarded delete of a number of rows (which only statements binding rows inline depend on). */
    public abstract Sql render(Delete delete, int rows);

    /**
     * For a dialect whose upsert cannot test the tombstones itself: a query over a number of the upsert's rows that
     * returns the position (0 ..) of each row a newer tombstone hides. Empty when the upsert tests them itself.
     */
    public Optional<Sql> tombstoneCheck(Upsert upsert, int rows) {
        return Optional.empty();
    }

    /** The type each column of an existing table is declared with, by column name; empty when there is no such table. */
    public abstract Map<String, String> declaredTypes(Connection connection, Table table) throws SQLException;

    /** The type each column of an existing table is declared with, modifiers included (numeric(10,2)), by column name. */
    public Map<String, String> declaredFullTypes(Connection connection, Table table) throws SQLException {
        return declaredTypes(connection, table);
    }

    /** ALTER TABLE that gives a column the type auto-create maps its Flink type to (a widening), keeping it NOT NULL if it is. */
    public abstract String widenColumn(Table table, Column column);

    /** The primary key columns of an existing table, in key order. */
    public abstract List<String> declaredPrimaryKey(Connection connection, Table table) throws SQLException;

    /** What one exception (not its causes) means, if this dialect knows. */
    protected abstract Optional<Failure> classifyOne(SQLException e);

    /** A value as this dialect's driver takes it in {@code setObject}, from the sink's Java value. */
    public abstract Object bindValue(Object value, LogicalType type);

    /** The empty column arrays of a COLUMN_ARRAYS statement, one per parameter (the column it binds), for {@code rows} rows. */
    public ColumnArrays columnArrays(List<Column> parameters, int rows) {
        throw new UnsupportedOperationException(name() + " renders no statement that binds column arrays");
    }

    /** The table's name, quoted and schema-qualified as written. */
    public String table(Table table) {
        return table.name().stream().map(this::quote).collect(Collectors.joining("."));
    }

    /** CREATE SCHEMA IF NOT EXISTS of a schema-qualified table's schema (a database on MySQL and MariaDB), else null. */
    public String createSchema(Table table) {
        return table.name().size() < 2 ? null : "CREATE SCHEMA IF NOT EXISTS " + quote(table.name().get(0));
    }

    /** CREATE TABLE IF NOT EXISTS with the mapped types, NOT NULL where the Flink type says so, and the primary key. */
    public String createTable(Table table) {
        List<String> parts = new ArrayList<>();
        for (Column c : table.columns()) {
            boolean inKey = table.primaryKey().contains(c.name());
            parts.add(quote(c.name()) + " " + sqlType(c.type(), inKey) + (c.nullable() && !inKey ? "" : " NOT NULL"));
        }
        parts.add("PRIMARY KEY (" + columnList(table.keyColumns()) + ")");
        return "CREATE TABLE IF NOT EXISTS " + table(table) + " (" + String.join(", ", parts) + ")";
    }

    /** ALTER TABLE ... ADD COLUMN of one nullable column with its mapped type. */
    public String addColumn(Table table, Column column) {
        return "ALTER TABLE " + table(table) + " ADD COLUMN " + quote(column.name()) + " " + sqlType(column.type(), false);
    }

    /** DELETE of the rows older than one bound timestamp. */
    public Sql render(DeleteOlder delete) {
        return new Sql("DELETE FROM " + table(delete.table()) + " WHERE " + quote(delete.timestamp().name()) + " < ?",
                List.of(0), Sql.Binding.PER_ROW);
    }

    /** A query that reads no row but fails, naming what is missing, unless the table has all the columns. */
    public String probe(Table table) {
        return "SELECT " + columnList(table.columns()) + " FROM " + table(table) + " WHERE 1 = 0";
    }

    /**
     * What an error means: the first exception in its chain (causes and, for batches, next exceptions) that the
     * dialect recognises decides; an unknown error is fatal.
     */
    public Failure classify(SQLException e) {
        for (SQLException each : chain(e)) {
            Optional<Failure> known = classifyOne(each);
            if (known.isPresent()) return known.get();
        }
        return Failure.FATAL;
    }

    /**
     * An error's message with its SQL state, for people. Batch exceptions are looked through: drivers wrap the
     * database's own message in them, with a text that repeats the statement.
     */
    public static String describe(SQLException e) {
        SQLException told = e;
        for (SQLException each : chain(e)) {
            if (!(each instanceof BatchUpdateException)) {
                told = each;
                break;
            }
        }
        String state = sqlState(e);
        String message = told.getMessage() == null ? told.getClass().getSimpleName() : told.getMessage().strip();
        return message + (state == null ? "" : " (SQL state " + state + ")");
    }

    /** The SQL state of the first exception in the chain that has one, batch wrappers looked through. */
    public static String sqlState(SQLException e) {
        String wrapper = null;
        for (SQLException each : chain(e)) {
            if (each.getSQLState() == null) continue;
            if (!(each instanceof BatchUpdateException)) return each.getSQLState();
            if (wrapper == null) wrapper = each.getSQLState();
        }
        return wrapper;
    }

    /** The exception, its causes and its next exceptions, outermost first, each once. */
    static List<SQLException> chain(SQLException e) {
        List<SQLException> all = new ArrayList<>();
        List<Throwable> todo = new ArrayList<>(List.of(e));
        while (!todo.isEmpty() && all.size() < 20) {
            Throwable t = todo.remove(0);
            if (t instanceof SQLException s && !all.contains(s)) {
                all.add(s);
                if (s.getNextException() != null) todo.add(s.getNextException());
            }
            if (t.getCause() != null && t.getCause() != t) todo.add(t.getCause());
        }
        return all;
    }

    /**
     * Opens a connection through the driver itself (DriverManager may not see the drivers of a Flink job's class
     * loader), with the driver settings given where the URL sets none, and transactions on.
     */
    protected static Connection open(Driver driver, String url, Properties credentials, Map<String, String> settings)
            throws SQLException {
        Properties p = new Properties();
        p.putAll(credentials);
        settings.forEach(p::putIfAbsent);
        Connection c = driver.connect(url, p);
        if (c == null) throw new SQLException(driver.getClass().getName() + " does not take the URL " + Dialects.redact(url), "08001");
        c.setAutoCommit(false);
        return c;
    }

    /** Quoted column names, comma-separated. */
    protected String columnList(List<Column> columns) {
        return columns.stream().map(c -> quote(c.name())).collect(Collectors.joining(", "));
    }

    /** The position of a column, by name, in a list of bound columns. */
    protected static int position(List<Column> bound, Column column) {
        for (int i = 0; i < bound.size(); i++) if (bound.get(i).name().equals(column.name())) return i;
        throw new IllegalArgumentException("'" + column.name() + "' is not among the bound columns");
    }

    /** The indexes 0 .. n-1: each bound column once, in order. */
    protected static List<Integer> each(int n) {
        return IntStream.range(0, n).boxed().toList();
    }
}
