package io.cdcbridge.connectors.mysql.values;

import io.cdcbridge.connectors.mysql.MysqlSourceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The columns of a table as information_schema has them now, in their order in the table (the binlog's order). */
public final class TableColumns {

    private TableColumns() {}

    /** The columns of {@code database.table}; refuses a table that does not exist. */
    public static List<MysqlColumn> read(Connection c, String database, String table, String where) throws SQLException {
        List<MysqlColumn> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, CHARACTER_SET_NAME"
                + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            s.setString(1, database);
            s.setString(2, table);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.add(MysqlColumn.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
        if (out.isEmpty()) {
            throw new MysqlSourceException(where + ": the table does not exist (or the user may not see it: GRANT SELECT"
                    + " on it)");
        }
        return out;
    }
}
