package io.cdcbridge.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.cli.client.ServerClient;
import io.cdcbridge.cli.support.ServerProcess;
import io.cdcbridge.control.server.ScriptRequest;
import io.cdcbridge.embedded.EmbeddedDatabase;
import io.cdcbridge.embedded.EmbeddedMariaDb;
import io.cdcbridge.embedded.EmbeddedPostgres;
import io.cdcbridge.embedded.TcpProxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The small version of {@code bench/run chaos}: while changes stream from PostgreSQL (cdcbridge-postgres) into
 * MariaDB (cdcbridge-jdbc), through a TCP proxy at each database, the server is SIGKILLed twice, every connection
 * is dropped, the target is down for a few seconds and the source's postmaster is SIGKILLed; afterwards the target
 * holds exactly the source's rows.
 */
@Tag("integration")
class FaultInjectionTest {

    private static final String STATEMENT = "faults-copy";

    static EmbeddedPostgres source;
    static EmbeddedMariaDb target;
    static TcpProxy sourceProxy;
    static TcpProxy targetProxy;

    @TempDir
    Path workspace;

    @BeforeAll
    static void start() {
        source = EmbeddedPostgres.start();
        target = EmbeddedMariaDb.start();
        source.execute("CREATE TABLE items (id BIGINT PRIMARY KEY, val BIGINT NOT NULL, note TEXT,"
                        + " updated_at TIMESTAMP(3) NOT NULL DEFAULT clock_timestamp())",
                "ALTER TABLE items REPLICA IDENTITY FULL",
                "INSERT INTO items (id, val, note) SELECT g, 0, 'row ' || g FROM generate_series(1, 1000) g");
        sourceProxy = TcpProxy.start("source", source.host(), source.port());
        targetProxy = TcpProxy.start("target", target.host(), target.port());
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {sourceProxy, targetProxy, target, source}) {
            try {
                if (c != null) c.close();
            } catch (Exception e) {
                // the rest are closed anyway
            }
        }
    }

    @Test
    void afterKillsADroppedNetworkATargetOutageAndASourceCrashTheTargetHoldsExactlyTheSourcesRows() throws Exception {
        Path log = workspace.resolveSibling(workspace.getFileName() + "-server.log");
        Process server = ServerProcess.start(workspace, log, Map.of(), "--set", "execution.checkpointing.interval=1s");
        Load load = new Load();
        Thread loader = new Thread(load, "faults-load");
        try {
            ServerClient client = ServerProcess.await(server, workspace, log);
            client.runScript(new ScriptRequest("copy.sql", """
                    SET 'table.exec.sink.upsert-materialize' = 'NONE';
                    CREATE TABLE items (id BIGINT, val BIGINT, note STRING, updated_at TIMESTAMP(3), PRIMARY KEY (id) NOT ENFORCED)
                      WITH ('connector' = 'cdcbridge-postgres', 'hostname' = '127.0.0.1', 'port' = '${SRC_PORT}',
                      'username' = '${SRC_USER}', 'password' = '${SRC_PASSWORD}', 'database-name' = 'postgres',
                      'schema-name' = 'public', 'table-name' = 'items', 'slot.name' = 'faults_copy');
                    CREATE TABLE items_copy (id BIGINT, val BIGINT, note STRING, updated_at TIMESTAMP(3), PRIMARY KEY (id) NOT ENFORCED)
                      WITH ('connector' = 'cdcbridge-jdbc', 'url' = '${TGT_URL}', 'username' = '${TGT_USER}',
                      'password' = '${TGT_PASSWORD}', 'table-name' = 'items_copy', 'version-column' = 'updated_at',
                      'auto-create' = 'true');
                    SET 'client.statement-name' = '%s';
                    INSERT INTO items_copy SELECT * FROM items;
                    """.formatted(STATEMENT), Map.of("SRC_PORT", String.valueOf(sourceProxy.port()), "SRC_USER", source.user(),
                    "SRC_PASSWORD", source.password(),
                    "TGT_URL", "jdbc:mariadb://127.0.0.1:" + targetProxy.port() + "/" + target.database(),
                    "TGT_USER", target.user(), "TGT_PASSWORD", target.password()), false));
            awaitRunning(client);
            loader.start();

            for (int kill = 1; kill <= 2; kill++) {
                awaitMoreChanges(load, 10);
                server.destroyForcibly().waitFor();
                server = ServerProcess.start(workspace, log, Map.of(), "--set", "execution.checkpointing.interval=1s");
                client = ServerProcess.await(server, workspace, log);
                awaitRunning(client);
            }

            awaitMoreChanges(load, 10);
            assertThat(sourceProxy.cut() + targetProxy.cut()).as("connections dropped").isPositive();
            awaitMoreChanges(load, 10);

            target.suspend();
            awaitMoreChanges(load, 20);
            target.resume();

            awaitMoreChanges(load, 10);
            source.crash();
            source.resume();
            awaitMoreChanges(load, 10);
            load.stop.set(true);
            loader.join();

            awaitRunning(client);
            List<String> expected = rows(source, "SELECT id, val, note, to_char(updated_at, 'YYYY-MM-DD HH24:MI:SS.MS') FROM items ORDER BY id");
            assertThat(expected).hasSizeGreaterThan(1000);
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    assertThat(rows(target, "SELECT id, val, note, LEFT(DATE_FORMAT(updated_at, '%Y-%m-%d %H:%i:%s.%f'), 23)"
                            + " FROM items_copy ORDER BY id")).isEqualTo(expected));
        } finally {
            load.stop.set(true);
            server.destroyForcibly().waitFor();
        }
    }

    // Transactions of 10 inserts, 5 updates and 2 deletes of older keys, every 50 ms, riding out the source's crash.
    private static final class Load implements Runnable {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong transactions = new AtomicLong();
        private final Random random = new Random(14);

        @Override
        public void run() {
            while (!stop.get()) {
                try (Connection c = source.connect(); Statement s = c.createStatement()) {
                    c.setAutoCommit(false);
                    while (!stop.get()) {
                        long first;
                        try (ResultSet rs = s.executeQuery("SELECT max(id) FROM items")) {
                            rs.next();
                            first = rs.getLong(1) + 1;
                        }
                        s.execute("INSERT INTO items (id, val, note) SELECT g, 0, 'row ' || g FROM generate_series("
                                + first + ", " + (first + 9) + ") g");
                        for (int i = 0; i < 5; i++) {
                            s.execute("UPDATE items SET val = val + 1, note = 'updated', updated_at = clock_timestamp() WHERE id = "
                                    + (1 + random.nextInt((int) first - 1)));
                        }
                        for (int i = 0; i < 2; i++) s.execute("DELETE FROM items WHERE id = " + (1 + random.nextInt((int) first - 1)));
                        c.commit();
                        transactions.incrementAndGet();
                        Thread.sleep(50);
                    }
                } catch (SQLException e) {
                    pause();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private static void pause() {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // the load goes on: faults strike while changes stream
    private static void awaitMoreChanges(Load load, int transactions) {
        long from = load.transactions.get();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> load.transactions.get() >= from + transactions);
    }

    private static void awaitRunning(ServerClient client) {
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() ->
                assertThat(client.statement(STATEMENT).path("status").path("phase").asText()).isEqualTo("RUNNING"));
    }

    private static List<String> rows(EmbeddedDatabase db, String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) rows.add(rs.getLong(1) + "|" + rs.getLong(2) + "|" + rs.getString(3) + "|" + rs.getString(4));
        }
        return rows;
    }
}
