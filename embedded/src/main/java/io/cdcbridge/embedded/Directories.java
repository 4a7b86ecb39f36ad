package io.cdcbridge.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removal of the temporary directories the services leave behind. */
final class Directories {

    private Directories() {}

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
