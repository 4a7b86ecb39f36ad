package io.cdcbridge.cli.stack;

import io.cdcbridge.control.spill.SpillDir;
import io.cdcbridge.control.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * A workspace's folder for temporary files ({@code <workspace>/tmp}): the embedded Flink's, and in a server process
 * the JVM's temporary folder, where Flink's table planner unpacks its jar (about 40 MB, removed when the JVM exits
 * normally), and the folders of verify's sorted spills (removed after each comparison). What a killed process left
 * there is removed when the next one starts.
 */
public final class WorkspaceTemp {

    private static final String PLANNER_JAR = "flink-table-planner_[-0-9a-f]+\\.jar";

    private WorkspaceTemp() {}

    /** The folder of {@code workspace}, without creating it. */
    public static Path of(Path workspace) {
        return Workspace.temp(workspace);
    }

    /**
     * Creates the folder (owner-only) and removes the planner jars older than this process; call it holding the
     * workspace's lock, so no other process of this workspace is running.
     */
    public static Path prepare(Path workspace) throws IOException {
        Path tmp = of(workspace);
        if (!Files.isDirectory(tmp)) {
            Files.createDirectories(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        FileTime started = FileTime.from(ProcessHandle.current().info().startInstant().orElse(Instant.now()));
        try (Stream<Path> files = Files.list(tmp)) {
            for (Path f : files.toList()) {
                if (f.getFileName().toString().matches(PLANNER_JAR) && Files.getLastModifiedTime(f).compareTo(started) < 0) {
                    Files.deleteIfExists(f);
                }
            }
        }
        SpillDir.removeLeftovers(tmp);
        return tmp;
    }
}
