package io.cdcbridge.engine.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.util.FileUtils;

/**
 * A Flink MiniCluster in this process: REST, BLOB server and RPC on 127.0.0.1 and free ports, its temporary files
 * in a folder of its own that is removed on close. Jobs die with the process.
 */
public final class LocalFlinkCluster implements FlinkCluster {

    /** Task slots: each statement's job takes one at parallelism 1. */
    public static final int DEFAULT_SLOTS = 16;

    /**
     * Network memory: the buffers of the exchanges between a job's tasks (a keyed join or aggregation, a change of
     * parallelism), allocated whole when the cluster starts and resident from then on, used or not. A job asks for a
     * number of buffers, not bytes (one per channel and a few per gate): Flink's 2,048 buffers of its default 64 MiB
     * are kept at half the size each, so every job that ran still runs in half the memory. A job at all
     * {@link #DEFAULT_SLOTS} slots' parallelism through three exchanges takes between 512 and 768 of them
     * ({@code LocalFlinkClusterTest}); a chained statement (source to sink, as most are) takes none.
     */
    private static final MemorySize NETWORK_MEMORY = MemorySize.parse("32m");
    private static final MemorySize BUFFER_SIZE = MemorySize.parse("16k");

    /**
     * Flink's REST server and client (its shaded Netty) pool direct memory in 4 MiB chunks, one arena per event-loop
     * thread up to two per core, each resident once used: one arena serves a local cluster's requests. Netty reads
     * it once, so it is set before the cluster starts; a {@code -D} of the same name wins.
     */
    private static final String NETTY_DIRECT_ARENAS = "org.apache.flink.shaded.netty4.io.netty.allocator.numDirectArenas";

    /**
     * How long Flink's REST keeps a job's details (its tasks' states, exceptions, checkpoints) before asking the
     * JobManager again: Flink's 3 s, meant for a browser's polling, held every started statement STARTING for up to
     * 3 s after its last task ran. A short job's details are built in a moment, asked at most this often.
     */
    private static final Duration REST_REFRESH = Duration.ofMillis(100);

    private static final String LOOPBACK = "127.0.0.1";
    private static final String PREFIX = "flink-";

    private final MiniCluster cluster;
    private final Path tmp;
    private final int port;

    private LocalFlinkCluster(MiniCluster cluster, Path tmp) {
        this.cluster = cluster;
        this.tmp = tmp;
        this.port = cluster.getRestAddress().join().getPort();
    }

    /**
     * Starts a MiniCluster with {@code slots} task slots; its temporary files (BLOBs, web uploads, spills, working
     * dirs) go to a folder of this process under {@code tmpRoot}, removed on close. Folders there of processes that
     * no longer run (a killed server) are removed first.
     */
    public static LocalFlinkCluster start(int slots, Path tmpRoot) {
        Path tmp = tmpRoot.resolve(PREFIX + ProcessHandle.current().pid());
        removeStale(tmpRoot);
        if (System.getProperty(NETTY_DIRECT_ARENAS) == null) System.setProperty(NETTY_DIRECT_ARENAS, "1");
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_ADDRESS, LOOPBACK);
        conf.set(RestOptions.ADDRESS, LOOPBACK);
        conf.set(RestOptions.BIND_PORT, "0");
        // the BLOB server binds to the JobManager's bind host, else to every interface
        conf.set(JobManagerOptions.BIND_HOST, LOOPBACK);
        conf.set(JobManagerOptions.ADDRESS, LOOPBACK);
        conf.set(TaskManagerOptions.BIND_HOST, LOOPBACK);
        conf.set(TaskManagerOptions.HOST, LOOPBACK);
        String dir = tmp.toAbsolutePath().toString();
        conf.set(CoreOptions.TMP_DIRS, dir);
        conf.set(WebOptions.TMP_DIR, dir);
        conf.set(WebOptions.REFRESH_INTERVAL, REST_REFRESH);
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("64m"));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, NETWORK_MEMORY);
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, NETWORK_MEMORY);
        conf.set(TaskManagerOptions.MEMORY_SEGMENT_SIZE, BUFFER_SIZE);
        // postgres-cdc's Debezium reader thread outlives a cancelled job for a moment and logs through the job's
        // class loader: with the check on, log4j prints a stack trace about a closed class loader at every shutdown
        conf.set(CoreOptions.CHECK_LEAKED_CLASSLOADER, false);
        MiniClusterConfiguration config = new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build();
        MiniCluster cluster = new MiniCluster(config);
        try {
            cluster.start();
        } catch (Exception e) {
            try {
                FileUtils.deleteDirectory(tmp.toFile());
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new IllegalStateException("the embedded Flink cluster did not start: " + e.getMessage(), e);
        }
        return new LocalFlinkCluster(cluster, tmp);
    }

    private static void removeStale(Path tmpRoot) {
        if (!Files.isDirectory(tmpRoot)) return;
        try (Stream<Path> dirs = Files.list(tmpRoot)) {
            for (Path dir : dirs.toList()) {
                String name = dir.getFileName().toString();
                if (!name.matches(PREFIX + "\\d+")) continue;
                long pid = Long.parseLong(name.substring(PREFIX.length()));
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
                FileUtils.deleteDirectory(dir.toFile());
            }
        } catch (IOException e) {
            throw new IllegalStateException("the embedded Flink cluster's old temporary folders in " + tmpRoot
                    + " cannot be removed: " + e.getMessage(), e);
        }
    }

    @Override
    public String restHost() {
        return "127.0.0.1";
    }

    @Override
    public int restPort() {
        return port;
    }

    @Override
    public String describe() {
        return "embedded Flink MiniCluster (REST http://127.0.0.1:" + port + ")";
    }

    @Override
    public void close() {
        try {
            cluster.close();
            FileUtils.deleteDirectory(tmp.toFile());
        } catch (Exception e) {
            throw new IllegalStateException("the embedded Flink cluster did not stop cleanly: " + e.getMessage(), e);
        }
    }
}
