package io.cdcbridge.connectors.source;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Function;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;

/**
 * The CDC sources' reader on the fetcher thread: the snapshot splits it is given, one after the other, then the stream
 * split, each fetch a batch so that the fetcher stays responsive (new splits, wake-ups). A source gives its fetchers.
 *
 * @param <N> its snapshot split
 * @param <M> its stream split
 */
public class SnapshotThenStreamSplitReader<R, P extends SourceSplit, N extends P, M extends P> implements SplitReader<R, P> {

    /** Rows a fetch hands over at the most. */
    public static final int BATCH_ROWS = 2048;

    /** Reads snapshot splits, one at a time; the batch that ends a split marks it finished. */
    public interface SnapshotFetch<R, N> extends AutoCloseable {

        /** Whether a split is being read. */
        boolean reading();

        /** Starts reading a split; the one before must be finished. */
        void start(N split) throws SQLException;

        /** The next rows of the split being read. */
        RecordsWithSplitIds<R> fetch() throws SQLException;
    }

    /** Reads the stream split. */
    public interface StreamFetch<R, M> extends AutoCloseable {

        /** The changes that have come, up to a batch; an empty batch when the stream stayed idle or was woken up. */
        RecordsWithSplitIds<R> fetch(M split) throws IOException, SQLException;

        /** Makes a fetch waiting on an idle stream return now. */
        void wakeUp();
    }

    private final Class<N> snapshotType;
    private final Class<M> streamType;
    private final SnapshotFetch<R, N> snapshot;
    private final StreamFetch<R, M> stream;
    private final Function<SQLException, RuntimeException> lost;
    private final Queue<N> snapshots = new ArrayDeque<>();
    private M streamSplit;

    /** @param lost the source's error for a lost connection, naming what it reads */
    protected SnapshotThenStreamSplitReader(Class<N> snapshotType, Class<M> streamType, SnapshotFetch<R, N> snapshot,
                                            StreamFetch<R, M> stream, Function<SQLException, RuntimeException> lost) {
        this.snapshotType = snapshotType;
        this.streamType = streamType;
        this.snapshot = snapshot;
        this.stream = stream;
        this.lost = lost;
    }

    @Override
    public final RecordsWithSplitIds<R> fetch() throws IOException {
        try {
            if (!snapshot.reading() && !snapshots.isEmpty()) snapshot.start(snapshots.poll());
            if (snapshot.reading()) return snapshot.fetch();
            if (streamSplit != null) return stream.fetch(streamSplit);
            return new RecordsBySplits.Builder<R>().build();
        } catch (SQLException e) {
            throw new IOException(lost.apply(e));
        }
    }

    @Override
    public final void handleSplitsChanges(SplitsChange<P> change) {
        if (!(change instanceof SplitsAddition)) return;
        for (P split : change.splits()) {
            if (snapshotType.isInstance(split)) snapshots.add(snapshotType.cast(split));
            else if (streamType.isInstance(split)) streamSplit = streamType.cast(split);
        }
    }

    @Override
    public final void wakeUp() {
        stream.wakeUp();
    }

    @Override
    public final void close() throws Exception {
        try {
            stream.close();
        } finally {
            snapshot.close();
        }
    }
}
