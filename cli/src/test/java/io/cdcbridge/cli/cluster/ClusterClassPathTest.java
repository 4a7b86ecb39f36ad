package io.cdcbridge.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.engine.cluster.ConnectorJars;
import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A local cluster's JVMs get Flink's jars and no connector, so jobs must bring theirs. */
class ClusterClassPathTest {

    @Test
    void holdsFlinksJarsAndNoConnectorNorCdcbridge() {
        List<String> entries = Arrays.asList(ClusterClassPath.of().split(File.pathSeparator));
        List<String> names = entries.stream().map(e -> Path.of(e).getFileName().toString()).toList();
        assertThat(names).anyMatch(n -> n.startsWith("flink-runtime-1.20"))
                .anyMatch(n -> n.startsWith("flink-table-runtime-1.20"))
                .anyMatch(n -> n.startsWith("flink-table-planner-loader-1.20"))
                .noneMatch(n -> n.startsWith("kafka") || n.startsWith("flink-sql-connector") || n.startsWith("flink-connector-kafka")
                        || n.startsWith("postgresql") || n.startsWith("mariadb") || n.contains("cdcbridge"));
        for (Path connector : ConnectorJars.locations()) assertThat(entries).doesNotContain(connector.toString());
    }
}
