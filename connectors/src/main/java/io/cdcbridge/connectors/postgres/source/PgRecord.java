package io.cdcbridge.connectors.postgres.source;

import java.util.List;
import org.apache.flink.table.data.RowData;

/**
 * What the split reader hands to the emitter: a row of the table at index {@code table} of {@link SlotTables} (or
 * none, when only the position moves) and, for the stream, the position once it is emitted (see
 * {@link StreamSplit}), the commit time of the row's transaction in epoch milliseconds (0 for snapshot rows and bare
 * positions) and, when the stream showed that table's columns anew, those columns (else null).
 */
record PgRecord(int table, RowData row, long lsn, long emitted, long commitMillis, List<SourceColumn> columns) {

    /** A snapshot row. */
    PgRecord(int table, RowData row) {
        this(table, row, 0, 0, 0, null);
    }

    /** A position alone. */
    PgRecord(long lsn, long emitted) {
        this(-1, null, lsn, emitted, 0, null);
    }
}
