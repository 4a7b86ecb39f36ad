package io.cdcbridge.cli.demo;

import io.cdcbridge.embedded.EmbeddedDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The result of a query on an embedded database: column labels and rows of the driver's objects (NULL as null). */
public record QueryResult(List<String> columns, List<List<Object>> rows) {

    /** Runs a query; a failure names the database and the query. */
    public static QueryResult of(EmbeddedDatabase db, String sql) {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) columns.add(md.getColumnLabel(i));
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns.size(); i++) row.add(rs.getObject(i));
                rows.add(row);
            }
            return new QueryResult(columns, rows);
        } catch (SQLException e) {
            throw new IllegalStateException("query on " + db.jdbcUrl() + " failed: " + sql + ": " + e.getMessage(), e);
        }
    }
}
