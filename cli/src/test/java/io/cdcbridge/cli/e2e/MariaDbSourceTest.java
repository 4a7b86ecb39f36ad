package io.cdcbridge.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcbridge.cli.DemoCommand;
import io.cdcbridge.cli.client.ServerClient;
import io.cdcbridge.cli.demo.MariaDbDemo;
import io.cdcbridge.cli.stack.LocalStack;
import io.cdcbridge.cli.support.CommandRun;
import io.cdcbridge.cli.topic.TopicReader;
import io.cdcbridge.cli.topic.TopicRecord;
import io.cdcbridge.control.server.ScriptRequest;
import io.cdcbridge.control.workspace.Json;
import io.cdcbridge.embedded.EmbeddedMariaDb;
import io.cdcbridge.embedded.EmbeddedServices;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MariaDB as a source, on one stack: {@code cdcbridge demo mariadb} (examples/mariadb-migration, read by cdcbridge-mysql,
 * and examples/mariadb-kafka, by mysql-cdc, as written: the snapshot, then an insert, an update, a delete and a key change from the
 * binlog, upserted into PostgreSQL guarded by a version column and published as Debezium's MySQL connector publishes
 * them); the migration stopped with a savepoint (its binlog position shown), resumed emitting each change once,
 * verified, and refused a resume once its binlog is purged; then every type value by value, an added column, a killed
 * server and lag in seconds (mysql-cdc); and cdcbridge-mysql's lag and a killed server.
 */
@Tag("integration")
class MariaDbSourceTest {

    // the source block but its times: mysql-cdc tells no binlog coordinates per row, so they are Debezium's "unknown"
    private static final String SOURCE = "\"source\":{\"version\":\"3.6.1.Final\",\"connector\":\"mysql\",\"name\":\"shop\","
            + "\"snapshot\":\"%s\",\"db\":\"cdcbridge\",\"sequence\":null,\"table\":\"items\",\"server_id\":0,\"gtid\":null,"
            + "\"file\":\"\",\"pos\":0,\"row\":0,\"thread\":null,\"query\":null}";

    static EmbeddedServices services;
    static EmbeddedMariaDb mariadb;
    // one server for every test here (each with statements of its own): a stack costs seconds to start
    static LocalStack stack;
    static ServerClient server;

    @TempDir
    static Path workspace;

    @BeforeAll
    static void startServices() throws Exception {
        stack = LocalStack.start(LocalStack.Options.local(workspace, MariaDbDemo.SERVICES)
                .withDefaults(Map.of("execution.checkpointing.interval", "1s")));
        services = stack.services();
        mariadb = services.mariadb();
        services.kafka().createTopic("items-changes", 1);
        server = new ServerClient(stack.url());
    }

    @AfterAll
    static void stopServices() {
        if (stack != null) stack.close();
    }

    /**
     * {@code cdcbridge demo mariadb} as it runs (examples/mariadb-migration and examples/mariadb-kafka: the snapshot,
     * an insert, an update, a delete and a key change), then the migration's statement stopped and resumed.
     */
    @Test
    void theDemoThenAStopWithASavepointAndAResumeEmittingEachChangeOnce() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        DemoCommand.Scenario.MARIADB.play(stack, new PrintStream(printed, true, StandardCharsets.UTF_8));
        awaitTargetEqualsSource();
        assertThat(target()).containsExactly("2|green pear|2", "4|fig|1", "10|apple|2");
        assertDebeziumMysqlEvents();
        String out = printed.toString(StandardCharsets.UTF_8);
        System.out.println(out); // the report shows what the demo prints
        assertThat(out).contains("$ cdcbridge run examples/mariadb-kafka/flink/01-publish-items.sql",
                "statement 'items-to-kafka' RUNNING", "statement 'items-to-pg' RUNNING",
                "Key: {\"id\":3}\nValue: null (tombstone)", "postgres=# select * from items order by id;",
                // the table as psql prints it, after the snapshot and after the changes
                "  1 | apple |       1\n  2 | pear  |       1\n  3 | plum  |       1\n(3 rows)",
                "  2 | green pear |       2\n  4 | fig        |       1\n 10 | apple      |       2\n(3 rows)");
        // verify: the Debezium events' latest value per key against MariaDB's items, column by column
        CommandRun published = CommandRun.of("verify", "items-to-kafka", "--server", stack.url());
        assertThat(published.code()).as(published.out() + published.err()).isEqualTo(0);
        assertThat(published.out()).contains("items", "note: the target is topic 'shop.", "3 source rows, 3 target rows").endsWith("equal\n");
        server.delete("items-to-kafka");

        JsonNode stopped = server.stop("items-to-pg", true);
        assertThat(stopped.path("status").path("phase").asText()).isEqualTo("STOPPED");
        String savepoint = stopped.path("status").path("savepoint").asText();
        JsonNode position = stopped.path("status").path("latest_offsets").get(0).path("position");
        assertThat(position.path("type").asText()).isEqualTo("mysql-binlog");
        assertThat(position.path("file").asText()).matches("binlog\\.\\d{6}");
        assertThat(position.path("position").asLong()).isPositive();
        assertThat(position.path("read_from").asText()).isEqualTo("savepoint " + savepoint);
        // MariaDB's GTID position at that file position (domain-server-sequence)
        assertThat(position.path("gtid_set").asText()).matches("0-1-\\d+");

        mariadb.execute("INSERT INTO items VALUES (5, 'kiwi', 1)", "UPDATE items SET name = 'ripe fig', version = 2 WHERE id = 4");
        server.resume("items-to-pg");
        awaitPhase("items-to-pg", "RUNNING");
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

        // cdcbridge verify on the running statement: MariaDB's items against PostgreSQL's
        CommandRun verify = CommandRun.of("verify", "items-to-pg", "--server", stack.url());
        assertThat(verify.code()).as(verify.out() + verify.err()).isEqualTo(0);
        assertThat(verify.out()).contains("4 source rows, 4 target rows").endsWith("equal\n");
        // a difference planted in PostgreSQL by hand: reported with its keys and column, repaired from MariaDB's rows
        services.postgres().execute("UPDATE items SET name = 'by hand' WHERE id = 5", "DELETE FROM items WHERE id = 10",
                "INSERT INTO items VALUES (77, 'stray', 1)");
        CommandRun repaired = CommandRun.of("verify", "items-to-pg", "--repair", "--server", stack.url());
        assertThat(repaired.code()).as(repaired.out() + repaired.err()).isEqualTo(0);
        assertThat(repaired.out()).contains("  MISSING   id=10\n", "  EXTRA     id=77\n", "  DIFFERENT id=5: name\n",
                "repair: 2 rows written from the source, 1 deleted").endsWith("  equal\n");
        assertThat(target()).containsExactly("2|green pear|2", "4|ripe fig|2", "5|kiwi|1", "10|apple|2");

        // the server purges the binlog the savepoint points into while the statement is stopped: the resume fails at
        // once, saying what is gone and how to start over, instead of reading on and missing changes
        JsonNode again = server.stop("items-to-pg", true).path("status").path("latest_offsets").get(0).path("position");
        String oldest = mariadb.purgeBinlog();
        server.resume("items-to-pg");
        JsonNode failed = server.statement("items-to-pg").path("status");
        assertThat(failed.path("phase").asText()).isEqualTo("FAILED");
        assertThat(failed.path("detail").asText())
                .contains("source table 'items_src' (cdcbridge-mysql, MySQL/MariaDB at ")
                // cdcbridge-mysql keeps MariaDB's GTID position beside the file position in its savepoint
                .contains(": the binlog " + again.path("file").asText() + " position " + again.path("position").asLong()
                        + " GTID set " + again.path("gtid_set").asText() + " (from savepoint ")
                .contains(") is no longer on the server: its oldest binlog file is " + oldest + " (older ones were purged")
                .contains("the changes since then are lost to this statement: start it over from a new snapshot");
    }

    // every event on the Debezium topic as Debezium's MySQL connector writes it (key, envelope, source block but its
    // times, tombstones, schema names)
    private static void assertDebeziumMysqlEvents() throws Exception {
        List<TopicRecord> records = TopicReader.all(stack.services().kafka().bootstrapServers(), MariaDbDemo.TOPIC,
                Duration.ofSeconds(1));
        List<String> events = new ArrayList<>();
        for (TopicRecord r : records) events.add(event(r));
        assertThat(events).hasSize(10);
        assertThat(events.subList(0, 3)).containsExactlyInAnyOrder(
                "{\"id\":1} r null {\"id\":1,\"name\":\"apple\",\"version\":1} " + source("true"),
                "{\"id\":2} r null {\"id\":2,\"name\":\"pear\",\"version\":1} " + source("true"),
                "{\"id\":3} r null {\"id\":3,\"name\":\"plum\",\"version\":1} " + source("true"));
        assertThat(events.subList(3, 10)).containsExactly(
                "{\"id\":4} c null {\"id\":4,\"name\":\"fig\",\"version\":1} " + source("false"),
                "{\"id\":2} u {\"id\":2,\"name\":\"pear\",\"version\":1} {\"id\":2,\"name\":\"green pear\",\"version\":2} "
                        + source("false"),
                "{\"id\":3} d {\"id\":3,\"name\":\"plum\",\"version\":1} null " + source("false"),
                "{\"id\":3} tombstone",
                "{\"id\":1} d {\"id\":1,\"name\":\"apple\",\"version\":1} null " + source("false"),
                "{\"id\":1} tombstone",
                "{\"id\":10} c null {\"id\":10,\"name\":\"apple\",\"version\":2} " + source("false"));
        // each record framed as JsonConverter frames it, with the schemas Debezium's MySQL connector names
        JsonNode first = Json.MAPPER.readTree(records.get(0).value());
        assertThat(first.path("schema").path("name").asText()).isEqualTo("shop.cdcbridge.items.Envelope");
        assertThat(first.path("schema").path("fields").get(2).path("name").asText()).isEqualTo("io.debezium.connector.mysql.Source");
        assertThat(Json.MAPPER.readTree(records.get(0).key()).path("schema").path("name").asText()).isEqualTo("shop.cdcbridge.items.Key");
        JsonNode change = Json.MAPPER.readTree(records.get(3).value()).path("payload").path("source");
        assertThat(change.path("ts_ms").asLong()).isPositive();

    }

    private static String source(String snapshot) {
        return String.format(SOURCE, snapshot);
    }

    // key payload, op, before, after and the source block without its times; a tombstone as such
    private static String event(TopicRecord r) throws Exception {
        String key = Json.MAPPER.readTree(r.key()).path("payload").toString();
        if (r.tombstone()) return key + " tombstone";
        JsonNode payload = Json.MAPPER.readTree(r.value()).path("payload");
        ObjectNode source = (ObjectNode) payload.path("source");
        source.remove(List.of("ts_ms", "ts_us", "ts_ns"));
        return key + " " + payload.path("op").asText() + " " + payload.path("before") + " " + payload.path("after")
                + " \"source\":" + source;
    }

    /**
     * Every MariaDB type the issue names, value by value, read from the snapshot and from the binlog (they decode apart);
     * then a column added to the source while the statement streams (documented: read on, the new column not declared
     * is not read), and a SIGKILL of MariaDB while it streams (the job restarts from its checkpoint): PostgreSQL equal.
     */
    @Test
    void typesValueByValueThroughSnapshotAndBinlogAnAddedColumnAndAKilledServer() throws Exception {
        mariadb.execute("SET time_zone = '+00:00'", """
                CREATE TABLE typed (id INT UNSIGNED PRIMARY KEY, tiny TINYINT UNSIGNED, small SMALLINT UNSIGNED,
                  medium MEDIUMINT UNSIGNED, big BIGINT UNSIGNED, amount DECIMAL(20,4), dt DATETIME(6), ts TIMESTAMP(3) NULL,
                  doc JSON, size ENUM('small','large'), tags SET('x','y','z'), flags BIT(16), data BLOB)""",
                "INSERT INTO typed VALUES (4294967295, 255, 65535, 16777215, 18446744073709551615, -1234567890123456.7891,"
                        + " '2024-02-29 23:59:59.123456', '2024-06-01 12:00:00.123', '{\"a\": [1, 2.5, \"x\"], \"b\": null}',"
                        + " 'large', 'x,z', b'0000000100000010', x'00FF10')",
                "INSERT INTO typed (id) VALUES (1)");
        services.postgres().execute("""
                CREATE TABLE typed (id BIGINT PRIMARY KEY, tiny SMALLINT, small INT, medium INT, big NUMERIC(20,0),
                  amount NUMERIC(20,4), dt TIMESTAMP(6), ts TIMESTAMPTZ(3), doc TEXT, size TEXT, tags TEXT, flags BYTEA,
                  data BYTEA)""");
        String m = "'hostname' = '${MYSQL_HOST}', 'port' = '${MYSQL_PORT}', 'username' = '${MYSQL_USER}',"
                + " 'password' = '${MYSQL_PASSWORD}', 'database-name' = '${MYSQL_DATABASE}'";
        String columns = "id BIGINT, tiny SMALLINT, small INT, medium INT, big DECIMAL(20, 0), amount DECIMAL(20, 4),"
                + " dt TIMESTAMP(6), ts TIMESTAMP_LTZ(3), doc STRING, size STRING, tags STRING, flags BYTES, data BYTES,"
                + " PRIMARY KEY (id) NOT ENFORCED";
        // the binlog client finds its lost connection at its next keepalive: every 2 s here, not Debezium's 60 s, so
        // the killed server's test waits seconds for the reconnect, not a minute
        String script = "CREATE TABLE typed_src (" + columns + ") WITH ('connector' = 'mysql-cdc', " + m
                + ", 'table-name' = 'typed', 'server-time-zone' = 'UTC', 'debezium.connect.keep.alive.interval.ms' = '2000');\n"
                + "CREATE TABLE typed_pg (" + columns + ") WITH ('connector' = 'cdcbridge-jdbc',"
                + " 'url' = 'jdbc:postgresql://${POSTGRES_HOST}:${POSTGRES_PORT}/${POSTGRES_DATABASE}', 'table-name' = 'typed',"
                + " 'username' = '${POSTGRES_USER}', 'password' = '${POSTGRES_PASSWORD}');\n"
                + "SET 'client.statement-name' = 'typed-to-pg';\nINSERT INTO typed_pg SELECT * FROM typed_src;\n";
        server.runScript(new ScriptRequest("typed.sql", script, Map.of(), false));
        awaitPhase("typed-to-pg", "RUNNING");
        String max = "4294967295|255|65535|16777215|18446744073709551615|-1234567890123456.7891|2024-02-29 23:59:59.123456"
                + "|2024-06-01 12:00:00.123+00|{\"a\": [1, 2.5, \"x\"], \"b\": null}|large|x,z|%s|00ff10";
        String nulls = "1" + "|".repeat(12);
        // BIT(16) b'0000000100000010' arrives as Debezium gives it: bytes least significant first
        String bits = "0201";
        awaitTyped(nulls, String.format(max, bits));

        mariadb.execute("SET time_zone = '+00:00'",
                "INSERT INTO typed VALUES (7, 0, 0, 0, 0, 0.0001, '1970-01-01 00:00:01', '2038-01-19 03:14:07.999', '[]',"
                        + " 'small', '', b'0', '')",
                "UPDATE typed SET amount = 1.5, tags = 'y', doc = '{}', flags = b'1111111100000001' WHERE id = 4294967295",
                "UPDATE typed SET tiny = 1 WHERE id = 1");
        String zero = "7|0|0|0|0|0.0001|1970-01-01 00:00:01|2038-01-19 03:14:07.999+00|[]|small||0000|";
        String updated = "4294967295|255|65535|16777215|18446744073709551615|1.5000|2024-02-29 23:59:59.123456"
                + "|2024-06-01 12:00:00.123+00|{}|large|y|01ff|00ff10";
        awaitTyped("1|1" + "|".repeat(11), zero, updated);
        // lag in seconds from the binlog: mysql-cdc's commit-to-emit time of its latest change plus the sink's write delay
        JsonNode lag = Awaitility.await().atMost(Duration.ofSeconds(90))
                .until(() -> server.metrics("typed-to-pg").path("latest"), latest -> latest.path("lag_seconds").isNumber());
        assertThat(lag.path("lag_seconds").asDouble()).isNotNegative();

        // a column added in the middle while streaming: the statement reads on by column name, without the new one
        mariadb.execute("ALTER TABLE typed ADD COLUMN note VARCHAR(20) AFTER id",
                "INSERT INTO typed (id, note, tiny) VALUES (8, 'added', 8)", "UPDATE typed SET note = 'n', tiny = 2 WHERE id = 1");
        awaitTyped("1|2" + "|".repeat(11), zero, "8|8" + "|".repeat(11), updated);

        // MariaDB killed while the statement streams, changes made after it is back: the reader reconnects at its
        // binlog position (or the job restarts from its checkpoint), nothing lost
        mariadb.crash();
        mariadb.resume();
        mariadb.execute("INSERT INTO typed (id, tiny) VALUES (9, 9)", "DELETE FROM typed WHERE id = 7");
        awaitTyped("1|2" + "|".repeat(11), "8|8" + "|".repeat(11), "9|9" + "|".repeat(11), updated);
        server.delete("typed-to-pg");
    }

    /**
     * cdcbridge-mysql through the server: its statement's lag in seconds (from the binlog events' times), and MariaDB
     * SIGKILLed while it streams, changes made once it is back: PostgreSQL equal to MariaDB row by row.
     */
    @Test
    void cdcbridgeMysqlTellsItsLagAndReadsOnAfterMariaDbIsKilled() throws Exception {
        mariadb.execute("CREATE TABLE fruit (id INT PRIMARY KEY, name VARCHAR(20), version BIGINT)",
                "INSERT INTO fruit VALUES (1, 'apple', 1), (2, 'pear', 1)");
        services.postgres().execute("CREATE TABLE fruit (id INT PRIMARY KEY, name TEXT, version BIGINT)");
        String script = "CREATE TABLE fruit_src (id INT, name STRING, version BIGINT, PRIMARY KEY (id) NOT ENFORCED) WITH ("
                + "'connector' = 'cdcbridge-mysql', 'hostname' = '${MYSQL_HOST}', 'port' = '${MYSQL_PORT}',"
                + " 'username' = '${MYSQL_USER}', 'password' = '${MYSQL_PASSWORD}', 'database-name' = '${MYSQL_DATABASE}',"
                + " 'table-name' = 'fruit');\n"
                + "CREATE TABLE fruit_pg (id INT, name STRING, version BIGINT, PRIMARY KEY (id) NOT ENFORCED) WITH ("
                + "'connector' = 'cdcbridge-jdbc', 'url' = 'jdbc:postgresql://${POSTGRES_HOST}:${POSTGRES_PORT}/${POSTGRES_DATABASE}',"
                + " 'table-name' = 'fruit', 'username' = '${POSTGRES_USER}', 'password' = '${POSTGRES_PASSWORD}',"
                + " 'version-column' = 'version');\n"
                + "SET 'client.statement-name' = 'fruit-to-pg';\nINSERT INTO fruit_pg SELECT * FROM fruit_src;\n";
        server.runScript(new ScriptRequest("fruit.sql", script, Map.of(), false));
        awaitPhase("fruit-to-pg", "RUNNING");
        awaitTargetEqualsSource("fruit");

        mariadb.execute("INSERT INTO fruit VALUES (3, 'plum', 1)", "UPDATE fruit SET name = 'green pear', version = 2 WHERE id = 2");
        JsonNode lag = Awaitility.await().atMost(Duration.ofSeconds(90))
                .until(() -> server.metrics("fruit-to-pg").path("latest"), latest -> latest.path("lag_seconds").isNumber());
        assertThat(lag.path("lag_seconds").asDouble()).isNotNegative();
        awaitTargetEqualsSource("fruit");

        mariadb.crash();
        mariadb.resume();
        mariadb.execute("INSERT INTO fruit VALUES (4, 'fig', 1)", "DELETE FROM fruit WHERE id = 1",
                "UPDATE fruit SET name = 'ripe plum', version = 2 WHERE id = 3");
        awaitTargetEqualsSource("fruit");
        assertThat(target("fruit")).containsExactly("2|green pear|2", "3|ripe plum|2", "4|fig|1");
        server.delete("fruit-to-pg");
    }

    private static void awaitTyped(String... expected) {
        Awaitility.await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            var e = services.postgres().endpoint();
            List<String> rows = new ArrayList<>();
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + e.host() + ":" + e.port() + "/" + e.database(),
                    e.user(), e.password()); Statement st = c.createStatement()) {
                st.execute("SET TIME ZONE 'UTC'");
                try (ResultSet rs = st.executeQuery("SELECT id, tiny, small, medium, big, amount, dt, ts, doc, size, tags,"
                        + " encode(flags, 'hex'), encode(data, 'hex') FROM typed ORDER BY id")) {
                    while (rs.next()) {
                        List<String> values = new ArrayList<>();
                        for (int i = 1; i <= 13; i++) values.add(rs.getString(i) == null ? "" : rs.getString(i));
                        rows.add(String.join("|", values));
                    }
                }
            }
            assertThat(rows).containsExactly(expected);
        });
    }

    private static void awaitPhase(String statement, String phase) {
        Awaitility.await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                assertThat(server.statement(statement).path("status").path("phase").asText()).isEqualTo(phase));
    }

    private static void awaitTargetEqualsSource() {
        awaitTargetEqualsSource("items");
    }

    private static void awaitTargetEqualsSource(String table) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(target(table)).isEqualTo(sourceRows(table)));
    }

    private static List<String> source() throws SQLException {
        return sourceRows("items");
    }

    private static List<String> sourceRows(String table) throws SQLException {
        var e = mariadb.endpoint();
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://" + e.host() + ":" + e.port() + "/" + e.database(),
                e.user(), e.password())) {
            return rows(c, table);
        }
    }

    private static List<String> target() throws SQLException {
        return target("items");
    }

    private static List<String> target(String table) throws SQLException {
        var e = services.postgres().endpoint();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + e.host() + ":" + e.port() + "/" + e.database(),
                e.user(), e.password())) {
            return rows(c, table);
        }
    }

    // a table of the items' shape (id, name, version); table is one of this class's own names
    private static List<String> rows(Connection c, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, name, version FROM " + table + " ORDER BY id")) {
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
