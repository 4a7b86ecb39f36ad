package io.cdcbridge.engine.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The jars a job carries to a session cluster that has only Flink's own: cdcbridge's connectors and the third-party
 * connectors and drivers they and Flink's SQL connectors need (Kafka, Flink CDC's PostgreSQL and MySQL, the JDBC drivers),
 * found where this process loaded them from. A connector loaded from a class folder (a build's
 * {@code target/classes}) is packed into a jar under the given folder first.
 */
public final class ConnectorJars {

    // one class of each jar a job may need on a cluster without them
    private static final List<String> MARKERS = List.of(
            "io.cdcbridge.connectors.jdbc.JdbcSinkFactory",
            "org.apache.flink.connector.kafka.source.KafkaSource",
            "org.apache.kafka.clients.consumer.KafkaConsumer",
            "org.apache.flink.cdc.connectors.postgres.table.PostgreSQLTableFactory",
            "org.apache.flink.cdc.connectors.mysql.table.MySqlTableSourceFactory",
            "com.mysql.cj.jdbc.Driver",
            "org.postgresql.Driver",
            "org.mariadb.jdbc.Driver",
            // avro-confluent: flink-avro's converters, Avro, and the Jackson Avro parses schemas with
            "org.apache.flink.formats.avro.RowDataToAvroConverters",
            "org.apache.avro.Schema",
            "com.fasterxml.jackson.core.JsonFactory",
            "com.fasterxml.jackson.databind.ObjectMapper",
            "com.fasterxml.jackson.annotation.JsonProperty");

    private ConnectorJars() {
    }

    /** Where each connector was loaded from (a jar, or a class folder), in a fixed order. */
    public static List<Path> locations() {
        Set<Path> out = new LinkedHashSet<>();
        for (String name : MARKERS) {
            try {
                CodeSource source = Class.forName(name, false, ConnectorJars.class.getClassLoader())
                        .getProtectionDomain().getCodeSource();
                if (source != null) out.add(Path.of(source.getLocation().toURI()).toAbsolutePath().normalize());
            } catch (ClassNotFoundException e) {
                // not on this class path: no job of this process can use it either
            } catch (URISyntaxException e) {
                throw new IllegalStateException("cannot locate the jar of " + name + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(out);
    }

    /** The jars to ship with a job; class folders are packed as jars into {@code packDir}. */
    public static List<Path> jars(Path packDir) {
        List<Path> out = new ArrayList<>();
        for (Path location : locations()) {
            out.add(Files.isDirectory(location) ? pack(location, packDir) : location);
        }
        return out;
    }

    private static Path pack(Path classes, Path packDir) {
        Path jar = packDir.resolve("cdcbridge-" + Math.abs(classes.toString().hashCode()) + ".jar");
        try {
            Files.createDirectories(packDir);
            Path partial = Files.createTempFile(packDir, "packing-", ".jar");
            try (OutputStream file = Files.newOutputStream(partial);
                 JarOutputStream out = new JarOutputStream(file);
                 Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                    Files.copy(f, out);
                    out.closeEntry();
                }
            }
            Files.move(partial, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return jar;
        } catch (IOException e) {
            throw new IllegalStateException("cannot pack " + classes + " as a jar in " + packDir + ": " + e.getMessage(), e);
        }
    }
}
