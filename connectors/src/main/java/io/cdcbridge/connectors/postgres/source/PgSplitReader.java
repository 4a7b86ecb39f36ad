package io.cdcbridge.connectors.postgres.source;

import io.cdcbridge.connectors.postgres.PostgresSourceException;
import io.cdcbridge.connectors.postgres.text.TupleRowConverter;
import io.cdcbridge.connectors.source.SnapshotThenStreamSplitReader;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fetcher thread's reader: the snapshot splits ({@link SnapshotFetcher}), then the stream split
 * ({@link StreamFetcher}). Rows are decoded here, on the fetcher thread.
 */
final class PgSplitReader extends SnapshotThenStreamSplitReader<PgRecord, PgSplit, SnapshotSplit, StreamSplit> {

    /** @param acknowledge the position of the latest completed checkpoint, sent to PostgreSQL by the stream */
    PgSplitReader(SlotTables tables, AtomicLong acknowledge) {
        this(tables, acknowledge, tables.all().stream()
                .map(c -> new TupleRowConverter(c.physicalType(), c.metadata().size())).toArray(TupleRowConverter[]::new));
    }

    // one converter per table: the snapshot and the stream share one parser per column
    private PgSplitReader(SlotTables tables, AtomicLong acknowledge, TupleRowConverter[] converters) {
        super(SnapshotSplit.class, StreamSplit.class, new SnapshotFetcher(tables, converters, BATCH_ROWS),
                new StreamFetcher(tables, converters, BATCH_ROWS, acknowledge),
                e -> new PostgresSourceException("cdcbridge-postgres lost " + tables.describe() + ": " + e.getMessage(), e));
    }
}
