package io.cdcbridge.cli.e2e;

import static io.cdcbridge.cli.support.Events.ANNE;
import static io.cdcbridge.cli.support.Events.EDWARD;
import static io.cdcbridge.cli.support.Events.GEORGE;
import static io.cdcbridge.cli.support.Events.SALLY;
import static io.cdcbridge.cli.support.Events.SAUNDRA;
import static io.cdcbridge.cli.support.Events.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.cli.client.ServerClient;
import io.cdcbridge.cli.cluster.ClusterState;
import io.cdcbridge.cli.cluster.LocalSessionCluster;
import io.cdcbridge.cli.demo.CustomersDemo;
import io.cdcbridge.cli.kafka.KafkaProcess;
import io.cdcbridge.cli.stack.LocalStack;
import io.cdcbridge.cli.support.CommandRun;
import io.cdcbridge.cli.support.Events;
import io.cdcbridge.cli.support.KeptLogs;
import io.cdcbridge.cli.support.ServerProcess;
import io.cdcbridge.cli.topic.TopicReader;
import io.cdcbridge.cli.topic.TopicRecord;
import io.cdcbridge.cli.topic.TopicWriter;
import io.cdcbridge.control.server.RestSettings;
import io.cdcbridge.control.server.ScriptRequest;
import io.cdcbridge.control.statement.StateDir;
import io.cdcbridge.control.workspace.Json;
import io.cdcbridge.control.workspace.Workspace;
import io.cdcbridge.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same statements on a Flink standalone session cluster of separate JVMs (a JobManager and 2 TaskManagers with
 * Flink's own jars only, as {@code cdcbridge cluster start} starts it: every job carries the connectors) with a Kafka
 * broker in a JVM of its own ({@code cdcbridge kafka start}), checkpoints and savepoints in a shared state dir. One
 * cluster, broker and server for the whole class; both die with this JVM (their owner) if it is killed.
 */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SessionClusterTest {

    @TempDir
    static Path clusterWorkspace;

    // the state dir every process of the cluster reaches at the same path
    @TempDir
    static Path shared;

    @TempDir
    static Path stackWorkspace;

    static ClusterState cluster;
    static KafkaProcess.State kafka;
    static LocalStack stack;

    @TempDir
    Path workspace;

    // the servers', the broker's and Flink's JobManager/TaskManager logs of a failed case, before the folders go
    @RegisterExtension
    final KeptLogs logs = new KeptLogs(() -> List.of(clusterWorkspace, stackWorkspace, workspace));

    @BeforeAll
    static void startClusterBrokerAndServer() throws Exception {
        String owner = String.valueOf(ProcessHandle.current().pid());
        CommandRun start = CommandRun.of("cluster", "start", "--taskmanagers", "2", "--slots", "2",
                "--workspace", clusterWorkspace.toString(), "--owner-pid", owner, "--json");
        assertThat(start.code()).as(start.err()).isZero();
        cluster = Json.MAPPER.readValue(start.out(), ClusterState.class);
        CommandRun broker = CommandRun.of("kafka", "start", "--workspace", clusterWorkspace.toString(), "--owner-pid", owner, "--json");
        assertThat(broker.code()).as(broker.err()).isZero();
        kafka = Json.MAPPER.readValue(broker.out(), KafkaProcess.State.class);
        stack = LocalStack.start(new LocalStack.Options(stackWorkspace, RestSettings.loopback(0), "postgres", cluster.rest(),
                Map.of(), Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrap())).withStateDir(StateDir.parse(sharedUri())));
    }

    @AfterAll
    static void stopAll() {
        if (stack != null) stack.close();
        CommandRun broker = CommandRun.of("kafka", "stop", "--workspace", clusterWorkspace.toString());
        assertThat(broker.out()).isEqualTo("Kafka broker stopped (bootstrap " + kafka.bootstrap() + ")\n");
        assertThat(ProcessHandle.of(kafka.pid()).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
        CommandRun stop = CommandRun.of("cluster", "stop", "--workspace", clusterWorkspace.toString());
        assertThat(stop.out()).contains("Flink session cluster stopped (REST " + cluster.rest() + ")");
        for (long pid : pids()) assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("pid " + pid).isNotEqualTo(Optional.of(true));
    }

    private static List<Long> pids() {
        List<Long> all = new ArrayList<>(cluster.taskmanagers());
        all.add(cluster.jobmanager());
        return all;
    }

    private static String sharedUri() {
        return "file://" + shared.toAbsolutePath();
    }

    // each test starts on a cluster with every slot free
    @AfterEach
    void cancelJobs() throws Exception {
        for (JsonNode job : Json.MAPPER.readTree(get("/jobs")).path("jobs")) {
            if (job.path("status").asText().equals("RUNNING")) {
                HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(cluster.rest() + "/jobs/" + job.path("id").asText()
                        + "?mode=cancel")).method("PATCH", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            }
        }
    }

    @Test
    @Order(1)
    void theClusterHasFlinksJarsOnlyListensOnLoopbackAndTheBrokerRunsApart() throws Exception {
        for (String log : List.of("jobmanager.log", "taskmanager-1.log", "taskmanager-2.log")) {
            String classPath = Files.readAllLines(LocalSessionCluster.folder(clusterWorkspace).resolve("logs").resolve(log)).stream()
                    .filter(l -> l.contains(" Classpath: ")).findFirst().orElseThrow();
            assertThat(classPath).contains("flink-runtime-1.20.3.jar")
                    .doesNotContain("cdcbridge").doesNotContain("kafka").doesNotContain("postgres").doesNotContain("mariadb");
        }
        assertThat(URI.create(cluster.rest()).getHost()).isEqualTo("127.0.0.1");
        assertThat(kafka.bootstrap()).startsWith("127.0.0.1:");
        assertThat(Json.MAPPER.readTree(get("/taskmanagers")).path("taskmanagers")).hasSize(2);
        // Flink's web UI, served by the JobManager from flink-runtime-web on its class path
        assertThat(get("/")).contains("<title>Apache Flink Web Dashboard</title>");
        // separate JVMs
        List<Long> all = new ArrayList<>(pids());
        all.add(kafka.pid());
        assertThat(all).doesNotHaveDuplicates().doesNotContain(ProcessHandle.current().pid());
    }

    @Test
    @Order(2)
    void publishesTheCustomersContractAndKeepsItThroughASavepointInTheStateDir() throws Exception {
        assertThat(stack.engineDescription()).contains(cluster.rest());
        CustomersDemo demo = new CustomersDemo(stack, new PrintStream(new ByteArrayOutputStream()));
        demo.prepare();
        demo.publish();
        assertThat(demo.events(4)).extracting(TopicRecord::key, TopicRecord::value).containsExactlyInAnyOrder(
                tuple(key(1001), SALLY), tuple(key(1002), GEORGE), tuple(key(1003), EDWARD), tuple(key(1004), ANNE));

        demo.changeData();
        assertThat(demo.events(7).subList(4, 7)).extracting(TopicRecord::key, TopicRecord::value).containsExactly(
                tuple(key(1005), SAUNDRA), tuple(key(1005), SAUNDRA.replace("\"NEW\"", "\"VIP\"")), tuple(key(1004), null));

        // stop with savepoint, rename in Postgres, v2 from the savepoint: nothing lost, nothing twice
        demo.renameColumn();
        assertThat(demo.events(9).subList(7, 9)).extracting(TopicRecord::key, TopicRecord::value).containsExactly(
                tuple(key(1001), SALLY.replace("\"Sally\"", "\"Brandon Junior\"")),
                tuple(key(1001), SALLY.replace("\"Sally\"", "\"Brandon III\"")));

        ServerClient server = new ServerClient(stack.url());
        JsonNode v1 = server.statement("customers-public-v1");
        assertThat(v1.path("status").path("phase").asText()).isEqualTo("STOPPED");
        // written by the cluster's JVMs into the state dir, where the server found it for v2
        String savepoint = v1.path("status").path("savepoint").asText();
        assertThat(StateDir.inside(savepoint, sharedUri() + "/savepoints/customers-public-v1")).as(savepoint).isTrue();
        assertThat(Path.of(URI.create(savepoint)).resolve("_metadata")).isRegularFile();
        assertThat(v1.path("state_dir").asText()).isEqualTo(sharedUri());
        JsonNode v2 = server.statement("customers-public-v2");
        assertThat(v2.path("status").path("phase").asText()).isEqualTo("RUNNING");
        // the job runs on the cluster, not in the server
        assertThat(get("/jobs/" + v2.path("status").path("job_id").asText())).contains("\"state\":\"RUNNING\"");
    }

    @Test
    @Order(3)
    void copiesPostgresToPostgresAtParallelism2WithTheSnapshotReadOnBothTaskManagers() throws Exception {
        EmbeddedPostgres pg = stack.services().postgres();
        int rows = 20_000;
        pg.execute("CREATE TABLE cluster_items (id int PRIMARY KEY, name text, qty int)",
                "ALTER TABLE cluster_items REPLICA IDENTITY FULL",
                "INSERT INTO cluster_items SELECT i, 'item ' || i, i % 97 FROM generate_series(1, " + rows + ") i");
        ServerClient server = new ServerClient(stack.url());
        server.runScript(new ScriptRequest("pg-copy.sql", """
                SET 'parallelism.default' = '2';
                SET 'execution.checkpointing.interval' = '1s';
                CREATE TABLE items_source (id INT NOT NULL, name STRING, qty INT, PRIMARY KEY (id) NOT ENFORCED)
                WITH ('connector' = 'cdcbridge-postgres', 'hostname' = '${POSTGRES_HOST}', 'port' = '${POSTGRES_PORT}',
                      'username' = '${POSTGRES_USER}', 'password' = '${POSTGRES_PASSWORD}', 'database-name' = '${POSTGRES_DATABASE}',
                      'schema-name' = 'public', 'table-name' = 'cluster_items', 'slot.name' = 'cluster_items',
                      'scan.incremental.snapshot.chunk.size' = '1000');
                CREATE TABLE items_copy (id INT NOT NULL, name STRING, qty INT, PRIMARY KEY (id) NOT ENFORCED)
                WITH ('connector' = 'cdcbridge-jdbc', 'url' = 'jdbc:postgresql://${POSTGRES_HOST}:${POSTGRES_PORT}/${POSTGRES_DATABASE}',
                      'table-name' = 'cluster_items_copy', 'username' = '${POSTGRES_USER}', 'password' = '${POSTGRES_PASSWORD}',
                      'auto-create' = 'true');
                SET 'client.statement-name' = 'pg-copy';
                INSERT INTO items_copy SELECT id, name, qty FROM items_source;
                """, Map.of(), false));
        awaitRunning(server, "pg-copy");
        Awaitility.await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                .until(() -> count(pg, "cluster_items_copy") == rows);

        // the snapshot's 20 splits were read by both source subtasks, one on each TaskManager
        String job = server.statement("pg-copy").path("status").path("job_id").asText();
        JsonNode source = sourceVertex(job);
        assertThat(source.path("parallelism").asInt()).isEqualTo(2);
        Set<String> taskManagers = new HashSet<>();
        for (JsonNode subtask : source.path("subtasks")) taskManagers.add(subtask.path("taskmanager-id").asText());
        assertThat(taskManagers).hasSize(2);
        // Flink's REST serves metrics fetched every 10 s: wait for the counts to show the whole snapshot
        Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            List<Long> perSubtask = new ArrayList<>();
            for (JsonNode subtask : source.path("subtasks")) {
                perSubtask.add(sourceRecordsOut(job, source.path("id").asText(), subtask.path("subtask").asInt()));
            }
            assertThat(perSubtask).as("rows read per subtask").hasSize(2).allSatisfy(n -> assertThat(n).isPositive());
            assertThat(perSubtask.stream().mapToLong(Long::longValue).sum()).isEqualTo(rows);
        });

        pg.execute("INSERT INTO cluster_items SELECT i, 'item ' || i, 1 FROM generate_series(" + (rows + 1) + ", " + (rows + 100) + ") i",
                "UPDATE cluster_items SET qty = qty + 1000 WHERE id % 400 = 0",
                "DELETE FROM cluster_items WHERE id BETWEEN 10 AND 19");
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> count(pg, "cluster_items_copy") == rows + 100 - 10);
        CommandRun verify = CommandRun.of("verify", "pg-copy", "--server", stack.url());
        assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains((rows + 90) + " source rows, " + (rows + 90) + " target rows").endsWith("equal\n");
    }

    @Test
    @Order(4)
    void evolvesBlueGreenOnTheCluster() throws Exception {
        for (String topic : List.of("bg_orders", "bg_out_v1", "bg_out_v2")) TopicWriter.create(kafka.bootstrap(), topic, 1);
        ServerClient server = new ServerClient(stack.url());
        server.runScript(new ScriptRequest("bg-v1.sql", """
                CREATE TABLE bg_orders (order_id INT, amount INT) WITH ('connector' = 'kafka', 'topic' = 'bg_orders',
                  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}', 'scan.startup.mode' = 'earliest-offset',
                  'format' = 'json');
                CREATE TABLE bg_out_v1 (order_id INT, amount INT) WITH ('connector' = 'kafka', 'topic' = 'bg_out_v1',
                  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}', 'format' = 'json');
                SET 'client.statement-name' = 'bg-v1';
                INSERT INTO bg_out_v1 SELECT order_id, amount FROM bg_orders;
                """, Map.of(), false));
        awaitRunning(server, "bg-v1");
        orders(1, 10);
        awaitValues("bg_out_v1", IntStream.rangeClosed(1, 10).mapToObj(i -> "{\"order_id\":" + i + ",\"amount\":" + i * 10 + "}").toList());

        Path v2 = workspace.resolve("bg-v2.sql");
        Files.writeString(v2, """
                CREATE TABLE bg_out_v2 (order_id INT, amount_cents BIGINT) WITH ('connector' = 'kafka', 'topic' = 'bg_out_v2',
                  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}', 'format' = 'json');
                SET 'client.statement-name' = 'bg-v2';
                INSERT INTO bg_out_v2 SELECT order_id, CAST(amount AS BIGINT) * 100 FROM bg_orders;
                """);
        CommandRun evolved = CommandRun.of("evolve", "bg-v1", "--to", v2.toString(), "--strategy", "blue-green", "--server", stack.url());
        assertThat(evolved.code()).as(evolved.out() + evolved.err()).isZero();
        assertThat(evolved.out())
                .contains("consumers of 'bg_out_v1' (topic bg_out_v1) switch to 'bg_out_v2' (topic bg_out_v2), reading it"
                        + " from the earliest offset")
                .contains("v2 'bg-v2': 0 messages behind")
                .contains("v1 'bg-v1' STOPPED, savepoint file:" + shared.toAbsolutePath() + "/savepoints/bg-v1/savepoint-");
        // caught up means v2 has published the whole history already
        assertThat(values("bg_out_v2")).containsExactlyElementsOf(
                IntStream.rangeClosed(1, 10).mapToObj(i -> "{\"order_id\":" + i + ",\"amount_cents\":" + i * 1000 + "}").toList());

        orders(11, 15);
        awaitValues("bg_out_v2", IntStream.rangeClosed(1, 15).mapToObj(i -> "{\"order_id\":" + i + ",\"amount_cents\":" + i * 1000 + "}").toList());
        assertThat(values("bg_out_v1")).containsExactlyElementsOf(
                IntStream.rangeClosed(1, 10).mapToObj(i -> "{\"order_id\":" + i + ",\"amount\":" + i * 10 + "}").toList());
        assertThat(server.statement("bg-v1").path("status").path("phase").asText()).isEqualTo("STOPPED");
        JsonNode bg2 = server.statement("bg-v2");
        assertThat(bg2.path("status").path("phase").asText()).isEqualTo("RUNNING");
        assertThat(bg2.path("lineage").path("strategy").asText()).isEqualTo("blue-green");
        assertThat(get("/jobs/" + bg2.path("status").path("job_id").asText())).contains("\"state\":\"RUNNING\"");
    }

    @Test
    @Order(5)
    void aServerKilledWhileItsJobRunsReattachesAndFindsItsStateDirAfterARestartWithAnother() throws Exception {
        TopicWriter.create(kafka.bootstrap(), "numbers-a", 1);
        Path first = Files.createDirectories(shared.resolve("first"));
        Path second = Files.createDirectories(shared.resolve("second"));
        Process one = server("--state-dir", "file://" + first);
        ServerClient client;
        String job;
        try {
            client = new ServerClient(Workspace.open(workspace).server().url());
            client.runScript(new ScriptRequest("copy.sql", copyScript("a"), Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrap()), false));
            awaitRunning(client, "copy");
            job = client.statement("copy").path("status").path("job_id").asText();
            write("numbers-a", 1, 50, 1);
            awaitCopied("a", 50);
        } finally {
            // the kill below, also when a step before it failed (the server would outlive the test run)
            one.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
        }
        // no server: the job goes on
        write("numbers-a", 51, 100, 1);
        awaitCopied("a", 100);

        Process two = server("--state-dir", "file://" + second);
        try {
            client = new ServerClient(Workspace.open(workspace).server().url());
            assertThat(client.statement("copy").path("status").path("job_id").asText()).isEqualTo(job);
            awaitRunning(client, "copy");
            assertThat(Json.MAPPER.readTree(get("/jobs/overview")).path("jobs")).filteredOn(j -> j.path("name").asText().equals("copy"))
                    .extracting(j -> j.path("jid").asText() + " " + j.path("state").asText()).containsExactly(job + " RUNNING");
            write("numbers-a", 101, 150, 1);
            awaitCopied("a", 150);

            // its savepoint goes where it kept state from the start, and it resumes from there at parallelism 2
            String url = client.base();
            CommandRun stop = CommandRun.of("statements", "stop", "copy", "--savepoint", "--server", url);
            assertThat(stop.code()).as(stop.out() + stop.err()).isZero();
            String savepoint = client.statement("copy").path("status").path("savepoint").asText();
            assertThat(Path.of(URI.create(savepoint))).startsWith(first.resolve("savepoints").resolve("copy"));
            assertThat(second.resolve("savepoints")).doesNotExist();
            write("numbers-a", 151, 200, 1);
            CommandRun resume = CommandRun.of("statements", "resume", "copy", "--set", "parallelism.default=2", "--server", url);
            assertThat(resume.code()).as(resume.out() + resume.err()).isZero();
            assertThat(resume.out()).as(resume.err()).doesNotContain("FAILED");
            awaitRunning(client, "copy");
            JsonNode resumed = client.statement("copy");
            assertThat(resumed.path("spec").path("properties").path("parallelism.default").asText()).isEqualTo("2");
            assertThat(Json.MAPPER.readTree(get("/jobs/" + resumed.path("status").path("job_id").asText())).path("vertices"))
                    .allSatisfy(v -> assertThat(v.path("parallelism").asInt()).isEqualTo(2));
            awaitCopied("a", 200);
        } finally {
            two.destroy();
            two.waitFor(120, TimeUnit.SECONDS);
        }
    }

    // last: the cluster has one TaskManager left
    @Test
    @Order(6)
    void aTaskManagerKilledMidStreamTheJobRestartsFromItsCheckpointAndTheTargetEqualsTheSource() throws Exception {
        TopicWriter.create(kafka.bootstrap(), "numbers-b", 2);
        ServerClient client = new ServerClient(stack.url());
        client.runScript(new ScriptRequest("copy.sql", "SET 'parallelism.default' = '2';\n" + copyScript("b"), Map.of(), false));
        awaitRunning(client, "copy");
        String job = client.statement("copy").path("status").path("job_id").asText();
        // spread over both TaskManagers (cluster.evenly-spread-out-slots)
        assertThat(Json.MAPPER.readTree(get("/jobs/" + job)).path("vertices").get(0).path("parallelism").asInt()).isEqualTo(2);
        write("numbers-b", 1, 100, 2);
        awaitCopied("b", 100);

        ProcessHandle.of(cluster.taskmanagers().get(1)).orElseThrow().destroyForcibly();
        write("numbers-b", 101, 200, 2);
        awaitCopied("b", 200);
        // the same job, restarted after the loss of its TaskManager
        assertThat(Json.MAPPER.readTree(get("/jobs/" + job + "/exceptions")).path("exceptionHistory").path("entries")).isNotEmpty();
        awaitRunning(client, "copy");
        assertThat(client.statement("copy").path("status").path("job_id").asText()).isEqualTo(job);
    }

    private static String copyScript(String suffix) {
        return """
                SET 'client.statement-name' = 'copy';
                SET 'execution.checkpointing.interval' = '1s';
                CREATE TABLE numbers (id INT, v STRING) WITH ('connector' = 'kafka', 'topic' = 'numbers-%1$s',
                  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}', 'scan.startup.mode' = 'earliest-offset',
                  'format' = 'json');
                CREATE TABLE copied (id INT, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka',
                  'topic' = 'copied-%1$s', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
                  'key.format' = 'json', 'value.format' = 'json');
                INSERT INTO copied SELECT id, v FROM numbers;
                """.formatted(suffix);
    }

    private static JsonNode sourceVertex(String job) throws Exception {
        for (JsonNode v : Json.MAPPER.readTree(get("/jobs/" + job)).path("vertices")) {
            // named by the source (cdcbridge-postgres and its table), not by the Flink table
            if (v.path("name").asText().startsWith("Source: ")) {
                return Json.MAPPER.readTree(get("/jobs/" + job + "/vertices/" + v.path("id").asText()));
            }
        }
        throw new AssertionError("no source vertex in " + get("/jobs/" + job));
    }

    // the rows the source operator of one subtask emitted, as Flink's web UI shows them per subtask
    private static long sourceRecordsOut(String job, String vertex, int subtask) throws Exception {
        String base = "/jobs/" + job + "/vertices/" + vertex + "/subtasks/" + subtask + "/metrics";
        for (JsonNode m : Json.MAPPER.readTree(get(base))) {
            String id = m.path("id").asText();
            if (id.startsWith("Source") && id.endsWith(".numRecordsOut")) {
                return Json.MAPPER.readTree(get(base + "?get=" + id)).get(0).path("value").asLong();
            }
        }
        throw new AssertionError("no source numRecordsOut among " + get(base));
    }

    private static long count(EmbeddedPostgres pg, String table) throws Exception {
        try (Connection c = pg.connect(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException notYet) {
            return -1; // auto-created by the sink's first write
        }
    }

    private static void orders(int from, int to) {
        List<TopicRecord> records = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            records.add(new TopicRecord("bg_orders", 0, -1, 0, null, "{\"order_id\":" + i + ",\"amount\":" + i * 10 + "}"));
        }
        TopicWriter.write(kafka.bootstrap(), "bg_orders", records);
    }

    private static List<String> values(String topic) {
        return TopicReader.all(kafka.bootstrap(), topic, Duration.ofMillis(500)).stream().map(TopicRecord::value).toList();
    }

    private static void awaitValues(String topic, List<String> expected) {
        Awaitility.await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(values(topic)).containsExactlyElementsOf(expected));
    }

    // ids from..to, spread over the topic's partitions
    private static void write(String topic, int from, int to, int partitions) {
        List<TopicRecord> records = new ArrayList<>();
        for (int id = from; id <= to; id++) {
            records.add(new TopicRecord(topic, id % partitions, -1, 0, null, "{\"id\":" + id + ",\"v\":\"v" + id + "\"}"));
        }
        TopicWriter.write(kafka.bootstrap(), topic, records);
    }

    // the target equals the source: ids 1..count each once as the latest value (a replayed record lands on its key again)
    private static void awaitCopied(String suffix, int count) {
        Map<String, String> expected = new java.util.HashMap<>();
        for (int id = 1; id <= count; id++) expected.put("{\"id\":" + id + "}", "{\"id\":" + id + ",\"v\":\"v" + id + "\"}");
        Awaitility.await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(Events.latest(TopicReader.all(kafka.bootstrap(), "copied-" + suffix, Duration.ofMillis(500))))
                        .isEqualTo(expected));
    }

    // a statement that went FAILED stays so: that ends the wait at once, with the reason the server recorded
    private static void awaitRunning(ServerClient client, String statement) {
        Awaitility.await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode status = client.statement(statement).path("status");
            if (status.path("phase").asText().equals("FAILED")) {
                throw new IllegalStateException("statement '" + statement + "' FAILED: " + status.path("detail").asText()
                        + jobExceptions(status.path("job_id").asText()));
            }
            assertThat(status.path("phase").asText()).as("statement '%s': %s", statement, status).isEqualTo("RUNNING");
        });
    }

    // the failures Flink recorded for a job, as its web UI shows them
    private static String jobExceptions(String job) throws Exception {
        if (job.isEmpty()) return "";
        StringBuilder out = new StringBuilder("\nFlink's exceptions of job " + job + ":");
        for (JsonNode e : Json.MAPPER.readTree(get("/jobs/" + job + "/exceptions")).path("exceptionHistory").path("entries")) {
            out.append("\n- ").append(e.path("exceptionName").asText()).append(" in ").append(e.path("taskName").asText());
            e.path("stacktrace").asText().lines().filter(l -> l.startsWith("Caused by:")).forEach(l -> out.append("\n  ").append(l));
        }
        return out.toString();
    }

    // a server in a JVM of its own, on the cluster, as `cdcbridge server --flink URL` runs it
    private Process server(String... args) throws Exception {
        Path log = workspace.resolve("console.log");
        List<String> all = new ArrayList<>(List.of("--flink", cluster.rest()));
        all.addAll(List.of(args));
        Process p = ServerProcess.start(workspace, log, Map.of(), all.toArray(String[]::new));
        ServerProcess.await(p, workspace, log);
        return p;
    }

    private static String get(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(cluster.rest() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.body();
    }
}
