package io.cdcbridge.control.workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Makes what others create in a workspace (Flink's checkpoints, savepoints and temporary files, the log) owner-only as
 * it appears, told by the file system (inotify on Linux), instead of walking every file again and again: the
 * workspace's own files at its top, and everything below the folders it restricts.
 */
final class OwnerOnlyWatch implements AutoCloseable {

    private final Path root;
    private final Set<String> restricted;
    private final Consumer<Path> restrict;
    private final WatchService service;
    private final Map<WatchKey, Path> folders = new ConcurrentHashMap<>();
    private final Thread thread;

    /** Watches {@code root}; may throw when the file system cannot watch (then passes are the way). */
    OwnerOnlyWatch(Path root, Set<String> restricted, Consumer<Path> restrict) throws IOException {
        this.root = root;
        this.restricted = Set.copyOf(restricted);
        this.restrict = restrict;
        this.service = FileSystems.getDefault().newWatchService();
        try {
            register(root);
            for (Path p : list(root)) created(p);
        } catch (IOException | UncheckedIOException e) {
            service.close();
            throw e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
        }
        thread = new Thread(this::run, "cdcbridge-owner-only");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            // closing it is all that is left to do
        }
        thread.interrupt();
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = service.take();
                Path folder = folders.get(key);
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        // events were lost: look at everything once more
                        for (Path p : list(root)) created(p);
                    } else if (folder != null) {
                        created(folder.resolve((Path) event.context()));
                    }
                }
                if (!key.reset()) folders.remove(key);
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    // a new entry (or one there when the watch began): owner-only, and below a restricted folder watched too
    private void created(Path p) {
        boolean folder = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
        boolean top = root.equals(p.getParent());
        if (top && folder && !restricted.contains(p.getFileName().toString())) return; // another owner's (embedded data)
        restrict.accept(p);
        if (!folder) return;
        try {
            // registered before its entries are listed: one made in between is seen twice, never missed
            register(p);
        } catch (IOException | ClosedWatchServiceException e) {
            return; // gone meanwhile (a checkpoint Flink subsumed), or the watch closed
        }
        for (Path child : list(p)) created(child);
    }

    private void register(Path folder) throws IOException {
        folders.put(folder.register(service, StandardWatchEventKinds.ENTRY_CREATE), folder);
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }
}
