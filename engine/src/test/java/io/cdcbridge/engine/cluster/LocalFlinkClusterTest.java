package io.cdcbridge.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded Flink cluster reachable from this machine only, its temporary files inside the workspace. */
@Tag("integration")
class LocalFlinkClusterTest {

    @TempDir
    Path workspace;

    @Test
    void listensOnLoopbackOnlyAndRemovesItsTemporaryFilesOnClose() throws Exception {
        Path tmp = workspace.resolve("tmp");
        // what a killed server left: a folder of a process that no longer runs
        Path stale = Files.createDirectories(tmp.resolve("flink-" + Integer.MAX_VALUE).resolve("blobStore-1"));
        Path own = tmp.resolve("flink-" + ProcessHandle.current().pid());
        List<String> listening;
        List<String> created;
        try (LocalFlinkCluster cluster = LocalFlinkCluster.start(2, tmp)) {
            listening = ListeningSockets.ofThisProcess();
            created = names(own);
            assertThat(listening).contains("127.0.0.1:" + cluster.restPort()).hasSizeGreaterThan(1);
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

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
