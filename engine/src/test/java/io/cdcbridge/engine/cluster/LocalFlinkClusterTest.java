package io.cdcbridge.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded Flink cluster reachable from this machine only, its temporary files inside the workspace, its network
 * memory enough for a job with exchanges on every slot, its jobs' details current.
 */
@Tag("integration")
class LocalFlinkClusterTest {

    @TempDir
    Path workspace;

    /**
     * One cluster for both: its sockets and files, and its network buffers (allocated at the start, what exchanges
     * between tasks take): a job at the cluster's full parallelism through keyed exchanges (every task of one stage
     * sending to every task of the next) runs to its exact result.
     */
    @Test
    void listensOnLoopbackOnlyRunsAJobWithExchangesOnEverySlotAndRemovesItsTemporaryFilesOnClose() throws Exception {
        Path tmp = workspace.resolve("tmp");
        // what a killed server left: a folder of a process that no longer runs
        Path stale = Files.createDirectories(tmp.resolve("flink-" + Integer.MAX_VALUE).resolve("blobStore-1"));
        Path own = tmp.resolve("flink-" + ProcessHandle.current().pid());
        List<String> listening;
        List<String> created;
        try (LocalFlinkCluster cluster = LocalFlinkCluster.start(LocalFlinkCluster.DEFAULT_SLOTS, tmp)) {
            listening = ListeningSockets.ofThisProcess();
            created = names(own);
            assertThat(listening).contains("127.0.0.1:" + cluster.restPort()).hasSizeGreaterThan(1);
            // a job's details (its tasks' states, which a statement's RUNNING waits for) are asked again after 100 ms,
            // not after Flink's 3 s
            String config = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + cluster.restPort() + "/config")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(config).contains("\"refresh-interval\":100,");
            long n = 100_000;
            assertThat(keyedSums(cluster, n)).isEqualTo(LongStream.rangeClosed(1, n).boxed()
                    .collect(Collectors.groupingBy(v -> v % LocalFlinkCluster.DEFAULT_SLOTS, Collectors.summingLong(v -> v))));
        }
        // REST, BLOB server and whatever else the cluster opened: none on a wildcard or outside address
        assertThat(listening).allSatisfy(a -> assertThat(a).startsWith("127.0.0.1:"));
        // the cluster's working dir (BLOBs, local state) and I/O dirs, and the RPC system's unpacked jar
        assertThat(created).anySatisfy(name -> assertThat(name).startsWith("minicluster_"))
                .anySatisfy(name -> assertThat(name).startsWith("flink-io-"))
                .anySatisfy(name -> assertThat(name).startsWith("flink-rpc-"));
        assertThat(stale.getParent()).doesNotExist();
        assertThat(names(tmp)).isEmpty();
    }

    // 1..n summed per key (n mod slots) on every slot: running sums per key, then the largest of them per key
    private static Map<Long, Long> keyedSums(LocalFlinkCluster cluster, long n) throws Exception {
        int slots = LocalFlinkCluster.DEFAULT_SLOTS;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createRemoteEnvironment(cluster.restHost(), cluster.restPort());
        env.setParallelism(slots);
        Map<Long, Long> totals = new HashMap<>();
        try (CloseableIterator<Tuple2<Long, Long>> sums = env.fromSequence(1, n)
                .map(v -> Tuple2.of(v % slots, v)).returns(Types.TUPLE(Types.LONG, Types.LONG))
                .keyBy(t -> t.f0).reduce((a, b) -> Tuple2.of(a.f0, a.f1 + b.f1))
                .keyBy(t -> t.f0).reduce((a, b) -> a.f1 >= b.f1 ? a : b)
                .executeAndCollect()) {
            sums.forEachRemaining(t -> totals.merge(t.f0, t.f1, Math::max));
        }
        return totals;
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
