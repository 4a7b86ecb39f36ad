package io.cdcbridge.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcbridge.embedded.EmbeddedPostgres.Binaries;
import io.cdcbridge.embedded.EmbeddedPostgres.Options;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.PGProperty;

@Tag("integration")
class EmbeddedPostgresTest {

    @ParameterizedTest
    @EnumSource(value = Binaries.class, names = {"AUTO", "ZONKY"})
    void servesLogicalReplicationWithPasswordAuthentication(Binaries binaries) throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(Options.defaults().withBinaries(binaries))) {
            try (Connection c = pg.connect(); Statement s = c.createStatement()) {
                assertThat(single(s, "SHOW wal_level")).isEqualTo("logical");
                assertThat(single(s, "SHOW listen_addresses")).isEqualTo("127.0.0.1");
                assertThat(single(s, "SHOW max_replication_slots")).isEqualTo("20");
                assertThat(single(s, "SHOW fsync")).isEqualTo("off");
                s.execute("CREATE TABLE t (id INT PRIMARY KEY, name TEXT)");
                s.execute("SELECT pg_create_logical_replication_slot('probe_slot', 'pgoutput')");
                assertThat(single(s, "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'probe_slot'")).isEqualTo("1");
                s.execute("SELECT pg_drop_replication_slot('probe_slot')");
                assertThat(single(s, "SELECT count(*) FROM pg_replication_slots")).isEqualTo("0");
            }
            // what a CDC source opens: a logical replication connection, authenticated like any other
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), replication(pg.user(), pg.password(), "database"));
                 Statement s = c.createStatement()) {
                assertThat(single(s, "IDENTIFY_SYSTEM")).isNotBlank();
            }
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), replication(pg.user(), pg.password(), "true"));
                 Statement s = c.createStatement()) {
                assertThat(single(s, "IDENTIFY_SYSTEM")).isNotBlank();
            }
            assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl(), pg.user(), "wrong").close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
            assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl(), pg.user(), "").close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("SCRAM");
            assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl(), replication(pg.user(), "wrong", "true")).close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
        }
    }

    @Test
    void takesExtraSettingsAndRunsSetupScripts() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(Options.defaults().withSetting("max_connections", "42"))) {
            pg.execute("CREATE TABLE customers (id INT PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, 'Ann')",
                    "ALTER TABLE customers REPLICA IDENTITY FULL");
            try (Connection c = pg.connect(); Statement s = c.createStatement()) {
                assertThat(single(s, "SHOW max_connections")).isEqualTo("42");
                assertThat(single(s, "SELECT name FROM customers WHERE id = 1")).isEqualTo("Ann");
            }
            assertThat(pg.host()).isEqualTo("127.0.0.1");
            assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres");
            assertThat(pg.password()).matches("[A-Za-z0-9]{24}").isNotEqualTo("postgres");
            assertThat(pg.describe()).isEqualTo("PGPASSWORD=" + pg.password() + " psql -h 127.0.0.1 -p " + pg.port() + " -U postgres postgres");
            assertThatThrownBy(() -> pg.execute("SELECT * FROM nowhere"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("nowhere");
        }
    }

    @Test
    void closeStopsTheServerAndRemovesItsFiles() {
        EmbeddedPostgres pg = EmbeddedPostgres.start();
        assertThat(accepts(pg.port())).isTrue();
        pg.close();
        assertThat(accepts(pg.port())).isFalse();
        assertThat(pg.directory()).doesNotExist();
        pg.close(); // a second close does nothing
    }

    @ParameterizedTest
    @EnumSource(value = Binaries.class, names = {"AUTO", "ZONKY"})
    void stopsByItselfWhenTheJvmThatStartedItIsKilled(Binaries binaries) throws Exception {
        Process child = holder(List.of(), binaries.name());
        Map<String, String> started = startedBy(child);
        int port = Integer.parseInt(started.get("port"));
        assertThat(accepts(port)).isTrue();

        child.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no shutdown hook runs

        awaitStopped(port, Path.of(started.get("dir")));
    }

    @Test
    void stopsByItselfWhenItsProcessGroupIsTerminated() throws Exception {
        // as timeout(1) or Ctrl-C do: the signal reaches every process of the group, the watchdog included
        Process child = holder(List.of("setsid"), Binaries.AUTO.name());
        Map<String, String> started = startedBy(child);
        int port = Integer.parseInt(started.get("port"));

        Process kill = new ProcessBuilder("kill", "-TERM", "--", "-" + child.pid()).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();

        awaitStopped(port, Path.of(started.get("dir")));
    }

    // A child JVM that starts the server ServiceHolder's argument names.
    static Process holder(List<String> prefix, String service) throws Exception {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), ServiceHolder.class.getName(), service));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    // Reads the child's "key=value" lines until it has said where its server is.
    static Map<String, String> startedBy(Process child) throws Exception {
        Map<String, String> said = new HashMap<>();
        StringBuilder output = new StringBuilder();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while (!said.containsKey("dir") && (line = out.readLine()) != null) {
            output.append(line).append('\n');
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).matches("[a-z]+")) said.put(line.substring(0, eq), line.substring(eq + 1));
        }
        assertThat(said).as("what the child printed:\n" + output).containsKeys("port", "dir");
        // keep draining, so that the child never blocks on a full pipe
        Thread drain = new Thread(() -> {
            try {
                out.transferTo(java.io.Writer.nullWriter());
            } catch (Exception ignored) {
                // the child is gone
            }
        });
        drain.setDaemon(true);
        drain.start();
        return said;
    }

    static void awaitStopped(int port, Path dir) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos(); // reached only when it does not stop
        while ((accepts(port) || Files.exists(dir)) && System.nanoTime() < deadline) Thread.sleep(100);
        assertThat(accepts(port)).as("the server still listens on port " + port + " after its JVM died").isFalse();
        assertThat(dir).as("its directory").doesNotExist();
    }

    private static Properties replication(String user, String password, String mode) {
        Properties p = new Properties();
        PGProperty.USER.set(p, user);
        PGProperty.PASSWORD.set(p, password);
        PGProperty.REPLICATION.set(p, mode);
        PGProperty.PREFER_QUERY_MODE.set(p, "simple"); // the replication protocol takes simple queries only
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(p, "10");
        return p;
    }

    static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql + " returns a row").isTrue();
            return rs.getString(1);
        }
    }
}
