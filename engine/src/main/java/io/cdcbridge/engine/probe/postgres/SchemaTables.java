package io.cdcbridge.engine.probe.postgres;

import io.cdcbridge.connectors.postgres.PostgresTypes;
import io.cdcbridge.control.engine.EngineException;
import io.cdcbridge.control.engine.TableShape;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The tables of a PostgreSQL schema as cdcbridge-postgres reads them, from the catalog: each table's columns (in
 * their order, dropped and generated ones left out, as pgoutput sends them) with the Flink types of
 * {@link PostgresTypes}, NOT NULL where the column is, and the primary key in its order. Partitions are read through
 * their partitioned table, so only the root is listed.
 */
final class SchemaTables {

    // a domain's column is read as its base type, with the domain's modifier (numeric(10,2) under a domain)
    private static final String COLUMNS = "SELECT c.relname, a.attname,"
            + " CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END,"
            + " CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END, a.attnotnull,"
            + " array_position(i.indkey::int2[], a.attnum), format_type(a.atttypid, a.atttypmod)"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''"
            + " JOIN pg_type t ON t.oid = a.atttypid"
            + " LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary"
            + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname, a.attnum";

    private SchemaTables() {}

    static List<TableShape> read(Connection c, String where, String schema, Predicate<String> names)
            throws SQLException, EngineException {
        Map<String, List<TableShape.Column>> columns = new LinkedHashMap<>();
        Map<String, TreeMap<Integer, String>> keys = new LinkedHashMap<>();
        List<String> unreadable = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(COLUMNS)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String table = rs.getString(1);
                    if (!names.test(table)) continue;
                    String column = rs.getString(2);
                    String type = PostgresTypes.flinkType(rs.getInt(3), rs.getInt(4));
                    if (type == null) unreadable.add(schema + "." + table + "." + column + " (" + rs.getString(7) + ")");
                    columns.computeIfAbsent(table, k -> new ArrayList<>())
                            .add(new TableShape.Column(column, type, !rs.getBoolean(5), true));
                    keys.computeIfAbsent(table, k -> new TreeMap<>());
                    int keyPosition = rs.getInt(6);
                    if (!rs.wasNull()) keys.get(table).put(keyPosition, column);
                }
            }
        }
        if (!unreadable.isEmpty()) {
            throw new EngineException(where + ": column(s) " + String.join(", ", unreadable) + " have a type a whole-schema"
                    + " declaration does not carry as it is (it takes numbers, numeric with a precision, booleans, strings,"
                    + " bytea, date, timestamp, timestamptz, arrays of numbers, booleans and strings, and domains over these;"
                    + " json, uuid, interval and the other types cdcbridge-postgres reads as text would make text columns"
                    + " in the target); exclude their tables (EXCLUDING TABLE) and declare them by hand (docs/types.md),"
                    + " or change the columns' types");
        }
        List<String> keyless = keys.entrySet().stream().filter(e -> e.getValue().isEmpty()).map(e -> schema + "." + e.getKey()).toList();
        if (!keyless.isEmpty()) {
            throw new EngineException(where + ": table(s) " + String.join(", ", keyless) + " have no primary key, which"
                    + " cdcbridge-postgres splits the snapshot by and tells an update from a key change by; add one"
                    + " (ALTER TABLE ... ADD PRIMARY KEY), or exclude them (EXCLUDING TABLE)");
        }
        List<TableShape> out = new ArrayList<>();
        columns.forEach((table, cols) -> out.add(new TableShape(table, Map.of(), cols,
                List.copyOf(keys.get(table).values()), null, null, null, null)));
        return out;
    }
}
