package io.cdcbridge.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.cli.support.CommandRun;
import io.cdcbridge.cli.support.PostgresTables;
import io.cdcbridge.cli.support.StackExtension;
import io.cdcbridge.cli.topic.TopicRecord;
import io.cdcbridge.cli.topic.TopicWriter;
import io.cdcbridge.control.server.ScriptRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * `cdcbridge sql -e`: SHOW, DESCRIBE, EXPLAIN and a SELECT preview bounded by LIMIT on a topic (also one a running
 * statement writes), and a preview of a
 * PostgreSQL CDC table (its rows as they are, no replication slot left behind), on real PostgreSQL, Kafka and Flink.
 */
@Tag("integration")
class SqlShellTest {

    @RegisterExtension
    static final StackExtension STACK = new StackExtension("postgres,kafka");

    @Test
    void showDescribeExplainAndASelectPreviewOnATopic() {
        TopicWriter.write(STACK.bootstrap(), "shell_in", List.of(
                new TopicRecord("shell_in", 0, 0, 0, null, "{\"id\":1,\"name\":\"ada\"}"),
                new TopicRecord("shell_in", 0, 0, 0, null, "{\"id\":2,\"name\":\"bob\"}"),
                new TopicRecord("shell_in", 0, 0, 0, null, "{\"id\":3,\"name\":\"cy\"}")));
        STACK.server().runScript(new ScriptRequest("shell.sql", """
                CREATE TABLE shell_in (id BIGINT, name STRING) WITH (
                  'connector' = 'kafka', 'topic' = 'shell_in', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
                  'scan.startup.mode' = 'earliest-offset', 'format' = 'json');
                """, Map.of(), false));

        CommandRun run = CommandRun.of("sql", "--server", STACK.stack().url(), "-e",
                "SHOW TABLES; DESCRIBE shell_in; SELECT id, name FROM shell_in LIMIT 2; SHOW STATEMENTS; EXPLAIN SELECT name FROM shell_in;"
                        + " SELECT * FROM nowhere;");
        String out = run.out();
        assertThat(out).contains("""
                +------------+
                | table name |
                +------------+
                | shell_in   |
                +------------+
                1 row in set""");
        assertThat(out).contains("| id   | BIGINT | true | ");
        assertThat(out).contains("""
                +----+------+
                | id | name |
                +----+------+
                | 1  | ada  |
                | 2  | bob  |
                +----+------+
                2 rows in set""");
        assertThat(out).contains("== Abstract Syntax Tree ==");
        assertThat(out).contains("error: Object 'nowhere' not found");
        assertThat(run.code()).isEqualTo(1);

        // a topic a running statement writes: the preview shows what the statement wrote
        STACK.server().runScript(new ScriptRequest("upper.sql", """
                CREATE TABLE shell_out (id BIGINT, name STRING) WITH (
                  'connector' = 'kafka', 'topic' = 'shell_out', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
                  'scan.startup.mode' = 'earliest-offset', 'format' = 'json');
                SET 'client.statement-name' = 'shell-upper';
                INSERT INTO shell_out SELECT id, UPPER(name) FROM shell_in;
                """, Map.of(), false));
        CommandRun running = CommandRun.of("sql", "--server", STACK.stack().url(), "-e", "SELECT id, name FROM shell_out LIMIT 3;");
        assertThat(running.code()).as(running.out() + running.err()).isZero();
        assertThat(running.out()).contains("""
                +----+------+
                | id | name |
                +----+------+
                | 1  | ADA  |
                | 2  | BOB  |
                | 3  | CY   |
                +----+------+
                3 rows in set""");
    }

    @Test
    void aSelectPreviewOfAPostgresCdcTableShowsItsRowsAndLeavesNoSlot() throws Exception {
        STACK.services().postgres().execute("CREATE TABLE shell_items (id int PRIMARY KEY, name text)",
                "INSERT INTO shell_items VALUES (1, 'ada'), (2, 'bob'), (3, 'cy')");
        STACK.server().runScript(new ScriptRequest("items.sql", "CREATE TABLE items (id INT NOT NULL, name STRING,"
                + " PRIMARY KEY (id) NOT ENFORCED) " + PostgresTables.cdc("shell_items", "shell_items_slot") + ";", Map.of(), false));

        CommandRun run = CommandRun.of("sql", "--server", STACK.stack().url(), "-e",
                "SELECT id, name FROM items WHERE id > 1; SELECT name FROM items LIMIT 1;");
        assertThat(run.code()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("""
                +----+------+
                | id | name |
                +----+------+
                | 2  | bob  |
                | 3  | cy   |
                +----+------+
                2 rows in set""");
        assertThat(run.out()).contains("1 row in set");
        try (java.sql.Connection c = STACK.services().postgres().connect();
             java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM pg_replication_slots")) {
            rs.next();
            assertThat(rs.getLong(1)).as("replication slots after the previews").isZero();
        }

        // a script answers SHOW and DESCRIBE too, with the catalog as the script has it at that line
        java.nio.file.Path script = java.nio.file.Files.createTempFile(STACK.workspace(), "show", ".sql");
        java.nio.file.Files.writeString(script, "CREATE TABLE later (id INT) WITH ('connector' = 'kafka', 'topic' = 'later',"
                + " 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}', 'format' = 'json');\nSHOW TABLES;\nDESCRIBE items;\n");
        CommandRun shown = CommandRun.of("run", script.toString(), "--server", STACK.stack().url());
        assertThat(shown.code()).as(shown.out() + shown.err()).isZero();
        assertThat(shown.out()).contains("line 2: SHOW TABLES  [answered]", "| items      |", "| later      |",
                "line 3: DESCRIBE items  [answered]", "| id   | INT    | false |");
    }
}
