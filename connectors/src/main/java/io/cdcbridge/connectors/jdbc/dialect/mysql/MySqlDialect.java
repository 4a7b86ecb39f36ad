package io.cdcbridge.connectors.jdbc.dialect.mysql;

import io.cdcbridge.connectors.jdbc.dialect.Column;
import io.cdcbridge.connectors.jdbc.dialect.Delete;
import io.cdcbridge.connectors.jdbc.dialect.Dialect;
import io.cdcbridge.connectors.jdbc.dialect.Failure;
import io.cdcbridge.connectors.jdbc.dialect.JsonText;
import io.cdcbridge.connectors.jdbc.dialect.Sql;
import io.cdcbridge.connectors.jdbc.dialect.Table;
import io.cdcbridge.connectors.jdbc.dialect.Upsert;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;

/**
 * MySQL and MariaDB, through the MariaDB driver (a {@code jdbc:mysql:} URL is taken as {@code jdbc:mariadb:}).
 * Writes are set-based: one multi-row {@code INSERT ... VALUES (...), (...) ON DUPLICATE KEY UPDATE} per batch with
 * every assignment guarded, {@code col = IF(guard, VALUES(col), col)}, the version column assigned last; one
 * {@code DELETE ... WHERE (key AND guard) OR ...}; tombstones are looked up by a query of their own.
 */
public final class MySqlDialect extends Dialect {

    private static final int MAX_IDENTIFIER_CHARS = 64;
    // utf8mb4 index keys hold 3072 bytes: 768 characters
    private static final int MAX_KEY_CHARS = 768;
    private static final int MAX_VARCHAR_CHARS = 16383;
    private static final int UNBOUNDED_KEY_CHARS = 255;
    // lost or refused connections, a server going down, deadlocks and lock wait timeouts: worth another try
    private static final Set<Integer> OUTAGE_CODES = Set.of(1040, 1053, 1152, 1205, 1213, 1927, 2002, 2003, 2006, 2013, 2055, 4031);
    // values the table refuses: NULL, too long, out of range, wrong value, duplicate in a unique key, foreign key, check
    private static final Set<Integer> REJECTED_CODES = Set.of(1048, 1062, 1216, 1217, 1264, 1265, 1292, 1366, 1406, 1451, 1452,
            1690, 3819, 4025);

    @Override
    public String name() {
        return "mysql";
    }

    @Override
    public boolean accepts(String url) {
        return url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:");
    }

    @Override
    public Connection connect(String url, Properties credentials) throws SQLException {
        String mariadbUrl = url.startsWith("jdbc:mysql:") ? "jdbc:mariadb:" + url.substring("jdbc:mysql:".length()) : url;
        // server-side prepared statements: a batch's multi-row statement is parsed once per connection and its rows
        // sent in the binary protocol, where the text protocol had MariaDB parse every row's values again
        Connection c = open(new org.mariadb.jdbc.Driver(), mariadbUrl, credentials,
                Map.of("connectTimeout", "10000", "tcpKeepAlive", "true", "useServerPrepStmts", "true"));
        try (Statement s = c.createStatement()) {
            // strict: a value too long is refused (and dead-lettered) rather than cut; UTC: TIMESTAMP_LTZ is stored as UTC
            s.execute("SET SESSION sql_mode = CONCAT_WS(',', NULLIF(@@sql_mode, ''), 'STRICT_ALL_TABLES'), time_zone = '+00:00'");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    @Override
    public String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    @Override
    public void checkIdentifier(String identifier) {
        if (identifier.indexOf('\0') >= 0) throw new IllegalArgumentException("a MySQL name cannot hold a NUL character");
        if (identifier.codePointCount(0, identifier.length()) > MAX_IDENTIFIER_CHARS) {
            throw new IllegalArgumentException("'" + identifier + "' is longer than MySQL's " + MAX_IDENTIFIER_CHARS + " characters for a name");
        }
    }

    @Override
    public String sqlType(LogicalType type, boolean inKey) {
        return switch (type.getTypeRoot()) {
            case CHAR -> LogicalTypeChecks.getLength(type) <= 255 ? "CHAR(" + LogicalTypeChecks.getLength(type) + ")" : text(type, inKey, "VARCHAR", "LONGTEXT");
            case VARCHAR -> text(type, inKey, "VARCHAR", "LONGTEXT");
            case BOOLEAN -> "BOOLEAN";
            case BINARY -> LogicalTypeChecks.getLength(type) <= 255 ? "BINARY(" + LogicalTypeChecks.getLength(type) + ")" : text(type, inKey, "VARBINARY", "LONGBLOB");
            case VARBINARY -> text(type, inKey, "VARBINARY", "LONGBLOB");
            case DECIMAL -> "DECIMAL(" + ((DecimalType) type).getPrecision() + ", " + ((DecimalType) type).getScale() + ")";
            case TINYINT -> "TINYINT";
            case SMALLINT -> "SMALLINT";
            case INTEGER -> "INT";
            case BIGINT -> "BIGINT";
            case FLOAT -> "FLOAT";
            case DOUBLE -> "DOUBLE";
            case DATE -> "DATE";
            case TIME_WITHOUT_TIME_ZONE -> "TIME(" + microseconds(type) + ")";
            // DATETIME rather than TIMESTAMP, which ends in 2038; TIMESTAMP_LTZ is stored as UTC
            case TIMESTAMP_WITHOUT_TIME_ZONE, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> "DATETIME(" + microseconds(type) + ")";
            // no array type: the array as a JSON array (MariaDB's JSON is LONGTEXT checked to be valid JSON)
            case ARRAY -> "JSON";
            default -> throw new IllegalArgumentException("cdcbridge-jdbc does not write " + type + " to MySQL");
        };
    }

    // Strings and bytes: a bounded VARCHAR/VARBINARY where MySQL can hold (and index) it, else the long type.
    private static String text(LogicalType type, boolean inKey, String bounded, String unbounded) {
        int length = LogicalTypeChecks.getLength(type);
        boolean unlimited = length == Integer.MAX_VALUE;
        if (inKey) {
            if (unlimited) return bounded + "(" + UNBOUNDED_KEY_CHARS + ")";
            if (length > MAX_KEY_CHARS) {
                throw new IllegalArgumentException("a key column of " + type + " is longer than MySQL can index; declare it with "
                        + MAX_KEY_CHARS + " characters at the most");
            }
            return bounded + "(" + length + ")";
        }
        return length <= MAX_VARCHAR_CHARS ? bounded + "(" + length + ")" : unbounded;
    }

    private static int microseconds(LogicalType type) {
        return Math.min(LogicalTypeChecks.getPrecision(type), 6);
    }

    @Override
    public Sql render(Upsert upsert, int rows) {
        List<Column> in = upsert.inserted();
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table(upsert.table())).append(" (")
                .append(columnList(in)).append(") VALUES ").append(rows(in.size(), rows)).append(" ON DUPLICATE KEY UPDATE ");
        List<Column> updated = new ArrayList<>(upsert.updated());
        if (updated.isEmpty()) {
            String k = quote(upsert.table().primaryKey().get(0));
            sql.append(k).append(" = ").append(k);
        } else {
            // MySQL assigns left to right, and a guard after the version's assignment would see the new version
            upsert.guard().ifPresent(v -> {
                updated.remove(v);
                updated.add(v);
            });
            List<String> assignments = new ArrayList<>();
            for (Column c : updated) {
                String col = quote(c.name());
                assignments.add(col + " = " + upsert.guard().map(v -> "IF(" + guard(v) + ", VALUES(" + col + "), " + col + ")")
                        .orElse("VALUES(" + col + ")"));
            }
            sql.append(String.join(", ", assignments));
        }
        return new Sql(sql.toString(), each(in.size()), Sql.Binding.ROW_GROUPS);
    }

    // The tombstones are looked up apart: an INSERT ... SELECT per row would cost MySQL a statement per row.
    @Override
    public Optional<Sql> tombstoneCheck(Upsert upsert, int rows) {
        if (upsert.unlessTombstoned().isEmpty()) return Optional.empty();
        Column version = upsert.guard().orElseThrow(() -> new IllegalArgumentException("tombstones need a version column"));
        List<Column> in = upsert.inserted();
        List<Integer> parameters = new ArrayList<>();
        List<String> match = new ArrayList<>();
        for (Column k : upsert.table().keyColumns()) {
            match.add(quote(k.name()) + " = ?");
            parameters.add(position(in, k));
        }
        match.add(quote(version.name()) + " > ?");
        parameters.add(position(in, version));
        String tombstones = table(upsert.unlessTombstoned().get());
        List<String> selects = new ArrayList<>();
        // the row's position is a number of ours, not a value: it may be written into the statement
        for (int r = 0; r < rows; r++) selects.add("SELECT " + r + " FROM " + tombstones + " WHERE " + String.join(" AND ", match));
        return Optional.of(new Sql(String.join(" UNION ALL ", selects), parameters, Sql.Binding.ROW_GROUPS));
    }

    private String guard(Column version) {
        String v = quote(version.name());
        return v + " IS NULL OR " + v + " <= VALUES(" + v + ")";
    }

    @Override
    public Sql render(Delete delete, int rows) {
        List<Column> bound = delete.bound();
        List<String> match = new ArrayList<>();
        for (String k : delete.table().primaryKey()) match.add(quote(k) + " = ?");
        delete.guard().ifPresent(v -> match.add("(" + quote(v.name()) + " IS NULL OR " + quote(v.name()) + " <= ?)"));
        String one = "(" + String.join(" AND ", match) + ")";
        return new Sql("DELETE FROM " + table(delete.table()) + " WHERE " + String.join(" OR ", Collections.nCopies(rows, one)),
                each(bound.size()), Sql.Binding.ROW_GROUPS);
    }

    // "(?, ?), (?, ?)": placeholders for a number of rows.
    private static String rows(int columns, int rows) {
        String one = "(" + String.join(", ", Collections.nCopies(columns, "?")) + ")";
        return String.join(", ", Collections.nCopies(rows, one));
    }

    @Override
    public Map<String, String> declaredTypes(Connection connection, Table table) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        try (PreparedStatement s = informationSchema(connection, "SELECT COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS",
                table, " ORDER BY ORDINAL_POSITION"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) types.put(rs.getString(1), rs.getString(2));
        }
        return types;
    }

    @Override
    public String widenColumn(Table table, Column column) {
        boolean inKey = table.primaryKey().contains(column.name());
        // MODIFY states the whole column: NOT NULL again where it is
        return "ALTER TABLE " + table(table) + " MODIFY COLUMN " + quote(column.name()) + " " + sqlType(column.type(), inKey)
                + (column.nullable() && !inKey ? "" : " NOT NULL");
    }

    @Override
    public List<String> declaredPrimaryKey(Connection connection, Table table) throws SQLException {
        List<String> key = new ArrayList<>();
        try (PreparedStatement s = informationSchema(connection, "SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE",
                table, " AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) key.add(rs.getString(1));
        }
        return key;
    }

    // A query on an information_schema view, for the table's schema (the URL's database unless the name says).
    private static PreparedStatement informationSchema(Connection connection, String select, Table table, String rest) throws SQLException {
        PreparedStatement s = connection.prepareStatement(select + " WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ?" + rest);
        s.setString(1, table.name().size() == 2 ? table.name().get(0) : null);
        s.setString(2, table.simpleName());
        return s;
    }

    @Override
    protected Optional<Failure> classifyOne(SQLException e) {
        int code = e.getErrorCode();
        if (OUTAGE_CODES.contains(code)) return Optional.of(Failure.OUTAGE);
        if (REJECTED_CODES.contains(code)) return Optional.of(Failure.REJECTED);
        String state = e.getSQLState();
        if (state == null) return Optional.empty();
        if (state.startsWith("08") || state.equals("40001")) return Optional.of(Failure.OUTAGE);
        if (state.startsWith("22") || state.startsWith("23")) return Optional.of(Failure.REJECTED);
        // HY000 is MySQL's "some error": only its code tells; a wrapper without one leaves it to its cause
        return code == 0 ? Optional.empty() : Optional.of(Failure.FATAL);
    }

    @Override
    public Object bindValue(Object value, LogicalType type) {
        if (value instanceof List<?> array) return JsonText.of(array);
        return value instanceof Instant i ? LocalDateTime.ofInstant(i, ZoneOffset.UTC) : value;
    }
}
