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
import io.cdcbridge.cli.stack.LocalStack;
import io.cdcbridge.cli.support.CommandRun;
import io.cdcbridge.cli.topic.TopicRecord;
import io.cdcbridge.control.server.RestSettings;
import io.cdcbridge.control.workspace.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import io.cdcbridge.cli.support.BrokerExtension;
import io.cdcbridge.cli.support.Events;
import io.cdcbridge.cli.support.ServerProcess;
import io.cdcbridge.cli.topic.TopicReader;
import io.cdcbridge.cli.topic.TopicWriter;
import io.cdcbridge.control.server.ScriptRequest;
import io.cdcbridge.control.workspace.Workspace;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same statements on a Flink standalone session cluster of separate JVMs (a JobManager and 2 TaskManagers with
 * Flink's own jars only), as {@code cdcbridge cluster start} starts it: every job carries the connectors.
 */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SessionClusterTest {

    @RegisterExtension
    static final BrokerExtension BROKER = new BrokerExtension();


    @TempDir
    static Path clusterWorkspace;

    static ClusterState cluster;

    @TempDir
    Path workspace;

    @BeforeAll
    static void startCluster() throws Exception {
        CommandRun start = CommandRun.of("cluster", "start", "--taskmanagers", "2", "--slots", "2",
                "--workspace", clusterWorkspace.toString(), "--json");
        assertThat(start.code()).as(start.err()).isZero();
        cluster = Json.MAPPER.readValue(start.out(), ClusterState.class);
    }

    @AfterAll
    static void stopCluster() {
        CommandRun stop = CommandRun.of("cluster", "stop", "--workspace", clusterWorkspace.toString());
        assertThat(stop.out()).contains("Flink session cluster stopped (REST " + cluster.rest() + ")");
        for (long pid : pids()) assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("pid " + pid).isNotEqualTo(java.util.Optional.of(true));
    }

    private static List<Long> pids() {
        List<Long> all = new java.util.ArrayList<>(cluster.taskmanagers());
        all.add(cluster.jobmanager());
        return all;
    }

    // the jobs of a test outlive its server: each test starts on a cluster with every slot free
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
    void theClusterHasFlinksJarsOnlyAndListensOnLoopback() throws Exception {
        for (String log : List.of("jobmanager.log", "taskmanager-1.log", "taskmanager-2.log")) {
            String classPath = Files.readAllLines(LocalSessionCluster.folder(clusterWorkspace).resolve("logs").resolve(log)).stream()
                    .filter(l -> l.contains(" Classpath: ")).findFirst().orElseThrow();
            assertThat(classPath).contains("flink-runtime-1.20.3.jar")
                    .doesNotContain("cdcbridge").doesNotContain("kafka").doesNotContain("postgres").doesNotContain("mariadb");
        }
        assertThat(URI.create(cluster.rest()).getHost()).isEqualTo("127.0.0.1");
        assertThat(Json.MAPPER.readTree(get("/taskmanagers")).path("taskmanagers")).hasSize(2);
        // separate JVMs
        assertThat(pids()).doesNotHaveDuplicates().doesNotContain(ProcessHandle.current().pid());
    }

    @Test
    @Order(2)
    void publishesTheCustomersContractAndKeepsItThroughASavepoint() throws Exception {
        LocalStack.Options options = new LocalStack.Options(workspace, RestSettings.loopback(0), "postgres,kafka",
                cluster.rest(), Map.of(), Map.of());
        try (LocalStack stack = LocalStack.start(options)) {
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
            assertThat(v1.path("status").path("savepoint").asText()).startsWith("file:").contains(workspace.getFileName().toString());
            JsonNode v2 = server.statement("customers-public-v2");
            assertThat(v2.path("status").path("phase").asText()).isEqualTo("RUNNING");
            // the job runs on the cluster, not in the server
            assertThat(get("/jobs/" + v2.path("status").path("job_id").asText())).contains("\"state\":\"RUNNING\"");
        }
    }

    @Test
    @Order(3)
    void aServerKilledWhileItsJobRunsReattachesToItInsteadOfSubmittingAgain() throws Exception {
        BROKER.kafka().createTopic("numbers-a", 1);
        Process first = server();
        ServerClient client = new ServerClient(Workspace.open(workspace).server().url());
        client.runScript(new ScriptRequest("copy.sql", copyScript("a"), Map.of("KAFKA_BOOTSTRAP_SERVERS", BROKER.bootstrapServers()), false));
        awaitRunning(client, "copy");
        String job = client.statement("copy").path("status").path("job_id").asText();
        write("numbers-a", 1, 50, 1);
        awaitCopied("a", 50);

        first.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
        // no server: the job goes on
        write("numbers-a", 51, 100, 1);
        awaitCopied("a", 100);

        Process second = server();
        try {
            client = new ServerClient(Workspace.open(workspace).server().url());
            assertThat(client.statement("copy").path("status").path("job_id").asText()).isEqualTo(job);
            awaitRunning(client, "copy");
            assertThat(Json.MAPPER.readTree(get("/jobs/overview")).path("jobs")).filteredOn(j -> j.path("name").asText().equals("copy"))
                    .extracting(j -> j.path("jid").asText() + " " + j.path("state").asText()).containsExactly(job + " RUNNING");
            write("numbers-a", 101, 150, 1);
            awaitCopied("a", 150);

            // more resources at a resume: the savepoint restored at parallelism 2
            String url = client.base();
            CommandRun stop = CommandRun.of("statements", "stop", "copy", "--savepoint", "--server", url);
            assertThat(stop.code()).as(stop.out() + stop.err()).isZero();
            write("numbers-a", 151, 200, 1);
            CommandRun resume = CommandRun.of("statements", "resume", "copy", "--set", "parallelism.default=2", "--server", url);
            assertThat(resume.code()).as(resume.out() + resume.err()).isZero();
            awaitRunning(client, "copy");
            JsonNode resumed = client.statement("copy");
            assertThat(resumed.path("spec").path("properties").path("parallelism.default").asText()).isEqualTo("2");
            assertThat(Json.MAPPER.readTree(get("/jobs/" + resumed.path("status").path("job_id").asText())).path("vertices"))
                    .allSatisfy(v -> assertThat(v.path("parallelism").asInt()).isEqualTo(2));
            awaitCopied("a", 200);
        } finally {
            second.destroy();
            second.waitFor(120, TimeUnit.SECONDS);
        }
    }

    // last: the cluster has one TaskManager left
    @Test
    @Order(4)
    void aTaskManagerKilledMidStreamTheJobRestartsFromItsCheckpointAndTheTargetEqualsTheSource() throws Exception {
        BROKER.kafka().createTopic("numbers-b", 2);
        LocalStack.Options options = new LocalStack.Options(workspace, RestSettings.loopback(0), null, cluster.rest(),
                Map.of(), Map.of("KAFKA_BOOTSTRAP_SERVERS", BROKER.bootstrapServers()));
        try (LocalStack stack = LocalStack.start(options)) {
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

    // ids from..to, spread over the topic's partitions
    private static void write(String topic, int from, int to, int partitions) {
        List<TopicRecord> records = new java.util.ArrayList<>();
        for (int id = from; id <= to; id++) {
            records.add(new TopicRecord(topic, id % partitions, -1, 0, null, "{\"id\":" + id + ",\"v\":\"v" + id + "\"}"));
        }
        TopicWriter.write(BROKER.bootstrapServers(), topic, records);
    }

    // the target equals the source: ids 1..count each once as the latest value (a replayed record lands on its key again)
    private static void awaitCopied(String suffix, int count) {
        Map<String, String> expected = new java.util.HashMap<>();
        for (int id = 1; id <= count; id++) expected.put("{\"id\":" + id + "}", "{\"id\":" + id + ",\"v\":\"v" + id + "\"}");
        Awaitility.await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(Events.latest(TopicReader.all(BROKER.bootstrapServers(), "copied-" + suffix, Duration.ofMillis(500))))
                        .isEqualTo(expected));
    }

    private static void awaitRunning(ServerClient client, String statement) {
        Awaitility.await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(client.statement(statement).path("status").path("phase").asText()).isEqualTo("RUNNING"));
    }

    // a server in a JVM of its own, on the cluster, as `cdcbridge server --flink URL` runs it
    private Process server() throws Exception {
        Path log = workspace.resolve("console.log");
        Process p = ServerProcess.start(workspace, log, Map.of(), "--flink", cluster.rest());
        ServerProcess.await(p, workspace, log);
        return p;
    }

    private static String get(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(cluster.rest() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.body();
    }
}
