package io.cdcbridge.cli.cluster;

import io.cdcbridge.control.workspace.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What {@code cluster start} recorded in {@code <workspace>/cluster/cluster.json}: the REST address and the pids. */
public record ClusterState(String rest, long jobmanager, List<Long> taskmanagers, int slots) {

    static final String FILE = "cluster.json";

    /** The recorded state under a cluster folder, if a cluster was started there and not stopped. */
    public static Optional<ClusterState> read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) return Optional.empty();
        return Optional.of(Json.MAPPER.readValue(file.toFile(), ClusterState.class));
    }

    void write(Path dir) throws IOException {
        Path partial = dir.resolve(FILE + ".partial");
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(partial.toFile(), this);
        Files.move(partial, dir.resolve(FILE), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
