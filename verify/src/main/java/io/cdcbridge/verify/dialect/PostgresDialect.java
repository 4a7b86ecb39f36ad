package io.cdcbridge.verify.dialect;

import io.cdcbridge.verify.TableRef;
import io.cdcbridge.verify.ValueKind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/** PostgreSQL. */
public final class PostgresDialect extends Dialect {

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public Connection connect(TableRef table) throws SQLException {
        String url = table.url();
        Properties p = properties(table);
        p.setProperty("ApplicationName", "cdcbridge verify");
        Connection c = new org.postgresql.Driver().connect(url, p);
        if (c == null) throw new SQLException("the PostgreSQL driver does not take the URL " + url.replaceFirst("\\?.*", "?..."));
        try (Statement s = c.createStatement()) {
            s.execute("SET TIME ZONE 'UTC'");
        }
        return c;
    }

    @Override
    public String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    public String text(String c, ValueKind kind) {
        return switch (kind) {
            case INTEGER, TEXT -> c + "::text";
            case DECIMAL -> trimZeros(c + "::text");
            // numbers beyond what the other databases hold keep their own names
            case FLOAT -> "CASE WHEN " + c + " IN ('NaN', 'Infinity', '-Infinity') THEN " + c + "::text ELSE "
                    + trimZeros("round(" + c + "::numeric, 10)::text") + " END";
            case BOOLEAN -> "CASE WHEN " + c + " THEN '1' WHEN NOT " + c + " THEN '0' END";
            case DATE -> "to_char(" + c + ", 'YYYY-MM-DD')";
            case TIME -> "to_char(date '2000-01-01' + " + c + ", 'HH24:MI:SS.US')";
            case TIMESTAMP -> "to_char(" + c + ", 'YYYY-MM-DD HH24:MI:SS.US')";
            case TIMESTAMP_TZ -> "to_char(" + c + " AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')";
            case JSON -> c + "::jsonb::text";
            case BINARY -> "encode(" + c + ", 'hex')";
        };
    }

    private static String trimZeros(String t) {
        return "CASE WHEN strpos(" + t + ", '.') > 0 THEN rtrim(rtrim(" + t + ", '0'), '.') ELSE " + t + " END";
    }

    @Override
    public String field(String text) {
        return "COALESCE(length(" + text + ")::text || ':' || " + text + ", '-')";
    }

    @Override
    public String concat(List<String> parts) {
        return parts.size() == 1 ? parts.get(0) : "(" + String.join(" || '|' || ", parts) + ")";
    }

    @Override
    protected String number(String c, ValueKind kind) {
        // infinite dates and timestamps keep their names: no number on the other side equals them
        return switch (kind) {
            case INTEGER -> c + "::text";
            case DATE -> "CASE WHEN isfinite(" + c + ") THEN (" + c + " - date '1970-01-01' + " + DAYS_TO_1970 + ")::text ELSE " + c + "::text END";
            // days and the time of day apart: both exact in float8, and half the cost of extract's numeric epoch
            case TIMESTAMP, TIMESTAMP_TZ -> "CASE WHEN isfinite(" + c + ") THEN ((" + c + "::date - date '1970-01-01' + " + DAYS_TO_1970
                    + ")::bigint * 86400000000 + round(date_part('epoch', " + c + "::time) * 1000000)::bigint)::text ELSE " + c + "::text END";
            default -> throw new IllegalArgumentException("no number for " + kind);
        };
    }

    // MariaDB's TO_DAYS and TO_SECONDS count from 0000-01-01
    private static final long DAYS_TO_1970 = 719_528;

    @Override
    public String plainText(String c, String type) {
        return c + "::text";
    }

    @Override
    public int parts(Connection c, int n) throws SQLException {
        // one aggregate already runs on the leader and its parallel workers; TID range scans are not parallel
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_setting('max_parallel_workers_per_gather')::int")) {
            rs.next();
            return n > 1 + rs.getInt(1) ? n : 1;
        }
    }

    @Override
    public List<Part> storageParts(Connection c, List<String> table, int n) throws SQLException {
        // TID range scans: PostgreSQL 14 and later
        if (n < 2 || c.getMetaData().getDatabaseMajorVersion() < 14) return List.of();
        long pages;
        try (java.sql.PreparedStatement ps = c.prepareStatement(
                "SELECT pg_relation_size(to_regclass(?)) / current_setting('block_size')::bigint")) {
            ps.setString(1, table(table));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                pages = rs.getLong(1);
            }
        }
        if (pages < n) return List.of();
        List<Part> parts = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            String from = "(" + pages * i / n + ",0)";
            // the last part is open: pages added meanwhile are read too
            parts.add(i == n - 1 ? new Part("ctid >= ?::tid", List.of(from))
                    : new Part("ctid >= ?::tid AND ctid < ?::tid", List.of(from, "(" + pages * (i + 1) / n + ",0)")));
        }
        return parts;
    }

    @Override
    public String hash60(String text) {
        return "('x' || substr(md5(" + text + "), 1, 15))::bit(60)::bigint";
    }

    @Override
    public String hash32(String text) {
        return "('x' || lpad(substr(md5(" + text + "), 1, 8), 16, '0'))::bit(64)::bigint";
    }

    @Override
    public Optional<String> nativeHash(Connection c, List<String> quotedColumns) throws SQLException {
        // hash_record_extended: PostgreSQL 14 and later
        if (c.getMetaData().getDatabaseMajorVersion() < 14) return Optional.empty();
        return Optional.of("hash_record_extended(ROW(" + String.join(", ", quotedColumns) + "), 0)");
    }

    @Override
    public String divide(String a, String b) {
        return "((" + a + ")::bigint / " + b + "::bigint)";
    }

    @Override
    public Optional<String> position(Connection c) {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END::text")) {
            return rs.next() ? Optional.ofNullable(rs.getString(1)).map(lsn -> "LSN " + lsn) : Optional.empty();
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    @Override
    public String upsert(List<String> table, List<String> columns, List<String> key, Optional<String> version) {
        String t = table(table);
        String names = columns.stream().map(this::quote).collect(Collectors.joining(", "));
        String values = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
        List<String> updated = columns.stream().filter(c -> !key.contains(c)).toList();
        String conflict = key.stream().map(this::quote).collect(Collectors.joining(", "));
        String sql = "INSERT INTO " + t + " AS t (" + names + ") VALUES (" + values + ") ON CONFLICT (" + conflict + ") DO ";
        if (updated.isEmpty()) return sql + "NOTHING";
        sql += "UPDATE SET " + updated.stream().map(c -> quote(c) + " = EXCLUDED." + quote(c)).collect(Collectors.joining(", "));
        if (version.isPresent()) {
            String v = quote(version.get());
            sql += " WHERE t." + v + " IS NULL OR t." + v + " <= EXCLUDED." + v;
        }
        return sql;
    }

    @Override
    protected String typeName(ResultSet column) throws SQLException {
        return column.getString("TYPE_NAME");
    }

    @Override
    protected String catalog(Connection c, List<String> table) {
        return null;
    }

    @Override
    protected String schema(List<String> table) {
        return table.size() == 2 ? table.get(0) : "public";
    }
}
