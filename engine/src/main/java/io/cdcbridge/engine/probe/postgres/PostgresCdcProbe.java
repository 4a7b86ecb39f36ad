package io.cdcbridge.engine.probe.postgres;

import io.cdcbridge.control.engine.EngineException;
import io.cdcbridge.control.statement.SourceOffset;
import io.cdcbridge.engine.probe.ConnectorProbe;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The {@code postgres-cdc} source: checks reachability, wal_level, the REPLICATION privilege and the table's
 * REPLICA IDENTITY before a job starts, and reads the replication slot's confirmed LSN as the source offset.
 */
public final class PostgresCdcProbe implements ConnectorProbe {

    private static final int CONNECT_TIMEOUT_SECONDS = 5;

    @Override
    public boolean supports(String connector) {
        return "postgres-cdc".equals(connector);
    }

    @Override
    public void preflight(String table, Map<String, String> o, boolean source) throws EngineException {
        String where = where(table, o);
        try (Connection c = connect(o)) {
            String wal = single(c, "SHOW wal_level");
            if (!"logical".equals(wal)) {
                throw new EngineException(where + ": wal_level is '" + wal
                        + "'; CDC needs wal_level=logical (set it in postgresql.conf and restart PostgreSQL)");
            }
            String user = o.get("username");
            String privileged = single(c, "SELECT (rolreplication OR rolsuper)::text FROM pg_roles WHERE rolname = current_user");
            if (!"true".equals(privileged)) {
                throw new EngineException(where + ": role '" + user + "' may not use replication;"
                        + " grant it with ALTER ROLE \"" + user + "\" REPLICATION");
            }
            String schema = o.getOrDefault("schema-name", "public");
            String name = o.get("table-name");
            if (isLiteral(schema) && isLiteral(name)) checkTable(c, where, schema, name, o);
        } catch (SQLException e) {
            throw new EngineException(where + ": cannot connect: " + e.getMessage()
                    + " (check hostname, port, database-name, username and password)", e);
        }
    }

    @Override
    public List<SourceOffset> offsets(String table, Map<String, String> o) {
        String slot = o.getOrDefault("slot.name", "flink");
        try (Connection c = connect(o);
             PreparedStatement ps = c.prepareStatement(
                     "SELECT confirmed_flush_lsn::text, restart_lsn::text, active FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                Map<String, String> pos = new LinkedHashMap<>();
                pos.put("slot", slot);
                if (rs.next()) {
                    pos.put("confirmed_flush_lsn", rs.getString(1));
                    pos.put("restart_lsn", rs.getString(2));
                    pos.put("slot_active", String.valueOf(rs.getBoolean(3)));
                } else {
                    pos.put("confirmed_flush_lsn", "none (slot not created yet)");
                }
                return List.of(new SourceOffset(table, "postgres-cdc", pos));
            }
        } catch (SQLException e) {
            return List.of(new SourceOffset(table, "postgres-cdc", Map.of("slot", slot, "error", e.getMessage())));
        }
    }

    private static void checkTable(Connection c, String where, String schema, String name, Map<String, String> o)
            throws SQLException, EngineException {
        try (PreparedStatement ps = c.prepareStatement("SELECT c.relreplident::text FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?")) {
            ps.setString(1, schema);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new EngineException(where + ": table " + schema + "." + name + " does not exist in database '"
                            + o.get("database-name") + "'");
                }
                boolean upsertMode = "upsert".equalsIgnoreCase(o.get("changelog-mode"));
                if (!"f".equals(rs.getString(1)) && !upsertMode) {
                    throw new EngineException(where + ": table " + schema + "." + name + " does not have REPLICA IDENTITY FULL,"
                            + " so its updates and deletes carry no old row and the job would fail on the first update;"
                            + " run ALTER TABLE \"" + schema + "\".\"" + name + "\" REPLICA IDENTITY FULL"
                            + " in PostgreSQL, or set 'changelog-mode' = 'upsert' on the Flink table");
                }
            }
        }
    }

    private static Connection connect(Map<String, String> o) throws SQLException {
        String url = "jdbc:postgresql://" + o.get("hostname") + ":" + o.getOrDefault("port", "5432") + "/"
                + o.get("database-name");
        Properties p = new Properties();
        p.setProperty("user", o.getOrDefault("username", ""));
        p.setProperty("password", o.getOrDefault("password", ""));
        p.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        p.setProperty("socketTimeout", "10");
        p.setProperty("ApplicationName", "cdcbridge-preflight");
        return DriverManager.getConnection(url, p);
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static boolean isLiteral(String s) {
        return s != null && s.matches("[A-Za-z0-9_]+");
    }

    private static String where(String table, Map<String, String> o) {
        return "source table '" + table + "' (postgres-cdc at " + o.get("hostname") + ":" + o.getOrDefault("port", "5432")
                + ", database '" + o.get("database-name") + "')";
    }
}
