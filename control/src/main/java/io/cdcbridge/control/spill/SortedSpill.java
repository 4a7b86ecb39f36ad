package io.cdcbridge.control.spill;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Items sorted in bounded memory, an external merge sort: added items are held until their estimated heap size
 * reaches the budget, then sorted and written to a run file in the given directory; {@link #sorted()} merges the runs
 * with a priority queue, holding one item and one read buffer per run. More than {@link #FAN_IN} runs are first merged
 * into fewer, so open files and buffers stay bounded too. Disk: about the items' encoded size, twice while runs merge.
 * Failures of the disk are thrown as {@link UncheckedIOException}s, so the spill fills from callbacks.
 */
public final class SortedSpill<T> implements AutoCloseable {

    /** How an item is written to a run, read back, and how much heap it takes while held. */
    public interface Codec<T> {
        void write(DataOutput out, T item) throws IOException;

        T read(DataInput in) throws IOException;

        long heapBytes(T item);
    }

    /** Items in order, read once; closing it closes the runs it reads (they stay, for another reading). */
    public interface Cursor<T> extends Iterator<T>, AutoCloseable {
        @Override
        void close();

        static <T> Cursor<T> empty() {
            return new Cursor<>() {
                @Override
                public boolean hasNext() {
                    return false;
                }

                @Override
                public T next() {
                    throw new NoSuchElementException();
                }

                @Override
                public void close() {}
            };
        }
    }

    /** Runs merged at once. */
    public static final int FAN_IN = 32;
    // per open run: reading many runs at once costs FAN_IN of these
    private static final int BUFFER = 32 * 1024;

    private final Path dir;
    private final long budget;
    private final Comparator<? super T> order;
    private final Codec<T> codec;
    private final List<T> held = new ArrayList<>();
    private final List<Path> runs = new ArrayList<>();
    private long heldBytes;
    private long size;

    /** A spill writing its runs in {@code dir} (which must exist), holding at most about {@code budgetBytes} of items. */
    public SortedSpill(Path dir, long budgetBytes, Comparator<? super T> order, Codec<T> codec) {
        if (budgetBytes <= 0) throw new IllegalArgumentException("a spill's memory budget must be positive, not " + budgetBytes);
        this.dir = dir;
        this.budget = budgetBytes;
        this.order = order;
        this.codec = codec;
    }

    public void add(T item) {
        held.add(item);
        heldBytes += codec.heapBytes(item);
        size++;
        if (heldBytes >= budget) flush();
    }

    /** How many items were added. */
    public long size() {
        return size;
    }

    /** How many run files it has now (after {@link #sorted()}: at most {@link #FAN_IN}). */
    public int runs() {
        return runs.size();
    }

    /** Writes the items it holds as a run, giving their memory back (before another spill fills, say). */
    public void flush() {
        if (held.isEmpty()) return;
        held.sort(order);
        Path run = newRun();
        try (DataOutputStream out = output(run)) {
            for (T item : held) {
                out.writeBoolean(true);
                codec.write(out, item);
            }
            out.writeBoolean(false);
        } catch (IOException e) {
            throw failed("write", run, e);
        }
        held.clear();
        heldBytes = 0;
        runs.add(run);
    }

    /** All items added so far in order; what it holds is written as a run first, so reading holds only the runs' buffers. */
    public Cursor<T> sorted() {
        flush();
        while (runs.size() > FAN_IN) {
            List<Path> group = new ArrayList<>(runs.subList(0, FAN_IN));
            Path merged = newRun();
            runs.add(merged);
            try (Cursor<T> items = merge(group); DataOutputStream out = output(merged)) {
                while (items.hasNext()) {
                    out.writeBoolean(true);
                    codec.write(out, items.next());
                }
                out.writeBoolean(false);
            } catch (IOException e) {
                throw failed("write", merged, e);
            }
            runs.removeAll(group);
            group.forEach(SortedSpill::delete);
        }
        return merge(runs);
    }

    /** Deletes its runs and forgets what it holds. */
    @Override
    public void close() {
        held.clear();
        runs.forEach(SortedSpill::delete);
        runs.clear();
    }

    private Cursor<T> merge(List<Path> files) {
        PriorityQueue<Run> queue = new PriorityQueue<>(Math.max(1, files.size()), (a, b) -> order.compare(a.head, b.head));
        List<Run> open = new ArrayList<>();
        try {
            for (Path f : files) {
                Run r = new Run(f);
                open.add(r);
                if (r.advance()) queue.add(r);
            }
        } catch (RuntimeException e) {
            open.forEach(Run::close);
            throw e;
        }
        return new Cursor<>() {
            @Override
            public boolean hasNext() {
                return !queue.isEmpty();
            }

            @Override
            public T next() {
                Run r = queue.poll();
                if (r == null) throw new NoSuchElementException();
                T item = r.head;
                if (r.advance()) queue.add(r);
                return item;
            }

            @Override
            public void close() {
                open.forEach(Run::close);
            }
        };
    }

    // one run being read: its current item
    private final class Run {
        final Path file;
        final DataInputStream in;
        T head;

        Run(Path file) {
            this.file = file;
            try {
                this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER));
            } catch (IOException e) {
                throw failed("read", file, e);
            }
        }

        boolean advance() {
            try {
                if (!in.readBoolean()) {
                    close();
                    return false;
                }
                head = codec.read(in);
                return true;
            } catch (IOException e) {
                throw failed("read", file, e);
            }
        }

        void close() {
            try {
                in.close();
            } catch (IOException e) {
                // read only: nothing is lost
            }
        }
    }

    private Path newRun() {
        try {
            // owner-only (rw-------) as createTempFile makes it
            return Files.createTempFile(dir, "run-", ".bin");
        } catch (IOException e) {
            throw failed("create a run in", dir, e);
        }
    }

    private static DataOutputStream output(Path file) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), BUFFER));
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // its directory is removed with whatever is left
        }
    }

    private static UncheckedIOException failed(String what, Path where, IOException e) {
        return new UncheckedIOException("sorted spill: cannot " + what + " " + where + ": " + e.getMessage(), e);
    }
}
