package io.cdcbridge.connectors.mysql.source;

import io.cdcbridge.connectors.mysql.MysqlEndpoint;
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
 * Cuts the table into chunks of about {@code chunk.size} rows by ranges of its integer split column, as
 * {@link KeyRanges} cuts them (the same as cdcbridge-postgres); without such a column, one chunk.
 */
final class ChunkSplitter {

    private static final Set<String> INTEGER_TYPES = Set.of("tinyint", "smallint", "mediumint", "int", "integer", "bigint");

    private ChunkSplitter() {}

    static List<ChunkSplit> split(Connection c, MysqlSourceConfig config) throws SQLException {
        List<ChunkSplit> whole = List.of(new ChunkSplit(0, null, null));
        String key = config.chunkKey();
        if (key == null || !isInteger(c, config, key)) return whole;
        String quoted = MysqlEndpoint.quote(key);
        long min;
        long max;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT min(" + quoted + "), max(" + quoted + ") FROM " + config.quotedTable())) {
            rs.next();
            min = rs.getLong(1);
            if (rs.wasNull()) return whole; // an empty table
            max = rs.getLong(2);
        }
        List<ChunkSplit> chunks = new ArrayList<>();
        for (KeyRanges.Range r : KeyRanges.cut(min, max, rows(c, config), config.chunkSize())) {
            chunks.add(new ChunkSplit(chunks.size(), r.lower(), r.upper()));
        }
        return chunks;
    }

    // a BIGINT UNSIGNED may not fit a long: one chunk
    private static boolean isInteger(Connection c, MysqlSourceConfig config, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT DATA_TYPE, COLUMN_TYPE FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND COLUMN_NAME = ?")) {
            s.setString(1, config.endpoint().database());
            s.setString(2, config.table());
            s.setString(3, key);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) return false;
                String type = rs.getString(1).toLowerCase();
                return INTEGER_TYPES.contains(type) && !(type.equals("bigint") && rs.getString(2).contains("unsigned"));
            }
        }
    }

    // InnoDB's estimate, counted when it is small (a table just filled may not be estimated yet; counting it is cheap)
    private static long rows(Connection c, MysqlSourceConfig config) throws SQLException {
        long estimate = 0;
        try (PreparedStatement s = c.prepareStatement("SELECT TABLE_ROWS FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            s.setString(1, config.endpoint().database());
            s.setString(2, config.table());
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) estimate = rs.getLong(1);
            }
        }
        if (estimate >= 10L * config.chunkSize()) return estimate;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + config.quotedTable())) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
