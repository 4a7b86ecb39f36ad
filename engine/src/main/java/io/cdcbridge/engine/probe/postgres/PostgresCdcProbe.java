package io.cdcbridge.engine.probe.postgres;

import io.cdcbridge.connectors.postgres.Identifiers;
import io.cdcbridge.connectors.postgres.PostgresSourceOptions;
import io.cdcbridge.control.engine.EngineException;
import io.cdcbridge.control.engine.SourceLag;
import io.cdcbridge.control.engine.SourcePosition;
import io.cdcbridge.control.statement.SourceOffset;
import io.cdcbridge.engine.probe.ConnectorProbe;
import io.cdcbridge.engine.probe.SourceCheck;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The {@code postgres-cdc} source: checks reachability, wal_level, the REPLICATION privilege and the table's
 * REPLICA IDENTITY before a job starts, reads the replication slot's confirmed LSN as the source offset, and drops
 * the slot when the statement is deleted; the same for {@code cdcbridge-postgres}, which reads a slot the same way.
 */
public final class PostgresCdcProbe implements ConnectorProbe {

    /** How the connector reads PostgreSQL, where the two connectors differ. */
    public enum Reader {
        /** postgres-cdc (Debezium): {@code 'changelog-mode' = 'upsert'} does without old rows. */
        DEBEZIUM,
        /** cdcbridge-postgres: needs old rows; keeps a publication of its own ({@code cdcbridge_<slot>} unless named). */
        CDCBRIDGE
    }

    private final Reader reader;

    public PostgresCdcProbe(Reader reader) {
        this.reader = reader;
    }
    private static final int CONNECT_TIMEOUT_SECONDS = 5;
    private static final long SLOT_RELEASE_TIMEOUT_MS = 30_000;

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
    public Optional<SourceCheck> check(String table, Map<String, String> o) {
        return Optional.of(new PostgresSourceCheck(where(table, o), o));
    }

    @Override
    public List<SourceOffset> offsets(String table, Map<String, String> o) {
        String connector = o.get("connector");
        String slot = o.getOrDefault("slot.name", "flink");
        try (Connection c = connect(o);
             PreparedStatement ps = c.prepareStatement(
                     "SELECT confirmed_flush_lsn::text, restart_lsn::text, active FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                SourcePosition position = rs.next()
                        ? new SourcePosition.PostgresLsn(slot, rs.getString(1), rs.getString(2), rs.getBoolean(3))
                        : new SourcePosition.Unknown("replication slot '" + slot + "' not created yet");
                return List.of(new SourceOffset(table, connector, position));
            }
        } catch (SQLException e) {
            return List.of(new SourceOffset(table, connector,
                    new SourcePosition.Unknown("replication slot '" + slot + "': " + e.getMessage())));
        }
    }

    /** The WAL bytes the statement's replication slot retains: PostgreSQL's current WAL position minus its restart LSN. */
    @Override
    public Optional<SourceLag> lag(String table, Map<String, String> o) {
        String connector = o.get("connector");
        String slot = o.getOrDefault("slot.name", "flink");
        try (Connection c = connect(o, "cdcbridge-lag");
             PreparedStatement ps = c.prepareStatement("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint"
                     + " FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                return Optional.of(rs.next() && rs.getObject(1) != null ? SourceLag.wal(table, connector, rs.getLong(1))
                        : SourceLag.unknown(table, connector, "replication slot '" + slot + "' not created yet"));
            }
        } catch (SQLException e) {
            return Optional.of(SourceLag.unknown(table, connector, "replication slot '" + slot + "': " + e.getMessage()));
        }
    }

    /**
     * The slot, keyed by database and slot name but not host: one server reached as 'localhost' by one statement and
     * '127.0.0.1' by another must count as one, so that a slot another statement reads is never dropped.
     */
    @Override
    public List<String> holds(String table, Map<String, String> o) {
        String slot = o.get("slot.name");
        return slot == null ? List.of() : List.of("replication slot '" + slot + "' in database '" + o.get("database-name") + "'");
    }

    /**
     * Drops the slot once no job holds it (waiting up to 30 s for the stopped job to let go), since a slot nobody
     * reads keeps all WAL from its position on. A publication of cdcbridge-postgres is left: nothing records whether
     * cdcbridge created it or a user did, for other readers too.
     */
    @Override
    public List<String> release(String table, Map<String, String> o) {
        String slot = o.get("slot.name");
        if (slot == null) return List.of();
        List<String> notes = new ArrayList<>();
        String what = "replication slot '" + slot + "' of source '" + table + "' (" + at(o) + ")";
        try (Connection c = connect(o, "cdcbridge-delete")) {
            notes.add(dropSlot(c, slot, what, o));
        } catch (SQLException e) {
            notes.add(what + " remains: cannot connect: " + e.getMessage() + "; " + byHand(o, slot));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            notes.add(what + " remains: interrupted while waiting for it; " + byHand(o, slot));
        }
        if (reader == Reader.CDCBRIDGE) {
            String publication = PostgresSourceOptions.publication(slot, Optional.ofNullable(o.get(PostgresSourceOptions.PUBLICATION_NAME.key())));
            notes.add("publication '" + publication + "' left as it is: cdcbridge cannot tell whether it created it;"
                    + " if nothing else reads it, drop it with DROP PUBLICATION " + Identifiers.quote(publication));
        }
        return notes;
    }

    private static String dropSlot(Connection c, String slot, String what, Map<String, String> o)
            throws SQLException, InterruptedException {
        long deadline = System.currentTimeMillis() + SLOT_RELEASE_TIMEOUT_MS;
        try (PreparedStatement state = c.prepareStatement("SELECT active, active_pid FROM pg_replication_slots"
                + " WHERE slot_name = ? AND database = current_database()");
             // NOT active in the same statement: a job that took the slot meanwhile keeps it
             PreparedStatement drop = c.prepareStatement("SELECT pg_drop_replication_slot(slot_name)"
                     + " FROM pg_replication_slots WHERE slot_name = ? AND database = current_database() AND NOT active")) {
            state.setString(1, slot);
            drop.setString(1, slot);
            while (true) {
                Integer pid = null;
                try (ResultSet rs = state.executeQuery()) {
                    if (!rs.next()) return what + ": none there (it was never created, or was dropped already)";
                    if (rs.getBoolean(1)) pid = rs.getInt(2);
                }
                if (pid == null) {
                    try (ResultSet rs = drop.executeQuery()) {
                        if (rs.next()) return what + " dropped";
                    }
                } else if (System.currentTimeMillis() > deadline) {
                    return what + " remains: still in use by process " + pid + " after " + SLOT_RELEASE_TIMEOUT_MS / 1000
                            + " s; " + byHand(o, slot);
                }
                Thread.sleep(250);
            }
        }
    }

    // how a user drops the slot: the connection without the password, the slot name as a literal
    private static String byHand(Map<String, String> o, String slot) {
        return "once no job reads it, drop it by hand: psql -h " + o.get("hostname") + " -p " + o.getOrDefault("port", "5432")
                + " -U " + o.get("username") + " -d " + o.get("database-name")
                + " -c \"SELECT pg_drop_replication_slot('" + slot.replace("'", "''") + "')\"";
    }

    private static String at(Map<String, String> o) {
        return "PostgreSQL at " + o.get("hostname") + ":" + o.getOrDefault("port", "5432") + ", database '"
                + o.get("database-name") + "'";
    }

    private void checkTable(Connection c, String where, String schema, String name, Map<String, String> o)
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
                // only Debezium's reader has an upsert mode that does without old rows
                boolean postgresCdc = reader == Reader.DEBEZIUM;
                boolean upsertMode = postgresCdc && "upsert".equalsIgnoreCase(o.get("changelog-mode"));
                if (!"f".equals(rs.getString(1)) && !upsertMode) {
                    throw new EngineException(where + ": table " + schema + "." + name + " does not have REPLICA IDENTITY FULL,"
                            + " so its updates and deletes carry no old row and the job would fail on the first update;"
                            + " run ALTER TABLE " + Identifiers.quote(schema, name) + " REPLICA IDENTITY FULL in PostgreSQL"
                            + (postgresCdc ? ", or set 'changelog-mode' = 'upsert' on the Flink table" : ""));
                }
            }
        }
    }

    @Override
    public List<io.cdcbridge.control.engine.TableShape> schemaTables(Map<String, String> o, String schema,
                                                                     java.util.function.Predicate<String> names)
            throws EngineException {
        String where = "schema '" + schema + "' (" + o.get("connector") + ", " + at(o) + ")";
        try (Connection c = connect(o)) {
            return SchemaTables.read(c, where, schema, names);
        } catch (SQLException e) {
            throw new EngineException(where + ": cannot read its tables: " + e.getMessage()
                    + " (check hostname, port, database-name, username and password)", e);
        }
    }

    private static Connection connect(Map<String, String> o) throws SQLException {
        return connect(o, "cdcbridge-preflight");
    }

    private static Connection connect(Map<String, String> o, String application) throws SQLException {
        return connect(o, application, CONNECT_TIMEOUT_SECONDS, 10);
    }

    static Connection connect(Map<String, String> o, String application, int connectSeconds, int socketSeconds)
            throws SQLException {
        String url = "jdbc:postgresql://" + o.get("hostname") + ":" + o.getOrDefault("port", "5432") + "/"
                + o.get("database-name");
        Properties p = new Properties();
        p.setProperty("user", o.getOrDefault("username", ""));
        p.setProperty("password", o.getOrDefault("password", ""));
        p.setProperty("connectTimeout", String.valueOf(connectSeconds));
        p.setProperty("loginTimeout", String.valueOf(connectSeconds));
        p.setProperty("socketTimeout", String.valueOf(socketSeconds));
        p.setProperty("ApplicationName", application);
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
        return "source table '" + table + "' (" + o.get("connector") + ", " + at(o) + ")";
    }
}
