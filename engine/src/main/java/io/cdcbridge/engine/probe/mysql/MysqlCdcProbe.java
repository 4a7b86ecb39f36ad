package io.cdcbridge.engine.probe.mysql;

import io.cdcbridge.connectors.mysql.MysqlEndpoint;
import io.cdcbridge.connectors.mysql.binlog.BinlogRetention;
import io.cdcbridge.connectors.mysql.source.BinlogSplit;
import io.cdcbridge.connectors.mysql.source.MysqlSplit;
import io.cdcbridge.connectors.mysql.source.MysqlCheckpointFormat;
import io.cdcbridge.control.engine.EngineException;
import io.cdcbridge.control.engine.SourcePosition;
import io.cdcbridge.control.statement.SourceOffset;
import io.cdcbridge.engine.probe.ConnectorProbe;
import io.cdcbridge.engine.probe.SavepointSourceSplits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.zip.CRC32;
import org.apache.flink.cdc.connectors.mysql.source.offset.BinlogOffset;
import org.apache.flink.cdc.connectors.mysql.source.split.MySqlSplit;
import org.apache.flink.cdc.connectors.mysql.source.split.MySqlSplitSerializer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.io.SimpleVersionedSerialization;

/**
 * The {@code mysql-cdc} source (Flink CDC's, on MySQL 8 and MariaDB): checks before a job starts that the server
 * answers with the table's credentials, writes a row-based, full-image binlog (with whole JSON values on MySQL), and
 * lets the user replicate and read the table; gives each statement a server id range of its own; reads the binlog position a stopped statement's
 * savepoint holds.
 */
public final class MysqlCdcProbe implements ConnectorProbe {

    /** Which source reads the binlog: its savepoint keeps the position in that source's split format. */
    public enum Reader {
        /** Flink CDC's mysql-cdc (Debezium's reader). */
        MYSQL_CDC,
        /** cdcbridge's own cdcbridge-mysql. */
        CDCBRIDGE
    }

    private final Reader reader;

    /** The probe of tables read by {@code reader}. */
    public MysqlCdcProbe(Reader reader) {
        this.reader = reader;
    }

    /** The option naming the replica id (or range) a reader uses towards the server. */
    public static final String SERVER_ID = "server-id";
    /** Server ids per statement: a source may read with up to this many parallel readers, one id each. */
    static final int SERVER_IDS_PER_STATEMENT = 64;
    // above the ids people give their own replicas by hand
    private static final long FIRST_SERVER_ID = 10_000;
    private static final int STATEMENT_SLOTS = 1_000_000;
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    // a server that stops answering fails the check rather than holding it
    private static final int SOCKET_TIMEOUT_MS = 10_000;

    /**
     * A server id range derived from the statement's name, unless the table gives one: two readers with one id make
     * the server drop the older connection, so two statements reading one server must not share ids. One statement
     * keeps its range across restarts and resumes. Two names fall on one range with a chance of one in a million.
     */
    @Override
    public Map<String, String> statementOptions(String statement, Map<String, String> o) {
        if (o.containsKey(SERVER_ID)) return Map.of();
        return Map.of(SERVER_ID, serverIds(statement));
    }

    /** The server id range of a statement: {@value #SERVER_IDS_PER_STATEMENT} ids, as {@code first-last}. */
    static String serverIds(String statement) {
        CRC32 crc = new CRC32();
        crc.update(statement.getBytes(StandardCharsets.UTF_8));
        long first = FIRST_SERVER_ID + (crc.getValue() % STATEMENT_SLOTS) * SERVER_IDS_PER_STATEMENT;
        return first + "-" + (first + SERVER_IDS_PER_STATEMENT - 1);
    }

    @Override
    public void preflight(String table, Map<String, String> o, boolean source) throws EngineException {
        String where = where(table, o);
        List<String> problems = new ArrayList<>();
        try (Connection c = connect(o)) {
            problems.addAll(binlogProblems(variables(c)));
            privileges(c, o, problems);
        } catch (SQLException e) {
            throw new EngineException(where + ": cannot connect: " + e.getMessage()
                    + " (check hostname, port, username and password)", e);
        }
        if (!problems.isEmpty()) throw new EngineException(where + ": " + String.join("; ", problems));
    }

    /**
     * What the server's binlog settings lack for CDC, each with the statement that fixes it: {@code vars} as
     * {@code SHOW GLOBAL VARIABLES} names them on MySQL 8 and MariaDB alike (names in lower case; a variable the server
     * lacks, as MariaDB lacks binlog_row_value_options, is absent).
     */
    static List<String> binlogProblems(Map<String, String> vars) {
        List<String> problems = new ArrayList<>();
        if (!"ON".equalsIgnoreCase(vars.get("log_bin"))) {
            problems.add("the binary log is off; start the server with log-bin (MariaDB: --log-bin; MySQL 8 has it on"
                    + " unless started with --skip-log-bin)");
        }
        String format = vars.get("binlog_format");
        if (!"ROW".equalsIgnoreCase(format)) {
            problems.add("binlog_format is '" + format + "'; CDC needs binlog_format=ROW: SET GLOBAL binlog_format = 'ROW'"
                    + " and binlog_format=ROW in the server's configuration");
        }
        String image = vars.get("binlog_row_image");
        if (!"FULL".equalsIgnoreCase(image)) {
            problems.add("binlog_row_image is '" + image + "'; CDC needs whole old and new rows, binlog_row_image=FULL:"
                    + " SET GLOBAL binlog_row_image = 'FULL' and binlog_row_image=FULL in the server's configuration");
        }
        // MySQL 8: an update of part of a JSON document is then written as a diff, which the readers do not apply
        String values = vars.get("binlog_row_value_options");
        if (values != null && values.toUpperCase(Locale.ROOT).contains("PARTIAL_JSON")) {
            problems.add("binlog_row_value_options is '" + values + "'; CDC needs whole JSON values in updates:"
                    + " SET GLOBAL binlog_row_value_options = '' and the same in the server's configuration");
        }
        return problems;
    }

    // REPLICATION SLAVE to read the binlog, REPLICATION CLIENT (MariaDB 10.5+: BINLOG MONITOR) to ask where it is,
    // SELECT for the snapshot. Privileges held through a role are not seen here.
    private static void privileges(Connection c, Map<String, String> o, List<String> problems) throws SQLException {
        String user = single(c, "SELECT CURRENT_USER()");
        int at = user.lastIndexOf('@');
        String grantee = "'" + user.substring(0, at) + "'@'" + user.substring(at + 1) + "'";
        Set<String> global = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT PRIVILEGE_TYPE FROM information_schema.USER_PRIVILEGES WHERE GRANTEE = ?")) {
            ps.setString(1, grantee);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) global.add(rs.getString(1).toUpperCase());
            }
        }
        List<String> missing = new ArrayList<>();
        if (!global.contains("REPLICATION SLAVE")) missing.add("REPLICATION SLAVE");
        if (!global.contains("REPLICATION CLIENT") && !global.contains("BINLOG MONITOR")) missing.add("REPLICATION CLIENT");
        if (!missing.isEmpty()) {
            problems.add("user " + user + " lacks " + String.join(" and ", missing) + "; grant it with GRANT "
                    + String.join(", ", missing) + " ON *.* TO " + grantee);
        }
        if (global.contains("SELECT")) return;
        String database = o.get("database-name");
        String name = o.get("table-name");
        if (!isLiteral(database) || !isLiteral(name)) return;
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + quote(database) + "." + quote(name) + " LIMIT 0")) {
            ps.executeQuery().close();
        } catch (SQLException e) {
            problems.add(e.getErrorCode() == 1146 ? "table " + database + "." + name + " does not exist"
                    : "user " + user + " may not read " + database + "." + name + " (" + e.getMessage() + "); grant it with GRANT SELECT ON "
                    + quote(database) + "." + quote(name) + " TO " + grantee);
        }
    }

    /** MySQL and MariaDB keep no position per reader: where a statement stands is in its job's savepoint only. */
    @Override
    public List<SourceOffset> offsets(String table, Map<String, String> o) {
        return List.of(new SourceOffset(table, o.get("connector"), new SourcePosition.Unknown(
                "MySQL and MariaDB keep no position per reader; a statement stopped with a savepoint shows the binlog"
                        + " position the savepoint holds")));
    }

    /** The binlog position the savepoint's binlog split holds: where a job resumed from it reads next. */
    @Override
    public List<SourceOffset> savepointOffsets(String table, Map<String, String> o, String savepoint) {
        SourcePosition p = savepointPosition(savepoint);
        if (p instanceof SourcePosition.Binlog b && b.gtidSet() == null) p = withMariaDbGtid(b, o);
        return List.of(new SourceOffset(table, o.get("connector"), p));
    }

    /**
     * A job restored from a savepoint (or checkpoint) reads on from the binlog position it holds, a new one from the
     * table's {@code specific-offset} if it gives one: either must still be on the server, or the statement would
     * silently miss what was purged.
     */
    @Override
    public void preflightPosition(String table, Map<String, String> o, String restoreFrom) throws EngineException {
        SourcePosition start = restoreFrom != null ? savepointPosition(restoreFrom) : specificOffset(o);
        if (!(start instanceof SourcePosition.Binlog b)) return;
        try (Connection c = connect(o)) {
            Optional<String> gone = BinlogRetention.purged(c, b.file(), b.gtidSet(), b.describe());
            if (gone.isPresent()) {
                throw new EngineException(where(table, o) + ": " + gone.get() + "; " + BinlogRetention.HOW_TO_START_OVER);
            }
        } catch (SQLException e) {
            throw new EngineException(where(table, o) + ": cannot connect: " + e.getMessage()
                    + " (check hostname, port, username and password)", e);
        }
    }

    private SourcePosition savepointPosition(String savepoint) {
        List<SourcePosition.Binlog> offsets;
        try {
            offsets = SavepointSourceSplits.read(savepoint, reader == Reader.CDCBRIDGE ? MysqlCdcProbe::cdcbridgeBinlogStart
                    : MysqlCdcProbe::binlogStart);
        } catch (IOException | RuntimeException e) {
            return new SourcePosition.Unknown("savepoint " + savepoint + " cannot be read: " + e.getMessage());
        }
        if (offsets.size() != 1) {
            return new SourcePosition.Unknown(offsets.isEmpty()
                    ? "savepoint " + savepoint + " holds no binlog position (the job stopped during its snapshot)"
                    : "savepoint " + savepoint + " holds the binlog positions of several MySQL sources");
        }
        SourcePosition.Binlog b = offsets.get(0);
        return new SourcePosition.Binlog(b.file(), b.position(), b.gtidSet(), "savepoint " + savepoint);
    }

    // mysql-cdc keeps no GTID for MariaDB (it reads MariaDB by file and position); MariaDB tells the GTID position
    // a file position stands for. MySQL has no such function: the position stays as it is there.
    private SourcePosition withMariaDbGtid(SourcePosition.Binlog b, Map<String, String> o) {
        try (Connection c = connect(o); PreparedStatement ps = c.prepareStatement("SELECT BINLOG_GTID_POS(?, ?)")) {
            ps.setString(1, b.file());
            ps.setLong(2, b.position());
            try (ResultSet rs = ps.executeQuery()) {
                String gtid = rs.next() ? rs.getString(1) : null;
                return gtid == null || gtid.isEmpty() ? b : new SourcePosition.Binlog(b.file(), b.position(), gtid, b.readFrom());
            }
        } catch (SQLException e) {
            return b;
        }
    }

    // the position a new job starts at when the table names one ('scan.startup.mode' = 'specific-offset')
    private static SourcePosition specificOffset(Map<String, String> o) {
        if (!"specific-offset".equals(o.get("scan.startup.mode"))) return null;
        String file = o.get("scan.startup.specific-offset.file");
        String gtids = o.get("scan.startup.specific-offset.gtid-set");
        if (file == null && gtids == null) return null;
        String pos = o.get("scan.startup.specific-offset.pos");
        return new SourcePosition.Binlog(file, pos == null ? null : Long.valueOf(pos.trim()), gtids,
                "the table's scan.startup.specific-offset options");
    }

    // null for a split that is not a mysql-cdc binlog split (a snapshot chunk, another source's split)
    private static SourcePosition.Binlog binlogStart(byte[] element) {
        try {
            MySqlSplit split = SimpleVersionedSerialization.readVersionAndDeSerialize(MySqlSplitSerializer.INSTANCE, element);
            if (!split.isBinlogSplit()) return null;
            BinlogOffset b = split.asBinlogSplit().getStartingOffset();
            String gtids = b.getGtidSet();
            return new SourcePosition.Binlog(b.getFilename(), b.getPosition(), gtids == null || gtids.isEmpty() ? null : gtids, null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    // null for a split that is not a cdcbridge-mysql binlog split; its position is where a restore reads from
    private static SourcePosition.Binlog cdcbridgeBinlogStart(byte[] element) {
        try {
            MysqlSplit split = SimpleVersionedSerialization.readVersionAndDeSerialize(MysqlCheckpointFormat.INSTANCE.splits(), element);
            if (!(split instanceof BinlogSplit b)) return null;
            return new SourcePosition.Binlog(b.position().file(), b.position().position(), b.position().gtid(), null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Map<String, String> variables(Connection c) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SHOW GLOBAL VARIABLES WHERE Variable_name IN"
                + " ('log_bin', 'binlog_format', 'binlog_row_image', 'binlog_row_value_options')");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.put(rs.getString(1).toLowerCase(), rs.getString(2));
        }
        return out;
    }

    // cdcbridge-mysql's tables connect as its reader does (its TLS mode and CAs too), mysql-cdc's with MySQL's driver
    private Connection connect(Map<String, String> o) throws SQLException {
        if (reader == Reader.CDCBRIDGE) {
            Connection c = MysqlEndpoint.of(Configuration.fromMap(o)).connect();
            try {
                c.setNetworkTimeout(Runnable::run, SOCKET_TIMEOUT_MS);
                return c;
            } catch (SQLException e) {
                c.close();
                throw e;
            }
        }
        String url = "jdbc:mysql://" + o.get("hostname") + ":" + o.getOrDefault("port", "3306") + "/";
        Properties p = new Properties();
        p.setProperty("user", o.getOrDefault("username", ""));
        p.setProperty("password", o.getOrDefault("password", ""));
        p.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_MS));
        p.setProperty("socketTimeout", String.valueOf(SOCKET_TIMEOUT_MS));
        p.setProperty("sslMode", "PREFERRED");
        p.setProperty("allowPublicKeyRetrieval", "true");
        return new com.mysql.cj.jdbc.Driver().connect(url, p);
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static boolean isLiteral(String s) {
        return s != null && s.matches("[A-Za-z0-9_$]+");
    }

    private static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    private static String where(String table, Map<String, String> o) {
        return "source table '" + table + "' (" + o.get("connector") + ", MySQL/MariaDB at " + o.get("hostname") + ":"
                + o.getOrDefault("port", "3306") + ", database '" + o.get("database-name") + "')";
    }
}
