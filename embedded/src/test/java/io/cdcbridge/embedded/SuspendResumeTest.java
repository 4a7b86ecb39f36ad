package io.cdcbridge.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An outage as tests play it: the server stops, then starts again on the same port with its data. */
@Tag("integration")
class SuspendResumeTest {

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "AUTO", "ZONKY"})
    void suspendedItRefusesConnectionsAndResumesWithItsDataOnTheSamePort(String server) throws Exception {
        try (EmbeddedDatabase db = server.equals("mariadb") ? EmbeddedMariaDb.start()
                : EmbeddedPostgres.start(EmbeddedPostgres.Options.defaults().withBinaries(EmbeddedPostgres.Binaries.valueOf(server)))) {
            int port = db.port();
            db.execute("CREATE TABLE kept (id INT PRIMARY KEY)", "INSERT INTO kept VALUES (7)");
            try (Connection open = db.connect()) {
                db.suspend();
                assertThat(EmbeddedPostgresTest.accepts(port)).isFalse();
                assertThatThrownBy(db::connect).isInstanceOf(SQLException.class);
                assertThatThrownBy(() -> open.createStatement().executeQuery("SELECT 1")).isInstanceOf(SQLException.class);
            }
            db.resume();
            assertThat(db.port()).isEqualTo(port);
            try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(7);
            }
            if (!server.equals("mariadb")) {
                try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW wal_level")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).as("settings survive the restart").isEqualTo("logical");
                }
            }
        }
    }
}
