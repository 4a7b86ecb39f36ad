package io.cdcbridge.engine.cluster;

/**
 * The seam between cdcbridge and where Flink jobs run: an embedded MiniCluster or a remote session cluster.
 * Everything else talks to the cluster through its REST address only.
 */
public interface FlinkCluster extends AutoCloseable {

    /** Host of the cluster's REST endpoint. */
    String restHost();

    /** Port of the cluster's REST endpoint. */
    int restPort();

    /**
     * The jars each job carries (URLs): none where cdcbridge's connectors are on the cluster's class path, the
     * connectors and what they need where the cluster has Flink's own jars only.
     */
    default java.util.List<String> userJars() {
        return java.util.List.of();
    }

    /** One line for humans, e.g. "embedded Flink MiniCluster (REST http://127.0.0.1:41234)". */
    String describe();

    @Override
    void close();
}
