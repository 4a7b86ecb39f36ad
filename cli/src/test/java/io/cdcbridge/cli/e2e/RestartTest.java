package io.cdcbridge.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.cli.client.ServerClient;
import io.cdcbridge.cli.stack.LocalStack;
import io.cdcbridge.cli.support.ServerProcess;
import io.cdcbridge.cli.topic.TopicReader;
import io.cdcbridge.cli.topic.TopicRecord;
import io.cdcbridge.embedded.TableShapes;
import io.cdcbridge.control.server.ScriptRequest;
import io.cdcbridge.embedded.EmbeddedServices;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workspace is durable: catalog and statements survive a server restart, and a server killed with SIGKILL
 * resumes its statements from their last checkpoint without losing a change; each statement with the values it was
 * compiled with; a statement set reading many tables through one slot, killed in the middle of their snapshot, ends
 * with every target equal to its source row by row.
 */
@Tag("integration")
class RestartTest {

    private static final String SECRET = "Kill-9-Secret-Pw";
    // the tables of the many-table statement set; the last one's snapshot is held up until the server was killed
    private static final int MANY = 20;
    private static final int GATE = 4242;

    static EmbeddedServices services;

    @TempDir
    Path workspace;

    @BeforeAll
    static void startServices() {
        services = EmbeddedServices.start("postgres,kafka");
        services.postgres().execute(
                "CREATE TABLE items (id INT PRIMARY KEY, name TEXT)",
                "ALTER TABLE items REPLICA IDENTITY FULL",
                // least privilege: a replication role that may read the table, and a publication made for it
                "CREATE ROLE cdc_reader LOGIN REPLICATION PASSWORD '" + SECRET + "'",
                "GRANT SELECT ON items TO cdc_reader",
                "CREATE PUBLICATION dbz_publication FOR TABLE items");
        createManyTables();
    }

    /**
     * {@link #MANY} tables of three shapes (200 rows each) for one slot, read by cdc_reader. The last one's COPY (and
     * nothing else read from it) waits while the advisory lock {@link #GATE} is held: a row-level security policy
     * (which cdc_reader, not a superuser, is under) asks for the lock when the query running is a COPY.
     */
    private static void createManyTables() {
        List<String> sql = new ArrayList<>(List.of("CREATE SCHEMA many", "CREATE SCHEMA many_dst", "GRANT USAGE ON SCHEMA many TO cdc_reader",
                "CREATE FUNCTION many.gate() RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$ BEGIN"
                        + " IF current_query() LIKE 'COPY%' THEN PERFORM pg_advisory_lock_shared(" + GATE + ");"
                        + " PERFORM pg_advisory_unlock_shared(" + GATE + "); END IF; RETURN true; END $$"));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < MANY; i++) {
            String t = "many.t" + i;
            names.add(t);
            sql.addAll(List.of("CREATE TABLE " + t + " (" + TableShapes.of(i).columns + ")", "ALTER TABLE " + t + " REPLICA IDENTITY FULL",
                    "INSERT INTO " + t + " SELECT " + TableShapes.of(i).row + " FROM generate_series(1, 200) g",
                    "GRANT SELECT ON " + t + " TO cdc_reader", "ANALYZE " + t));
        }
        String last = "many.t" + (MANY - 1);
        sql.addAll(List.of("ALTER TABLE " + last + " ENABLE ROW LEVEL SECURITY",
                "CREATE POLICY gate ON " + last + " FOR SELECT USING (many.gate())",
                "CREATE PUBLICATION cdcbridge_many_slot FOR TABLE " + String.join(", ", names)));
        services.postgres().execute(sql.toArray(String[]::new));
    }

    // the many tables through slot many_slot into many_dst.t<i>, one statement set named many-v1
    private static String manyTables() {
        StringBuilder script = new StringBuilder("SET 'client.statement-name' = 'many-v1';\n");
        StringBuilder set = new StringBuilder("EXECUTE STATEMENT SET BEGIN\n");
        for (int i = 0; i < MANY; i++) {
            String columns = TableShapes.of(i).flinkColumns + ", PRIMARY KEY (id) NOT ENFORCED";
            script.append("""
                    CREATE TABLE many_src_%1$d (%2$s) WITH ('connector' = 'cdcbridge-postgres',
                      'hostname' = '${POSTGRES_HOST}', 'port' = '${POSTGRES_PORT}', 'username' = 'cdc_reader',
                      'password' = '${CDC_PASSWORD}', 'database-name' = '${POSTGRES_DATABASE}', 'schema-name' = 'many',
                      'table-name' = 't%1$d', 'slot.name' = 'many_slot', 'scan.incremental.snapshot.chunk.size' = '100');
                    CREATE TABLE many_dst_%1$d (%2$s) WITH ('connector' = 'cdcbridge-jdbc',
                      'url' = 'jdbc:postgresql://${POSTGRES_HOST}:${POSTGRES_PORT}/${POSTGRES_DATABASE}',
                      'username' = '${POSTGRES_USER}', 'password' = '${POSTGRES_PASSWORD}',
                      'table-name' = 'many_dst.t%1$d', 'auto-create' = 'true');
                    """.formatted(i, columns));
            set.append("INSERT INTO many_dst_").append(i).append(" SELECT * FROM many_src_").append(i).append(";\n");
        }
        return script.append(set).append("END;\n").toString();
    }

    /**
     * Every many.t<i> against many_dst.t<i> row by row: the rows missing from the target, extra in it and differing
     * (by key), each table's listed; empty when all are equal.
     */
    private static String manyTablesDiffer(int tables) throws Exception {
        StringBuilder diff = new StringBuilder();
        try (java.sql.Connection c = services.postgres().connect(); java.sql.Statement s = c.createStatement()) {
            for (int i = 0; i < tables; i++) {
                String src = "many.t" + i;
                String dst = "many_dst.t" + i;
                String missing = "SELECT s.id FROM " + src + " s WHERE NOT EXISTS (SELECT 1 FROM " + dst + " d WHERE d.id = s.id)";
                String extra = "SELECT d.id FROM " + dst + " d WHERE NOT EXISTS (SELECT 1 FROM " + src + " s WHERE s.id = d.id)";
                String differing = "SELECT s.id FROM " + src + " s JOIN " + dst + " d ON d.id = s.id WHERE ROW(s.*) IS DISTINCT FROM ROW(d.*)";
                try {
                    for (String[] kind : new String[][] {{"missing", missing}, {"extra", extra}, {"differing", differing}}) {
                        List<Long> ids = new ArrayList<>();
                        try (java.sql.ResultSet rs = s.executeQuery(kind[1] + " ORDER BY 1")) {
                            while (rs.next()) ids.add(rs.getLong(1));
                        }
                        if (!ids.isEmpty()) {
                            diff.append(dst).append(": ").append(ids.size()).append(' ').append(kind[0]).append(' ')
                                    .append(ids.subList(0, Math.min(10, ids.size()))).append('\n');
                        }
                    }
                } catch (java.sql.SQLException e) {
                    diff.append(dst).append(": ").append(e.getMessage()).append('\n');
                }
            }
        }
        return diff.toString();
    }

    @AfterAll
    static void stopServices() {
        if (services != null) services.close();
    }

    /**
     * One workspace through two clean restarts, then a server SIGKILLed and started again: the catalog and the
     * statements survive; a statement stopped with a savepoint keeps it and its offsets; each statement keeps the
     * values it was compiled with (the same script text run twice with other ${T}s); a killed server's statements
     * resume from their last checkpoint without losing a change or publishing the snapshot again; the secret is in the
     * secret store only and every file is owner-only. (One workspace for all: each restart costs a Flink cluster or a
     * server JVM.)
     */
    @Test
    void catalogStatementsAndTheirValuesSurviveCleanRestartsAndAKilledServerResumesFromItsLastCheckpoint() throws Exception {
        String topic = "restart-items";
        String killedTopic = "killed-items";
        services.kafka().createTopic(topic, 1);
        services.kafka().createTopic(killedTopic, 1);
        insert(1, 3);
        for (String t : List.of("repro_a", "repro_b")) {
            services.postgres().execute("CREATE TABLE " + t + "_src (id INT PRIMARY KEY, name TEXT)",
                    "ALTER TABLE " + t + "_src REPLICA IDENTITY FULL", "GRANT SELECT ON " + t + "_src TO cdc_reader");
        }
        services.postgres().execute("CREATE PUBLICATION values_publication FOR TABLE repro_a_src, repro_b_src");
        insertInto("repro_a", 1);
        insertInto("repro_b", 11);
        try (LocalStack first = stack()) {
            ServerClient server = new ServerClient(first.url());
            server.runScript(new ScriptRequest("pipeline.sql", pipeline("items", "restart_slot", topic, "restart-v1"), Map.of(), false));
            // the same script text run twice: the latest run's T used to win for both after a restart
            server.runScript(new ScriptRequest("a.sql", copy("a"), Map.of("T", "repro_a", "CDC_PASSWORD", SECRET), false));
            server.runScript(new ScriptRequest("b.sql", copy("b"), Map.of("T", "repro_b", "CDC_PASSWORD", SECRET), false));
            for (String s : List.of("restart-v1", "values-a", "values-b")) awaitPhase(server, s, "RUNNING");
            awaitIds(topic, 1, 3);
            awaitCopied("repro_a", 1);
            awaitCopied("repro_b", 11);
        }
        try (LocalStack second = stack()) {
            ServerClient server = new ServerClient(second.url());
            // items and items_topic, a_src and a_dst, b_src and b_dst
            assertThat(server.catalog().path("definitions")).hasSize(6);
            for (String s : List.of("restart-v1", "values-a", "values-b")) awaitPhase(server, s, "RUNNING");
            insert(4, 5);
            insertInto("repro_a", 2);
            insertInto("repro_b", 12);
            awaitIds(topic, 1, 5);
            awaitCopied("repro_a", 1, 2);
            awaitCopied("repro_b", 11, 12);
            // the catalog it was compiled against, as it was then: b's run came later and changed nothing of it
            assertThat(server.statement("values-a").path("definitions").toString())
                    .contains("'table-name' = 'repro_a_src'", "'slot.name' = 'repro_a_slot'").doesNotContain("repro_b");
            JsonNode stopped = server.stop("restart-v1", true);
            assertThat(stopped.path("status").path("phase").asText()).isEqualTo("STOPPED");
            String savepoint = stopped.path("status").path("savepoint").asText();
            assertThat(savepoint).isNotEmpty();
            try (LocalStack third = restartOf(second)) {
                JsonNode s = new ServerClient(third.url()).statement("restart-v1");
                assertThat(s.path("status").path("phase").asText()).isEqualTo("STOPPED");
                assertThat(s.path("status").path("savepoint").asText()).isEqualTo(savepoint);
                assertThat(s.path("status").path("latest_offsets").get(0).path("position").path("confirmed_flush_lsn").asText())
                        .matches("[0-9A-F]+/[0-9A-F]+");
            }
        }

        insert(101, 110);
        Path log = workspace.resolveSibling(workspace.getFileName() + "-server.log");
        Process server = startServerProcess(log);
        java.sql.Connection gate = null;
        try {
            ServerClient client = awaitServer(server, log);
            awaitPhase(client, "values-a", "RUNNING");
            awaitPhase(client, "values-b", "RUNNING");
            client.runScript(new ScriptRequest("killed.sql", pipeline("killed_items", "killed_slot", killedTopic, "killed-v1"), Map.of(), false));
            awaitPhase(client, "killed-v1", "RUNNING");
            awaitIds(killedTopic, 101, 110);
            // many tables through one slot, the last one's snapshot held up: the server dies in the middle of it
            gate = services.postgres().connect();
            gate.createStatement().execute("SELECT pg_advisory_lock(" + GATE + ")");
            client.runScript(new ScriptRequest("many.sql", manyTables(), Map.of(), false));
            awaitPhase(client, "many-v1", "RUNNING");
            Awaitility.await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                    assertThat(manyTablesDiffer(MANY - 1)).as("all but the held-up table copied").isEmpty());
            insert(111, 120);
            insertInto("repro_a", 3);
            insertInto("repro_b", 13);
            awaitIds(killedTopic, 101, 120);
            awaitCopied("repro_a", 1, 2, 3);
            awaitCopied("repro_b", 11, 12, 13);
            for (String s : List.of("killed-v1", "values-a", "values-b", "many-v1")) awaitCheckpointNewerThanNow(s);
            server.destroyForcibly().waitFor();
            // changes while down, to tables snapshotted and to the one whose snapshot was cut short; then it may be read
            services.postgres().execute("INSERT INTO many.t3 SELECT " + TableShapes.NUMBERS.row + " FROM generate_series(201, 250) g",
                    "UPDATE many.t4 SET a = 'changed while down' WHERE id <= 20", "DELETE FROM many.t5 WHERE id % 10 = 0",
                    "UPDATE many.t" + (MANY - 1) + " SET a = 'changed while down' WHERE id % 7 = 0");
            gate.close();

            insert(121, 130);
            services.postgres().execute("UPDATE items SET name = 'changed while down' WHERE id = 105");
            insertInto("repro_a", 4);
            insertInto("repro_b", 14);

            server = startServerProcess(log);
            client = awaitServer(server, log);
            awaitPhase(client, "killed-v1", "RUNNING");
            awaitIds(killedTopic, 101, 130);
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(values(killedTopic)).contains("{\"id\":105,\"name\":\"changed while down\"}"));
            // resumed from the checkpoint, not from scratch: the snapshot rows were not published again
            List<TopicRecord> records = TopicReader.all(services.kafka().bootstrapServers(), killedTopic, Duration.ofSeconds(1));
            assertThat(records.stream().filter(r -> r.key().equals("{\"id\":101}"))).hasSize(1);
            awaitCopied("repro_a", 1, 2, 3, 4);
            awaitCopied("repro_b", 11, 12, 13, 14);
            Awaitility.await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                    assertThat(manyTablesDiffer(MANY)).as("every target against its source").isEmpty());

            assertThat(workspace.resolve("checkpoints").resolve("values-a")).isDirectory();
            client.delete("values-a");
            assertThat(workspace.resolve("checkpoints").resolve("values-a")).doesNotExist();
        } finally {
            if (gate != null) gate.close();
            server.destroy(); // a clean stop: the server makes what Flink wrote owner-only once more
            server.waitFor();
        }
        assertThat(Files.readString(log)).doesNotContain(SECRET);
        assertThat(workspace.resolve("logs").resolve("server.log")).content().contains("INFO").doesNotContain(SECRET);
        assertThat(workspace.resolve("variables.json")).doesNotExist();
        assertSecretOnlyInTheSecretStore();
        try (Stream<Path> all = Files.walk(workspace)) {
            for (Path p : all.toList()) {
                assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
                        .as(p.toString()).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
            }
        }
    }

    // Flink's binary state under checkpoints/ and savepoints/ aside, the secret is in the secret store only
    private void assertSecretOnlyInTheSecretStore() throws Exception {
        try (Stream<Path> files = Files.walk(workspace)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String relative = workspace.relativize(f).toString();
                if (relative.startsWith("checkpoints") || relative.startsWith("savepoints")) continue;
                if (relative.equals("secrets.json")) {
                    assertThat(f).content().contains(SECRET);
                } else {
                    assertThat(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1)).as(relative).doesNotContain(SECRET);
                }
            }
        }
    }

    // <letter>_src (postgres-cdc, table and slot named after ${T}) copied into ${T}_dst by statement values-<letter>
    private static String copy(String letter) {
        return """
                CREATE TABLE %1$s_src (id INT, name STRING, PRIMARY KEY (id) NOT ENFORCED) WITH (
                  'connector' = 'postgres-cdc', 'hostname' = '${POSTGRES_HOST}', 'port' = '${POSTGRES_PORT}',
                  'username' = 'cdc_reader', 'password' = '${CDC_PASSWORD}', 'database-name' = '${POSTGRES_DATABASE}',
                  'schema-name' = 'public', 'table-name' = '${T}_src', 'slot.name' = '${T}_slot',
                  'decoding.plugin.name' = 'pgoutput', 'debezium.publication.name' = 'values_publication');
                CREATE TABLE %1$s_dst (id INT, name STRING, PRIMARY KEY (id) NOT ENFORCED) WITH (
                  'connector' = 'cdcbridge-jdbc',
                  'url' = 'jdbc:postgresql://${POSTGRES_HOST}:${POSTGRES_PORT}/${POSTGRES_DATABASE}',
                  'username' = '${POSTGRES_USER}', 'password' = '${POSTGRES_PASSWORD}',
                  'table-name' = '${T}_dst', 'auto-create' = 'true');
                SET 'client.statement-name' = 'values-%1$s';
                INSERT INTO %1$s_dst SELECT id, name FROM %1$s_src;
                """.formatted(letter);
    }

    private static void insertInto(String t, int id) {
        services.postgres().execute("INSERT INTO " + t + "_src VALUES (" + id + ", '" + t + " " + id + "')");
    }

    // <t>_dst holds exactly these rows
    private static void awaitCopied(String t, int... ids) {
        List<String> expected = java.util.Arrays.stream(ids).mapToObj(i -> i + ":" + t + " " + i).toList();
        Awaitility.await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            List<String> rows = new ArrayList<>();
            try (java.sql.Connection c = services.postgres().connect(); java.sql.Statement s = c.createStatement();
                 java.sql.ResultSet rs = s.executeQuery("SELECT id || ':' || name FROM " + t + "_dst ORDER BY id")) {
                while (rs.next()) rows.add(rs.getString(1));
            } catch (java.sql.SQLException e) {
                // the copy does not exist until the sink's first write
                if (!e.getMessage().contains("does not exist")) throw e;
            }
            assertThat(rows).containsExactlyElementsOf(expected);
        });
    }

    private LocalStack stack() throws Exception {
        return LocalStack.start(LocalStack.Options.local(workspace, null)
                .withDefaults(Map.of("execution.checkpointing.interval", "1s"))
                .withVariables(variables()));
    }

    private static Map<String, String> variables() {
        Map<String, String> vars = new java.util.HashMap<>(services.variables());
        vars.put("CDC_PASSWORD", SECRET);
        return vars;
    }

    private LocalStack restartOf(LocalStack running) throws Exception {
        running.close();
        return stack();
    }

    // PostgreSQL's items published to the topic by the statement NAME, through Flink tables TABLE and TABLE_topic
    private String pipeline(String table, String slot, String topic, String name) {
        return """
                CREATE TABLE %1$s (id INT, name STRING, PRIMARY KEY (id) NOT ENFORCED) WITH (
                  'connector' = 'postgres-cdc', 'hostname' = '${POSTGRES_HOST}', 'port' = '${POSTGRES_PORT}',
                  'username' = 'cdc_reader', 'password' = '${CDC_PASSWORD}', 'database-name' = '${POSTGRES_DATABASE}',
                  'schema-name' = 'public', 'table-name' = 'items', 'slot.name' = '%2$s',
                  'decoding.plugin.name' = 'pgoutput');
                CREATE TABLE %1$s_topic (id INT, name STRING, PRIMARY KEY (id) NOT ENFORCED) WITH (
                  'connector' = 'upsert-kafka', 'topic' = '%3$s',
                  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
                  'key.format' = 'json', 'value.format' = 'json');
                SET 'client.statement-name' = '%4$s';
                INSERT INTO %1$s_topic SELECT id, name FROM %1$s;
                """.formatted(table, slot, topic, name);
    }

    private Process startServerProcess(Path log) throws Exception {
        return ServerProcess.start(workspace, log, variables(), "--set", "execution.checkpointing.interval=1s");
    }

    private ServerClient awaitServer(Process process, Path log) {
        return ServerProcess.await(process, workspace, log);
    }

    // Waits for a checkpoint completed from now on, so it covers everything published so far.
    private void awaitCheckpointNewerThanNow(String statement) {
        long since = System.currentTimeMillis();
        File dir = workspace.resolve("checkpoints").resolve(statement).toFile();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            try (Stream<Path> files = Files.walk(dir.toPath())) {
                return files.anyMatch(p -> p.getFileName().toString().equals("_metadata")
                        && p.toFile().lastModified() > since);
            }
        });
    }

    private static void awaitPhase(ServerClient server, String name, String phase) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(server.statement(name).path("status").path("phase").asText()).isEqualTo(phase));
    }

    private static void awaitIds(String topic, int from, int to) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            List<String> keys = new ArrayList<>();
            for (TopicRecord r : TopicReader.all(services.kafka().bootstrapServers(), topic, Duration.ofMillis(500))) {
                keys.add(r.key());
            }
            assertThat(keys).containsAll(IntStream.rangeClosed(from, to).mapToObj(i -> "{\"id\":" + i + "}").toList());
        });
    }

    private static List<String> values(String topic) {
        return TopicReader.all(services.kafka().bootstrapServers(), topic, Duration.ofMillis(500)).stream()
                .map(TopicRecord::value).toList();
    }

    private static void insert(int from, int to) {
        services.postgres().execute("INSERT INTO items SELECT g, 'item ' || g FROM generate_series(" + from + ", " + to + ") g");
    }
}
