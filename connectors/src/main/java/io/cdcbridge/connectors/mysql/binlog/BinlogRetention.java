package io.cdcbridge.connectors.mysql.binlog;

import com.github.shyiko.mysql.binlog.GtidSet;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a MySQL or MariaDB server still holds its binlog from a position on. A reader started at a purged position
 * would miss every change in between: mysql-cdc and cdcbridge-mysql read by GTID set where MySQL runs with
 * {@code gtid_mode=ON} (then the transactions the server purged must all be in the set), by file and position
 * elsewhere, MariaDB included (then the file must still be on the server). The engine asks before a job starts,
 * cdcbridge-mysql's reader again before it opens the binlog.
 */
public final class BinlogRetention {

    /** What a user whose position is gone does. */
    public static final String HOW_TO_START_OVER = "the changes since then are lost to this statement: start it over from a"
            + " new snapshot (delete the statement and run its script again; `cdcbridge verify` with --repair then"
            + " removes target rows deleted meanwhile), and keep the binlog longer than a statement stays stopped"
            + " (binlog_expire_logs_seconds)";

    private BinlogRetention() {}

    /**
     * What is gone of the binlog from a position on ({@code described} as messages name it: file, position, GTID set
     * and where it was read), or empty when the server holds all of it.
     */
    public static Optional<String> purged(Connection c, String file, String gtidSet, String described) throws SQLException {
        if (readsByGtid(c, gtidSet)) {
            String purged = single(c, "SELECT @@GLOBAL.gtid_purged");
            if (purged == null || purged.isBlank()) return Optional.empty();
            purged = BinlogStatus.withoutBreaks(purged);
            GtidSet gone = BinlogPosition.mysqlGtidSet(purged);
            if (gone != null && gone.isContainedWithin(new GtidSet(gtidSet))) return Optional.empty();
            if (gone != null) {
                return Optional.of("the " + described + " is no longer on the server: it purged transactions the"
                        + " statement has not read (gtid_purged " + purged + ")");
            }
        }
        List<String> files = binaryLogs(c);
        if (file == null || files.isEmpty() || files.contains(file)) return Optional.empty();
        return Optional.of("the " + described + " is no longer on the server: its oldest binlog file is " + files.get(0)
                + " (older ones were purged: binlog_expire_logs_seconds, expire_logs_days or PURGE BINARY LOGS)");
    }

    /**
     * Whether a reader starting at {@code gtidSet} reads by it: a MySQL GTID set that is not empty, on a server with
     * {@code gtid_mode=ON}. MariaDB's GTID positions are read by file and position, as mysql-cdc reads them, and so is
     * a set with tagged GTIDs (MySQL 8.4), which the binlog client cannot send.
     */
    public static boolean readsByGtid(Connection c, String gtidSet) throws SQLException {
        GtidSet set = BinlogPosition.mysqlGtidSet(gtidSet);
        return set != null && !set.getUUIDSets().isEmpty() && BinlogStatus.gtidModeOn(c);
    }

    private static List<String> binaryLogs(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SHOW BINARY LOGS"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(rs.getString(1));
        } catch (SQLException e) {
            // 1381: the binary log is off, which the preflight tells on its own
            if (e.getErrorCode() == 1381) return List.of();
            throw e;
        }
        return out;
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
