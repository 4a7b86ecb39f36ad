package io.cdcbridge.engine.cluster;

import java.net.URI;

/** A Flink session cluster someone else runs, reached at its REST address (e.g. http://flink-jobmanager:8081). */
public final class RemoteFlinkCluster implements FlinkCluster {

    private final URI rest;

    public RemoteFlinkCluster(String restUrl) {
        this.rest = URI.create(restUrl);
        if (rest.getHost() == null || rest.getPort() < 0) {
            throw new IllegalArgumentException("a Flink REST address looks like http://host:8081, not '" + restUrl + "'");
        }
    }

    @Override
    public String restHost() {
        return rest.getHost();
    }

    @Override
    public int restPort() {
        return rest.getPort();
    }

    @Override
    public String describe() {
        return "remote Flink session cluster (REST " + rest + ")";
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
