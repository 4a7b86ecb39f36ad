package io.cdcbridge.connectors.postgres.source;

import io.cdcbridge.connectors.postgres.PostgresTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What PostgreSQL's catalog says of the source table for the stream: its columns as pgoutput lists them, type names. */
final class TableCatalog implements SchemaChangeCheck.Catalog {

    private final PostgresTable table;

    TableCatalog(PostgresTable table) {
        this.table = table;
    }

    /** The table's columns now, as a relation message lists them (attnum order; no dropped or generated ones), numbered. */
    List<SourceColumn> columns() throws SQLException {
        try (Connection c = table.endpoint().connect();
             PreparedStatement s = c.prepareStatement("SELECT a.attname, a.atttypid, a.atttypmod, a.attnum FROM pg_attribute a"
                     + " WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''"
                     + " ORDER BY a.attnum")) {
            s.setString(1, table.quoted());
            List<SourceColumn> columns = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) columns.add(new SourceColumn(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4)));
            }
            return columns;
        }
    }

    /** Every column number of the table now with its name, null for a dropped one; empty when the catalog cannot be asked. */
    @Override
    public Map<Integer, String> columnNumbers() {
        try (Connection c = table.endpoint().connect();
             PreparedStatement s = c.prepareStatement("SELECT a.attnum, a.attname, a.attisdropped FROM pg_attribute a"
                     + " WHERE a.attrelid = ?::regclass AND a.attnum > 0")) {
            s.setString(1, table.quoted());
            Map<Integer, String> numbers = new HashMap<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) numbers.put(rs.getInt(1), rs.getBoolean(3) ? null : rs.getString(2));
            }
            return numbers;
        } catch (SQLException | RuntimeException e) {
            return Map.of();
        }
    }

    /** PostgreSQL's name of the type ({@code format_type}); its OID when the catalog cannot be asked. */
    @Override
    public String typeName(int typeOid, int typeModifier) {
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
