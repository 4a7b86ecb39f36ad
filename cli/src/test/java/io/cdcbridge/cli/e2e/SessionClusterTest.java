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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same statements on a Flink standalone session cluster of separate JVMs (a JobManager and 2 TaskManagers with
 * Flink's own jars only), as {@code cdcbridge cluster start} starts it: every job carries the connectors.
 */
@Tag("integration")
class SessionClusterTest {


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

    @Test
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

    private static String get(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(cluster.rest() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.body();
    }
}
