package io.cdcbridge.control.spill;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A directory of one task's spills, owner-only (rwx------), made under a parent folder and removed with all it holds
 * when closed, also after the task failed; what a killed process left is removed by {@link #removeLeftovers}.
 */
public final class SpillDir implements AutoCloseable {

    private static final String PREFIX = "spill-";
    private static final java.nio.file.attribute.FileAttribute<?> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private final Path path;

    private SpillDir(Path path) {
        this.path = path;
    }

    /** A new directory under {@code parent} (created owner-only if missing). */
    public static SpillDir create(Path parent) {
        try {
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            if (!Files.isDirectory(parent)) {
                if (posix) Files.createDirectories(parent, OWNER_ONLY);
                else Files.createDirectories(parent);
            }
            return new SpillDir(posix ? Files.createTempDirectory(parent, PREFIX, OWNER_ONLY) : Files.createTempDirectory(parent, PREFIX));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for sorted spills in " + parent + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    /** Removes the directory and everything in it. */
    @Override
    public void close() {
        delete(path);
    }

    /** Removes the spill directories under {@code parent} that a killed process left: call it when no task can use them. */
    public static void removeLeftovers(Path parent) {
        if (!Files.isDirectory(parent)) return;
        try (Stream<Path> entries = Files.list(parent)) {
            entries.filter(p -> p.getFileName().toString().startsWith(PREFIX)).forEach(SpillDir::delete);
        } catch (IOException e) {
            // unreadable: the next start tries again
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException | UncheckedIOException e) {
            // gone already, or left for removeLeftovers at the next start
        }
    }
}
