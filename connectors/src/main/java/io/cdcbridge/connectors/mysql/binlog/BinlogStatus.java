package io.cdcbridge.connectors.mysql.binlog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Where a server's binlog ends now, with its GTID position there (MariaDB's, or MySQL's executed GTID set). */
public final class BinlogStatus {

    private BinlogStatus() {}

    /** The end of the binlog; refuses a server that writes none. */
    public static BinlogPosition current(Connection c) throws SQLException {
        String file;
        long position;
        String gtid = null;
        try (ResultSet rs = status(c)) {
            if (!rs.next()) throw new SQLException("the server writes no binlog (log_bin is OFF)");
            file = rs.getString(1);
            position = rs.getLong(2);
            // MySQL tells its executed GTID set in the fifth column; MariaDB has none there
            if (rs.getMetaData().getColumnCount() >= 5) gtid = rs.getString(5);
        }
        if (gtid == null || gtid.isBlank()) gtid = mariaDbGtid(c, file, position);
        return new BinlogPosition(file, position, gtid == null || gtid.isBlank() ? null : gtid.replace("\n", ""));
    }

    // SHOW MASTER STATUS, which MySQL 8.4 calls SHOW BINARY LOG STATUS
    private static ResultSet status(Connection c) throws SQLException {
        try {
            return c.createStatement().executeQuery("SHOW MASTER STATUS");
        } catch (SQLException e) {
            return c.createStatement().executeQuery("SHOW BINARY LOG STATUS");
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
