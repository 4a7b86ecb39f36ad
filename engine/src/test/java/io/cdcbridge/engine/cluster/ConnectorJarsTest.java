package io.cdcbridge.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jars a job carries to a cluster with Flink's jars only: every connector, each as a jar. */
class ConnectorJarsTest {

    @TempDir
    Path pack;

    @Test
    void everyConnectorTravelsAsAJarAClassFolderPackedFirst() throws Exception {
        List<Path> jars = ConnectorJars.jars(pack);
        List<String> entries = List.of(
                "io/cdcbridge/connectors/jdbc/JdbcSinkFactory.class",
                "org/apache/flink/connector/kafka/source/KafkaSource.class",
                "org/apache/kafka/clients/consumer/KafkaConsumer.class",
                "org/apache/flink/cdc/connectors/postgres/table/PostgreSQLTableFactory.class",
                "org/apache/flink/cdc/connectors/mysql/table/MySqlTableSourceFactory.class",
                "com/mysql/cj/jdbc/Driver.class",
                "org/postgresql/Driver.class",
                "org/mariadb/jdbc/Driver.class");
        String all = "";
        for (Path jar : jars) {
            assertThat(jar).isRegularFile();
            try (JarFile j = new JarFile(jar.toFile())) {
                all += j.stream().map(e -> e.getName()).filter(entries::contains).collect(Collectors.joining(" ")) + " ";
            }
        }
        for (String entry : entries) assertThat(all).as(entry).contains(entry);
        assertThat(jars).noneMatch(Files::isDirectory)
                .noneMatch(j -> j.getFileName().toString().startsWith("flink-runtime"));
    }
}
