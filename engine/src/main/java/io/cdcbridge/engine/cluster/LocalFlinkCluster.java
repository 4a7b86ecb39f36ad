package io.cdcbridge.engine.cluster;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

/** A Flink MiniCluster in this process, its REST endpoint on 127.0.0.1 and a free port. Jobs die with the process. */
public final class LocalFlinkCluster implements FlinkCluster {

    /** Task slots: each statement's job takes one at parallelism 1. */
    public static final int DEFAULT_SLOTS = 16;

    private final MiniCluster cluster;
    private final int port;

    private LocalFlinkCluster(MiniCluster cluster) {
        this.cluster = cluster;
        this.port = cluster.getRestAddress().join().getPort();
    }

    /** Starts a MiniCluster with {@code slots} task slots. */
    public static LocalFlinkCluster start(int slots) {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("64m"));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse("64m"));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse("64m"));
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
            throw new IllegalStateException("the embedded Flink cluster did not start: " + e.getMessage(), e);
        }
        return new LocalFlinkCluster(cluster);
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
        } catch (Exception e) {
            throw new IllegalStateException("the embedded Flink cluster did not stop cleanly: " + e.getMessage(), e);
        }
    }
}
