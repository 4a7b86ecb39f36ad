package io.cdcbridge.verify.dialect;

import io.cdcbridge.verify.TableRef;
import io.cdcbridge.verify.ValueKind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** MySQL and MariaDB, through the MariaDB driver (a {@code jdbc:mysql:} URL is taken as {@code jdbc:mariadb:}). */
public final class MySqlDialect extends Dialect {

    @Override
    public String name() {
        return "mysql";
    }

    @Override
    public Connection connect(TableRef table) throws SQLException {
        String url = table.url();
        String mariadbUrl = url.startsWith("jdbc:mysql:") ? "jdbc:mariadb:" + url.substring("jdbc:mysql:".length()) : url;
        Connection c = new org.mariadb.jdbc.Driver().connect(mariadbUrl, properties(table));
        if (c == null) throw new SQLException("the MariaDB driver does not take the URL " + url.replaceFirst("\\?.*", "?..."));
        try (Statement s = c.createStatement()) {
            // UTC: cdcbridge-jdbc stores TIMESTAMP_LTZ as UTC; utf8mb4: MD5 hashes the same bytes PostgreSQL's does
            s.execute("SET time_zone = '+00:00', NAMES utf8mb4");
        }
        return c;
    }

    @Override
    public String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    @Override
    public String text(String c, ValueKind kind) {
        return switch (kind) {
            case INTEGER, TEXT -> "CAST(" + c + " AS CHAR)";
            case DECIMAL -> trimZeros("CAST(" + c + " AS CHAR)");
            case FLOAT -> trimZeros("CAST(CAST(" + c + " AS DECIMAL(65, 10)) AS CHAR)");
            case BOOLEAN -> "CASE WHEN " + c + " THEN '1' WHEN NOT " + c + " THEN '0' END";
            case DATE -> "DATE_FORMAT(" + c + ", '%Y-%m-%d')";
            case TIME -> "TIME_FORMAT(" + c + ", '%H:%i:%s.%f')";
            case TIMESTAMP, TIMESTAMP_TZ -> "DATE_FORMAT(" + c + ", '%Y-%m-%d %H:%i:%s.%f')";
            case JSON -> "JSON_COMPACT(" + c + ")";
            case BINARY -> "LOWER(HEX(" + c + "))";
        };
    }

    private static String trimZeros(String t) {
        return "CASE WHEN LOCATE('.', " + t + ") > 0 THEN TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM " + t + ")) ELSE " + t + " END";
    }

    @Override
    public String field(String text) {
        return "COALESCE(CONCAT(CHAR_LENGTH(" + text + "), ':', " + text + "), '-')";
    }

    @Override
    public String concat(List<String> parts) {
        return parts.size() == 1 ? parts.get(0) : "CONCAT_WS('|', " + String.join(", ", parts) + ")";
    }

    @Override
    protected String number(String c, ValueKind kind) {
        return switch (kind) {
            case INTEGER -> c;
            case DATE -> "TO_DAYS(" + c + ")";
            case TIMESTAMP, TIMESTAMP_TZ -> "(TO_SECONDS(" + c + ") * 1000000 + MICROSECOND(" + c + "))";
            default -> throw new IllegalArgumentException("no number for " + kind);
        };
    }

    @Override
    public String plainText(String c, String type) {
        // a conversion costs about as much as the hash on MariaDB: text types go as they are
        return TEXT_TYPES.contains(type.toLowerCase(java.util.Locale.ROOT)) ? c : "CAST(" + c + " AS CHAR)";
    }

    private static final java.util.Set<String> TEXT_TYPES = java.util.Set.of("char", "varchar", "tinytext", "text", "mediumtext", "longtext");

    @Override
    public String hash60(String text) {
        return "CAST(CONV(SUBSTRING(MD5(" + text + "), 1, 15), 16, 10) AS UNSIGNED)";
    }

    @Override
    public String hash32(String text) {
        return "CAST(CONV(SUBSTRING(MD5(" + text + "), 1, 8), 16, 10) AS UNSIGNED)";
    }

    @Override
    public String divide(String a, String b) {
        return "((" + a + ") DIV " + b + ")";
    }

    @Override
    public Optional<String> position(Connection c) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@gtid_binlog_pos")) {
            return rs.next() && rs.getString(1) != null && !rs.getString(1).isEmpty()
                    ? Optional.of("GTID " + rs.getString(1)) : Optional.empty();
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    @Override
    public String upsert(List<String> table, List<String> columns, List<String> key, Optional<String> version) {
        String names = columns.stream().map(this::quote).collect(Collectors.joining(", "));
        String values = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
        // the version column is assigned last: every guard before it still sees the old version
        List<String> updated = new java.util.ArrayList<>(columns.stream().filter(c -> !key.contains(c) && !version.filter(c::equals).isPresent()).toList());
        version.ifPresent(updated::add);
        String sql = "INSERT INTO " + table(table) + " (" + names + ") VALUES (" + values + ") ON DUPLICATE KEY UPDATE ";
        if (updated.isEmpty()) {
            String k = quote(key.get(0));
            return sql + k + " = " + k;
        }
        String guard = version.map(v -> quote(v) + " IS NULL OR " + quote(v) + " <= VALUES(" + quote(v) + ")").orElse(null);
        return sql + updated.stream()
                .map(c -> quote(c) + " = " + (guard == null ? "VALUES(" + quote(c) + ")" : "IF(" + guard + ", VALUES(" + quote(c) + "), " + quote(c) + ")"))
                .collect(Collectors.joining(", "));
    }

    @Override
    public Object bindable(Object value) {
        if (value instanceof OffsetDateTime t) return t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        return value;
    }

    @Override
    protected String typeName(ResultSet column) throws SQLException {
        String name = column.getString("TYPE_NAME");
        // BOOLEAN is TINYINT(1); the driver reports it as BIT with size 1
        if (column.getInt("DATA_TYPE") == java.sql.Types.BIT && column.getInt("COLUMN_SIZE") == 1) return "boolean";
        return name;
    }

    @Override
    protected String catalog(Connection c, List<String> table) throws SQLException {
        return table.size() == 2 ? table.get(0) : c.getCatalog();
    }

    @Override
    protected String schema(List<String> table) {
        return null;
    }
}
