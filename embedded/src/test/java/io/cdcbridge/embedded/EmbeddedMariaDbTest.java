package io.cdcbridge.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class EmbeddedMariaDbTest {

    @Test
    void servesItsDatabaseToItsUserOnlyWithThePassword() throws Exception {
        try (EmbeddedMariaDb db = EmbeddedMariaDb.start()) {
            assertThat(db.jdbcUrl()).isEqualTo("jdbc:mariadb://127.0.0.1:" + db.port() + "/cdcbridge");
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                assertThat(single(s, "SELECT VERSION()")).startsWith(EmbeddedMariaDb.VERSION + "-MariaDB");
                assertThat(single(s, "SELECT DATABASE()")).isEqualTo("cdcbridge");
                assertThat(single(s, "SELECT @@bind_address")).isEqualTo("127.0.0.1");
                assertThat(single(s, "SELECT @@have_ssl")).isEqualTo("DISABLED");
                s.execute("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(10))");
                s.execute("INSERT INTO t VALUES (1, 'Ann')");
                assertThat(single(s, "SELECT name FROM t WHERE id = 1")).isEqualTo("Ann");
                // the strict mode a real server has: a value too long is refused, not cut
                assertThatThrownBy(() -> s.execute("INSERT INTO t VALUES (2, 'much too long a name')"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("Data too long");
            }
            assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(), db.user(), "wrong").close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("Access denied");
            assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(), "root", "").close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("Access denied");
            assertThatThrownBy(() -> db.execute("SELECT * FROM nowhere"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("nowhere");
        }
    }

    @Test
    void severalStartAtOnce() throws Exception {
        // test JVMs run side by side; their installs once shared /tmp and failed at random
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<EmbeddedMariaDb>> starts = new ArrayList<>();
            for (int i = 0; i < 4; i++) starts.add(pool.submit(() -> EmbeddedMariaDb.start()));
            List<EmbeddedMariaDb> started = new ArrayList<>();
            try {
                for (Future<EmbeddedMariaDb> start : starts) started.add(start.get(180, TimeUnit.SECONDS));
                for (EmbeddedMariaDb db : started) {
                    try (Connection c = db.connect(); Statement s = c.createStatement()) {
                        assertThat(single(s, "SELECT DATABASE()")).isEqualTo("cdcbridge");
                    }
                }
            } finally {
                started.forEach(EmbeddedMariaDb::close);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closeStopsTheServerAndRemovesItsFiles() {
        EmbeddedMariaDb db = EmbeddedMariaDb.start();
        assertThat(EmbeddedPostgresTest.accepts(db.port())).isTrue();
        db.close();
        assertThat(EmbeddedPostgresTest.accepts(db.port())).isFalse();
        assertThat(db.directory()).doesNotExist();
        db.close(); // a second close does nothing
        assertThatThrownBy(db::resume).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void stopsByItselfWhenTheJvmThatStartedItIsKilled() throws Exception {
        Process child = EmbeddedPostgresTest.holder(List.of(), "mariadb");
        Map<String, String> started = EmbeddedPostgresTest.startedBy(child);
        int port = Integer.parseInt(started.get("port"));
        assertThat(EmbeddedPostgresTest.accepts(port)).isTrue();

        child.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no shutdown hook runs

        EmbeddedPostgresTest.awaitStopped(port, Path.of(started.get("dir")));
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql + " returns a row").isTrue();
            return rs.getString(1);
        }
    }
}
