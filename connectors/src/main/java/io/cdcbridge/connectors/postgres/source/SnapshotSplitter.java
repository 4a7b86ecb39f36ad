package io.cdcbridge.connectors.postgres.source;

import io.cdcbridge.connectors.postgres.Identifiers;
import io.cdcbridge.connectors.postgres.PostgresSourceException;
import io.cdcbridge.connectors.postgres.PostgresTable;
import io.cdcbridge.connectors.source.KeyRanges;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Cuts a table (its Flink table's id names its splits) into snapshot splits of about {@code chunkSize} rows by ranges
 * of an integer column (the primary key when it is one column), as {@link KeyRanges} cuts them. Without such a column,
 * one split.
 */
final class SnapshotSplitter {

    private static final Set<String> INTEGER_TYPES = Set.of("smallint", "integer", "bigint");

    private SnapshotSplitter() {}

    /** A table's splits and the rows it is estimated to hold (for the progress gauge), asked once. */
    record Plan(List<SnapshotSplit> splits, long estimatedRows) {}

    /**
     * The splits of a table and its estimated rows, asking over {@code c} (one connection for all the tables of a
     * slot): the estimate sizes the splits and feeds the progress gauge, so a table never analyzed is counted once.
     */
    static Plan split(Connection c, String id, PostgresTable table, String key, int chunkSize) {
        List<SnapshotSplit> whole = List.of(new SnapshotSplit(id, 0, null, null));
        try {
            if (key == null || !INTEGER_TYPES.contains(keyType(c, table, key))) return new Plan(whole, estimatedRows(c, table));
            long min;
            long max;
            String quotedKey = Identifiers.quote(key);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT min(" + quotedKey + "), max(" + quotedKey + ") FROM " + table.quoted())) {
                rs.next();
                min = rs.getLong(1);
                if (rs.wasNull()) return new Plan(whole, 0); // an empty table
                max = rs.getLong(2);
            }
            long rows = estimatedRows(c, table);
            List<SnapshotSplit> splits = new ArrayList<>();
            for (KeyRanges.Range r : KeyRanges.cut(min, max, rows, chunkSize)) {
                splits.add(new SnapshotSplit(id, splits.size(), r.lower(), r.upper()));
            }
            return new Plan(splits, rows);
        } catch (SQLException e) {
            throw new PostgresSourceException("cdcbridge-postgres cannot split " + table.describe() + " for the snapshot: "
                    + e.getMessage(), e);
        }
    }

    private static String keyType(Connection c, PostgresTable table, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT format_type(a.atttypid, NULL) FROM pg_attribute a"
                + " WHERE a.attrelid = ?::regclass AND a.attname = ? AND NOT a.attisdropped")) {
            s.setString(1, table.quoted());
            s.setString(2, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : "";
            }
        }
    }

    /**
     * The tables' rows as the planner estimates them (a count for one never analyzed), or -1 when it cannot be asked:
     * for a job restored before its snapshot ended, whose splits were planned by the job it restores.
     */
    static long estimatedRows(List<PostgresTable> tables) {
        try (Connection c = tables.get(0).endpoint().connect()) {
            long sum = 0;
            for (PostgresTable table : tables) sum += estimatedRows(c, table);
            return sum;
        } catch (SQLException | RuntimeException e) {
            return -1;
        }
    }

    // the planner's estimate when the table was analyzed, else a count
    private static long estimatedRows(Connection c, PostgresTable table) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT reltuples::bigint FROM pg_class WHERE oid = ?::regclass")) {
            s.setString(1, table.quoted());
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next() && rs.getLong(1) > 0) return rs.getLong(1);
            }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table.quoted())) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
