package io.cdcbridge.connectors.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cdcbridge.embedded.EmbeddedMariaDb;
import io.cdcbridge.embedded.EmbeddedPostgres;
import io.cdcbridge.embedded.SelfSignedCertificate;
import io.cdcbridge.embedded.junit.PostgresExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.SinkFunction;
import org.apache.flink.table.api.bridge.java.StreamStatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * cdcbridge-mysql on a real MariaDB (with a row-based binlog, one server for the class) and a real Flink MiniCluster:
 * the parallel snapshot and the binlog's changelog, into a collecting sink and through cdcbridge-jdbc into a real
 * PostgreSQL; each change once across a stop with savepoint, also in the middle of a large transaction; a purged
 * position refused; every type value by value from the snapshot and from the binlog; refusals naming table and column;
 * both connections over TLS (the server serves it); XA transactions once at their commit, never when rolled back.
 */
@Tag("integration")
@ExtendWith(PostgresExtension.class)
class MysqlSourceTest {

    // rows per sink, in arrival order: the jobs run in this JVM, so the sink's instances write here
    static final Map<String, List<String>> SINKS = new ConcurrentHashMap<>();

    static EmbeddedMariaDb mariadb;
    static EmbeddedPostgres postgres;
    static MiniCluster flink;
    // a wait's ceiling, reached only when a test fails: a loaded machine (CI's 2 cores, a load of 20) is slow, not wrong
    static final Duration PATIENCE = Duration.ofMinutes(3);
    @TempDir
    static Path savepoints;

    @BeforeAll
    static void start(EmbeddedPostgres shared) throws Exception {
        postgres = shared;
        mariadb = EmbeddedMariaDb.start(null, true, true);
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        flink = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(4).withRandomPorts().build());
        flink.start();
    }

    // a failed test leaves no job reading the binlog to the next
    @AfterEach
    void cancelJobs() throws Exception {
        for (JobStatusMessage job : flink.listJobs().get()) {
            if (!job.getJobState().isGloballyTerminalState()) flink.cancelJob(job.getJobId()).get();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (flink != null) flink.close();
        } finally {
            if (mariadb != null) mariadb.close();
        }
    }

    @Test
    void snapshotInParallelThenTheChangelogIntoPostgresThenEachChangeOnceAcrossSavepoints() throws Exception {
        StringBuilder values = new StringBuilder();
        for (int i = 1; i <= 1000; i++) values.append(i > 1 ? "," : "").append("(").append(i).append(", 'item ").append(i)
                .append("', ").append(i % 7).append(", ").append(price(i)).append(")");
        // a column with a space and a reserved word: every identifier must be quoted
        mariadb.execute("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL, `select` INT, `unit price`"
                + " DECIMAL(10,2))", "INSERT INTO items VALUES " + values);
        postgres.execute("CREATE TABLE mysql_items (id INT PRIMARY KEY, name TEXT NOT NULL, \"select\" INT, \"unit price\" NUMERIC(10,2))");
        String ddl = "CREATE TABLE items (id INT NOT NULL, name STRING, `select` INT, `unit price` DECIMAL(10,2),"
                + " db STRING METADATA FROM 'database_name' VIRTUAL, tbl STRING METADATA FROM 'table_name' VIRTUAL,"
                + " op_ts TIMESTAMP_LTZ(3) METADATA FROM 'op_ts' VIRTUAL, PRIMARY KEY (id) NOT ENFORCED) WITH ("
                + options("items") + ", 'scan.incremental.snapshot.chunk.size' = '100')";

        // the snapshot: 10 chunks of 100 keys, read by two readers
        JobClient first = start("first", ddl, null);
        List<String> snapshot = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) snapshot.add(row("+I", i, "item " + i, i % 7, price(i), "snapshot"));
        await().atMost(PATIENCE).until(() -> rows("first"), r -> r.size() >= 1000);
        assertThat(rows("first")).containsExactlyInAnyOrderElementsOf(snapshot);

        // the binlog: an insert, an update, a delete and a key change, as a full changelog
        mariadb.execute("INSERT INTO items VALUES (1001, 'new', 1, 2.00)", "UPDATE items SET `select` = 42 WHERE id = 5",
                "DELETE FROM items WHERE id = 7", "UPDATE items SET id = 2009 WHERE id = 9");
        await().atMost(PATIENCE).until(() -> rows("first"), r -> r.size() >= 1006);
        assertThat(rows("first").subList(1000, rows("first").size())).containsExactly(
                row("+I", 1001, "new", 1, "2.00", "recent"),
                row("-U", 5, "item 5", 5, price(5), "recent"),
                row("+U", 5, "item 5", 42, price(5), "recent"),
                row("-D", 7, "item 7", 0, price(7), "recent"),
                row("-D", 9, "item 9", 2, price(9), "recent"),
                row("+I", 2009, "item 9", 2, price(9), "recent"));
        awaitTargetEqualsSource();

        // stopped with a savepoint, changes made meanwhile come out exactly once after the resume
        String savepoint = first.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL).get();
        mariadb.execute("BEGIN", "INSERT INTO items VALUES (1002, 'while stopped', 2, 3.00)",
                "UPDATE items SET name = 'ten' WHERE id = 10", "COMMIT");
        JobClient second = start("second", ddl, savepoint);
        await().atMost(PATIENCE).until(() -> rows("second"), r -> r.size() >= 3);
        mariadb.execute("DELETE FROM items WHERE id = 11");
        await().atMost(PATIENCE).until(() -> rows("second"), r -> r.size() >= 4);
        assertThat(rows("second")).containsExactly(
                row("+I", 1002, "while stopped", 2, "3.00", "recent"),
                row("-U", 10, "item 10", 3, price(10), "recent"),
                row("+U", 10, "ten", 3, price(10), "recent"),
                row("-D", 11, "item 11", 4, price(11), "recent"));
        awaitTargetEqualsSource();

        // a savepoint taken while a 30,000-row transaction streams: each of its rows once, across the two jobs
        mariadb.execute("SET SESSION max_recursive_iterations = 100000", "INSERT INTO items WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 30000)"
                + " SELECT 100000 + n, 'bulk', 0, 1.00 FROM s");
        await().atMost(PATIENCE).until(() -> rows("second"), r -> r.size() > 4 + 100);
        String midway = second.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL).get();
        int before = rows("second").size() - 4;
        JobClient third = start("third", ddl, midway);
        await().atMost(PATIENCE).until(() -> before + rows("third").size() >= 30000);
        List<String> bulk = new ArrayList<>(rows("second").subList(4, rows("second").size()));
        bulk.addAll(rows("third"));
        assertThat(bulk).hasSize(30000).doesNotHaveDuplicates().allMatch(r -> r.startsWith("+I[") && r.contains(", bulk, 0, 1.00, cdcbridge, items, recent]"));
        System.out.println("bulk transaction: " + before + " rows before the savepoint, " + rows("third").size() + " after");
        awaitTargetEqualsSource();

        // the binlog the savepoint points into purged while the job is stopped: the resume fails, saying what is gone
        String last = third.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL).get();
        mariadb.execute("INSERT INTO items VALUES (1003, 'lost', 0, 0.00)");
        String oldest = mariadb.purgeBinlog();
        String failure = failure(start("fourth", ddl, last));
        assertThat(failure).contains("cdcbridge-mysql cdcbridge.items in " + mariadb.host() + ":" + mariadb.port()
                + "/cdcbridge: the binlog ").contains(" is no longer on the server: its oldest binlog file is " + oldest)
                .contains("the changes since then are lost to this statement: start it over from a new snapshot")
                .doesNotContain(mariadb.password());
    }

    /**
     * Every type mysql-cdc's test covers, value by value, from the snapshot and from the binlog (they decode apart),
     * then a column added while streaming: the job stops at the first change under the new columns, naming them.
     */
    @Test
    void typesValueByValueThroughSnapshotAndBinlogThenAnAddedColumnStopsTheJob() throws Exception {
        mariadb.execute("SET time_zone = '+00:00'", """
                CREATE TABLE typed (id INT UNSIGNED PRIMARY KEY, tiny TINYINT UNSIGNED, small SMALLINT UNSIGNED,
                  medium MEDIUMINT UNSIGNED, big BIGINT UNSIGNED, amount DECIMAL(20,4), dt DATETIME(6), ts TIMESTAMP(3) NULL,
                  doc JSON, size ENUM('small','large'), tags SET('x','y','z'), flags BIT(16), data BLOB, d DATE, t TIME(3),
                  y YEAR, f FLOAT, db DOUBLE, flag TINYINT(1), neg TINYINT, note VARCHAR(20) CHARACTER SET latin1)""",
                "INSERT INTO typed VALUES (4294967295, 255, 65535, 16777215, 18446744073709551615, -1234567890123456.7891,"
                        + " '2024-02-29 23:59:59.123456', '2024-06-01 12:00:00.123', '{\"a\": [1, 2.5, \"x\"], \"b\": null}',"
                        + " 'large', 'x,z', b'0000000100000010', x'00FF10', '2024-02-29', '23:59:59.123', 2024, 1.5, -2.25,"
                        + " 1, -5, 'café')",
                "INSERT INTO typed (id) VALUES (1)",
                // MySQL's zero dates, which read as NULL
                "INSERT INTO typed (id, dt, ts, d) VALUES (2, '0000-00-00 00:00:00', '0000-00-00 00:00:00', '0000-00-00')");
        String ddl = "CREATE TABLE typed (id BIGINT, tiny SMALLINT, small INT, medium INT, big DECIMAL(20, 0),"
                + " amount DECIMAL(20, 4), dt TIMESTAMP(6), ts TIMESTAMP_LTZ(3), doc STRING, size STRING, tags STRING,"
                + " flags BYTES, data BYTES, d DATE, t TIME(3), y INT, f FLOAT, db DOUBLE, flag BOOLEAN, neg TINYINT,"
                + " note STRING, PRIMARY KEY (id) NOT ENFORCED) WITH (" + options("typed") + ")";
        Env e = environment("typed", null, 1);
        e.tables().executeSql(ddl);
        collect(e.tables(), "typed", "SELECT * FROM typed");
        JobClient job = e.stream().executeAsync("typed");
        String max = "+I[4294967295, 255, 65535, 16777215, 18446744073709551615, -1234567890123456.7891,"
                + " 2024-02-29T23:59:59.123456, 2024-06-01T12:00:00.123Z, {\"a\": [1, 2.5, \"x\"], \"b\": null}, large, x,z,"
                // BIT(16) b'0000000100000010' as Debezium gives it: bytes least significant first
                + " [2, 1], [0, -1, 16], 2024-02-29, 23:59:59.123, 2024, 1.5, -2.25, true, -5, café]";
        String nulls = "+I[1" + ", null".repeat(20) + "]";
        String zeroDates = nulls.replace("+I[1", "+I[2");
        await().atMost(PATIENCE).until(() -> rows("typed"), r -> r.size() >= 3);
        assertThat(rows("typed")).containsExactlyInAnyOrder(max, nulls, zeroDates);

        mariadb.execute("SET time_zone = '+00:00'",
                "INSERT INTO typed VALUES (7, 0, 0, 0, 0, 0.0001, '1970-01-01 00:00:01', '2038-01-19 03:14:07.999', '[]',"
                        + " 'small', '', b'0', '', '1970-01-01', '00:00:00', 1901, 0, 0, 0, -128, '')",
                "UPDATE typed SET amount = 1.5, tags = 'y', doc = '{}', flags = b'1111111100000001' WHERE id = 4294967295",
                "UPDATE typed SET tiny = 1 WHERE id = 1");
        await().atMost(PATIENCE).until(() -> rows("typed"), r -> r.size() >= 8);
        String zero = "+I[7, 0, 0, 0, 0, 0.0001, 1970-01-01T00:00:01, 2038-01-19T03:14:07.999Z, [], small, , [0, 0], [],"
                + " 1970-01-01, 00:00, 1901, 0.0, 0.0, false, -128, ]";
        String updated = max.replace("-1234567890123456.7891", "1.5000").replace("{\"a\": [1, 2.5, \"x\"], \"b\": null}", "{}")
                .replace("x,z", "y").replace("[2, 1]", "[1, -1]");
        assertThat(rows("typed").subList(3, 8)).containsExactly(zero, max.replace("+I", "-U"), updated.replace("+I", "+U"),
                nulls.replace("+I", "-U"), nulls.replace("+I", "+U").replaceFirst("null", "1"));

        // a column added while streaming: the job stops at the first change under the new columns, nothing of it emitted
        mariadb.execute("ALTER TABLE typed ADD COLUMN extra VARCHAR(20) AFTER id", "INSERT INTO typed (id, tiny) VALUES (8, 8)");
        assertThat(failure(job)).contains("cdcbridge-mysql: the columns of cdcbridge.typed in " + mariadb.host() + ":"
                + mariadb.port() + "/cdcbridge changed (its rows went from 21 columns to 22").contains("nothing of it emitted");
        assertThat(rows("typed")).hasSize(8);
    }

    /**
     * Changes committed after the binlog position is taken and before the snapshot reads the rows are replayed over the
     * snapshot: the snapshot's SELECTs wait on a table lock while the changes are made under it.
     */
    @Test
    void changesMadeDuringTheSnapshotAreReplayedOverIt() throws Exception {
        mariadb.execute("CREATE TABLE during (id INT PRIMARY KEY, v VARCHAR(10))", "INSERT INTO during VALUES (1, 'a'), (2, 'b')");
        try (Connection lock = mariadb.connect(); Statement s = lock.createStatement()) {
            s.execute("LOCK TABLES during WRITE");
            JobClient job = read("during", "during", options("during"), null);
            // the enumerator has taken the binlog position and waits to cut the table
            await().atMost(PATIENCE).until(() -> waitingOnTheLock(lock));
            s.execute("INSERT INTO during VALUES (3, 'c')");
            s.execute("UPDATE during SET v = 'a2' WHERE id = 1");
            s.execute("DELETE FROM during WHERE id = 2");
            s.execute("UNLOCK TABLES");
            await().atMost(PATIENCE).until(() -> rows("during"), r -> r.size() >= 6);
            // the snapshot as the table is after the changes, then the changes again from the position before them
            assertThat(rows("during").subList(0, 2)).containsExactlyInAnyOrder("+I[1, a2]", "+I[3, c]");
            assertThat(rows("during").subList(2, 6)).containsExactly("+I[3, c]", "-U[1, a]", "+U[1, a2]", "-D[2, b]");
            job.cancel().get();
        }
    }

    // whether a query of another session waits for the table lock
    private static boolean waitingOnTheLock(Connection lock) throws Exception {
        try (Statement s = lock.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.PROCESSLIST"
                + " WHERE STATE LIKE '%lock%' AND INFO LIKE '%during%' AND ID <> CONNECTION_ID()")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    /** What cannot be read is refused when the job starts (or at the value), naming the table and the column. */
    @Test
    void refusalsNameTheTableAndTheColumn() throws Exception {
        mariadb.execute("CREATE TABLE odd (id INT PRIMARY KEY, name VARCHAR(20), spot POINT, amount DECIMAL(20,4))",
                "INSERT INTO odd VALUES (1, 'a', POINT(1, 2), 123456789.5)");
        String where = "cdcbridge.odd in " + mariadb.host() + ":" + mariadb.port() + "/cdcbridge";
        assertThat(refusal("id INT, name INT")).contains(where + ": column 'name' is VARCHAR(20), which cdcbridge-mysql"
                + " cannot read into INT (declare it as STRING)");
        assertThat(refusal("id INT, spot STRING")).contains(where + ": column 'spot' is POINT, a type cdcbridge-mysql does"
                + " not read; leave it out of the Flink table");
        assertThat(refusal("id INT, missing STRING")).contains(where + " has no column 'missing'");
        assertThat(refusal("id INT, amount DECIMAL(5, 2)")).contains(where + ": column 'amount' (DECIMAL(20,4)): value"
                + " 123456789.5000 does not fit DECIMAL(5, 2)");
    }

    /**
     * Both connections over TLS: a user who may log in over TLS only reads the snapshot and the binlog with
     * {@code required}, and with {@code verify-identity} against the server's CA; a CA that did not sign the server's
     * certificate and a connection without TLS are refused, each saying why.
     */
    @Test
    void theSnapshotAndTheBinlogOverTls(@TempDir Path dir) throws Exception {
        mariadb.execute("CREATE USER 'tls'@'%' IDENTIFIED BY 'tls-s3cret' REQUIRE SSL",
                "GRANT SELECT, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'tls'@'%'",
                "CREATE TABLE secret (id INT PRIMARY KEY, v VARCHAR(10))", "INSERT INTO secret VALUES (1, 'a'), (2, 'b')");
        Env e = environment("tls", null, 1);
        String ca = mariadb.tlsCertificate().toString();
        Map<String, String> modes = Map.of("required", "'ssl.mode' = 'required', 'server-id' = '6500'",
                "verified", "'ssl.mode' = 'verify-identity', 'ssl.ca' = '" + ca + "', 'server-id' = '6501'");
        for (Map.Entry<String, String> mode : modes.entrySet()) {
            e.tables().executeSql("CREATE TABLE secret_" + mode.getKey() + " (id INT, v STRING, PRIMARY KEY (id) NOT ENFORCED)"
                    + " WITH (" + tlsOptions("secret", mode.getValue()) + ")");
            collect(e.tables(), "tls " + mode.getKey(), "SELECT * FROM secret_" + mode.getKey());
        }
        JobClient job = e.stream().executeAsync("tls");
        await().atMost(PATIENCE).until(() -> rows("tls required").size() >= 2 && rows("tls verified").size() >= 2);
        mariadb.execute("INSERT INTO secret VALUES (3, 'c')", "UPDATE secret SET v = 'b2' WHERE id = 2");
        await().atMost(PATIENCE).until(() -> rows("tls required").size() >= 5 && rows("tls verified").size() >= 5);
        for (String mode : modes.keySet()) {
            assertThat(rows("tls " + mode).subList(0, 2)).containsExactlyInAnyOrder("+I[1, a]", "+I[2, b]");
            assertThat(rows("tls " + mode).subList(2, rows("tls " + mode).size())).containsExactly("+I[3, c]", "-U[2, b]", "+U[2, b2]");
        }
        job.cancel().get();

        // a CA of the JVM's trust store did not sign the server's certificate
        Path wrong = dir.resolve("wrong-ca.pem");
        javax.net.ssl.TrustManagerFactory jvm = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        jvm.init((java.security.KeyStore) null);
        java.nio.file.Files.writeString(wrong, SelfSignedCertificate.pem("CERTIFICATE",
                ((javax.net.ssl.X509TrustManager) jvm.getTrustManagers()[0]).getAcceptedIssuers()[0].getEncoded()));
        String server = mariadb.host() + ":" + mariadb.port();
        assertThat(tlsRefusal("'ssl.mode' = 'verify-ca', 'ssl.ca' = '" + wrong + "'")).contains("cdcbridge-mysql cannot start on"
                + " cdcbridge.secret in " + server + "/cdcbridge: TLS with " + server + " failed ('ssl.mode' = 'verify-ca', 'ssl.ca' = '"
                + wrong + "'): ").doesNotContain("tls-s3cret");
        assertThat(tlsRefusal("'ssl.mode' = 'disabled'")).contains("cdcbridge-mysql cannot start on cdcbridge.secret in " + server
                + "/cdcbridge: ").contains("Access denied for user 'tls'").contains("('ssl.mode' is 'disabled': a user created with"
                + " REQUIRE SSL or X509 logs in over TLS only; set 'ssl.mode' to 'required' or 'verify-ca')").doesNotContain("tls-s3cret");
    }

    private static String tlsRefusal(String tls) throws Exception {
        return failure(read("tls refused", "secret", tlsOptions("secret", tls), null));
    }

    // the table's options as user tls, who logs in over TLS only
    private static String tlsOptions(String table, String tls) {
        return options(table).replace("'username' = '" + mariadb.user() + "', 'password' = '" + mariadb.password() + "'",
                "'username' = 'tls', 'password' = 'tls-s3cret'") + ", " + tls;
    }

    /**
     * XA transactions: MariaDB writes an XA transaction's rows to the binlog at XA PREPARE and its outcome later. A
     * committed one's rows come out once, at its commit; a rolled-back one's never; also when the job is stopped with
     * a savepoint between PREPARE and COMMIT and the server restarts meanwhile (it keeps prepared transactions), and
     * the changes committed after the PREPARE, before the savepoint, are not emitted again.
     */
    @Test
    void xaTransactionsOnceAtTheirCommitNeverWhenRolledBackAlsoAcrossARestart() throws Exception {
        mariadb.execute("CREATE TABLE xa (id INT PRIMARY KEY, v VARCHAR(10))", "INSERT INTO xa VALUES (1, 'snap')");
        String xa = options("xa") + ", 'server-id' = '6510'";
        JobClient job = read("xa first", "xa", xa, null);
        await().atMost(PATIENCE).until(() -> rows("xa first"), r -> r.size() >= 1);
        // an XA transaction belongs to its session: one each
        try (Connection committed = mariadb.connect(); Connection rolledBack = mariadb.connect()) {
            execute(committed, "XA START 'committed'", "INSERT INTO xa VALUES (2, 'xa')", "UPDATE xa SET v = 'xa1' WHERE id = 1",
                    "XA END 'committed'", "XA PREPARE 'committed'");
            execute(rolledBack, "XA START 'rolled', 'back', 7", "INSERT INTO xa VALUES (3, 'never')", "XA END 'rolled', 'back', 7",
                    "XA PREPARE 'rolled', 'back', 7");
        }
        mariadb.execute("INSERT INTO xa VALUES (4, 'plain')");
        await().atMost(PATIENCE).until(() -> rows("xa first"), r -> r.size() >= 2);
        String savepoint = job.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL).get();
        assertThat(rows("xa first")).containsExactly("+I[1, snap]", "+I[4, plain]");

        mariadb.suspend();
        mariadb.resume();
        mariadb.execute("XA COMMIT 'committed'", "XA ROLLBACK 'rolled', 'back', 7", "INSERT INTO xa VALUES (5, 'after')");
        JobClient resumed = read("xa second", "xa", xa, savepoint);
        await().atMost(PATIENCE).until(() -> rows("xa second"), r -> r.size() >= 4);
        // one phase: a plain transaction in MariaDB's binlog
        try (Connection c = mariadb.connect()) {
            execute(c, "XA START 'one'", "INSERT INTO xa VALUES (6, 'one')", "XA END 'one'", "XA COMMIT 'one' ONE PHASE");
        }
        await().atMost(PATIENCE).until(() -> rows("xa second"), r -> r.size() >= 5);
        assertThat(rows("xa second")).containsExactly("+I[2, xa]", "-U[1, snap]", "+U[1, xa1]", "+I[5, after]", "+I[6, one]");
        resumed.cancel().get();
    }

    /**
     * An XA transaction prepared before a statement first starts and committed after its snapshot read the table:
     * the snapshot cannot see its rows and the binlog holds them before the position taken, which the reader then
     * reads from the transaction's start instead; its rows come out once, at its commit.
     */
    @Test
    void anXaTransactionPreparedBeforeTheFirstStartAndCommittedAfterTheSnapshotComesOutOnce() throws Exception {
        mariadb.execute("CREATE TABLE xa_early (id INT PRIMARY KEY, v VARCHAR(10))", "INSERT INTO xa_early VALUES (1, 'snap')");
        // prepared, then its session gone, as a transaction manager leaves it for its second phase
        try (Connection c = mariadb.connect()) {
            execute(c, "XA START 'early'", "INSERT INTO xa_early VALUES (2, 'xa')", "XA END 'early'", "XA PREPARE 'early'");
        }
        mariadb.execute("INSERT INTO xa_early VALUES (3, 'before')");
        JobClient job = read("xa early", "xa_early", options("xa_early") + ", 'server-id' = '6520'", null);
        await().atMost(PATIENCE).until(() -> rows("xa early"), r -> r.size() >= 2);
        mariadb.execute("XA COMMIT 'early'", "INSERT INTO xa_early VALUES (4, 'after')");
        await().atMost(PATIENCE).until(() -> rows("xa early"), r -> r.size() >= 5);
        // the snapshot, the change committed between the XA's start and the position replayed over it, the XA's row
        assertThat(rows("xa early")).containsExactly("+I[1, snap]", "+I[3, before]", "+I[3, before]", "+I[2, xa]", "+I[4, after]");
        job.cancel().get();
    }

    // a job reading a table of columns id INT and v STRING, with these options, into the sink {@code name}
    private static JobClient read(String name, String table, String options, String savepoint) throws Exception {
        Env e = environment(name, savepoint, 1);
        e.tables().executeSql("CREATE TABLE " + table + " (id INT, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH (" + options + ")");
        collect(e.tables(), name, "SELECT * FROM " + table);
        return e.stream().executeAsync(name);
    }

    private static void execute(Connection c, String... sql) throws Exception {
        try (Statement s = c.createStatement()) {
            for (String each : sql) s.execute(each);
        }
    }

    private static String refusal(String columns) throws Exception {
        Env e = environment("odd", null, 1);
        e.tables().executeSql("CREATE TABLE odd (" + columns + ", PRIMARY KEY (id) NOT ENFORCED) WITH (" + options("odd") + ")");
        collect(e.tables(), "odd", "SELECT * FROM odd");
        return failure(e.stream().executeAsync("odd"));
    }

    private static void awaitTargetEqualsSource() {
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(table(postgres.connect(), "mysql_items", '"'))
                .isEqualTo(table(mariadb.connect(), "items", '`')));
    }

    // the items table, row by row in key order
    private static List<String> table(Connection connection, String table, char quote) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = connection; Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                ("SELECT id, name, $select$, $unit price$ FROM " + table + " ORDER BY id").replace('$', quote))) {
            while (rs.next()) out.add(rs.getInt(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4));
        }
        return out;
    }

    static String options(String table) {
        return "'connector' = 'cdcbridge-mysql', 'hostname' = '" + mariadb.host() + "', 'port' = '" + mariadb.port()
                + "', 'username' = '" + mariadb.user() + "', 'password' = '" + mariadb.password() + "', 'database-name' = '"
                + mariadb.database() + "', 'table-name' = '" + table + "'";
    }

    // A job reading table items into the sink {@code name} and into PostgreSQL's items, from a savepoint if given;
    // checkpointed every 300 ms, parallelism 2, no restarts.
    private static JobClient start(String name, String ddl, String savepoint) throws Exception {
        Env e = environment(name, savepoint, 2);
        e.tables().executeSql(ddl);
        // a second source of the table, for PostgreSQL: a replica id of its own (the server drops a reader whose id
        // another one takes)
        String again = ddl.replace("CREATE TABLE items (", "CREATE TABLE items_again (");
        e.tables().executeSql(again.substring(0, again.length() - 1) + ", 'server-id' = '6400')");
        e.tables().executeSql("CREATE TABLE items_pg (id INT NOT NULL, name STRING, `select` INT, `unit price` DECIMAL(10,2),"
                + " PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'cdcbridge-jdbc', 'url' = '" + postgres.jdbcUrl()
                + "', 'username' = '" + postgres.user() + "', 'password' = '" + postgres.password() + "', 'table-name' = 'mysql_items')");
        StreamStatementSet set = e.tables().createStatementSet();
        set.addInsertSql("INSERT INTO items_pg SELECT id, name, `select`, `unit price` FROM items_again");
        set.attachAsDataStream();
        collect(e.tables(), name, "SELECT id, name, `select`, `unit price`, db, tbl, CASE WHEN op_ts = TO_TIMESTAMP_LTZ(0, 3)"
                + " THEN 'snapshot' WHEN op_ts > CURRENT_TIMESTAMP - INTERVAL '1' MINUTE THEN 'recent' ELSE 'wrong' END FROM items");
        return e.stream().executeAsync(name);
    }

    /** A job's environments: the stream's, and the tables' over it. */
    record Env(StreamExecutionEnvironment stream, StreamTableEnvironment tables) {}

    static Env environment(String name, String savepoint, int parallelism) throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.NAME, name);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        if (savepoint != null) conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        URI rest = flink.getRestAddress().get();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createRemoteEnvironment(rest.getHost(), rest.getPort(), conf);
        env.setParallelism(parallelism);
        env.enableCheckpointing(300);
        return new Env(env, StreamTableEnvironment.create(env));
    }

    static void collect(StreamTableEnvironment tables, String name, String query) {
        SINKS.put(name, Collections.synchronizedList(new ArrayList<>()));
        tables.toChangelogStream(tables.sqlQuery(query)).addSink(new Collect(name)).setParallelism(1).uid("collect " + name);
    }

    // what a job fails with: its whole stack trace, every cause's message included
    static String failure(JobClient job) {
        StringWriter trace = new StringWriter();
        assertThatThrownBy(() -> job.getJobExecutionResult().get()).isInstanceOf(ExecutionException.class)
                .satisfies(e -> e.printStackTrace(new PrintWriter(trace)));
        return trace.toString();
    }

    static List<String> rows(String sink) {
        synchronized (SINKS.get(sink)) {
            return new ArrayList<>(SINKS.get(sink));
        }
    }

    // a row of the collected query: the columns, the metadata, and whether op_ts says snapshot (0) or a recent change
    private static String row(String kind, long id, String name, int qty, String price, String when) {
        return kind + "[" + id + ", " + name + ", " + qty + ", " + price + ", cdcbridge, items, " + when + "]";
    }

    private static String price(int id) {
        return new BigDecimal(id).multiply(new BigDecimal("1.5")).setScale(2).toPlainString();
    }

    static final class Collect implements SinkFunction<Row> {
        private final String name;

        Collect(String name) {
            this.name = name;
        }

        @Override
        public void invoke(Row value, Context context) {
            SINKS.get(name).add(value.toString());
        }
    }
}
