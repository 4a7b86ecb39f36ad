package io.cdcbridge.engine.probe.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcbridge.connectors.postgres.PostgresSourceFactory;
import io.cdcbridge.control.engine.SourcePosition;
import io.cdcbridge.control.statement.SourceOffset;
import io.cdcbridge.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.PGReplicationStream;

/** {@link PostgresCdcProbe} on a real PostgreSQL: what a slot's state makes release do; preflight of cdcbridge-postgres. */
@Tag("integration")
class PostgresSlotReleaseTest {

    static EmbeddedPostgres pg;

    @BeforeAll
    static void start() {
        pg = EmbeddedPostgres.start();
        pg.execute("CREATE TABLE t (id INT PRIMARY KEY)", "CREATE PUBLICATION probe_pub FOR TABLE t");
    }

    @AfterAll
    static void stop() {
        if (pg != null) pg.close();
    }

    @Test
    void aSlotStillReadIsDroppedOnceItsReaderLetsGo() throws Exception {
        pg.execute("SELECT pg_create_logical_replication_slot('busy_slot', 'pgoutput')");
        CompletableFuture<List<String>> release;
        try (Connection replication = replicationConnection();
             PGReplicationStream stream = replication.unwrap(PGConnection.class).getReplicationAPI().replicationStream()
                     .logical().withSlotName("busy_slot").withSlotOption("proto_version", "1")
                     .withSlotOption("publication_names", "probe_pub").start()) {
            assertThat(query("SELECT active::text FROM pg_replication_slots WHERE slot_name = 'busy_slot'")).containsExactly("true");
            release = CompletableFuture.supplyAsync(() -> new PostgresCdcProbe(PostgresCdcProbe.Reader.DEBEZIUM).release("t", options("postgres-cdc", "busy_slot")));
            // the release has found the slot active (its look at the slot is its connection's last query) and waits
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> query("SELECT count(*) FROM pg_stat_activity"
                    + " WHERE query LIKE 'SELECT active, active_pid FROM pg_replication_slots%'"), n -> !n.equals(List.of("0")));
        }
        assertThat(release.get()).singleElement().asString().endsWith("dropped");
        assertThat(query("SELECT slot_name FROM pg_replication_slots")).doesNotContain("busy_slot");
    }

    @Test
    void cdcbridgePostgresLosesItsSlotButKeepsItsPublication() {
        pg.execute("SELECT pg_create_logical_replication_slot('own_slot', 'pgoutput')",
                "CREATE PUBLICATION cdcbridge_own_slot FOR TABLE t");
        List<String> notes = new PostgresCdcProbe(PostgresCdcProbe.Reader.CDCBRIDGE).release("t", options(PostgresSourceFactory.IDENTIFIER, "own_slot"));
        assertThat(notes).hasSize(2);
        assertThat(notes.get(0)).startsWith("replication slot 'own_slot' of source 't'").endsWith("dropped");
        assertThat(notes.get(1)).isEqualTo("publication 'cdcbridge_own_slot' left as it is: cdcbridge cannot tell whether"
                + " it created it; if nothing else reads it, drop it with DROP PUBLICATION \"cdcbridge_own_slot\"");
        assertThat(query("SELECT slot_name FROM pg_replication_slots")).doesNotContain("own_slot");
        assertThat(query("SELECT pubname FROM pg_publication")).contains("cdcbridge_own_slot");
    }

    @Test
    void aSlotThatIsNotThereIsSaidSo() {
        assertThat(new PostgresCdcProbe(PostgresCdcProbe.Reader.DEBEZIUM).release("t", options("postgres-cdc", "never_made")))
                .singleElement().asString().endsWith(": none there (it was never created, or was dropped already)");
    }

    @Test
    void cdcbridgePostgresIsCheckedBeforeDeployLikePostgresCdc() throws Exception {
        Map<String, String> o = new java.util.HashMap<>(options(PostgresSourceFactory.IDENTIFIER, "checked_slot"));
        o.put("schema-name", "public");
        o.put("table-name", "t");
        // t keeps REPLICA IDENTITY DEFAULT; cdcbridge-postgres has no upsert mode to offer instead
        assertThatThrownBy(() -> new PostgresCdcProbe(PostgresCdcProbe.Reader.CDCBRIDGE).preflight("customers", o, true))
                .hasMessageEndingWith("does not have REPLICA IDENTITY FULL, so its updates and deletes carry no old row and"
                        + " the job would fail on the first update; run ALTER TABLE \"public\".\"t\" REPLICA IDENTITY FULL"
                        + " in PostgreSQL");
        o.put("table-name", "missing");
        assertThatThrownBy(() -> new PostgresCdcProbe(PostgresCdcProbe.Reader.CDCBRIDGE).preflight("customers", o, true))
                .hasMessageContaining("table public.missing does not exist");
        assertThat(new PostgresCdcProbe(PostgresCdcProbe.Reader.CDCBRIDGE).offsets("customers", o)).containsExactly(new SourceOffset("customers",
                PostgresSourceFactory.IDENTIFIER, new SourcePosition.Unknown("replication slot 'checked_slot' not created yet")));
    }

    private static Map<String, String> options(String connector, String slot) {
        return Map.of("connector", connector, "hostname", pg.host(), "port", String.valueOf(pg.port()),
                "username", pg.user(), "password", pg.password(), "database-name", pg.database(), "slot.name", slot);
    }

    private static Connection replicationConnection() throws Exception {
        Properties p = new Properties();
        PGProperty.USER.set(p, pg.user());
        PGProperty.PASSWORD.set(p, pg.password());
        PGProperty.REPLICATION.set(p, "database");
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(p, "10");
        PGProperty.PREFER_QUERY_MODE.set(p, "simple");
        return DriverManager.getConnection(pg.jdbcUrl(), p);
    }

    private static List<String> query(String sql) {
        List<String> out = new ArrayList<>();
        try (Connection c = pg.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
