package io.cdcbridge.connectors.postgres.replication;

import io.cdcbridge.connectors.postgres.Identifiers;
import io.cdcbridge.connectors.postgres.PostgresSourceException;
import io.cdcbridge.connectors.postgres.PostgresTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.postgresql.replication.LogSequenceNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that tables can be streamed through one slot and makes their publication and the logical slot: wal_level,
 * the user's REPLICATION attribute, each table and its columns, REPLICA IDENTITY FULL where old rows are needed, the
 * publication (created FOR TABLE the tables if missing), the slot (created with pgoutput if missing). Each problem is
 * one {@link PostgresSourceException} that names the table and the fix.
 */
public final class ReplicationSetup {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationSetup.class);
    private static final String PLUGIN = "pgoutput";

    private final Map<PostgresTable, Boolean> oldRowsNeeded;
    private final PostgresTable table;
    private final String slot;
    private final String publication;
    private final Set<String> partitioned = new HashSet<>();
    private final boolean wholeSchema;

    /**
     * The setup of the tables (each with whether whole old rows are needed) streamed through {@code slot} and
     * {@code publication}; all in one database.
     */
    public ReplicationSetup(Map<PostgresTable, Boolean> oldRowsNeeded, String slot, String publication) {
        this(oldRowsNeeded, slot, publication, false);
    }

    /**
     * The same; with {@code wholeSchema} the publication is created {@code FOR TABLES IN SCHEMA} the tables' schema, so
     * that tables created there later are in the stream, and an existing one must publish that schema.
     */
    public ReplicationSetup(Map<PostgresTable, Boolean> oldRowsNeeded, String slot, String publication, boolean wholeSchema) {
        this.oldRowsNeeded = new LinkedHashMap<>(oldRowsNeeded);
        this.table = oldRowsNeeded.keySet().iterator().next();
        this.slot = slot;
        this.publication = publication;
        this.wholeSchema = wholeSchema;
    }

    /**
     * Checks everything and creates what is missing; returns where the stream starts: the new slot's consistent
     * point, an existing slot's confirmed_flush_lsn, or with {@code latest} and an existing slot the current WAL end.
     */
    public long prepare(boolean latest) {
        try (Connection c = table.endpoint().connect()) {
            checkServer(c);
            for (Map.Entry<PostgresTable, Boolean> t : oldRowsNeeded.entrySet()) checkTable(c, t.getKey(), t.getValue(), true);
            ensurePublication(c, true);
            return ensureSlot(c, latest);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /**
     * Checks everything but the declared columns, and that the slot still exists (after a restore: it holds the WAL
     * the state points into). The columns are judged by the stream, which replays the changes with the columns of
     * their time and compares them with those its state kept.
     */
    public void check() {
        try (Connection c = table.endpoint().connect()) {
            checkServer(c);
            for (Map.Entry<PostgresTable, Boolean> t : oldRowsNeeded.entrySet()) checkTable(c, t.getKey(), t.getValue(), false);
            // a table that joined a restored job must be published, or its changes would never come
            ensurePublication(c, false);
            if (slotPosition(c) == null) {
                throw new PostgresSourceException("the replication slot '" + slot + "' of " + describe() + " is gone:"
                        + " the changes since the last checkpoint are lost with it. Start the statement afresh (without"
                        + " its savepoint) to snapshot the table again into a new slot");
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private void checkServer(Connection c) throws SQLException {
        String walLevel = single(c, "SHOW wal_level");
        if (!"logical".equals(walLevel)) {
            throw new PostgresSourceException("cdcbridge-postgres cannot stream " + describe() + ": the server's"
                    + " wal_level is '" + walLevel + "', logical decoding needs 'logical'. Run ALTER SYSTEM SET wal_level ="
                    + " logical and restart PostgreSQL");
        }
        if (!"true".equals(single(c, "SELECT (rolreplication OR rolsuper)::text FROM pg_roles WHERE rolname = current_user"))) {
            throw new PostgresSourceException("cdcbridge-postgres cannot stream " + describe() + ": the user '"
                    + table.endpoint().user() + "' may not use replication. Run: ALTER ROLE "
                    + Identifiers.quote(table.endpoint().user()) + " REPLICATION");
        }
    }

    private void checkTable(Connection c, PostgresTable table, boolean oldRows, boolean columns) throws SQLException {
        Character identity = null;
        try (PreparedStatement s = c.prepareStatement("SELECT c.relreplident, c.relkind FROM pg_class c JOIN pg_namespace n ON"
                + " n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')")) {
            s.setString(1, table.schema());
            s.setString(2, table.table());
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    identity = rs.getString(1).charAt(0);
                    if (rs.getString(2).equals("p")) partitioned.add(table.quoted());
                }
            }
        }
        if (identity == null) {
            throw new PostgresSourceException("cdcbridge-postgres: table " + table.describe() + " does not exist (or the"
                    + " user '" + table.endpoint().user() + "' cannot see it); check 'schema-name' and 'table-name'"
                    + " (written exactly: names are case-sensitive)");
        }
        Set<String> present = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement("SELECT a.attname FROM pg_attribute a WHERE a.attrelid = ?::regclass"
                + " AND a.attnum > 0 AND NOT a.attisdropped")) {
            s.setString(1, table.quoted());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) present.add(rs.getString(1));
            }
        }
        List<String> missing = new ArrayList<>(table.columns());
        missing.removeAll(present);
        if (columns && !missing.isEmpty()) {
            throw new PostgresSourceException("cdcbridge-postgres: table " + table.describe() + " has no column(s) " + missing
                    + " that the Flink table declares; its columns are " + present);
        }
        if (oldRows && identity != 'f') {
            throw new PostgresSourceException("cdcbridge-postgres: table " + table.describe() + " has REPLICA IDENTITY "
                    + identityName(identity) + ", so updates and deletes do not carry the old row. Run: ALTER TABLE "
                    + table.quoted() + " REPLICA IDENTITY FULL (or read it with 'changelog-mode' = 'upsert')");
        }
    }

    // create: whether a missing publication is created (at a first start), else left to the stream to miss
    private void ensurePublication(Connection c, boolean create) throws SQLException {
        boolean exists;
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM pg_publication WHERE pubname = ?")) {
            s.setString(1, publication);
            try (ResultSet rs = s.executeQuery()) {
                exists = rs.next();
            }
        }
        if (!exists && !create) return;
        Set<String> tables = new LinkedHashSet<>();
        for (PostgresTable t : oldRowsNeeded.keySet()) tables.add(t.quoted());
        if (!exists && wholeSchema) {
            if (c.getMetaData().getDatabaseMajorVersion() < 15) {
                throw new PostgresSourceException("cdcbridge-postgres: 'new-tables.pattern' needs a publication FOR TABLES IN"
                        + " SCHEMA, which PostgreSQL " + c.getMetaData().getDatabaseProductVersion() + " at "
                        + table.endpoint().describe() + " does not have (15 on); leave the option out and name each table");
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE PUBLICATION " + Identifiers.quote(publication) + " FOR TABLES IN SCHEMA "
                        + Identifiers.quote(table.schema()) + " WITH (publish_via_partition_root = true)");
            }
            LOG.info("Created publication {} for the tables of schema {}", publication, table.schema());
            return;
        }
        if (exists && wholeSchema) requireSchemaPublished(c);
        if (!exists) {
            try (Statement s = c.createStatement()) {
                // a partitioned table's changes are to come under its own name, not under its partitions'
                s.execute("CREATE PUBLICATION " + Identifiers.quote(publication) + " FOR TABLE " + String.join(", ", tables)
                        + (partitioned.isEmpty() ? "" : " WITH (publish_via_partition_root = true)"));
            }
            LOG.info("Created publication {} for {}", publication, String.join(", ", tables));
            return;
        }
        List<String> missing = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (PostgresTable t : oldRowsNeeded.keySet()) {
            if (!done.add(t.quoted())) continue;
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT 1 FROM pg_publication_tables WHERE pubname = ? AND schemaname = ? AND tablename = ?")) {
                s.setString(1, publication);
                s.setString(2, t.schema());
                s.setString(3, t.table());
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) missing.add(t.quoted());
                }
            }
        }
        if (missing.isEmpty()) return;
        boolean anyPartitioned = missing.stream().anyMatch(partitioned::contains);
        throw new PostgresSourceException("cdcbridge-postgres: publication '" + publication + "' in "
                + table.endpoint().describe() + " does not publish " + String.join(", ", missing)
                + (anyPartitioned ? " under its own name (a partitioned table's publication needs"
                + " publish_via_partition_root = true)" : "")
                + ". Run: ALTER PUBLICATION " + Identifiers.quote(publication) + " ADD TABLE " + String.join(", ", missing)
                + (anyPartitioned ? ", ALTER PUBLICATION " + Identifiers.quote(publication)
                + " SET (publish_via_partition_root = true)" : "")
                + " (or name another 'publication.name')");
    }

    private void requireSchemaPublished(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM pg_publication p WHERE p.pubname = ? AND (p.puballtables"
                + " OR EXISTS (SELECT 1 FROM pg_publication_namespace pn JOIN pg_namespace n ON n.oid = pn.pnnspid"
                + " WHERE pn.pnpubid = p.oid AND n.nspname = ?))")) {
            s.setString(1, publication);
            s.setString(2, table.schema());
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) return;
            }
        }
        throw new PostgresSourceException("cdcbridge-postgres: publication '" + publication + "' in " + table.endpoint().describe()
                + " does not publish schema " + table.schema() + ", so tables created there later ('new-tables.pattern')"
                + " would not be in the stream. Run: ALTER PUBLICATION " + Identifiers.quote(publication)
                + " ADD TABLES IN SCHEMA " + Identifiers.quote(table.schema()) + " (or name another 'publication.name')");
    }

    private long ensureSlot(Connection c, boolean latest) throws SQLException {
        Long existing = slotPosition(c);
        if (existing != null) {
            long start = latest ? LogSequenceNumber.valueOf(single(c, "SELECT pg_current_wal_lsn()")).asLong() : existing;
            LOG.info("Replication slot {} of {} exists; streaming from {}", slot, describe(), LogSequenceNumber.valueOf(start));
            return start;
        }
        // waits for the transactions running now to end: changes committed after its consistent point are in the slot
        try (PreparedStatement s = c.prepareStatement("SELECT lsn FROM pg_create_logical_replication_slot(?, ?)")) {
            s.setString(1, slot);
            s.setString(2, PLUGIN);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                long lsn = LogSequenceNumber.valueOf(rs.getString(1)).asLong();
                LOG.info("Created replication slot {} of {} at {}", slot, describe(), LogSequenceNumber.valueOf(lsn));
                return lsn;
            }
        }
    }

    // The slot's confirmed_flush_lsn, or null when there is no such slot; refuses a slot of another plugin or database.
    private Long slotPosition(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT plugin, database, confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = ?")) {
            s.setString(1, slot);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) return null;
                String plugin = rs.getString(1);
                String database = rs.getString(2);
                if (!PLUGIN.equals(plugin) || !table.endpoint().database().equals(database)) {
                    throw new PostgresSourceException("cdcbridge-postgres: replication slot '" + slot + "' in "
                            + table.endpoint().describe() + " belongs to " + (plugin == null ? "physical replication"
                            : "plugin " + plugin + " on database " + database) + "; choose another 'slot.name'"
                            + " (one slot per statement)");
                }
                String confirmed = rs.getString(3);
                // 0/0 asks the server to start where the slot stands
                return confirmed == null ? 0L : LogSequenceNumber.valueOf(confirmed).asLong();
            }
        }
    }

    // the one table, or the tables through the slot
    private String describe() {
        return oldRowsNeeded.size() == 1 ? table.describe() : oldRowsNeeded.size() + " tables in " + table.endpoint().describe();
    }

    private PostgresSourceException failed(SQLException e) {
        return new PostgresSourceException("cdcbridge-postgres cannot prepare " + describe() + " for streaming"
                + " (slot '" + slot + "', publication '" + publication + "'): " + e.getMessage()
                + ("42501".equals(e.getSQLState()) ? " (the user needs the REPLICATION attribute, SELECT on the table and"
                + " ownership of the table or CREATE on the database to create the publication)" : ""), e);
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String identityName(char identity) {
        return switch (identity) {
            case 'd' -> "DEFAULT";
            case 'n' -> "NOTHING";
            case 'i' -> "USING INDEX";
            default -> String.valueOf(identity);
        };
    }
}
