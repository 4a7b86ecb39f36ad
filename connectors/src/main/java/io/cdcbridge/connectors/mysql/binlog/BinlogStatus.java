package io.cdcbridge.connectors.mysql.binlog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Where a server's binlog ends now, with its GTID position there (MariaDB's, or MySQL's executed GTID set). */
public final class BinlogStatus {

    private BinlogStatus() {}

    /** The end of the binlog; refuses a server that writes none. */
    public static BinlogPosition current(Connection c) throws SQLException {
        String file;
        long position;
        String gtid = null;
        boolean mysql;
        try (Statement s = c.createStatement(); ResultSet rs = status(s)) {
            if (!rs.next()) throw new SQLException("the server writes no binlog (log_bin is OFF)");
            file = rs.getString(1);
            position = rs.getLong(2);
            // MySQL tells its executed GTID set in the fifth column (empty without GTIDs); MariaDB has none there
            mysql = rs.getMetaData().getColumnCount() >= 5;
            if (mysql) gtid = rs.getString(5);
        }
        if (mysql) return new BinlogPosition(file, position, gtid == null ? "" : withoutBreaks(gtid));
        gtid = mariaDbGtid(c, file, position);
        return new BinlogPosition(file, position, gtid == null || gtid.isBlank() ? null : gtid);
    }

    /** Whether the server is MySQL with {@code gtid_mode=ON} (MariaDB has no such variable). */
    public static boolean gtidModeOn(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SHOW GLOBAL VARIABLES LIKE 'gtid_mode'"); ResultSet rs = ps.executeQuery()) {
            return rs.next() && "ON".equalsIgnoreCase(rs.getString(2));
        }
    }

    /** A GTID set as MySQL prints it, a line per server, on one line. */
    static String withoutBreaks(String gtidSet) {
        return gtidSet.replaceAll("\\s", "");
    }

    // MySQL 8.4 knows only SHOW BINARY LOG STATUS, MySQL before 8.2 only SHOW MASTER STATUS, MariaDB both
    private static ResultSet status(Statement s) throws SQLException {
        try {
            return s.executeQuery("SHOW BINARY LOG STATUS");
        } catch (SQLException newForm) {
            try {
                return s.executeQuery("SHOW MASTER STATUS");
            } catch (SQLException oldForm) {
                // 1064: the server knows only the new form, whose failure (a privilege, say) is the one to tell
                if (oldForm.getErrorCode() == 1064) throw newForm;
                oldForm.addSuppressed(newForm);
                throw oldForm;
            }
        }
    }

    // MariaDB's GTID position at a file position; MySQL has no such function
    private static String mariaDbGtid(Connection c, String file, long position) {
        try (PreparedStatement ps = c.prepareStatement("SELECT BINLOG_GTID_POS(?, ?)")) {
            ps.setString(1, file);
            ps.setLong(2, position);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            return null;
        }
    }
}
