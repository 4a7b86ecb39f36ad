package io.cdcbridge.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.cli.SqlShell;
import io.cdcbridge.cli.support.CommandRun;
import io.cdcbridge.cli.support.PostgresTables;
import io.cdcbridge.cli.support.StackExtension;
import io.cdcbridge.cli.topic.TopicRecord;
import io.cdcbridge.cli.topic.TopicWriter;
import io.cdcbridge.control.server.ScriptRequest;
import io.cdcbridge.control.workspace.Json;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * `cdcbridge sql -e`: SHOW, DESCRIBE, EXPLAIN and a SELECT preview bounded by LIMIT on a topic (also one a running
 * statement writes), and a preview of a
 * PostgreSQL CDC table (its rows as they are, no replication slot left behind), on real PostgreSQL, Kafka and Flink;
 * the interactive shell on a terminal, where Ctrl-C cancels a running preview (its job cancelled) and the shell goes on.
 */
@Tag("integration")
class SqlShellTest {

    @RegisterExtension
    static final StackExtension STACK = new StackExtension("postgres,kafka");

    @Test
    void showDescribeExplainAndASelectPreviewOnATopic() {
        topicTable("shell_in", "ada", "bob", "cy");

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

    @Test
    void ctrlCCancelsARunningPreviewAndTheShellGoesOn() throws Exception {
        topicTable("shell_wait", "ada", "bob");
        Set<String> jobsBefore = jobs().keySet();

        PipedOutputStream keys = new PipedOutputStream();
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (Terminal terminal = new DumbTerminal(new PipedInputStream(keys), screen)) {
            SqlShell shell = new SqlShell(STACK.server(), 50, false);
            CompletableFuture<Integer> session = CompletableFuture.supplyAsync(
                    () -> shell.interact(terminal, STACK.workspace().resolve("sql_history")));
            // two rows of the 50 asked for: the preview would wait for more (20 s) but for Ctrl-C
            type(keys, "SELECT id, name FROM shell_wait;\r");
            String preview = Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                Set<String> running = new HashSet<>();
                jobs().forEach((id, state) -> { if (!jobsBefore.contains(id) && state.equals("RUNNING")) running.add(id); });
                return running.size() == 1 ? running.iterator().next() : null;
            }, java.util.Objects::nonNull);
            terminal.raise(Terminal.Signal.INT);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> screen.toString(StandardCharsets.UTF_8).contains("(cancelled"));
            type(keys, "SHOW TABLES;\rquit;\r");
            assertThat(session.get(60, TimeUnit.SECONDS)).isZero();

            // the rows that came before Ctrl-C: none, the first or both (Flink hands a preview's rows over in batches)
            String shown = screen.toString(StandardCharsets.UTF_8);
            String header = "| id | name |\n+----+------+\n";
            String cancelled = "(cancelled: the rows that came before Ctrl-C; its job is cancelled)";
            assertThat(shown).containsAnyOf(header + "0 rows in set\n" + cancelled,
                    header + "| 1  | ada  |\n+----+------+\n1 row in set\n" + cancelled,
                    header + "| 1  | ada  |\n| 2  | bob  |\n+----+------+\n2 rows in set\n" + cancelled);
            assertThat(shown.substring(shown.indexOf("(cancelled"))).as("the shell answers after Ctrl-C").contains("| shell_wait |");
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> jobs().get(preview), "CANCELED"::equals);
        }
    }

    // a topic of rows {"id": 1, "name": names[0]}, ... and table NAME (id, name) reading it from the start
    private static void topicTable(String name, String... names) {
        List<TopicRecord> rows = new java.util.ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            rows.add(new TopicRecord(name, 0, 0, 0, null, "{\"id\":" + (i + 1) + ",\"name\":\"" + names[i] + "\"}"));
        }
        TopicWriter.write(STACK.bootstrap(), name, rows);
        STACK.server().runScript(new ScriptRequest(name + ".sql", """
                CREATE TABLE %1$s (id BIGINT, name STRING) WITH (
                  'connector' = 'kafka', 'topic' = '%1$s', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
                  'scan.startup.mode' = 'earliest-offset', 'format' = 'json');
                """.formatted(name), Map.of(), false));
    }

    private static void type(PipedOutputStream keys, String text) throws java.io.IOException {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    // the embedded Flink's jobs by id, with their states (from its REST API)
    private static Map<String, String> jobs() throws Exception {
        Matcher rest = Pattern.compile("REST (http://[^)]+)\\)").matcher(STACK.stack().engineDescription());
        assertThat(rest.find()).as(STACK.stack().engineDescription()).isTrue();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(rest.group(1) + "/jobs")).build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, String> jobs = new java.util.HashMap<>();
        for (JsonNode j : Json.MAPPER.readTree(r.body()).path("jobs")) jobs.put(j.path("id").asText(), j.path("status").asText());
        return jobs;
    }
}
