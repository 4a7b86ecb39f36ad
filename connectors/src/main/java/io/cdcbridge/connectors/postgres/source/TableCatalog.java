package io.cdcbridge.connectors.postgres.source;

import io.cdcbridge.connectors.postgres.PostgresTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** What PostgreSQL's catalog says of the source table for the stream: its columns as pgoutput lists them, type names. */
final class TableCatalog implements SchemaChangeCheck.TypeNames {

    private final PostgresTable table;

    TableCatalog(PostgresTable table) {
        this.table = table;
    }

    /** The table's columns now, as a relation message lists them (attnum order; no dropped or generated ones). */
    List<SourceColumn> columns() throws SQLException {
        try (Connection c = table.endpoint().connect();
             PreparedStatement s = c.prepareStatement("SELECT a.attname, a.atttypid, a.atttypmod FROM pg_attribute a"
                     + " WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''"
                     + " ORDER BY a.attnum")) {
            s.setString(1, table.quoted());
            List<SourceColumn> columns = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) columns.add(new SourceColumn(rs.getString(1), rs.getInt(2), rs.getInt(3)));
            }
            return columns;
        }
    }

    /** PostgreSQL's name of the type ({@code format_type}); its OID when the catalog cannot be asked. */
    @Override
    public String name(int typeOid, int typeModifier) {
        try (Connection c = table.endpoint().connect(); PreparedStatement s = c.prepareStatement("SELECT format_type(?, ?)")) {
            s.setInt(1, typeOid);
            s.setInt(2, typeModifier);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException | RuntimeException e) {
            return "type " + typeOid + (typeModifier < 0 ? "" : " (modifier " + typeModifier + ")");
        }
    }
}
