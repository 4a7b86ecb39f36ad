package io.cdcbridge.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Where the services' programs are cached, and removal of the temporary directories the services leave behind. */
final class Directories {

    private Directories() {}

    /**
     * The user's cache directory for unpacked binaries ({@code $XDG_CACHE_HOME/cdcbridge}, else
     * {@code ~/.cache/cdcbridge}), else java.io.tmpdir when that cannot be made. Not java.io.tmpdir first: a server
     * points it into its workspace, whose owner-only passes would take the programs' execute bits.
     */
    static Path cache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        try {
            return Files.createDirectories(base.resolve("cdcbridge"));
        } catch (IOException | RuntimeException e) {
            return Path.of(System.getProperty("java.io.tmpdir"));
        }
    }

    /** Deletes a directory tree; what cannot be deleted is left (it is under the temp directory). */
    static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // leftovers in the temp directory are harmless
        }
    }
}
