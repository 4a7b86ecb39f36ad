package io.cdcbridge.control.workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The one server a workspace has: an OS lock on {@code <workspace>/server.lock}, taken before anything of the
 * workspace is read, holding the holder's pid and URL. The OS lets go of it when the process ends, so a crashed
 * server does not block the next one; a second server on a workspace in use stops at once, having written nothing.
 */
public final class WorkspaceLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;
    private final long pid = ProcessHandle.current().pid();

    private WorkspaceLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks the workspace at {@code dir} (creating the folder of a new one).
     *
     * @throws HeldException naming the server that holds it
     */
    public static WorkspaceLock acquire(Path dir) {
        Path file = dir.toAbsolutePath().normalize().resolve("server.lock");
        FileChannel channel = null;
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this very process holds it
            }
            if (lock == null) {
                channel.close();
                throw new HeldException(dir, Files.readString(file, StandardCharsets.UTF_8).strip());
            }
            WorkspaceLock held = new WorkspaceLock(channel, lock);
            held.write("pid " + held.pid + ", starting");
            return held;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock workspace " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Records where the holder answers, for the message a second server gives. */
    public void serving(String url) {
        write("pid " + pid + ", " + url);
    }

    private void write(String holder) {
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((holder + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the workspace lock: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            write("");
            lock.release();
        } catch (IOException | UncheckedIOException e) {
            // the channel's close below lets go of the lock all the same
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel c) {
        if (c == null) return;
        try {
            c.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    /** The workspace is in use by another server. */
    public static final class HeldException extends RuntimeException {
        public HeldException(Path dir, String holder) {
            super("workspace " + dir.toAbsolutePath().normalize() + " is in use by another cdcbridge server ("
                    + (holder.isEmpty() ? "holder unknown" : holder) + "); stop it first, or give this one another --workspace");
        }
    }
}
