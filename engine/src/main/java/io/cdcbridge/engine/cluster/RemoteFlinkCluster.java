package io.cdcbridge.engine.cluster;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * A Flink session cluster someone else runs, reached at its REST address (e.g. http://flink-jobmanager:8081), with
 * Flink's own jars only: every job carries cdcbridge's connectors and the third-party ones ({@link ConnectorJars}).
 */
public final class RemoteFlinkCluster implements FlinkCluster {

    private final URI rest;
    private final List<String> jars;

    /** {@code packDir}: where connectors loaded from class folders (a build's) are packed as jars. */
    public RemoteFlinkCluster(String restUrl, Path packDir) {
        this.rest = URI.create(restUrl);
        if (rest.getHost() == null || rest.getPort() < 0) {
            throw new IllegalArgumentException("a Flink REST address looks like http://host:8081, not '" + restUrl + "'");
        }
        this.jars = ConnectorJars.jars(packDir).stream().map(p -> p.toUri().toString()).toList();
    }

    @Override
    public List<String> userJars() {
        return jars;
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
