package io.cdcbridge.connectors.postgres.source;

import io.cdcbridge.connectors.postgres.PostgresSourceException;
import io.cdcbridge.connectors.postgres.text.TupleRowConverter;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;

/**
 * The fetcher thread's reader: the snapshot splits it is given, one after the other ({@link SnapshotFetcher}), then
 * the stream split ({@link StreamFetcher}), each fetch a batch so that the fetcher stays responsive (new splits,
 * wake-ups, acknowledgements). Rows are decoded here, on the fetcher thread.
 */
final class PgSplitReader implements SplitReader<PgRecord, PgSplit> {

    private static final int BATCH_ROWS = 2048;

    private final SlotTables tables;
    private final Queue<SnapshotSplit> snapshots = new ArrayDeque<>();
    private final SnapshotFetcher snapshot;
    private final StreamFetcher stream;
    private StreamSplit streamSplit;

    /** @param acknowledge the position of the latest completed checkpoint, sent to PostgreSQL by the stream */
    PgSplitReader(SlotTables tables, AtomicLong acknowledge) {
        this.tables = tables;
        // one converter per table: the snapshot and the stream share one parser per column
        TupleRowConverter[] converters = tables.all().stream()
                .map(c -> new TupleRowConverter(c.physicalType(), c.metadata().size())).toArray(TupleRowConverter[]::new);
        this.snapshot = new SnapshotFetcher(tables, converters, BATCH_ROWS);
        this.stream = new StreamFetcher(tables, converters, BATCH_ROWS, acknowledge);
    }

    @Override
    public RecordsWithSplitIds<PgRecord> fetch() throws IOException {
        try {
            if (!snapshot.reading() && !snapshots.isEmpty()) snapshot.start(snapshots.poll());
            if (snapshot.reading()) return snapshot.fetch();
            if (streamSplit != null) return stream.fetch(streamSplit);
            return new RecordsBySplits.Builder<PgRecord>().build();
        } catch (SQLException e) {
            throw new IOException(new PostgresSourceException("cdcbridge-postgres lost " + tables.describe() + ": "
                    + e.getMessage(), e));
        }
    }

    @Override
    public void handleSplitsChanges(SplitsChange<PgSplit> change) {
        if (!(change instanceof SplitsAddition)) return;
        for (PgSplit split : change.splits()) {
            if (split instanceof SnapshotSplit s) snapshots.add(s);
            else if (split instanceof StreamSplit s) streamSplit = s;
        }
    }

    @Override
    public void wakeUp() {
        stream.wakeUp();
    }

    @Override
    public void close() throws Exception {
        try {
            stream.close();
        } finally {
            snapshot.close();
        }
    }
}
