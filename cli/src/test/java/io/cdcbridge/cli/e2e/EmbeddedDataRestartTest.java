package io.cdcbridge.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.cli.support.ServerProcess;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server --embedded} keeps its services' data, addresses and passwords in the workspace, as a compose
 * volume would: a server killed with SIGKILL and started again finds the same databases at the same addresses.
 */
@Tag("integration")
class EmbeddedDataRestartTest {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{((?:POSTGRES|MYSQL)_\\w+)} = (.*)");

    @TempDir
    Path dir;

    @Test
    void aKilledServerComesBackWithTheSameDatabasesAtTheSameAddresses() throws Exception {
        Path workspace = dir.resolve("ws");
        Path firstLog = dir.resolve("first.log");
        Process server = ServerProcess.start(workspace, firstLog, Map.of(), "--embedded", "postgres,mariadb");
        Map<String, String> before;
        String password;
        try {
            ServerProcess.await(server, workspace, firstLog);
            before = printedVariables(firstLog);
            password = keptPassword(workspace, "postgres");
            assertThat(password).matches("[A-Za-z0-9]{24}");
            assertThat(before).containsEntry("POSTGRES_USER", "postgres").containsEntry("POSTGRES_PASSWORD", "******");
            execute(before, "POSTGRES", password, "CREATE TABLE kept (id INT PRIMARY KEY, name TEXT)",
                    "INSERT INTO kept VALUES (1, 'before the kill'), (2, 'also')");
            execute(before, "MYSQL", keptPassword(workspace, "mariadb"), "CREATE TABLE kept (id INT PRIMARY KEY, name TEXT)",
                    "INSERT INTO kept VALUES (3, 'in MariaDB')");
            // the workspace's owner-only watch has seen the services' folders appear: it leaves their programs alone
        } finally {
            server.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs
        }

        Path secondLog = dir.resolve("second.log");
        server = ServerProcess.start(workspace, secondLog, Map.of(), "--embedded", "postgres,mariadb");
        try {
            ServerProcess.await(server, workspace, secondLog);
            assertThat(printedVariables(secondLog)).isEqualTo(before);
            assertThat(keptPassword(workspace, "postgres")).isEqualTo(password);
            assertThat(query(before, "POSTGRES", password, "SELECT id, name FROM kept ORDER BY id"))
                    .containsExactly("1 before the kill", "2 also");
            assertThat(query(before, "MYSQL", keptPassword(workspace, "mariadb"), "SELECT id, name FROM kept"))
                    .containsExactly("3 in MariaDB");
        } finally {
            server.destroyForcibly().waitFor();
        }
        // a killed server's kept services are stopped by its watchdogs (they read the pid files in the workspace, so
        // this also keeps the test's folder until they have: deleted first, a MariaDB was left running)
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(listening(Integer.parseInt(before.get("MYSQL_PORT")))).as("MariaDB still listening").isFalse();
            assertThat(listening(Integer.parseInt(before.get("POSTGRES_PORT")))).as("PostgreSQL still listening").isFalse();
        });
        assertThat(Files.readString(firstLog) + Files.readString(secondLog)).doesNotContain(password)
                .doesNotContain(keptPassword(workspace, "mariadb"));
    }

    @Test
    void freshGivesAnEmptyThrowAwayStack() throws Exception {
        Path workspace = dir.resolve("fresh-ws");
        Path log = dir.resolve("fresh.log");
        Process server = ServerProcess.start(workspace, log, Map.of(), "--embedded", "postgres", "--fresh");
        try {
            ServerProcess.await(server, workspace, log);
            Awaitility.await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                    assertThat(Files.readString(log)).contains("embedded:  fresh, thrown away on stop"));
            assertThat(workspace.resolve("embedded")).doesNotExist();
        } finally {
            server.destroyForcibly().waitFor();
        }
    }

    private static boolean listening(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    // The ${POSTGRES_...} lines the server prints at its start.
    private static Map<String, String> printedVariables(Path log) {
        Map<String, String> vars = new TreeMap<>();
        Awaitility.await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            Matcher m = VARIABLE.matcher(Files.readString(log));
            while (m.find()) vars.put(m.group(1), m.group(2).strip());
            assertThat(vars).containsKeys("POSTGRES_HOST", "POSTGRES_PORT", "POSTGRES_DATABASE", "MYSQL_PORT", "MYSQL_DATABASE");
        });
        return vars;
    }

    // Where the server says the password is: the service's owner-only state file in the workspace.
    private static String keptPassword(Path workspace, String service) throws Exception {
        Path file = workspace.resolve("embedded").resolve(service).resolve("service.properties");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        return p.getProperty("password");
    }

    private static Connection connect(Map<String, String> vars, String service, String password) throws Exception {
        String driver = service.equals("POSTGRES") ? "postgresql" : "mariadb";
        return DriverManager.getConnection("jdbc:" + driver + "://" + vars.get(service + "_HOST") + ":" + vars.get(service + "_PORT")
                + "/" + vars.get(service + "_DATABASE"), vars.get(service + "_USER"), password);
    }

    private static void execute(Map<String, String> vars, String service, String password, String... sql) throws Exception {
        try (Connection c = connect(vars, service, password); Statement s = c.createStatement()) {
            for (String each : sql) s.execute(each);
        }
    }

    private static List<String> query(Map<String, String> vars, String service, String password, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = connect(vars, service, password); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) rows.add(rs.getInt(1) + " " + rs.getString(2));
        }
        return rows;
    }
}
