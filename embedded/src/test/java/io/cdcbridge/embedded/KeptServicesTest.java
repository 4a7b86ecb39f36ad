package io.cdcbridge.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Services kept in a home outlive their process, as a compose volume does: same data, same addresses. */
@Tag("integration")
class KeptServicesTest {

    @TempDir
    Path home;

    @Test
    void startedAgainOnTheSameHomeTheServicesHaveTheirDataPortsAndPasswords() throws Exception {
        Map<String, String> first;
        try (EmbeddedServices services = EmbeddedServices.start("postgres,mariadb,kafka", home)) {
            first = services.variables();
            services.postgres().execute("CREATE TABLE kept (id INT PRIMARY KEY)", "INSERT INTO kept VALUES (1), (2)");
            services.mariadb().execute("CREATE TABLE kept (id INT PRIMARY KEY)", "INSERT INTO kept VALUES (3)");
            services.kafka().createTopic("kept-topic", 3);
        }
        assertThat(first.get("POSTGRES_PASSWORD")).matches("[A-Za-z0-9]{24}");
        assertThat(first.get("MYSQL_PASSWORD")).matches("[A-Za-z0-9]{24}").isNotEqualTo(first.get("POSTGRES_PASSWORD"));
        // the passwords are on disk for the owner only, and nowhere as a file the server reads at start
        for (String service : new String[] {"postgres", "mariadb", "kafka"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(service)))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(service).resolve("service.properties"))))
                    .isEqualTo("rw-------");
        }
        assertThat(home.resolve("mariadb").resolve("init.sql")).doesNotExist();

        try (EmbeddedServices again = EmbeddedServices.start("postgres,mariadb,kafka", home)) {
            assertThat(again.variables()).isEqualTo(first);
            assertThat(ids(again.postgres(), "SELECT id FROM kept ORDER BY id")).isEqualTo("1,2");
            assertThat(ids(again.mariadb(), "SELECT id FROM kept ORDER BY id")).isEqualTo("3");
            assertThat(again.kafka().topics()).contains("kept-topic");
        }
    }

    @Test
    void aKilledProcessesServicesAreFoundAgainAndATakenPortIsReplaced() throws Exception {
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), KeptServicesHolder.class.getName(), home.toString())
                .redirectErrorStream(true).start();
        Map<String, String> said = EmbeddedPostgresTest.startedBy(holder);
        int port = Integer.parseInt(said.get("port"));
        holder.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no close()
        // its watchdog stops the server; the data stays
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos(); // reached only when it does not stop
        while (EmbeddedPostgresTest.accepts(port) && System.nanoTime() < deadline) Thread.sleep(100);
        assertThat(EmbeddedPostgresTest.accepts(port)).as("stopped after its JVM died").isFalse();
        assertThat(home.resolve("postgres").resolve("data").resolve("PG_VERSION")).exists();

        try (ServerSocket squatter = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
             EmbeddedServices again = EmbeddedServices.start("postgres", home)) {
            assertThat(again.postgres().port()).isNotEqualTo(port);
            assertThat(again.postgres().password()).isEqualTo(said.get("password"));
            assertThat(ids(again.postgres(), "SELECT id FROM held ORDER BY id")).isEqualTo("7,8");
        }
        try (Stream<Path> files = Files.list(home)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("postgres");
        }
    }

    private static String ids(EmbeddedDatabase db, String sql) throws Exception {
        StringBuilder b = new StringBuilder();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) b.append(b.length() == 0 ? "" : ",").append(rs.getInt(1));
        }
        return b.toString();
    }
}
