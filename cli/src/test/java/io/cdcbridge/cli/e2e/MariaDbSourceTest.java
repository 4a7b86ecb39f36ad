package io.cdcbridge.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.cli.client.ServerClient;
import io.cdcbridge.cli.stack.LocalStack;
import io.cdcbridge.cli.topic.TopicReader;
import io.cdcbridge.cli.topic.TopicRecord;
import io.cdcbridge.control.server.ScriptRequest;
import io.cdcbridge.embedded.EmbeddedMariaDb;
import io.cdcbridge.embedded.EmbeddedServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/mariadb-migration, scripts as written: MariaDB as a source through mysql-cdc: its snapshot, then inserts, updates, deletes and a key change from the
 * binlog, upserted into PostgreSQL by cdcbridge-jdbc guarded by a version column; stopped with a savepoint (its
 * binlog position shown) and resumed, each change emitted once (the same changes as Debezium-style events on a
 * topic) and the target equal to the source row by row.
 */
@Tag("integration")
class MariaDbSourceTest {

    static final Path EXAMPLE = Path.of("../examples/mariadb-migration");

    static EmbeddedServices services;
    static EmbeddedMariaDb mariadb;

    @TempDir
    Path workspace;

    @BeforeAll
    static void startServices() throws IOException {
        services = EmbeddedServices.start("postgres,kafka,mariadb");
        mariadb = services.mariadb();
        mariadb.execute(statements("mariadb/01-items.sql"));
        services.postgres().execute(statements("postgres/01-items.sql"));
        services.kafka().createTopic("items-changes", 1);
    }

    @AfterAll
    static void stopServices() {
        if (services != null) services.close();
    }

    @Test
    void snapshotThenBinlogIntoPostgresStoppedWithASavepointAndResumedEmittingEachChangeOnce() throws Exception {
        try (LocalStack stack = LocalStack.start(LocalStack.Options.local(workspace, null)
                .withDefaults(Map.of("execution.checkpointing.interval", "1s"))
                .withVariables(services.variables()))) {
            ServerClient server = new ServerClient(stack.url());
            Path script = EXAMPLE.resolve("flink/01-migrate-items.sql");
            server.runScript(new ScriptRequest(script.toString(), Files.readString(script), Map.of(), false));
            awaitPhase(server, "RUNNING");
            awaitTargetEqualsSource();

            mariadb.execute("INSERT INTO items VALUES (4, 'fig', 1)",
                    "UPDATE items SET name = 'green pear', version = 2 WHERE id = 2",
                    "DELETE FROM items WHERE id = 3",
                    "UPDATE items SET id = 10, version = 2 WHERE id = 1");
            awaitTargetEqualsSource();
            assertThat(target()).containsExactly("2|green pear|2", "4|fig|1", "10|apple|2");

            JsonNode stopped = server.stop("items-to-pg", true);
            assertThat(stopped.path("status").path("phase").asText()).isEqualTo("STOPPED");
            String savepoint = stopped.path("status").path("savepoint").asText();
            JsonNode position = stopped.path("status").path("latest_offsets").get(0).path("position");
            assertThat(position.path("type").asText()).isEqualTo("mysql-binlog");
            assertThat(position.path("file").asText()).matches("binlog\\.\\d{6}");
            assertThat(position.path("position").asLong()).isPositive();
            assertThat(position.path("read_from").asText()).isEqualTo("savepoint " + savepoint);
            // MariaDB's GTID position for that file position (mysql-cdc keeps none for MariaDB: domain-server-sequence)
            assertThat(position.path("gtid_set").asText()).matches("0-1-\\d+");

            mariadb.execute("INSERT INTO items VALUES (5, 'kiwi', 1)", "UPDATE items SET name = 'ripe fig', version = 2 WHERE id = 4");
            server.resume("items-to-pg");
            awaitPhase(server, "RUNNING");
            awaitTargetEqualsSource();
            assertThat(target()).containsExactly("2|green pear|2", "4|ripe fig|2", "5|kiwi|1", "10|apple|2");

            // every change once: the snapshot (in no set order), then the stream before the stop and after the resume in order
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                List<String> events = events();
                assertThat(events).hasSize(12);
                assertThat(events.subList(0, 3)).containsExactlyInAnyOrder("+ 1|apple|1", "+ 2|pear|1", "+ 3|plum|1");
                assertThat(events.subList(3, 12)).containsExactly(
                        "+ 4|fig|1", "- 2|pear|1", "+ 2|green pear|2", "- 3|plum|1", "- 1|apple|1", "+ 10|apple|2",
                        "+ 5|kiwi|1", "- 4|fig|1", "+ 4|ripe fig|2");
            });

            // the server purges the binlog the savepoint points into while the statement is stopped: the resume fails at
            // once, saying what is gone and how to start over, instead of reading on and missing changes
            JsonNode again = server.stop("items-to-pg", true).path("status").path("latest_offsets").get(0).path("position");
            String oldest = mariadb.purgeBinlog();
            server.resume("items-to-pg");
            JsonNode failed = server.statement("items-to-pg").path("status");
            assertThat(failed.path("phase").asText()).isEqualTo("FAILED");
            assertThat(failed.path("detail").asText())
                    .contains("source table 'items_src' (mysql-cdc, MySQL/MariaDB at ")
                    .contains(": the binlog " + again.path("file").asText() + " position " + again.path("position").asLong()
                            + " (from savepoint ")
                    .contains(") is no longer on the server: its oldest binlog file is " + oldest + " (older ones were purged")
                    .contains("the changes since then are lost to this statement: start it over from a new snapshot");
        }
    }

    // the example's statements, one per string (its files hold no ';' but between statements)
    private static String[] statements(String file) throws IOException {
        String text = Files.readAllLines(EXAMPLE.resolve(file)).stream().filter(l -> !l.startsWith("--"))
                .collect(Collectors.joining("\n"));
        return Arrays.stream(text.split(";")).map(String::trim).filter(x -> !x.isEmpty()).toArray(String[]::new);
    }

    private static void awaitPhase(ServerClient server, String phase) {
        Awaitility.await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                assertThat(server.statement("items-to-pg").path("status").path("phase").asText()).isEqualTo(phase));
    }

    private static void awaitTargetEqualsSource() {
        Awaitility.await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(target()).isEqualTo(source()));
    }

    private static List<String> source() throws SQLException {
        var e = mariadb.endpoint();
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://" + e.host() + ":" + e.port() + "/" + e.database(),
                e.user(), e.password())) {
            return rows(c);
        }
    }

    private static List<String> target() throws SQLException {
        var e = services.postgres().endpoint();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + e.host() + ":" + e.port() + "/" + e.database(),
                e.user(), e.password())) {
            return rows(c);
        }
    }

    private static List<String> rows(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, name, version FROM items ORDER BY id")) {
            while (rs.next()) out.add(rs.getInt(1) + "|" + rs.getString(2) + "|" + rs.getLong(3));
        }
        return out;
    }

    // one line per event: '+' a row created, '-' a row removed (an update is both, as debezium-json writes it)
    private static List<String> events() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<String> out = new ArrayList<>();
        for (TopicRecord r : TopicReader.all(services.kafka().bootstrapServers(), "items-changes", Duration.ofSeconds(1))) {
            JsonNode v = json.readTree(r.value());
            JsonNode row = v.path("op").asText().equals("d") ? v.path("before") : v.path("after");
            out.add((v.path("op").asText().equals("d") ? "- " : "+ ") + row.path("id").asInt() + "|"
                    + row.path("name").asText() + "|" + row.path("version").asLong());
        }
        return out;
    }
}
