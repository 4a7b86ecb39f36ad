package io.cdcbridge.bench.mariadbtopg;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import io.cdcbridge.bench.data.TargetCheck;
import io.cdcbridge.bench.limits.DecodingCeiling;
import io.cdcbridge.bench.process.CpuMeter;
import io.cdcbridge.bench.report.Progress;
import io.cdcbridge.embedded.EmbeddedMariaDb;
import io.cdcbridge.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * The MariaDB bench's data: a customers table in the embedded MariaDB (written to the row binlog), its copy's table in
 * the embedded PostgreSQL, the load, the row-by-row check, and the limits: the load alone, the binlog read alone
 * through the binlog client library mysql-cdc reads with, and the target applying alone.
 */
final class MariaDbBenchData {

    static final String SOURCE_TABLE = "customers";
    static final String TARGET_TABLE = "customers_copy";
    static final int ROWS_PER_TX = 10_000;

    /** Rows per second of the load alone, the binlog read alone, and the target applying alone. */
    record Limits(double load, double binlogRead, double apply) {}

    private static final String COLUMNS = "id, fname, lname, email, zip, phone, status, registered";
    private static final String SOURCE_ROWS = "SELECT id, fname, lname, email, zip, phone, status,"
            + " DATE_FORMAT(registered, '%Y-%m-%d %H:%i:%s.%f'), DATE_FORMAT(updated_at, '%Y-%m-%d %H:%i:%s.%f')"
            + " FROM " + SOURCE_TABLE + " ORDER BY id";
    private static final String TARGET_ROWS = "SELECT id, fname, lname, email, zip, phone, status,"
            + " to_char(registered, 'YYYY-MM-DD HH24:MI:SS.US'), to_char(updated_at, 'YYYY-MM-DD HH24:MI:SS.US')"
            + " FROM " + TARGET_TABLE + " ORDER BY id";

    private final EmbeddedMariaDb mariadb;
    private final EmbeddedPostgres pg;

    MariaDbBenchData(EmbeddedMariaDb mariadb, EmbeddedPostgres pg) {
        this.mariadb = mariadb;
        this.pg = pg;
    }

    void create() {
        mariadb.execute(table(SOURCE_TABLE), table("ceiling"));
        pg.execute("CREATE TABLE " + TARGET_TABLE + " (id INT PRIMARY KEY, fname TEXT, lname TEXT, email TEXT, zip TEXT,"
                + " phone TEXT, status INT, registered TIMESTAMP(6), updated_at TIMESTAMP(3))");
    }

    private static String table(String name) {
        return "CREATE TABLE " + name + " (id INT PRIMARY KEY, fname VARCHAR(64), lname VARCHAR(64), email VARCHAR(128),"
                + " zip CHAR(5), phone VARCHAR(32), status INT, registered DATETIME(6),"
                + " updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3))";
    }

    String targetUrl() {
        return pg.jdbcUrl();
    }

    Connection target() throws SQLException {
        return pg.connect();
    }

    /** Inserts customers with ids from..to (inclusive) in transactions of {@link #ROWS_PER_TX}; reports progress. */
    void insert(long from, long to, LongConsumer progress) {
        insert(SOURCE_TABLE, from, to, progress);
    }

    // MariaDB's sequence engine makes the rows (seq_<a>_to_<b>), as generate_series does in PostgreSQL
    private void insert(String table, long from, long to, LongConsumer progress) {
        try (Connection c = mariadb.connect(); Statement s = c.createStatement()) {
            for (long start = from; start <= to; start += ROWS_PER_TX) {
                long end = Math.min(to, start + ROWS_PER_TX - 1);
                s.executeUpdate("INSERT INTO " + table + " (" + COLUMNS + ") SELECT seq, CONCAT('first', seq), CONCAT('last', seq),"
                        + " CONCAT('user', seq, '@example.com'), LPAD(seq % 100000, 5, '0'), CONCAT('(555) ', seq), 1 + seq % 4,"
                        + " TIMESTAMP '2020-01-01 00:00:00' + INTERVAL seq MINUTE FROM seq_" + start + "_to_" + end);
                progress.accept(end - from + 1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("loading the source failed: " + e.getMessage(), e);
        }
    }

    /** The CPU meter of the two database servers' processes, MariaDB's and PostgreSQL's. */
    CpuMeter databases() throws SQLException {
        java.util.Map<String, Long> pids = new java.util.LinkedHashMap<>();
        try (Connection c = mariadb.connect()) {
            pids.put("MariaDB", CpuMeter.mariadbPid(c));
        }
        try (Connection c = target()) {
            pids.put("PostgreSQL", CpuMeter.postgresPid(c));
        }
        return CpuMeter.of(pids);
    }

    void truncateTarget() {
        pg.execute("TRUNCATE " + TARGET_TABLE);
    }

    /** Deletes the source rows above {@code keep}, so the next pipeline starts from the same table. */
    void trimSource(long keep) {
        mariadb.execute("DELETE FROM " + SOURCE_TABLE + " WHERE id > " + keep);
    }

    /** The source compared with the target row by row in key order (times as text to the microsecond). */
    TargetCheck.Result check() {
        try (Connection s = mariadb.connect(); Connection t = target()) {
            return TargetCheck.compare(s, SOURCE_ROWS, t, TARGET_ROWS);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot compare source and target: " + e.getMessage(), e);
        }
    }

    /** The limits, on a table of their own: the load alone, then reading its binlog alone, then the target alone. */
    Limits limits(long rows, Progress progress) throws Exception {
        String file;
        long position;
        try (Connection c = mariadb.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
            rs.next();
            file = rs.getString(1);
            position = rs.getLong(2);
        }
        long loadStart = System.nanoTime();
        insert("ceiling", 1, rows, n -> progress.report("limits: load", n, rows, "rows"));
        double load = rows / ((System.nanoTime() - loadStart) / 1e9);
        double read = binlogRead(file, position, rows);
        mariadb.execute("DROP TABLE ceiling");
        return new Limits(load, read, applyAlone(rows, progress));
    }

    // Reads the binlog from the load's start with mysql-binlog-connector-java (the library in mysql-cdc's jar),
    // deserializing every event, until the load's rows have come: what a reader of cdcbridge's own on it could read.
    private double binlogRead(String file, long position, long rows) throws Exception {
        BinaryLogClient client = new BinaryLogClient(mariadb.host(), mariadb.port(), mariadb.user(), mariadb.password());
        client.setServerId(9_999);
        client.setBinlogFilename(file);
        client.setBinlogPosition(position);
        client.setKeepAlive(false);
        AtomicLong seen = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        client.registerEventListener(event -> {
            if (EventType.isWrite(event.getHeader().getEventType()) && seen.addAndGet(((WriteRowsEventData) event.getData()).getRows().size()) >= rows) {
                done.countDown();
            }
        });
        long start = System.nanoTime();
        client.connect(30_000);
        try {
            if (!done.await(10, TimeUnit.MINUTES)) throw new IllegalStateException("the binlog client read " + seen.get() + " of " + rows + " rows in 10 minutes");
            return rows / ((System.nanoTime() - start) / 1e9);
        } finally {
            client.disconnect();
        }
    }

    // The target's share alone: the rows, already in PostgreSQL, upserted in 5000-row batches guarded by updated_at,
    // as cdcbridge-jdbc's statement does.
    private double applyAlone(long rows, Progress progress) throws SQLException {
        try (Connection c = target(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE ceiling_target (LIKE " + TARGET_TABLE + " INCLUDING ALL)");
            s.execute("CREATE TABLE ceiling_rows (LIKE " + TARGET_TABLE + ")");
            s.execute("INSERT INTO ceiling_rows SELECT g, 'first' || g, 'last' || g, 'user' || g || '@example.com',"
                    + " lpad((g % 100000)::text, 5, '0'), '(555) ' || g, 1 + g % 4, timestamp '2020-01-01' + g * interval '1 minute',"
                    + " localtimestamp(3) FROM generate_series(1, " + rows + ") g");
            s.execute("ALTER TABLE ceiling_rows ADD PRIMARY KEY (id)");
            s.execute("VACUUM ANALYZE ceiling_rows");
            String upsert = "INSERT INTO ceiling_target AS t SELECT * FROM ceiling_rows WHERE id BETWEEN ? AND ?"
                    + " ON CONFLICT (id) DO UPDATE SET fname = EXCLUDED.fname, lname = EXCLUDED.lname, email = EXCLUDED.email,"
                    + " zip = EXCLUDED.zip, phone = EXCLUDED.phone, status = EXCLUDED.status, registered = EXCLUDED.registered,"
                    + " updated_at = EXCLUDED.updated_at WHERE t.updated_at IS NULL OR t.updated_at <= EXCLUDED.updated_at";
            double rate = DecodingCeiling.applyInBatches(c, upsert, rows, progress);
            s.execute("DROP TABLE ceiling_target, ceiling_rows");
            return rate;
        }
    }
}
